import { CameraOutlined, CheckOutlined, ClockCircleOutlined, EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { when } from '../common/format';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { usePaged } from '../common/use-paged';
import { GRADE_COLOR, HAZARD_STATE_COLOR } from './format';

type Tasks = GetResponse<'/api/hazards/tasks'>;
type Task = Tasks['items'][number];
type Hazards = GetResponse<'/api/hazards'>;
type Hazard = Hazards['items'][number];

/** 隐患: my open inspection tasks, findings waiting for my re-inspection, and what I reported. */
export function HazardsHomePage() {
  const t = useT();
  const nav = useNavigate();
  const session = useSession();
  const tasks = usePaged<Task>((offset, limit) => api.get<Tasks>('/api/hazards/tasks', { mine: 'true', state: 'open', offset, limit }), [], 10);
  const recheck = usePaged<Hazard>((offset, limit) => api.get<Hazards>('/api/hazards', { state: 'rectified', offset, limit }), [], 10);
  const mine = usePaged<Hazard>((offset, limit) => api.get<Hazards>('/api/hazards', { mine: 'true', state: '', offset, limit }), [], 10);
  // Re-inspection is the inspecting unit's: only findings handed back to one of my units.
  const toRecheck = recheck.items.filter((h) => session.unitCodes.includes(h.ownerUnit));
  const reload = () => { tasks.reload(); recheck.reload(); mine.reload(); };
  useEvents(['hazard'], reload);

  return (
    <>
      <PageHeader title={t('hazards.title')} extra={<Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={reload} />} />
      <div className="m-page">
        <Button type="primary" size="large" block icon={<CameraOutlined />} onClick={() => nav('/hazards/report')} data-testid="hazard-report" style={{ height: 48 }}>
          {t('hazards.report')}
        </Button>
        <section>
          <h2 className="m-section-title">{t('hazards.tasks')}{tasks.total > 0 && `（${tasks.total}）`}</h2>
          <ListState page={tasks} empty={t('hazards.tasksEmpty')}>
            <div className="m-page" style={{ padding: 0 }}>{tasks.items.map((x) => <TaskCard key={x.taskId} task={x} onDone={reload} />)}</div>
          </ListState>
        </section>
        {toRecheck.length > 0 && (
          <section>
            <h2 className="m-section-title">{t('hazards.toReinspect')}（{toRecheck.length}）</h2>
            <div className="m-page" style={{ padding: 0 }}>{toRecheck.map((h) => <HazardCard key={h.id} h={h} />)}</div>
          </section>
        )}
        <section>
          <h2 className="m-section-title">{t('hazards.mine')}</h2>
          <ListState page={mine} empty={t('hazards.mineEmpty')}>
            <div className="m-page" style={{ padding: 0 }}>{mine.items.map((h) => <HazardCard key={h.id} h={h} />)}</div>
          </ListState>
        </section>
      </div>
    </>
  );
}

function TaskCard({ task, onDone }: { task: Task; onDone(): void }) {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  async function complete() {
    setBusy(true);
    try {
      await api.post(`/api/hazards/tasks/${task.taskId}/complete`, { note: note.trim() || null });
      message.success(t('hazards.completed'));
      setConfirming(false);
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" className="m-card" data-testid="hazard-task">
      <div className="m-card-title">
        <strong>{task.roundName}</strong>
        {task.overdue && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('hazards.overdue')}</Tag>}
      </div>
      <div className="m-meta"><ClockCircleOutlined /> {t('hazards.period', { from: task.startsOn, to: task.endsOn })}</div>
      <div className="m-meta">{task.unitName} · {t('hazards.findings', { n: task.findings, m: task.major })}</div>
      {task.note && <div className="m-meta">{task.note}</div>}
      <div className="m-row" style={{ marginTop: 8 }}>
        <Button type="primary" icon={<CameraOutlined />} onClick={() => nav(`/hazards/report?task=${task.taskId}`)} style={{ flex: 1 }}>{t('hazards.report')}</Button>
        <Button icon={<CheckOutlined />} onClick={() => setConfirming(true)} style={{ flex: 1 }} data-testid="hazard-task-complete">{t('hazards.complete')}</Button>
      </div>
      <Modal open={confirming} title={t('hazards.completeTitle')} onCancel={() => setConfirming(false)} onOk={() => void complete()} confirmLoading={busy}
        okText={t('hazards.complete')} cancelText={t('common.cancel')} centered width={340}>
        <div className="m-meta" style={{ marginBottom: 6 }}>{t('hazards.completeNote')}</div>
        <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('hazards.completePlaceholder')} />
      </Modal>
    </Card>
  );
}

export function HazardCard({ h }: { h: Hazard }) {
  const t = useT();
  const nav = useNavigate();
  const open = !h.closedAt;
  return (
    <Card size="small" className="m-card" onClick={() => nav(`/hazards/${h.id}`)} data-testid="hazard-card" data-ref={h.ref}>
      <div className="m-card-title">
        <strong><Tag color={GRADE_COLOR[h.grade]} style={{ marginInlineEnd: 6 }}>{t(`hazards.grade.${h.grade}`)}</Tag>{h.sectorName}</strong>
        <Tag color={HAZARD_STATE_COLOR[h.state] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`hazards.state.${h.state}`)}</Tag>
      </div>
      <div className="m-meta" style={{ color: '#1d2129' }}>{h.subjectName ? `${h.subjectName}：` : ''}{h.description}</div>
      <div className="m-meta"><EnvironmentOutlined /> {h.address || `${h.streetName ?? ''} · ${h.gridName ?? h.gridCode}`}</div>
      <div className="m-row m-meta" style={{ justifyContent: 'space-between' }}>
        <span>{h.ref} · {when(h.foundAt)}</span>
        {open && h.deadlineAt && (
          <Tag color={h.warnLevel === 'red' ? 'red' : h.warnLevel === 'yellow' ? 'gold' : 'green'} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
            {when(h.deadlineAt)}
          </Tag>
        )}
      </div>
    </Card>
  );
}
