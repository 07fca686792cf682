import { ClockCircleOutlined, EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Spin, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { WARN_COLOR, when } from '../common/format';
import { usePaged } from '../common/use-paged';

type MyShift = GetResponse<'/api/duty-shifts/mine'>['items'][number];
type Task = GetResponse<'/api/operation-tasks'>['items'][number];

const SHIFT_COLOR: Record<string, string> = { scheduled: 'blue', due: 'orange', absent: 'red', on_duty: 'green', off_duty: 'default' };

/** One shift: where and when, its status, and check-in or check-out with one tap. */
function ShiftCard({ s, onChanged }: { s: MyShift; onChanged(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function act(what: 'check-in' | 'check-out') {
    setBusy(true);
    try {
      await api.post(`/api/duty-shifts/${s.id}/${what}`, {});
      message.success(t(`duty.did.${what}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
      onChanged();
    }
  }
  return (
    <Card className="m-card" size="small" style={{ cursor: 'default' }} data-testid="shift-card" data-status={s.status}>
      <div className="m-card-title">
        <strong>{s.postName}</strong>
        <Tag color={SHIFT_COLOR[s.status]} style={{ marginInlineEnd: 0 }}>{t(`duty.status.${s.status}`)}{s.late ? ` · ${t('duty.late')}` : ''}</Tag>
      </div>
      <div className="m-meta">{s.operationName}</div>
      <div className="m-row m-meta"><ClockCircleOutlined />{when(s.startsAt)} ~ {when(s.endsAt)}</div>
      {s.checkedInAt && <div className="m-meta">{t('duty.checkedInAt', { at: when(s.checkedInAt) })}{s.checkedOutAt ? ` · ${t('duty.checkedOutAt', { at: when(s.checkedOutAt) })}` : ''}</div>}
      {s.canCheckIn && (
        <Button type="primary" block size="large" loading={busy} style={{ marginTop: 8, height: 52, fontSize: 18 }} data-testid="check-in" onClick={() => void act('check-in')}>
          <EnvironmentOutlined /> {t('duty.checkIn')}
        </Button>
      )}
      {s.canCheckOut && (
        <Button block size="large" loading={busy} style={{ marginTop: 8, height: 48 }} data-testid="check-out" onClick={() => void act('check-out')}>{t('duty.checkOut')}</Button>
      )}
      {!s.canCheckIn && !s.checkedInAt && s.status === 'scheduled' && <div className="m-meta" style={{ marginTop: 6 }}>{t('duty.opensAt')}</div>}
    </Card>
  );
}

/** One task of my post: phase, deadline light, start and done with one tap. */
function TaskCard({ task, onChanged }: { task: Task; onChanged(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function act(action: 'start' | 'complete') {
    setBusy(true);
    try {
      await api.post(`/api/operation-tasks/${task.id}/${action}`, {});
      message.success(t(`duty.taskDid.${action}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
      onChanged();
    }
  }
  return (
    <Card className="m-card" size="small" style={{ cursor: 'default' }} data-testid="duty-task" data-state={task.state} data-source={task.source} data-id={task.id}>
      <div className="m-card-title">
        <strong>{task.title}</strong>
        {task.source === 'playbook' || task.source === 'plan'
          ? <Tag color={task.source === 'playbook' ? 'volcano' : 'magenta'} style={{ marginInlineEnd: 0 }}>{t(`duty.source.${task.source}`)}</Tag>
          : task.phase && <Tag style={{ marginInlineEnd: 0 }}>{t(`duty.phase.${task.phase}`)}</Tag>}
      </div>
      {task.description && <div className="m-meta">{task.description}</div>}
      <div className="m-row m-meta" style={{ justifyContent: 'space-between' }}>
        <span>{task.postName ?? task.unitName} · {t(`duty.taskState.${task.state}`)}</span>
        {task.deadlineAt && (
          // Past its deadline it is red at once, before the sweep marks it.
          <Tag color={Date.parse(task.deadlineAt) < Date.now() ? 'red' : WARN_COLOR[task.warnLevel] ?? 'default'} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('duty.due', { at: when(task.deadlineAt) })}
          </Tag>
        )}
      </div>
      <div className="m-row" style={{ marginTop: 8 }}>
        {task.allowedActions.includes('start') && <Button size="large" style={{ flex: 1 }} loading={busy} data-testid="task-start" onClick={() => void act('start')}>{t('duty.start')}</Button>}
        {task.allowedActions.includes('complete') && (
          <Button type="primary" size="large" style={{ flex: 1 }} loading={busy} data-testid="task-done" onClick={() => void act('complete')}>{t('duty.done')}</Button>
        )}
      </div>
    </Card>
  );
}

/** 值班: my shifts (check in and out with one tap) and the open tasks of my post (mark them done). */
export function DutyPage() {
  const t = useT();
  const [shifts, setShifts] = useState<MyShift[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const tasks = usePaged<Task>((offset, limit) => api.get('/api/operation-tasks', { mine: 'true', open: 'true', offset, limit }), []);
  const loadShifts = useCallback(() => {
    api.get<GetResponse<'/api/duty-shifts/mine'>>('/api/duty-shifts/mine').then((r) => { setShifts(r.items); setError(null); }, (e: ApiError) => setError(e));
  }, []);
  useEffect(() => { loadShifts(); }, [loadShifts]);
  const reload = useCallback(() => { loadShifts(); tasks.reload(); }, [loadShifts, tasks]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(['operation', 'operation_task'], () => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; reload(); }, 800);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  const current = shifts?.filter((s) => s.status !== 'off_duty') ?? [];

  return (
    <>
      <PageHeader title={t('duty.title')} extra={<Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={reload} />} />
      <div className="m-page">
        <div className="m-section-title">{t('duty.myShifts')}</div>
        {error && !shifts ? <Alert type="error" showIcon message={error.message} />
          : !shifts ? <div style={{ textAlign: 'center', padding: 16 }}><Spin /></div>
          : current.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.noShift')} />
          : current.map((s) => <ShiftCard key={s.id} s={s} onChanged={reload} />)}
        <div className="m-section-title" style={{ marginTop: 8 }}>{t('duty.myTasks')}</div>
        <ListState page={tasks} empty={t('duty.noTasks')}>
          {tasks.items.map((task) => <TaskCard key={task.id} task={task} onChanged={reload} />)}
        </ListState>
      </div>
    </>
  );
}
