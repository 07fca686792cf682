import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Progress, Result, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime } from '../lib/format';
import { downloadFile } from '../lib/http';
import { usePagedList } from '../lib/use-paged-list';

type ListPage = GetResponse<'/api/responsibility-lists'>;
type Row = ListPage['items'][number];

const FILTERS = ['issued', 'state', 'source', 'q'] as const;

/** 责任单: the lists I issued or own tasks of, with how far their milestones are, filtered and paged on the server. */
export function ListsPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // Progress reports, completions and the sweep's warnings move the counts: one quiet reload per burst.
  const { filters, setFilter: set, reset, data, loading, error, reload, pagination } = usePagedList<ListPage, (typeof FILTERS)[number]>({
    url: '/api/responsibility-lists', filterKeys: FILTERS, live: { topics: ['task', 'milestone'] },
  });
  const [exporting, setExporting] = useState(false);
  const [qDraft, setQDraft] = useState(filters.q ?? '');

  useEffect(() => setQDraft(filters.q ?? ''), [filters.q]);

  async function exportLedger() {
    setExporting(true);
    try {
      await downloadFile('/api/responsibility-lists/export.xlsx', { ...filters }, 'responsibility-lists.xlsx');
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  const columns: ColumnsType<Row> = [
    { title: t('responsibility.col.ref'), dataIndex: 'ref', width: 150, fixed: 'left', render: (ref: string, r) => <Link to={`/responsibility/${r.id}`}>{ref}</Link> },
    {
      title: t('responsibility.col.title'), dataIndex: 'title', ellipsis: true,
      render: (title: string, r) => (
        <Space size={4}>
          {r.state === 'completed' && <Tag color="success" style={{ marginInlineEnd: 0 }}>{t('responsibility.listState.completed')}</Tag>}
          <span title={title}>{title}</span>
        </Space>
      ),
    },
    {
      title: t('responsibility.col.source'), dataIndex: 'sourceKind', width: 170, ellipsis: true,
      render: (k: string, r) => (
        <span title={r.sourceRef}>
          <Tag color={k === 'meeting' ? 'geekblue' : k === 'plan' ? 'cyan' : 'purple'} style={{ marginInlineEnd: 4 }}>{t(`responsibility.source.${k}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.sourceRef}</Typography.Text>
        </span>
      ),
    },
    { title: t('responsibility.col.issuer'), dataIndex: 'issuerUnitName', width: 100, ellipsis: true },
    {
      title: t('responsibility.col.tasks'), width: 64, align: 'right',
      render: (_: unknown, r) => t('responsibility.nOfM', { n: r.counts.completedTasks, m: r.counts.tasks - r.counts.cancelledTasks }),
    },
    {
      title: t('responsibility.col.milestones'), width: 140,
      render: (_: unknown, r) => {
        const c = r.counts;
        const pct = c.milestones ? Math.round((c.completedMilestones / c.milestones) * 100) : 0;
        return (
          <Space size={6} style={{ width: '100%' }}>
            <Progress percent={pct} size="small" showInfo={false} style={{ width: 70, margin: 0 }}
              strokeColor={c.overdue ? '#f5222d' : c.warning ? '#faad14' : '#52c41a'} />
            <span style={{ whiteSpace: 'nowrap' }}>{t('responsibility.nOfM', { n: c.completedMilestones, m: c.milestones })}</span>
          </Space>
        );
      },
    },
    {
      title: t('responsibility.col.warn'), width: 96,
      render: (_: unknown, r) => (
        <Space size={4}>
          {r.counts.overdue > 0 && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('responsibility.overdueN', { n: r.counts.overdue })}</Tag>}
          {r.counts.warning > 0 && <Tag color="gold" style={{ marginInlineEnd: 0 }}>{t('responsibility.warnN', { n: r.counts.warning })}</Tag>}
          {r.counts.overdue + r.counts.warning === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        </Space>
      ),
    },
    { title: t('responsibility.col.nextDue'), dataIndex: 'nextDueAt', width: 96, render: (d: string | null) => (d ? <span title={dateTime(d)}>{dayjs(d).format('YYYY-MM-DD')}</span> : '—') },
    { title: t('responsibility.col.createdAt'), dataIndex: 'createdAt', width: 96, render: (d: string) => <span title={dateTime(d)}>{dayjs(d).format('MM-DD HH:mm')}</span> },
  ];

  if (error && !data) {
    return <Result status="error" title={t('responsibility.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;
  }

  return (
    <Card size="small" title={t('responsibility.title')} styles={{ body: { paddingTop: 8 } }}
      extra={
        <Space>
          {session.can('task:manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/responsibility/new')}>{t('responsibility.create')}</Button>}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} disabled={!data?.total}>{t('common.export')}</Button>
        </Space>
      }>
      <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
        <Segmented
          value={filters.issued ?? 'all'} onChange={(v) => set('issued', v === 'all' ? undefined : String(v))}
          options={[{ value: 'all', label: t('responsibility.filter.all') }, { value: 'true', label: t('responsibility.filter.issued') }]}
        />
        <Select
          allowClear style={{ width: 110 }} placeholder={t('responsibility.filter.state')} aria-label={t('responsibility.filter.state')}
          value={filters.state} onChange={(v?: string) => set('state', v)}
          options={['open', 'completed'].map((s) => ({ value: s, label: t(`responsibility.listState.${s}`) }))}
        />
        <Select
          allowClear style={{ width: 110 }} placeholder={t('responsibility.filter.source')} aria-label={t('responsibility.filter.source')}
          value={filters.source} onChange={(v?: string) => set('source', v)}
          options={['meeting', 'plan', 'directive'].map((s) => ({ value: s, label: t(`responsibility.source.${s}`) }))}
        />
        <Input.Search
          allowClear style={{ width: 240 }} placeholder={t('responsibility.filter.q')} aria-label={t('responsibility.filter.q')} maxLength={64}
          value={qDraft} onChange={(e) => setQDraft(e.target.value)} onSearch={(v) => set('q', v.trim() || undefined)}
        />
        <Button onClick={reset}>{t('common.reset')}</Button>
      </Space>
      <Table<Row>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1150 }} sticky
        locale={{ emptyText: error ? error.message : t('responsibility.empty') }}
        rowClassName={(r) => (r.counts.overdue > 0 ? 'cy-row-red' : r.counts.warning > 0 ? 'cy-row-yellow' : '')}
        onRow={(r) => ({
          tabIndex: 0,
          onKeyDown: (e) => { if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/responsibility/${r.id}`); },
          onDoubleClick: () => navigate(`/responsibility/${r.id}`),
        })}
        pagination={pagination}
      />
    </Card>
  );
}
