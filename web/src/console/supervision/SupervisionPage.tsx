import { ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Col, Result, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useLocale, useT } from '../../shared/i18n';
import { labelOr, unitName } from './format';
import { OrdersTable } from './OrdersTable';
import { TrendChart } from './TrendChart';
import { UnitCards, type BoardUnitRow } from './UnitCards';
import { WarnedTable, type ListFilter } from './WarnedTable';

type Board = GetResponse<'/api/supervision/board'>;
type Trend = GetResponse<'/api/supervision/trend'>;

// Any move of a work item may change the board; reload at most every few seconds while events flow.
const TOPICS = ['case', 'receipt', 'task', 'milestone', 'hazard'];
const RELOAD_MS = 3000;

/** 监督一览无余: red and yellow items of every kind under a unit, by sub-unit, with the trend and the open supervision orders. */
export function SupervisionPage() {
  const t = useT();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const under = params.get('under') ?? undefined;
  const [board, setBoard] = useState<Board | null>(null);
  const [trend, setTrend] = useState<Trend | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [filter, setFilter] = useState<ListFilter | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const [b, tr] = await Promise.all([
        api.get<Board>('/api/supervision/board', { under }), api.get<Trend>('/api/supervision/trend', { under }),
      ]);
      setBoard(b);
      setTrend(tr);
      setError(null);
      setFilter((f) => (f && f.unit.length && (f.unit === b.unit.code || b.units.some((u) => u.code === f.unit)) ? f : { unit: b.unit.code, own: false }));
    } catch (e) {
      setError(e as ApiError);
    }
  }, [under]);
  useEffect(() => { setBoard(null); setFilter(null); void load(); }, [load]);

  useEvents(TOPICS, () => {
    timer.current ??= window.setTimeout(() => {
      timer.current = undefined;
      void load();
      setReloadKey((k) => k + 1);
    }, RELOAD_MS);
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const drill = (code?: string | null) => setParams(code ? { under: code } : {});
  const select = (u: BoardUnitRow | null) => board && setFilter((f) => ({ ...f!, unit: u ? u.code : board.unit.code, own: u ? u.self : false }));

  const unitOptions = useMemo(() => {
    if (!board) return [];
    const name = unitName(locale, board.unit);
    return [
      { value: board.unit.code, own: false, label: t('supervision.allUnder', { name }) },
      { value: board.unit.code, own: true, label: t('supervision.selfRow', { name }) },
      ...board.units.filter((u) => !u.self && u.red + u.yellow > 0).map((u) => ({ value: u.code, own: false, label: `${unitName(locale, u)}（${u.red}/${u.yellow}）` })),
    ];
  }, [board, locale, t]);

  if (error && !board) {
    return <Result status={error.status === 404 ? '404' : 'error'} title={t('supervision.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  }
  if (!board || !trend || !filter) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;

  const selected = filter.unit === board.unit.code && !filter.own ? null : filter.unit;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={(
          <Space>
            {board.unit.parentCode && <Button size="small" icon={<RollbackOutlined />} onClick={() => drill(board.unit.parentCode)}>{t('supervision.up')}</Button>}
            <span>{t('supervision.title', { name: unitName(locale, board.unit) })}</span>
          </Space>
        )}
        extra={<Button size="small" icon={<ReloadOutlined />} onClick={() => { void load(); setReloadKey((k) => k + 1); }}>{t('common.refresh')}</Button>}
      >
        <Row gutter={16} style={{ marginBottom: 12 }}>
          <Col><Statistic title={t('supervision.totalRed')} value={board.totals.red} styles={{ content: { color: '#cf1322', fontWeight: 700 } }} /></Col>
          <Col><Statistic title={t('supervision.totalYellow')} value={board.totals.yellow} styles={{ content: { color: '#d48806', fontWeight: 700 } }} /></Col>
          {Object.entries(board.totals.byKind).map(([k, v]) => (
            <Col key={k}>
              <Statistic title={t('supervision.kindRedYellow', { kind: labelOr(t, `supervision.kinds.${k}`, k) })} value={v.red} suffix={<Typography.Text type="warning" style={{ fontSize: 14 }}>/ {v.yellow}</Typography.Text>} styles={{ content: { color: '#cf1322' } }} />
            </Col>
          ))}
          <Col flex="auto" style={{ textAlign: 'right', alignSelf: 'flex-end' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('supervision.cardsHint')}</Typography.Text>
          </Col>
        </Row>
        <UnitCards units={board.units} selected={selected} onSelect={select} onDrill={(code) => drill(code)} />
      </Card>
      <Card size="small" title={t('supervision.listTitle')}>
        <WarnedTable filter={filter} unitOptions={unitOptions} onFilter={setFilter} reloadKey={reloadKey} />
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('supervision.trendTitle')} style={{ height: '100%' }}>
            <TrendChart trend={trend} height={300} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('supervision.trendHint')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('supervision.ordersTitle')} style={{ height: '100%' }}>
            <OrdersTable under={board.unit.code} kind={filter.kind} reloadKey={reloadKey} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
