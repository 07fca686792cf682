import { ArrowLeftOutlined, FilePdfOutlined, FileTextOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Result, Row, Space, Spin, Statistic, Steps, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useLocale, useT } from '../../shared/i18n';
import { CommandTab } from './CommandTab';
import { hm, PHASES, type Operation } from './format';
import { PlansTab } from './PlansTab';
import { ResourcesTab } from './ResourcesTab';
import { RosterTab } from './RosterTab';
import { TasksTab } from './TasksTab';

const TABS = ['command', 'tasks', 'roster', 'plans', 'resources'] as const;
const LIVE_DEBOUNCE_MS = 800;

/** 行动详情: phases, the headline figures, and the tabs 指挥体系 / 任务 / 值班表 / 预案 / 资源. */
export function OperationDetailPage() {
  const t = useT();
  const locale = useLocale();
  const { id } = useParams<{ id: string }>();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'command';
  const [op, setOp] = useState<Operation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Bumped by every live change: the open tab reloads with the header.
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      setOp(await api.get<Operation>(`/api/operations/${id}`));
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => { void load(); setVersion((v) => v + 1); }, [load]);
  useEvents(['operation', 'operation_task', 'plan', 'resource'], () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(refresh, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  if (error && !op) {
    return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? t('operations.notFound') : t('operations.loadFailed')} subTitle={error.message}
      extra={<Link to="/operations"><Button>{t('operations.backToList')}</Button></Link>} />;
  }
  if (!op) return <Spin style={{ display: 'block', margin: 48 }} />;

  const current = op.currentPhase ? PHASES.indexOf(op.currentPhase) : PHASES.length;
  const counts = op.taskCounts.reduce((a, c) => ({ total: a.total + c.total, done: a.done + c.done, open: a.open + c.pending + c.inProgress, red: a.red + c.red, yellow: a.yellow + c.yellow }),
    { total: 0, done: 0, open: 0, red: 0, yellow: 0 });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small"
        title={<Space><Link to="/operations" aria-label={t('operations.backToList')}><ArrowLeftOutlined /></Link><span>{op.name}</span><Typography.Text type="secondary">{op.ref}</Typography.Text>
          {op.currentPhase ? <Tag color="volcano">{t('operations.now', { phase: t(`operations.phase.${op.currentPhase}`) })}</Tag> : <Tag>{t('operations.over')}</Tag>}</Space>}
        extra={<Space>
          {/* 复盘: the night replayed on the big screen, and the printable report (HTML, PDF). */}
          <Space.Compact data-testid="after-action">
            <Button icon={<PlayCircleOutlined />} href={`/screen/operation/replay?operation=${op.id}`} target="_blank">{t('operations.afterAction.replay')}</Button>
            <Button icon={<FileTextOutlined />} href={`/api/operations/${op.id}/report?lang=${locale}`} target="_blank">{t('operations.afterAction.report')}</Button>
            <Button icon={<FilePdfOutlined />} href={`/api/operations/${op.id}/report.pdf?lang=${locale}`}>{t('operations.afterAction.pdf')}</Button>
          </Space.Compact>
          <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} />
        </Space>}>
        <Steps size="small" current={current} items={op.phases.map((p) => ({ title: t(`operations.phase.${p.phase}`), description: `${hm(p.startsAt)} ~ ${hm(p.endsAt)}` }))} />
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col span={4}><Statistic title={t('operations.kpi.tasks')} value={counts.total} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('operations.kpi.done', { n: counts.done })}</Typography.Text>} /></Col>
          <Col span={4}><Statistic title={t('operations.kpi.open')} value={counts.open} /></Col>
          <Col span={4}><Statistic title={t('operations.kpi.red')} value={counts.red} valueStyle={{ color: counts.red ? '#cf1322' : undefined }} suffix={counts.yellow ? <Typography.Text type="warning" style={{ fontSize: 13 }}>{t('operations.kpi.yellow', { n: counts.yellow })}</Typography.Text> : null} /></Col>
          <Col span={4}><Statistic title={t('operations.kpi.onDuty')} value={op.roster.onDuty} suffix={`/ ${op.roster.shifts}`} /></Col>
          <Col span={4}><Statistic title={t('operations.kpi.absent')} value={op.roster.absent} valueStyle={{ color: op.roster.absent ? '#cf1322' : undefined }} /></Col>
          <Col span={4}><Statistic title={t('operations.kpi.gaps')} value={op.roster.postsWithGaps} valueStyle={{ color: op.roster.postsWithGaps ? '#cf1322' : undefined }}
            suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('operations.kpi.unstaffed', { n: op.unstaffedPosts })}</Typography.Text>} /></Col>
        </Row>
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs activeKey={tab} onChange={(k) => { const next = new URLSearchParams(params); next.set('tab', k); setParams(next, { replace: true }); }}
          items={[
            { key: 'command', label: t('operations.tab.command'), children: <CommandTab op={op} onChanged={refresh} /> },
            { key: 'tasks', label: t('operations.tab.tasks'), children: <TasksTab op={op} version={version} onChanged={refresh} /> },
            { key: 'roster', label: t('operations.tab.roster'), children: <RosterTab op={op} version={version} onChanged={refresh} /> },
            { key: 'plans', label: t('operations.tab.plans'), children: <PlansTab op={op} version={version} onChanged={refresh} /> },
            { key: 'resources', label: t('operations.tab.resources'), children: <ResourcesTab op={op} version={version} onChanged={refresh} /> },
          ]} />
      </Card>
    </Space>
  );
}
