import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Input, Result, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { CASE_STATES, dateTime, Deadline, StateTag, WarnTag } from '../lib/format';
import { downloadFile } from '../lib/http';
import { loadCategories, useGridNames, useLoaded, useStreetNames } from '../lib/reference';
import { usePagedList } from '../lib/use-paged-list';
import { FILTER_KEYS, type CaseFilters } from './filters';
import { SavedViews } from './SavedViews';

type CasePage = GetResponse<'/api/cases'>;
type CaseRow = CasePage['items'][number];


/** 案件收件箱: the cases in my scope, filtered on the server, refreshed live as cases change. */
export function InboxPage() {
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [, setParams] = useSearchParams();
  // Handlers (no dispatch desk) start with the cases they must act on; centres see the whole scope.
  const defaultMine = session.can('case:handle') && !session.can('case:dispatch');
  // Live: any case event in my scope reloads the page of the list, at most once per burst.
  const { filters, data, loading, error, reload, pagination } = usePagedList<CasePage, keyof CaseFilters>({
    url: '/api/cases', filterKeys: FILTER_KEYS, defaults: { mine: defaultMine ? 'true' : undefined }, live: { topics: ['case'] },
  });
  const [exporting, setExporting] = useState(false);
  const [qDraft, setQDraft] = useState(filters.q ?? '');
  const [now, setNow] = useState(Date.now());
  const streets = useStreetNames(locale);
  const grids = useGridNames(locale);
  const categories = useLoaded(loadCategories);

  useEffect(() => setQDraft(filters.q ?? ''), [filters.q]);
  // Time left is measured again at each load and ticks on between loads.
  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 30_000); return () => clearInterval(id); }, []);
  useEffect(() => setNow(Date.now()), [data]);

  function apply(next: CaseFilters) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k]) p.set(k, next[k]!);
    // Remember an explicit "all cases" for handlers, whose default is mine=true.
    if (!next.mine && defaultMine) p.set('mine', 'false');
    if (next.mine === 'false' && !defaultMine) p.delete('mine');
    if (pagination.pageSize !== 20) p.set('size', String(pagination.pageSize));
    setParams(p);
  }
  const set = (k: keyof CaseFilters, v: string | undefined) => apply({ ...filters, [k]: v || undefined });

  async function exportLedger() {
    setExporting(true);
    try {
      await downloadFile('/api/cases/export.xlsx', { ...filters }, 'case-ledger.xlsx');
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  const categoryTree = useMemo(() => {
    if (!categories) return [];
    return categories.majors.filter((m) => m.active > 0).map((m) => {
      const prefix = `${m.kind === 'event' ? 'E' : 'C'}${m.code}`;
      return {
        value: prefix, title: `${t(m.kind === 'event' ? 'inbox.event' : 'inbox.component')} · ${(locale === 'en' && m.nameEn) || m.name}`,
        children: categories.items.filter((c) => c.code.startsWith(prefix)).map((c) => ({ value: c.code, title: (locale === 'en' && c.nameEn) || c.name })),
      };
    });
  }, [categories, locale, t]);

  const columns: ColumnsType<CaseRow> = [
    {
      title: t('inbox.col.ref'), dataIndex: 'ref', width: 158, fixed: 'left',
      render: (ref: string, r) => <Link to={`/cases/${r.id}`}>{ref}</Link>,
    },
    {
      title: t('inbox.col.title'), dataIndex: 'title', ellipsis: true,
      render: (title: string, r) => (
        <Space size={4}>
          {r.urgency === 'urgent' && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('inbox.urgent')}</Tag>}
          {r.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('inbox.supervised')}</Tag>}
          <span title={title}>{title}</span>
        </Space>
      ),
    },
    { title: t('inbox.col.category'), dataIndex: 'categoryName', width: 110, ellipsis: true },
    { title: t('inbox.col.state'), dataIndex: 'state', width: 86, render: (s: string) => <StateTag state={s} t={t} /> },
    {
      title: t('inbox.col.place'), dataIndex: 'streetCode', width: 190, ellipsis: true,
      render: (s: string, r) => {
        const grid = grids.get(r.gridCode) ?? r.gridCode;
        return <span title={grid}>{streets.get(s) ?? s}<Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>{grid.replace(/社区/, ' ')}</Typography.Text></span>;
      },
    },
    { title: t('inbox.col.owner'), dataIndex: 'ownerName', width: 120, ellipsis: true },
    {
      title: t('inbox.col.deadline'), dataIndex: 'deadlineAt', width: 132,
      render: (d: string | null, r) => <Deadline deadlineAt={d} warnLevel={r.warnLevel} state={r.state} t={t} now={now} compact />,
    },
    { title: t('inbox.col.warn'), dataIndex: 'warnLevel', width: 86, render: (w: string) => <WarnTag level={w} t={t} /> },
    { title: t('inbox.col.reportedAt'), dataIndex: 'reportedAt', width: 104, render: (d: string) => <span title={dateTime(d)}>{dayjs(d).format('MM-DD HH:mm')}</span> },
  ];

  if (error && !data) {
    return <Result status="error" title={t('inbox.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;
  }

  return (
    <Card size="small" title={t('menu.inbox')} styles={{ body: { paddingTop: 8 } }}
      extra={
        <Space>
          <SavedViews filters={filters} onApply={(f) => apply(f)} />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} disabled={!data?.total}>{t('common.export')}</Button>
        </Space>
      }>
      <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
        <Select
          mode="multiple" allowClear maxTagCount="responsive" style={{ width: 210 }} placeholder={t('inbox.filter.state')} aria-label={t('inbox.filter.state')}
          value={filters.state ? filters.state.split(',') : []} onChange={(v: string[]) => set('state', v.join(','))}
          options={CASE_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
        />
        <TreeSelect
          allowClear showSearch treeNodeFilterProp="title" style={{ width: 170 }} placeholder={t('inbox.filter.category')} aria-label={t('inbox.filter.category')}
          value={filters.category} onChange={(v?: string) => set('category', v)} treeData={categoryTree} popupMatchSelectWidth={280}
        />
        <Select
          allowClear showSearch optionFilterProp="label" style={{ width: 130 }} placeholder={t('inbox.filter.street')} aria-label={t('inbox.filter.street')}
          value={filters.street} onChange={(v?: string) => set('street', v)}
          options={[...streets].map(([code, name]) => ({ value: code, label: name }))}
        />
        <Select
          allowClear style={{ width: 110 }} placeholder={t('inbox.filter.warn')} aria-label={t('inbox.filter.warn')}
          value={filters.warn} onChange={(v?: string) => set('warn', v)}
          options={['red', 'yellow', 'none'].map((w) => ({ value: w, label: t(`warn.${w}`) }))}
        />
        <Input.Search
          allowClear style={{ width: 210 }} placeholder={t('inbox.filter.q')} aria-label={t('inbox.filter.q')} maxLength={64}
          value={qDraft} onChange={(e) => setQDraft(e.target.value)} onSearch={(v) => set('q', v.trim())}
        />
        <Checkbox checked={filters.mine === 'true'} onChange={(e) => set('mine', e.target.checked ? 'true' : 'false')}>{t('inbox.filter.mine')}</Checkbox>
        <Button onClick={() => apply(defaultMine ? { mine: 'true' } : {})}>{t('common.reset')}</Button>
      </Space>
      <Table<CaseRow>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []}
        scroll={{ x: 1150 }} sticky
        locale={{ emptyText: error ? error.message : t('inbox.empty') }}
        rowClassName={(r) => (r.warnLevel === 'red' ? 'cy-row-red' : r.warnLevel === 'yellow' ? 'cy-row-yellow' : '')}
        onRow={(r) => ({
          tabIndex: 0,
          onKeyDown: (e) => { if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/cases/${r.id}`); },
          onDoubleClick: () => navigate(`/cases/${r.id}`),
        })}
        pagination={pagination}
      />
    </Card>
  );
}
