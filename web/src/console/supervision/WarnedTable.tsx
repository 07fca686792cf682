import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { Deadline } from '../lib/format';
import { downloadFile } from '../lib/http';
import { KindTag, labelOr, stateLabel, unitName } from './format';
import { itemLink } from './links';

type Items = GetResponse<'/api/supervision/items'>;
type Item = Items['items'][number];
export interface ListFilter { unit: string; own: boolean; kind?: string; level?: 'red' | 'yellow' }

const KINDS = ['case', 'receipt', 'task', 'milestone', 'hazard'];

/** 红黄灯清单: server-side paged, red first and longest overdue first; the filter follows the cards above. */
export function WarnedTable({ filter, unitOptions, onFilter, reloadKey }: {
  filter: ListFilter; unitOptions: Array<{ value: string; label: string; own: boolean }>; onFilter(f: ListFilter): void; reloadKey: number;
}) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [page, setPage] = useState({ current: 1, size: 20 });
  const [data, setData] = useState<Items | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const query = { unit: filter.unit, own: filter.own ? 'true' : undefined, kind: filter.kind, level: filter.level };

  useEffect(() => setPage((p) => ({ ...p, current: 1 })), [filter.unit, filter.own, filter.kind, filter.level]);

  const load = useCallback(async (signal?: AbortSignal) => {
    setLoading(true);
    try {
      setData(await api.get<Items>('/api/supervision/items', { ...query, limit: page.size, offset: (page.current - 1) * page.size }, signal));
      setError(null);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }, [filter.unit, filter.own, filter.kind, filter.level, page]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const ac = new AbortController();
    void load(ac.signal);
    return () => ac.abort();
  }, [load, reloadKey]);

  async function exportXlsx() {
    setExporting(true);
    try {
      await downloadFile('/api/supervision/items.xlsx', query, 'supervision.xlsx');
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  const selectValue = `${filter.own ? 'own:' : ''}${filter.unit}`;
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented
          value={filter.level ?? 'all'} onChange={(v) => onFilter({ ...filter, level: v === 'all' ? undefined : (v as 'red' | 'yellow') })}
          options={[{ value: 'all', label: t('supervision.allLevels') }, { value: 'red', label: t('supervision.level.red') }, { value: 'yellow', label: t('supervision.level.yellow') }]}
        />
        <Select
          allowClear placeholder={t('supervision.kind')} style={{ width: 130 }} value={filter.kind} aria-label={t('supervision.kind')}
          onChange={(v?: string) => onFilter({ ...filter, kind: v })}
          options={KINDS.map((k) => ({ value: k, label: labelOr(t, `supervision.kinds.${k}`, k) }))}
        />
        <Select
          showSearch optionFilterProp="label" style={{ width: 220 }} value={selectValue} aria-label={t('supervision.unit')}
          onChange={(v: string) => onFilter({ ...filter, unit: v.replace(/^own:/, ''), own: v.startsWith('own:') })}
          options={unitOptions.map((o) => ({ value: `${o.own ? 'own:' : ''}${o.value}`, label: o.label }))}
        />
        <Button icon={<DownloadOutlined />} loading={exporting} disabled={!data?.total} onClick={() => void exportXlsx()}>{t('common.export')}</Button>
      </Space>
      <Table<Item>
        size="small" bordered rowKey="id" loading={loading} dataSource={data?.items ?? []} scroll={{ x: 1280 }}
        rowClassName={(r) => (r.warnLevel === 'red' ? 'cy-row-red' : 'cy-row-yellow')}
        locale={{ emptyText: error ?? t('supervision.noItems') }}
        pagination={{
          current: page.current, pageSize: page.size, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small',
          showTotal: (n) => t('common.total', { n }), onChange: (current, size) => setPage({ current, size }),
        }}
        columns={[
          { title: t('supervision.col.warn'), dataIndex: 'warnLevel', width: 64, render: (w: string) => <Tag color={w === 'red' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>{t(`supervision.level.${w}`)}</Tag> },
          { title: t('supervision.col.kind'), dataIndex: 'kind', width: 90, render: (k: string) => <KindTag kind={k} t={t} /> },
          {
            title: t('supervision.col.ref'), dataIndex: 'ref', width: 172, render: (ref: string, r) => {
              const to = itemLink(r.kind, r.id, r.listId);
              return to ? <Link to={to}>{ref}</Link> : ref;
            },
          },
          { title: t('supervision.col.title'), dataIndex: 'title', width: 240, ellipsis: true },
          { title: t('supervision.col.state'), dataIndex: 'state', width: 96, render: (s: string, r) => stateLabel(t, r.kind, s) },
          { title: t('supervision.col.owner'), dataIndex: 'ownerName', width: 150, ellipsis: true, render: (_: string, r) => unitName(locale, { name: r.ownerName, nameEn: r.ownerNameEn }) },
          { title: t('supervision.col.group'), dataIndex: 'groupName', width: 100, ellipsis: true, render: (g: string | null) => g ?? <Typography.Text type="secondary">{t('supervision.self')}</Typography.Text> },
          { title: t('supervision.col.deadline'), dataIndex: 'deadlineAt', width: 150, render: (d: string | null, r) => <Deadline deadlineAt={d} warnLevel={r.warnLevel} state={r.state} t={t} compact /> },
          {
            title: t('supervision.col.supervised'), dataIndex: 'openOrders', width: 80, align: 'center',
            render: (n: number, r) => (n > 0 ? <Tag color="magenta">{t('supervision.orderCount', { n })}</Tag> : r.supervised ? <Tag>{t('supervision.supervised')}</Tag> : '—'),
          },
          {
            title: t('supervision.col.escalated'), dataIndex: 'escalatedTo', width: 130,
            render: (e: string | null, r) => (e ? <Tooltip title={t('supervision.escalatedHint')}><Tag color="orange">{r.escalatedName ?? e}</Tag></Tooltip> : '—'),
          },
        ]}
      />
    </>
  );
}
