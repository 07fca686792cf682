// 监督一览无余 on the big screen: red and yellow items per street (or community), the longest-overdue items,
// the warning trend and the latest public ranking, live. In kiosk mode it is one stop of the rotation.
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useStreamOnline } from '../../shared/event-stream';
import { UserMenu } from '../../shared/FaceHeader';
import { useLocale, useT, type TFunction } from '../../shared/i18n';
import { Chart } from '../Chart';
import type { EChartsOption } from '../echarts';
import { Panel } from '../Panels';
import { COLORS, FONT } from '../theme';
import { beijingDate, beijingTime } from '../time';
import { TOP_OVERDUE, useSupervisionScreen, type Board, type Ranking } from './useSupervisionScreen';
import './supervision.css';

const PLACE_KINDS = new Set(['street', 'community', 'grid']);
const axisText = { color: COLORS.dim, fontSize: 15, fontFamily: FONT };
const splitLine = { lineStyle: { color: 'rgba(95,168,255,0.15)' } };

const label = (t: TFunction, key: string, raw: string) => {
  const s = t(key);
  return s === key ? raw : s;
};

function overdueFor(t: TFunction, deadlineAt: string | null, now: number): string {
  if (!deadlineAt) return '—';
  const minutes = Math.max(0, Math.floor((now - Date.parse(deadlineAt)) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return d > 0 ? t('supervisionScreen.daysHours', { d, h }) : h > 0 ? t('supervisionScreen.hoursMinutes', { h, m: minutes % 60 }) : t('supervisionScreen.minutes', { m: minutes });
}

function Clock() {
  const locale = useLocale();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return <div className="cy-clock"><b>{beijingTime(now)}</b><span>{beijingDate(now, locale)}</span></div>;
}

/** Red and yellow per place, stacked, most red on top. */
function PlacesChart({ units }: { units: Board['units'] }) {
  const t = useT();
  const locale = useLocale();
  const option = useMemo<EChartsOption>(() => {
    const rows = [...units].sort((a, b) => a.red - b.red || a.yellow - b.yellow);
    return {
      grid: { left: 8, right: 40, top: 34, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, textStyle: { color: COLORS.text, fontSize: 15, fontFamily: FONT }, itemWidth: 16, itemHeight: 10 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
      yAxis: { type: 'category', data: rows.map((u) => (locale === 'en' && u.nameEn) || u.name), axisLabel: { ...axisText, color: COLORS.text, fontSize: 16 }, axisTick: { show: false } },
      series: [
        { name: t('supervisionScreen.red'), type: 'bar', stack: 'w', data: rows.map((u) => u.red), itemStyle: { color: COLORS.overdue }, barMaxWidth: 18 },
        {
          name: t('supervisionScreen.yellow'), type: 'bar', stack: 'w', data: rows.map((u) => u.yellow), itemStyle: { color: COLORS.warning }, barMaxWidth: 18,
          label: { show: true, position: 'right', color: COLORS.text, fontSize: 14, formatter: (p: { dataIndex: number }) => String(rows[p.dataIndex]!.red + rows[p.dataIndex]!.yellow || '') },
        },
      ],
    } as EChartsOption;
  }, [units, t, locale]);
  return <Chart option={option} testId="sup-places" />;
}

function TrendPanel({ days }: { days: Array<{ day: string; red: number; yellow: number }> }) {
  const t = useT();
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 40, right: 12, top: 34, bottom: 26 },
    legend: { top: 0, right: 0, textStyle: { color: COLORS.text, fontSize: 15, fontFamily: FONT }, itemWidth: 16, itemHeight: 10 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5).replace('-', '/')), axisLabel: axisText, axisLine: { lineStyle: { color: COLORS.border } }, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
    series: [
      { name: t('supervisionScreen.turnedRed'), type: 'line', data: days.map((d) => d.red), itemStyle: { color: COLORS.overdue }, smooth: false, lineStyle: { width: 3 }, areaStyle: { color: 'rgba(255,77,79,0.15)' } },
      { name: t('supervisionScreen.turnedYellow'), type: 'line', data: days.map((d) => d.yellow), itemStyle: { color: COLORS.warning }, smooth: false, lineStyle: { width: 3 } },
    ],
  }) as EChartsOption, [days, t]);
  return <Panel title={t('supervisionScreen.trend', { n: days.length })}><Chart option={option} testId="sup-trend" /></Panel>;
}

