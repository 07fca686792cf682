import { ArrowLeftOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import { downloadFile } from '../lib/http';
import type { ListDetail } from './format';
import { CancelTaskDialog, RescheduleDialog, SuperviseDialog } from './ItemDialogs';
import { MilestoneDrawer } from './MilestoneDrawer';
import { ProgressDialog } from './ProgressDialog';
import { Roadmap } from './Roadmap';
import { TasksTable, type TableAction } from './TasksTable';

const LIVE_DEBOUNCE_MS = 800;

/** 责任单详情: the list's source and counts, its roadmap, and the tasks with their timeline and the actions on them. */
export function ListDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [data, setData] = useState<ListDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [action, setAction] = useState<TableAction | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [now, setNow] = useState(Date.now());

  const load = useCallback(async () => {
    try {
      setData(await api.get<ListDetail>(`/api/responsibility-lists/${id}`));
      setError(null);
      setNow(Date.now());
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [id]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { const h = setInterval(() => setNow(Date.now()), 60_000); return () => clearInterval(h); }, []);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(['task', 'milestone'], () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void load(); }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  async function exportTasks() {
    if (!data) return;
    setExporting(true);
    try {
      await downloadFile(`/api/responsibility-lists/${data.id}/tasks.xlsx`, {}, `${data.ref}.xlsx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  if (error && !data) {
    return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? '404' : t('responsibility.loadFailed')} subTitle={error.message}
      extra={<Button onClick={() => navigate('/responsibility')}>{t('common.back')}</Button>} />;
  }
  if (!data) return <div style={{ textAlign: 'center', padding: 48 }}><Spin /></div>;

  const c = data.counts;
  const done = () => { setAction(null); void load(); };
  const stat = (title: string, value: number, color?: string) => (
    <Col flex="1 0 90px"><Statistic title={title} value={value} valueStyle={{ fontSize: 20, color: value > 0 ? color : undefined }} /></Col>
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small"
        title={(
          <Space size={8}>
            <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate('/responsibility')} aria-label={t('common.back')} />
            <Typography.Text type="secondary">{data.ref}</Typography.Text>
            <span>{data.title}</span>
            <Tag color={data.state === 'open' ? 'processing' : 'success'} style={{ marginInlineEnd: 0 }}>{t(`responsibility.listState.${data.state}`)}</Tag>
          </Space>
        )}
        extra={(
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportTasks()}>{t('responsibility.detail.exportTasks')}</Button>
          </Space>
        )}>
        <Row gutter={[16, 8]} align="middle">
          <Col xs={24} xl={12}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('responsibility.detail.source')}>
                {t(`responsibility.source.${data.sourceKind}`)}{data.sourceRef ? ` · ${data.sourceRef}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('responsibility.detail.issuer')}>{data.issuerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('responsibility.detail.issuedBy')}>{data.issuerName}</Descriptions.Item>
              <Descriptions.Item label={t('responsibility.detail.createdAt')}>{dateTime(data.createdAt)}</Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} xl={12}>
            <Row gutter={8} wrap={false} style={{ overflowX: 'auto' }}>
              {stat(t('responsibility.counts.tasks'), c.tasks - c.cancelledTasks)}
              {stat(t('responsibility.counts.milestones'), c.milestones)}
              {stat(t('responsibility.counts.completed'), c.completedMilestones, '#389e0d')}
              {stat(t('responsibility.counts.late'), c.lateMilestones, '#d46b08')}
              {stat(t('responsibility.counts.warning'), c.warning, '#d48806')}
              {stat(t('responsibility.counts.overdue'), c.overdue, '#cf1322')}
            </Row>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('responsibility.detail.roadmap')}>
        {data.tasks.length ? <Roadmap tasks={data.tasks} onPick={(m) => setHistory(m.id)} /> : <Typography.Text type="secondary">{t('responsibility.detail.noTasks')}</Typography.Text>}
      </Card>
      <Card size="small" title={t('responsibility.detail.tasks')} styles={{ body: { padding: 0 } }}>
        <TasksTable tasks={data.tasks} canManage={data.canManage} now={now}
          onAction={(a) => (a.kind === 'history' ? setHistory(a.m.id) : setAction(a))} />
      </Card>
      {action?.kind === 'progress' && <ProgressDialog milestone={action.m} onClose={() => setAction(null)} onDone={done} />}
      {action?.kind === 'reschedule' && <RescheduleDialog milestone={action.m} onClose={() => setAction(null)} onDone={done} />}
      {action?.kind === 'superviseMilestone' && <SuperviseDialog kind="milestones" item={action.m} onClose={() => setAction(null)} onDone={done} />}
      {action?.kind === 'superviseTask' && <SuperviseDialog kind="tasks" item={{ id: action.task.id, name: action.task.title }} onClose={() => setAction(null)} onDone={done} />}
      {action?.kind === 'cancel' && <CancelTaskDialog task={action.task} onClose={() => setAction(null)} onDone={done} />}
      {history && <MilestoneDrawer id={history} reload={version} onClose={() => setHistory(null)} />}
    </Space>
  );
}
