import { CheckCircleOutlined, DownloadOutlined, SendOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Result, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { EChart } from '../lib/EChart';
import { dateTime } from '../lib/format';
import { downloadFile } from '../lib/http';
import { CountedItemsDrawer, type FigureRef } from './CountedItemsDrawer';
import { periodLabel, scoreColor, triggerLabel } from './format';
import { PublishDialog } from './PublishDialog';
import { WeightsDialog } from './WeightsDialog';

type Runs = GetResponse<'/api/rankings'>;
type Detail = GetResponse<'/api/rankings/{id}'>;
type Row = Detail['rows'][number];
type Level = 'street' | 'department';
type IndicatorKey = keyof Row['figures'];

/** 动态晾晒: each published week's ranking of streets and departments, every figure opening its counted items. */
export function RankingsPage() {
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [runs, setRuns] = useState<Runs | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [level, setLevel] = useState<Level>('street');
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const [dialog, setDialog] = useState<'weights' | 'publish' | null>(null);
  const [busy, setBusy] = useState<'export' | 'check' | null>(null);
  const manage = session.can('ranking:manage');
  const runId = params.get('run') ?? runs?.items[0]?.id;

  const loadRuns = useCallback(async () => {
    try {
      setRuns(await api.get<Runs>('/api/rankings', { limit: 200 }));
    } catch (e) {
      setError(e as ApiError);
    }
  }, []);
  useEffect(() => { void loadRuns(); }, [loadRuns]);
  useEvents(['ranking'], (e) => { if (e.type === 'ranking.published') void loadRuns(); });

  useEffect(() => {
    if (!runId) return;
    const ac = new AbortController();
    setLoading(true);
    api.get<Detail>(`/api/rankings/${runId}`, undefined, ac.signal)
      .then((d) => { setDetail(d); setError(null); }, (e: ApiError) => { if (e.name !== 'AbortError') setError(e); })
      .finally(() => setLoading(false));
    return () => ac.abort();
  }, [runId]);

  const name = (r: Row) => (locale === 'en' && r.nameEn) || r.name;
  const rows = useMemo(() => (detail?.rows ?? []).filter((r) => r.level === level), [detail, level]);

  const columns: ColumnsType<Row> = [
    {
      title: t('rankings.rank'), dataIndex: 'rank', width: 64, align: 'center', fixed: 'left',
      render: (v: number | null) => (v === null ? '—' : <Tag color={v === 1 ? 'gold' : v === 2 ? 'default' : v === 3 ? 'orange' : undefined} style={{ marginInlineEnd: 0, minWidth: 28, textAlign: 'center' }}>{v}</Tag>),
    },
    { title: t('rankings.unit'), dataIndex: 'name', width: 170, fixed: 'left', ellipsis: true, render: (_: string, r) => name(r) },
    {
      title: t('rankings.score'), dataIndex: 'score', width: 96, align: 'right', sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (v: number | null, r) => <Typography.Text strong style={{ color: scoreColor(v), fontSize: 15 }}>{r.display}</Typography.Text>,
    },
    ...(detail?.indicators ?? []).map((ind) => ({
      title: <span>{ind.name}<br /><Typography.Text type="secondary" style={{ fontSize: 11, fontWeight: 400 }}>{t('rankings.weight', { w: ind.weight })}</Typography.Text></span>,
      key: ind.key, width: 140, align: 'right' as const,
      sorter: (a: Row, b: Row) => (a.figures[ind.key as IndicatorKey].value ?? -1) - (b.figures[ind.key as IndicatorKey].value ?? -1),
      render: (_: unknown, r: Row) => {
        const f = r.figures[ind.key as IndicatorKey];
        const fraction = ind.key === 'case_score' ? t('rankings.cases', { n: f.items }) : `${f.numerator}/${f.denominator}`;
        if (f.items === 0) return <Tooltip title={t('rankings.nothingToCount')}><Typography.Text type="secondary">—</Typography.Text></Tooltip>;
        return (
          <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
            <Button
              type="link" size="small" style={{ padding: 0, height: 'auto', color: scoreColor(f.value) }}
              onClick={() => setFigure({ runId: detail!.id, level, unit: r.code, unitName: name(r), indicator: ind.key, indicatorName: ind.name, fraction })}
            >
              {f.display}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>{fraction}</Typography.Text>
          </Space>
        );
      },
    })),
  ];

  const ranked = rows.filter((r) => r.score !== null);
  const option = useMemo(() => ({
    grid: { left: 8, right: 16, top: 20, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    xAxis: { type: 'category' as const, data: ranked.map(name), axisLabel: { interval: 0, rotate: ranked.length > 8 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value' as const, min: 0, max: 100 },
    series: [{
      type: 'bar' as const, barMaxWidth: 28, name: t('rankings.score'), label: { show: true, position: 'top' as const, fontSize: 11 },
      data: ranked.map((r) => ({ value: r.score, itemStyle: { color: scoreColor(r.score) } })),
    }],
  }), [ranked]); // eslint-disable-line react-hooks/exhaustive-deps

  async function exportXlsx() {
    if (!detail) return;
    setBusy('export');
    try {
      await downloadFile(`/api/rankings/${detail.id}/export.xlsx`, {}, `ranking-${detail.from}.xlsx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  async function check() {
    if (!detail) return;
    setBusy('check');
    try {
      const r = await api.get<{ consistent: boolean; differences: unknown[] }>(`/api/rankings/${detail.id}/check`);
      if (r.consistent) message.success(t('rankings.consistent'));
      else message.error(t('rankings.inconsistent', { n: r.differences.length }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const actions = (
    <Space wrap>
      {manage && <Button icon={<SettingOutlined />} onClick={() => setDialog('weights')}>{t('rankings.weights')}</Button>}
      {manage && <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog('publish')}>{t('rankings.publish')}</Button>}
    </Space>
  );
  const dialogs = (
    <>
      <WeightsDialog open={dialog === 'weights'} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />
      <PublishDialog open={dialog === 'publish'} onClose={() => setDialog(null)} onPublished={(id) => { setDialog(null); setParams({ run: id }); void loadRuns(); }} />
    </>
  );

  if (error && !detail) return <Result status="error" title={t('rankings.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void loadRuns()}>{t('common.retry')}</Button>} />;
  if (runs && runs.items.length === 0) {
    return <Card title={t('rankings.menu')} extra={actions}><Empty description={t('rankings.none')} />{dialogs}</Card>;
  }

  const current = runs?.items.find((r) => r.id === runId);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small" loading={!runs}
        title={(
          <Space wrap>
            <span>{t('rankings.menu')}</span>
            <Select
              style={{ width: 360 }} value={runId} aria-label={t('rankings.history')} onChange={(id: string) => setParams({ run: id })}
              options={(runs?.items ?? []).map((r) => ({
                value: r.id, label: `${periodLabel(r)} · ${triggerLabel(t, r.trigger)} · ${dateTime(r.publishedAt)}`,
              }))}
            />
            <Segmented<Level> value={level} onChange={setLevel} options={(['street', 'department'] as const).map((l) => ({ value: l, label: t(`rankings.level.${l}`) }))} />
          </Space>
        )}
        extra={(
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={busy === 'export'} disabled={!detail} onClick={() => void exportXlsx()}>{t('common.export')}</Button>
            <Tooltip title={t('rankings.checkHint')}><Button icon={<CheckCircleOutlined />} loading={busy === 'check'} disabled={!detail} onClick={() => void check()}>{t('rankings.check')}</Button></Tooltip>
            {actions}
          </Space>
        )}
      >
        {current && detail && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {t('rankings.meta', { by: current.publishedByName, at: dateTime(current.publishedAt), v: detail.weightsVersion, until: dateTime(detail.countedUntil) })}
            {current.note ? ` · ${current.note}` : ''}
          </Typography.Paragraph>
        )}
        {ranked.length > 0 && <EChart option={option} height={200} ariaLabel={t('rankings.chart')} />}
        <Table<Row>
          size="small" bordered rowKey="code" loading={loading} columns={columns} dataSource={rows} scroll={{ x: 1000 }}
          pagination={false} locale={{ emptyText: t('common.empty') }} style={{ marginTop: 8 }}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>{t('rankings.footnote')}</Typography.Paragraph>
      </Card>
      <CountedItemsDrawer figure={figure} onClose={() => setFigure(null)} />
      {dialogs}
    </Space>
  );
}
