import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Progress, Result, Row, Segmented, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useLocale, useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import { sectorName, useSectors } from './use-sectors';

type Detail = GetResponse<'/api/hazards/rounds/{id}'>;
type Target = Detail['targetPage']['items'][number];
const PAGE = 50;

/** 排查进度: the round, its totals in my scope, and each target unit's task and findings (paged, in unit order). */
export function RoundDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const sectors = useSectors();
  const [r, setR] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [state, setState] = useState<string>('all');
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const d = await api.get<Detail>(`/api/hazards/rounds/${id}`, { state: state === 'all' ? undefined : state, limit: PAGE, offset: (page - 1) * PAGE });
      if (mine === seq.current) { setR(d); setError(null); }
    } catch (e) {
      if (mine === seq.current) setError(e as ApiError);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [id, state, page]);
  useEffect(() => { void load(); }, [load]);
  useEvents(['hazard'], (e) => { if (e.type === 'hazard.taskDone' || e.type === 'hazard.create' || e.type === 'hazard.close') void load(); });

  if (error && !r) {
    return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? t('hazards.rounds.notFound') : t('hazards.loadFailed')} subTitle={error.message}
      extra={<Button onClick={() => navigate('/hazards/rounds')}>{t('common.back')}</Button>} />;
  }
  if (!r) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;

  const c = r.progress;
  const name = (code: string) => { const s = sectors.find((x) => x.code === code); return s ? sectorName(s, locale) : code; };
  const columns: ColumnsType<Target> = [
    { title: t('hazards.rounds.target.unit'), dataIndex: 'unitName', ellipsis: true },
    { title: t('hazards.rounds.target.kind'), dataIndex: 'unitKind', width: 80, render: (k: string) => t(`unitKind.${k}`) },
    {
      title: t('hazards.rounds.target.state'), key: 'state', width: 90,
      render: (_, x) => {
        const s = x.overdue ? 'overdue' : x.state;
        return <Tag color={s === 'done' ? 'success' : s === 'overdue' ? 'error' : 'processing'} style={{ marginInlineEnd: 0 }}>{t(`hazards.rounds.taskState.${s}`)}</Tag>;
      },
    },
    { title: t('hazards.rounds.target.doneAt'), dataIndex: 'doneAt', width: 140, render: (d: string | null) => dateTime(d) },
    { title: t('hazards.rounds.target.doneNote'), dataIndex: 'doneNote', ellipsis: true, render: (n: string | null) => n ?? '—' },
    { title: t('hazards.rounds.target.findings'), dataIndex: 'findings', width: 70, align: 'right' },
    { title: t('hazards.rounds.target.major'), dataIndex: 'major', width: 70, align: 'right', render: (n: number) => <Typography.Text type={n ? 'danger' : undefined} strong={n > 0}>{n}</Typography.Text> },
    { title: t('hazards.rounds.target.open'), dataIndex: 'open', width: 70, align: 'right' },
    { title: t('hazards.rounds.target.closed'), dataIndex: 'closed', width: 70, align: 'right' },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '10px 16px' } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={10} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hazards/rounds')} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }}>{r.name}</Typography.Title>
            <Typography.Text type="secondary">{r.ref}</Typography.Text>
          </Space>
          <Space>
            <Link to={`/hazards?roundId=${r.id}&state=`}><Button>{t('hazards.rounds.viewFindings')}</Button></Link>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Space>
        </Space>
        <Descriptions size="small" column={3} style={{ marginTop: 8 }} items={[
          { key: 'sectors', label: t('hazards.rounds.field.sectors'), children: <Space size={2} wrap>{r.sectors.map((s) => <Tag key={s}>{name(s)}</Tag>)}</Space> },
          { key: 'period', label: t('hazards.rounds.field.period'), children: `${r.startsOn} ~ ${r.endsOn}` },
          { key: 'issuer', label: t('hazards.rounds.col.issuer'), children: `${r.issuerName} · ${dateTime(r.createdAt)}` },
          ...(r.note ? [{ key: 'note', label: t('hazards.rounds.field.note'), span: 3, children: r.note }] : []),
        ]} />
      </Card>
      <Card size="small" title={t('hazards.rounds.detail')}>
        <Row gutter={16} data-testid="round-stats">
          <Col xs={12} md={6} xl={4}><Progress type="dashboard" size={96} percent={c.tasks ? Math.round((c.done / c.tasks) * 100) : 0} status={c.overdue ? 'exception' : undefined} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title={t('hazards.rounds.stat.tasks')} value={c.tasks} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title={t('hazards.rounds.stat.done')} value={c.done} valueStyle={{ color: '#389e0d' }} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title={t('hazards.rounds.stat.overdue')} value={c.overdue} valueStyle={{ color: c.overdue ? '#cf1322' : undefined }} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title={t('hazards.rounds.stat.findings')} value={c.findings} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title={t('hazards.rounds.stat.major')} value={c.major} valueStyle={{ color: c.major ? '#cf1322' : undefined }} /></Col>
          <Col xs={12} md={6} xl={2}><Statistic title={t('hazards.rounds.stat.open')} value={c.open} valueStyle={{ color: c.open ? '#d48806' : undefined }} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title={t('hazards.rounds.stat.closed')} value={c.closed} valueStyle={{ color: '#389e0d' }} /></Col>
        </Row>
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 8 } }}>
        <Segmented value={state} onChange={(v) => { setState(String(v)); setPage(1); }} style={{ marginBottom: 8 }}
          options={['all', 'open', 'done', 'overdue'].map((s) => ({ value: s, label: t(`hazards.rounds.filter.${s}`) }))} />
        <Table<Target> size="small" bordered rowKey="taskId" loading={loading} columns={columns} dataSource={r.targetPage.items} data-testid="round-targets"
          rowClassName={(x) => (x.overdue ? 'cy-row-red' : '')} locale={{ emptyText: t('common.empty') }}
          pagination={{ current: page, pageSize: PAGE, total: r.targetPage.total, size: 'small', showTotal: (n) => t('common.total', { n }), onChange: setPage }} />
      </Card>
    </Space>
  );
}
