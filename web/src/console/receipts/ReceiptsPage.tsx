import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Result, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { dateTime, WarnTag } from '../lib/format';
import { usePagedList, type Filters } from '../lib/use-paged-list';
import { ReceiptDeadline, ReceiptStateTag, RECEIPT_STATES } from '../directives/receipt-format';

type ReceiptPage = GetResponse<'/api/receipts'>;
type Row = ReceiptPage['items'][number];

const OPEN = 'pending,resign,signed,forwarded';
// The URL says scope=all for everything in my scope; the API says mine=true for my units' receipts.
const FILTERS = ['scope', 'state', 'warn'] as const;
const toQuery = (f: Filters<(typeof FILTERS)[number]>) => ({ mine: f.scope === 'mine' ? 'true' : undefined, state: f.state, warn: f.warn });

/** 我的签收: receipts addressed to my units (or everything in my scope), open ones first by default, live. */
export function ReceiptsPage() {
  const t = useT();
  const navigate = useNavigate();
  // A new directive, an amendment (back to re-sign), a warning: the list follows without a reload.
  const { filters: { scope, state, warn }, setFilter: set, reset, data, loading, error, reload, pagination } = usePagedList<ReceiptPage, (typeof FILTERS)[number]>({
    url: '/api/receipts', filterKeys: FILTERS, defaults: { scope: 'mine', state: OPEN }, toQuery, live: { topics: ['directive', 'receipt'] },
  });
  const [now, setNow] = useState(Date.now());

  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 30_000); return () => clearInterval(id); }, []);
  useEffect(() => setNow(Date.now()), [data]);

  const columns: ColumnsType<Row> = [
    { title: t('receipts.col.ref'), dataIndex: 'ref', width: 180, fixed: 'left', render: (ref: string, r) => <Link to={`/receipts/${r.id}`}>{ref}</Link> },
    {
      title: t('receipts.col.title'), dataIndex: 'title', ellipsis: true,
      render: (title: string, r) => (
        <Space size={4}>
          {r.state === 'resign' && <Tag color="orange" style={{ marginInlineEnd: 0 }}>{t('receipts.newVersion', { n: r.version })}</Tag>}
          {r.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('receipts.supervised')}</Tag>}
          {r.parentId && <Tag style={{ marginInlineEnd: 0 }}>{t('receipts.forwarded')}</Tag>}
          <span title={title}>{title}</span>
        </Space>
      ),
    },
    { title: t('receipts.col.unit'), dataIndex: 'unitName', width: 150, ellipsis: true },
    { title: t('receipts.col.state'), dataIndex: 'state', width: 96, render: (s: string) => <ReceiptStateTag state={s} t={t} /> },
    {
      title: t('receipts.col.deadline'), dataIndex: 'deadlineAt', width: 150,
      render: (d: string | null, r) => <span>{r.stage && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`receipts.stage.${r.stage}`)} </Typography.Text>}<ReceiptDeadline deadlineAt={d} warnLevel={r.warnLevel} state={r.state} t={t} now={now} compact /></span>,
    },
    { title: t('receipts.col.warn'), dataIndex: 'warnLevel', width: 90, render: (w: string) => <WarnTag level={w} t={t} /> },
    { title: t('receipts.col.createdAt'), dataIndex: 'createdAt', width: 104, render: (d: string) => <span title={dateTime(d)}>{dayjs(d).format('MM-DD HH:mm')}</span> },
  ];

  if (error && !data) {
    return <Result status="error" title={t('receipts.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;
  }

  return (
    <Card size="small" title={t('receipts.menu')} styles={{ body: { paddingTop: 8 } }}
      extra={<Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />}>
      <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
        <Segmented value={scope} onChange={(v) => set('scope', v === 'mine' ? undefined : String(v))}
          options={[{ value: 'mine', label: t('receipts.filter.mine') }, { value: 'all', label: t('receipts.filter.all') }]} />
        <Segmented value={state === OPEN ? 'open' : state === '' ? 'any' : 'custom'}
          onChange={(v) => set('state', v === 'open' ? undefined : v === 'any' ? '' : 'done')}
          options={[{ value: 'open', label: t('receipts.filter.open') }, { value: 'custom', label: t('receipts.filter.done') }, { value: 'any', label: t('receipts.filter.any') }]} />
        <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: 220 }} placeholder={t('receipts.filter.state')} aria-label={t('receipts.filter.state')}
          value={state ? state.split(',') : []} onChange={(v: string[]) => set('state', v.join(','))}
          options={RECEIPT_STATES.map((s) => ({ value: s, label: t(`directives.receiptState.${s}`) }))} />
        <Select allowClear style={{ width: 120 }} placeholder={t('receipts.filter.warn')} aria-label={t('receipts.filter.warn')}
          value={warn} onChange={(v?: string) => set('warn', v)} options={['red', 'yellow', 'none'].map((w) => ({ value: w, label: t(`warn.${w}`) }))} />
        <Button onClick={reset}>{t('common.reset')}</Button>
      </Space>
      <Table<Row>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1000 }} sticky
        locale={{ emptyText: error ? error.message : t('receipts.empty') }}
        rowClassName={(r) => (r.warnLevel === 'red' ? 'cy-row-red' : r.warnLevel === 'yellow' ? 'cy-row-yellow' : '')}
        onRow={(r) => ({
          tabIndex: 0,
          onKeyDown: (e) => { if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/receipts/${r.id}`); },
          onDoubleClick: () => navigate(`/receipts/${r.id}`),
        })}
        pagination={pagination}
      />
    </Card>
  );
}