function RankingPanel({ ranking, level, limit }: { ranking: Ranking | 'none'; level: 'street' | 'department'; limit: number }) {
  const t = useT();
  const locale = useLocale();
  const title = ranking === 'none' ? t(`supervisionScreen.ranking.${level}`) : `${t(`supervisionScreen.ranking.${level}`)} · ${ranking.label ?? `${ranking.from.slice(5)}~`}`;
  if (ranking === 'none') return <Panel title={title}><div className="cy-empty">{t('supervisionScreen.noRanking')}</div></Panel>;
  const rows = ranking.rows.filter((r) => r.level === level).slice(0, limit);
  return (
    <Panel title={title} className="cy-ranking cy-sup-ranking">
      <table data-testid={`sup-ranking-${level}`}>
        <thead><tr><th>#</th><th /><th>{t('supervisionScreen.score')}</th><th>{t('supervisionScreen.sign')}</th><th>{t('supervisionScreen.milestone')}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <td><span className={`cy-rank cy-rank-${r.rank ?? 'none'}`}>{r.rank ?? '–'}</span></td>
              <td className="cy-name">{locale === 'en' ? (r.nameEn ?? r.name) : r.name}</td>
              <td className="cy-num">
                {r.score === null ? <span className="cy-dim">—</span> : <span className="cy-bar"><i style={{ width: `${Math.max(0, Math.min(100, r.score))}%` }} /><b>{r.score.toFixed(1)}</b></span>}
              </td>
              <td className="cy-num">{r.figures.sign_on_time_rate.value === null ? '—' : `${r.figures.sign_on_time_rate.value.toFixed(0)}%`}</td>
              <td className="cy-num">{r.figures.milestone_on_time_rate.value === null ? '—' : `${r.figures.milestone_on_time_rate.value.toFixed(0)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export function SupervisionScreen() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { search } = useLocation();
  const q = new URLSearchParams(search);
  const kiosk = q.get('kiosk') === '1';
  const rotate = Number(q.get('rotate'));
  const rotateSeconds = kiosk && rotate >= 5 ? Math.min(rotate, 3600) : null;
  const data = useSupervisionScreen();
  const online = useStreamOnline(['case', 'receipt', 'task', 'milestone', 'hazard', 'ranking']);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(id);
  }, []);

  // The rotation's last stop: back to the district screen.
  useEffect(() => {
    if (!rotateSeconds) return;
    const id = window.setTimeout(() => navigate(`/${search}`), rotateSeconds * 1000);
    return () => window.clearTimeout(id);
  }, [rotateSeconds, navigate, search]);

  const { board, overdue, orders, trend, ranking } = data;
  if (data.error && !board) return <div className="cy-screen cy-center"><h1>{t('supervisionScreen.loadFailed', { message: data.error.message })}</h1></div>;
  const ready = Boolean(board && overdue && orders && trend && ranking);
  const place = board ? (locale === 'en' ? (board.unit.nameEn ?? board.unit.name) : board.unit.name) : '';
  const subs = board?.units.filter((u) => !u.self) ?? [];
  const places = subs.filter((u) => PLACE_KINDS.has(u.kind));
  const others = subs.filter((u) => !PLACE_KINDS.has(u.kind) && u.red + u.yellow > 0).sort((a, b) => b.red - a.red || b.yellow - a.yellow);
  const todayRed = trend?.days.at(-1)?.red ?? 0;

  return (
    <div className={`cy-screen ${kiosk ? 'cy-kiosk' : ''}`} data-ready={ready ? '1' : '0'} data-testid="supervision-screen">
      <header className="cy-head">
        <div className="cy-head-left">
          {!kiosk && <button type="button" className="cy-back" onClick={() => navigate(`/${search}`)}>‹ {t('supervisionScreen.back')}</button>}
          <span className={`cy-live ${online ? '' : 'cy-off'}`}>{online ? `● ${t('screen.live')}` : t('screen.offline')}</span>
          {rotateSeconds && <span className="cy-dim">{t('screen.kiosk', { n: rotateSeconds })}</span>}
        </div>
        <h1>{board ? t('supervisionScreen.title', { place }) : t('common.loading')}</h1>
        <div className="cy-head-right"><Clock />{!kiosk && <UserMenu dark />}</div>
      </header>
      {board && overdue && orders && trend && ranking ? (
        <main className="cy-sup-body">
          <aside className="cy-col">
            <Panel title={t(board.unit.kind === 'district' ? 'supervisionScreen.byStreet' : 'supervisionScreen.byPlace')} className="cy-sup-places">
              {places.length ? <PlacesChart units={places} /> : <div className="cy-empty">{t('common.empty')}</div>}
            </Panel>
            <Panel title={t('supervisionScreen.byDepartment')} className="cy-sup-depts">
              {others.length === 0 ? <div className="cy-empty">{t('supervisionScreen.allClear')}</div> : (
                <table className="cy-sup-table">
                  <thead><tr><th /><th>{t('supervisionScreen.red')}</th><th>{t('supervisionScreen.yellow')}</th></tr></thead>
                  <tbody>
                    {others.slice(0, 7).map((u) => (
                      <tr key={u.code}><td className="cy-name">{locale === 'en' ? (u.nameEn ?? u.name) : u.name}</td><td className="cy-num cy-red">{u.red}</td><td className="cy-num cy-yellow">{u.yellow}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Panel>
          </aside>
          <section className="cy-centre">
            <div className="cy-sup-kpis" data-testid="sup-kpis">
              <div className="cy-kpi cy-kpi-red"><label>{t('supervisionScreen.kpi.red')}</label><b>{board.totals.red}</b><small>{kindsLine(t, board, 'red')}</small></div>
              <div className="cy-kpi cy-kpi-yellow"><label>{t('supervisionScreen.kpi.yellow')}</label><b>{board.totals.yellow}</b><small>{kindsLine(t, board, 'yellow')}</small></div>
              <div className="cy-kpi"><label>{t('supervisionScreen.kpi.orders')}</label><b>{orders.total}</b><small>{t('supervisionScreen.kpi.ordersHint')}</small></div>
              <div className="cy-kpi"><label>{t('supervisionScreen.kpi.todayRed')}</label><b>{todayRed}</b><small>{t('supervisionScreen.kpi.todayYellow', { n: trend.days.at(-1)?.yellow ?? 0 })}</small></div>
            </div>
            <Panel title={t('supervisionScreen.topOverdue', { n: TOP_OVERDUE })} className="cy-sup-top">
              {overdue.items.length === 0 ? <div className="cy-empty">{t('supervisionScreen.noOverdue')}</div> : (
                <table className="cy-sup-table" data-testid="sup-top">
                  <thead><tr><th>{t('supervisionScreen.col.kind')}</th><th>{t('supervisionScreen.col.item')}</th><th>{t('supervisionScreen.col.owner')}</th><th>{t('supervisionScreen.col.overdue')}</th><th>{t('supervisionScreen.col.orders')}</th></tr></thead>
                  <tbody>
                    {overdue.items.map((i) => (
                      <tr key={i.id}>
                        <td><span className={`cy-kind cy-kind-${i.kind}`}>{label(t, `supervisionScreen.kinds.${i.kind}`, i.kind)}</span></td>
                        <td className="cy-title">{i.title}<em>{i.ref}</em></td>
                        <td className="cy-name">{locale === 'en' ? (i.ownerNameEn ?? i.ownerName) : i.ownerName}</td>
                        <td className="cy-num cy-red">{overdueFor(t, i.deadlineAt, now)}</td>
                        <td className="cy-num">{i.openOrders > 0 ? <span className="cy-sup-order">{t('supervisionScreen.supervised')}</span> : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Panel>
            <TrendPanel days={trend.days} />
          </section>
          <aside className="cy-col">
            <RankingPanel ranking={ranking} level="street" limit={11} />
            <RankingPanel ranking={ranking} level="department" limit={6} />
          </aside>
        </main>
      ) : <div className="cy-center cy-dim">{t('common.loading')}</div>}
    </div>
  );
}

function kindsLine(t: TFunction, board: Board, level: 'red' | 'yellow'): string {
  return Object.entries(board.totals.byKind).filter(([, v]) => v[level] > 0)
    .map(([k, v]) => `${label(t, `supervisionScreen.kinds.${k}`, k)} ${v[level]}`).join(' · ') || '—';
}
