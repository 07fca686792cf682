import { Drawer, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { KindTag, stateLabel } from '../supervision/format';
import { itemLink } from '../supervision/links';

type Counted = GetResponse<'/api/rankings/{id}/items'>;
type Item = Counted['items'][number];
export interface FigureRef { runId: string; level: string; unit: string; unitName: string; indicator: string; indicatorName: string; fraction: string }

const PAGE = 20;
// The evaluation's indicators in the order its page shows them.
const PART_ORDER = ['closed_rate', 'closed_on_time_rate', 'handled_on_time_rate', 'rework_rate', 'dispatch_accuracy', 'registered_on_time_rate', 'avg_handle_hours'];

/** What one case added to one evaluation indicator, said the way a reader checks it. */
function PartTag({ part, n, d }: { part: string; n: number; d: number }) {
  const t = useT();
  const style = { marginInlineEnd: 0 };
  if (part === 'avg_handle_hours') return <Tag color="blue" style={style}>{t('rankings.caseParts.hours', { h: n.toFixed(1) })}</Tag>;
  if (part === 'rework_rate') return <Tag color={n > 0 ? 'red' : 'green'} style={style}>{n > 0 ? t('rankings.caseParts.reworked', { n }) : t('rankings.caseParts.noRework')}</Tag>;
  if (part === 'dispatch_accuracy') return <Tag color={n === d ? 'green' : 'orange'} style={style}>{t('rankings.caseParts.dispatches', { n, d })}</Tag>;
  return <Tag color={n > 0 ? 'green' : 'default'} style={style}>{t(`rankings.caseParts.${part}.${n > 0 ? 'yes' : 'no'}`)}</Tag>;
}

/** The work items one published figure counted, late ones first (as the items are now; the figure stays as published). */
export function CountedItemsDrawer({ figure, onClose }: { figure: FigureRef | null; onClose(): void }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Counted | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { setPage(1); setData(null); }, [figure]);
  useEffect(() => {
    if (!figure) return;
    const ac = new AbortController();
    setLoading(true);
    api.get<Counted>(`/api/rankings/${figure.runId}/items`, { level: figure.level, unit: figure.unit, indicator: figure.indicator, limit: PAGE, offset: (page - 1) * PAGE }, ac.signal)
      .then((r) => { setData(r); setError(null); }, (e: ApiError) => { if (e.name !== 'AbortError') setError(e.message); })
      .finally(() => setLoading(false));
    return () => ac.abort();
  }, [figure, page]);

  const cases = figure?.indicator === 'case_score';
  return (
    <Drawer open={!!figure} onClose={onClose} size={cases ? 1000 : 860} title={figure ? t('rankings.countedTitle', { unit: figure.unitName, indicator: figure.indicatorName }) : ''}>
      {figure && <Typography.Paragraph type="secondary">{t(cases ? 'rankings.countedCasesHint' : 'rankings.countedHint', { fraction: figure.fraction })}</Typography.Paragraph>}
      <Table<Item>
        size="small" bordered rowKey="id" loading={loading} dataSource={data?.items ?? []} scroll={{ x: cases ? 960 : 780 }}
        locale={{ emptyText: error ?? t('common.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }), size: 'small', showSizeChanger: false }}
        columns={[
          { title: t('supervision.col.kind'), dataIndex: 'kind', width: 90, render: (k: string) => <KindTag kind={k} t={t} /> },
          {
            title: t('supervision.col.ref'), dataIndex: 'ref', width: 200, render: (ref: string, r) => {
              const to = itemLink(r.kind, r.id, r.listId);
              return to ? <Link to={to}>{ref}</Link> : ref;
            },
          },
          { title: t('supervision.col.title'), dataIndex: 'title', width: 200, ellipsis: true },
          { title: t('supervision.col.owner'), dataIndex: 'ownerName', width: 130, ellipsis: true },
          { title: t('supervision.col.state'), dataIndex: 'state', width: 90, render: (s: string, r) => stateLabel(t, r.kind, s) },
          cases ? {
            title: t('rankings.counted'), key: 'parts', width: 280, render: (_: unknown, r: Item) => (
              <Space size={[2, 2]} wrap>
                {PART_ORDER.filter((k) => r.parts?.[k]).map((k) => <PartTag key={k} part={k} n={r.parts![k]![0]} d={r.parts![k]![1]} />)}
              </Space>
            ),
          } : {
            title: t('rankings.counted'), dataIndex: 'inNumerator', width: 100,
            render: (v: boolean | null) => <Tag color={v ? 'green' : 'red'}>{v ? t('rankings.onTime') : t('rankings.late')}</Tag>,
          },
        ]}
      />
    </Drawer>
  );
}
