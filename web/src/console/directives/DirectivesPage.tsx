import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Result, Segmented, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime } from '../lib/format';
import { usePagedList } from '../lib/use-paged-list';
import { exportDirectiveList } from './export-list';
import { ProgressBars } from './ProgressBars';
import { DirectiveStateTag } from './receipt-format';

type DirectivePage = GetResponse<'/api/directives'>;
type Row = DirectivePage['items'][number];

const FILTERS = ['state', 'issued', 'q'] as const;

/** 政令列表: directives I issued or received, with the sign and report progress of the receipts in my scope. */
export function DirectivesPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // Signatures and reports move the progress bars: one quiet reload per burst of receipt events.
  const { filters, setFilter: set, reset, data, loading, error, reload, pagination } = usePagedList<DirectivePage, (typeof FILTERS)[number]>({
    url: '/api/directives', filterKeys: FILTERS, live: { topics: ['directive', 'receipt'] },
  });
  const [exporting, setExporting] = useState(false);
  const [qDraft, setQDraft] = useState(filters.q ?? '');

  useEffect(() => setQDraft(filters.q ?? ''), [filters.q]);

  async function exportList() {
    setExporting(true);
    try {
      await exportDirectiveList(filters, t);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  const columns: ColumnsType<Row> = [
    { title: t('directives.col.ref'), dataIndex: 'ref', width: 150, fixed: 'left', render: (ref: string, r) => <Link to={`/directives/${r.id}`}>{ref}</Link> },
    {
      title: t('directives.col.title'), dataIndex: 'title', ellipsis: true,
      render: (title: string, r) => (
        <Space size={4}>
          {r.version > 1 && <Tag color="orange" style={{ marginInlineEnd: 0 }}>{t('directives.versionN', { n: r.version })}</Tag>}
          {r.requires.report && <Tag style={{ marginInlineEnd: 0 }}>{t('directives.needsReport')}</Tag>}
          <span title={title}>{title}</span>
        </Space>
      ),
    },
    { title: t('directives.col.issuer'), dataIndex: 'issuerName', width: 130, ellipsis: true },
    { title: t('directives.col.state'), dataIndex: 'state', width: 72, render: (s: string) => <DirectiveStateTag state={s} t={t} /> },
    { title: t('directives.col.receipts'), width: 64, align: 'right', render: (_: unknown, r) => r.progress.total - r.progress.recalled },
    { title: t('directives.col.progress'), width: 250, render: (_: unknown, r) => <ProgressBars counts={r.progress} report={r.requires.report} t={t} /> },
    { title: t('directives.col.reportDeadline'), dataIndex: 'reportDeadlineAt', width: 112, render: (d: string | null) => (d ? <span title={dateTime(d)}>{dayjs(d).format('MM-DD HH:mm')}</span> : '—') },
    { title: t('directives.col.issuedAt'), dataIndex: 'issuedAt', width: 104, render: (d: string) => <span title={dateTime(d)}>{dayjs(d).format('MM-DD HH:mm')}</span> },
  ];

  if (error && !data) {
    return <Result status="error" title={t('directives.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;
  }

  return (
    <Card size="small" title={t('directives.menu')} styles={{ body: { paddingTop: 8 } }}
      extra={
        <Space>
          {session.can('directive:issue') && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/directives/new')}>{t('directives.compose')}</Button>}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} disabled={!data?.total}>{t('common.export')}</Button>
        </Space>
      }>
      <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
        <Segmented
          value={filters.issued ?? 'all'} onChange={(v) => set('issued', v === 'all' ? undefined : String(v))}
          options={[{ value: 'all', label: t('directives.filter.all') }, { value: 'true', label: t('directives.filter.issued') }]}
        />
        <Select
          allowClear style={{ width: 120 }} placeholder={t('directives.filter.state')} aria-label={t('directives.filter.state')}
          value={filters.state} onChange={(v?: string) => set('state', v)}
          options={['active', 'recalled'].map((s) => ({ value: s, label: t(`directives.state.${s}`) }))}
        />
        <Input.Search
          allowClear style={{ width: 240 }} placeholder={t('directives.filter.q')} aria-label={t('directives.filter.q')} maxLength={64}
          value={qDraft} onChange={(e) => setQDraft(e.target.value)} onSearch={(v) => set('q', v.trim() || undefined)}
        />
        <Button onClick={reset}>{t('common.reset')}</Button>
      </Space>
      <Table<Row>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1100 }} sticky
        locale={{ emptyText: error ? error.message : t('directives.empty') }}
        rowClassName={(r) => (r.progress.overdue > 0 ? 'cy-row-red' : r.progress.warning > 0 ? 'cy-row-yellow' : '')}
        onRow={(r) => ({
          tabIndex: 0,
          onKeyDown: (e) => { if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/directives/${r.id}`); },
          onDoubleClick: () => navigate(`/directives/${r.id}`),
        })}
        pagination={pagination}
      />
    </Card>
  );
}
