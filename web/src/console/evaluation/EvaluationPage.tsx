import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Result, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult, SortOrder } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { EChart } from '../lib/EChart';
import { downloadFile } from '../lib/http';
import { CountedCasesDrawer, type Figure } from './CountedCasesDrawer';
import { presets, toQuery } from './period';
import { WeightsDialog } from './WeightsDialog';

type Ranking = GetResponse<'/api/evaluation/rankings'>;
type Row = Ranking['items'][number];
type Level = 'street' | 'department' | 'grid';
type IndicatorKey = keyof Row['indicators'];
type SortKey = 'rank' | 'reported' | IndicatorKey;
interface Paging { page: number; size: number; sort: SortKey; order?: 'asc' | 'desc' }

const CHART_TOP = 20;
const FIRST: Paging = { page: 1, size: 20, sort: 'rank' };

/** 考核评价: streets, departments and grids ranked on the closed-loop indicators over a period. */
export function EvaluationPage() {
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const { message } = App.useApp();
  const [level, setLevel] = useState<Level>('street');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().startOf('day')]);
  const [data, setData] = useState<Ranking | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [figure, setFigure] = useState<Figure | null>(null);
  const [weightsOpen, setWeightsOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  // The server ranks every unit and hands out the page (sorted as asked); a new level or period starts over.
  const [paging, setPaging] = useState<Paging>(FIRST);
  const period = useMemo(() => toQuery(range), [range]);
  useEffect(() => setPaging(FIRST), [level, period]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Ranking>('/api/evaluation/rankings', {
        level, ...period, sort: paging.sort, ...(paging.order ? { order: paging.order } : {}), limit: paging.size, offset: (paging.page - 1) * paging.size,
      }));
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setLoading(false);
    }
  }, [level, period, paging]);
  useEffect(() => { void load(); }, [load]);

  const sortOrder = (key: SortKey): SortOrder => (paging.sort === key && paging.order ? (paging.order === 'asc' ? 'ascend' : 'descend') : null);

  const name = (r: Row) => (locale === 'en' && r.nameEn) || r.name;
  const open = (r: Row, indicator: string, indicatorName: string) => setFigure({ unit: r.code, unitName: name(r), indicator, indicatorName, ...period });

  const columns: ColumnsType<Row> = [
    { title: t('evaluation.rank'), dataIndex: 'rank', width: 60, align: 'center', fixed: 'left', render: (v: number | null) => v ?? '—' },
    { title: t('evaluation.unit'), dataIndex: 'name', width: 160, fixed: 'left', ellipsis: true, render: (_: string, r) => name(r) },
    { title: t('evaluation.reported'), dataIndex: 'reported', key: 'reported', width: 80, align: 'right', sorter: true, sortOrder: sortOrder('reported') },
    {
      // Sorting the composite is sorting by rank (descending composite = ascending rank).
      title: t('evaluation.composite'), dataIndex: 'composite', key: 'rank', width: 90, align: 'right', sorter: true,
      sortOrder: paging.sort === 'rank' && paging.order ? (paging.order === 'asc' ? 'descend' : 'ascend') : null,
      render: (v: number | null) => <Typography.Text strong style={{ color: v === null ? undefined : v >= 90 ? '#389e0d' : v >= 75 ? '#1677ff' : v >= 60 ? '#d48806' : '#cf1322' }}>{v === null ? '—' : v.toFixed(1)}</Typography.Text>,
    },
    ...(data?.indicators ?? []).map((ind) => ({
      title: ind.name, key: ind.key, width: 100, align: 'right' as const,
      sorter: true, sortOrder: sortOrder(ind.key as IndicatorKey),
      render: (_: unknown, r: Row) => {
        const f = r.indicators[ind.key as IndicatorKey];
        if (f.denominator === 0) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => open(r, ind.key, ind.name)}
            title={t('evaluation.figureTitle', { n: f.numerator, d: f.denominator })}>
            {f.display}
          </Button>
        );
      },
    })),
  ];

  const chartRows = useMemo(() => data?.top ?? [], [data]);
  const option = useMemo(() => ({
    grid: { left: 8, right: 16, top: 20, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    xAxis: { type: 'category' as const, data: chartRows.map(name), axisLabel: { interval: 0, rotate: chartRows.length > 8 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value' as const, min: 0, max: 100 },
    series: [{
      type: 'bar' as const, barMaxWidth: 28, name: t('evaluation.composite'),
      data: chartRows.map((r) => ({ value: r.composite, itemStyle: { color: (r.composite ?? 0) >= 90 ? '#52c41a' : (r.composite ?? 0) >= 75 ? '#1677ff' : (r.composite ?? 0) >= 60 ? '#faad14' : '#f5222d' } })),
      label: { show: true, position: 'top' as const, fontSize: 11 },
    }],
  }), [chartRows]); // eslint-disable-line react-hooks/exhaustive-deps

  async function exportXlsx() {
    setExporting(true);
    try {
      await downloadFile('/api/evaluation/rankings.xlsx', { level, ...period }, `evaluation-${level}.xlsx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('menu.evaluation')} extra={
        <Space wrap>
          <Segmented<Level> value={level} onChange={setLevel} options={(['street', 'department', 'grid'] as const).map((l) => ({ value: l, label: t(`evaluation.level.${l}`) }))} />
          <DatePicker.RangePicker
            value={range} allowClear={false} presets={presets(t)} disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0], v[1]]); }} aria-label={t('evaluation.period')}
          />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} disabled={!data?.items.length}>{t('common.export')}</Button>
          {session.can('evaluation:manage') && <Button icon={<SettingOutlined />} onClick={() => setWeightsOpen(true)}>{t('evaluation.weights')}</Button>}
        </Space>
      }>
        {error ? <Result status="error" title={t('evaluation.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} /> : (
          <>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.chartTitle', { n: CHART_TOP })}</Typography.Text>
            {chartRows.length > 0
              ? <EChart option={option} height={220} ariaLabel={t('evaluation.chartTitle', { n: CHART_TOP })} />
              : <div style={{ height: 60, display: 'grid', placeItems: 'center', color: '#999' }}>{loading ? t('common.loading') : t('evaluation.noData')}</div>}
            <Table<Row>
              size="small" bordered rowKey="code" loading={loading} columns={columns} dataSource={data?.items ?? []}
              scroll={{ x: 1100 }} locale={{ emptyText: t('evaluation.noData') }}
              onChange={(p, _f, sorter) => {
                const s = sorter as SorterResult<Row>;
                const key = (s.order ? s.columnKey : 'rank') as SortKey;
                // The composite column shows the rank the other way round.
                const flip = key === 'rank';
                const order = s.order ? ((s.order === 'ascend') !== flip ? 'asc' : 'desc') : undefined;
                const changedSort = key !== paging.sort || order !== paging.order;
                setPaging({ page: changedSort ? 1 : p.current ?? 1, size: p.pageSize ?? paging.size, sort: key, order });
              }}
              pagination={{
                current: paging.page, pageSize: paging.size, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
                showTotal: (n) => t('common.total', { n }), size: 'small',
              }}
              style={{ marginTop: 8 }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.footnote')}</Typography.Text>
          </>
        )}
      </Card>
      <CountedCasesDrawer figure={figure} onClose={() => setFigure(null)} />
      <WeightsDialog level={level} open={weightsOpen} onClose={() => setWeightsOpen(false)} onSaved={() => { setWeightsOpen(false); void load(); }} />
    </Space>
  );
}
