// The side panels: trends, category mix, ranking, live activity.
import { useMemo } from 'react';
import { useLocale, useT } from '../shared/i18n';
import { Chart } from './Chart';
import type { EChartsOption } from './echarts';
import { COLORS, FONT } from './theme';
import { beijingHour, beijingTime } from './time';
import type { FeedItem, Summary } from './useScreenData';

const axisText = { color: COLORS.dim, fontSize: 15, fontFamily: FONT };
const splitLine = { lineStyle: { color: 'rgba(95,168,255,0.15)' } };

export function Panel({ title, children, className, extra }: { title: string; children: React.ReactNode; className?: string; extra?: React.ReactNode }) {
  return (
    <section className={`cy-panel ${className ?? ''}`}>
      <header><h2>{title}</h2>{extra}</header>
      <div className="cy-panel-body">{children}</div>
    </section>
  );
}

function trendOption(t: (k: string) => string, labels: string[], reported: number[], closed: number[], kind: 'bar' | 'line'): EChartsOption {
  return {
    grid: { left: 44, right: 12, top: 36, bottom: 28 },
    legend: { top: 0, right: 0, textStyle: { color: COLORS.text, fontSize: 15, fontFamily: FONT }, itemWidth: 16, itemHeight: 10 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, axisLabel: axisText, axisLine: { lineStyle: { color: COLORS.border } }, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
    series: [
      {
        name: t('screen.reported'), type: kind, data: reported, itemStyle: { color: COLORS.accent }, barMaxWidth: 18,
        smooth: true, showSymbol: false, lineStyle: { width: 3 }, areaStyle: kind === 'line' ? { color: 'rgba(62,166,255,0.18)' } : undefined,
      },
      {
        name: t('screen.closed'), type: kind, data: closed, itemStyle: { color: COLORS.closedToday }, barMaxWidth: 18,
        smooth: true, showSymbol: false, lineStyle: { width: 3 },
      },
    ],
  } as EChartsOption;
}

export function Trend7d({ summary }: { summary: Summary }) {
  const t = useT();
  const option = useMemo(() => trendOption(t, summary.trend7d.map((d) => d.day.slice(5).replace('-', '/')),
    summary.trend7d.map((d) => d.reported), summary.trend7d.map((d) => d.closed), 'bar'), [summary.trend7d, t]);
  return <Panel title={t('screen.trend7d')}><Chart option={option} testId="trend7d" /></Panel>;
}

export function Trend24h({ summary }: { summary: Summary }) {
  const t = useT();
  const option = useMemo(() => trendOption(t, summary.trend24h.map((h) => beijingHour(h.hour)),
    summary.trend24h.map((h) => h.reported), summary.trend24h.map((h) => h.closed), 'line'), [summary.trend24h, t]);
  return <Panel title={t('screen.trend24h')}><Chart option={option} testId="trend24h" /></Panel>;
}

const PIE_COLORS = ['#3ea6ff', '#36cfc9', '#ffc53d', '#ff7a45', '#9254de', '#73d13d', '#f759ab', '#597ef7', '#ffa940', '#bae637', '#40a9ff', '#ff85c0'];

export function CategoryMix({ summary }: { summary: Summary }) {
  const t = useT();
  const locale = useLocale();
  const option = useMemo<EChartsOption>(() => ({
    color: PIE_COLORS,
    tooltip: { trigger: 'item' },
    legend: {
      orient: 'vertical', right: 0, top: 'middle', itemWidth: 14, itemHeight: 14, itemGap: 12,
      textStyle: { color: COLORS.text, fontSize: 16, fontFamily: FONT },
    },
    series: [{
      type: 'pie', radius: ['42%', '72%'], center: ['30%', '52%'], avoidLabelOverlap: true,
      label: { show: true, position: 'inside', formatter: '{d}%', color: '#fff', fontSize: 14, fontWeight: 'bold' },
      itemStyle: { borderColor: COLORS.bg, borderWidth: 2 },
      data: summary.categories.slice(0, 8).map((c) => ({
        name: `${t(`screen.${c.kind}`)}·${locale === 'en' ? (c.majorNameEn ?? c.majorName) : c.majorName} ${c.count}`, value: c.count,
      })),
    }],
  }), [summary.categories, t, locale]);
  return (
    <Panel title={t('screen.categories')}>
      {summary.categories.length ? <Chart option={option} testId="categories" /> : <div className="cy-empty">{t('common.empty')}</div>}
    </Panel>
  );
}

export function Ranking({ summary, onPick, limit }: { summary: Summary; onPick?(code: string): void; limit: number }) {
  const t = useT();
  const locale = useLocale();
  const rows = summary.ranking.rows.slice(0, limit);
  return (
    <Panel title={t(`screen.ranking.${summary.ranking.level}`)} className="cy-ranking">
      <table>
        <thead>
          <tr><th>#</th><th /><th>{t('screen.ranking.score')}</th><th>{t('screen.ranking.closedRate')}</th><th>{t('screen.ranking.open')}</th><th>{t('screen.ranking.overdue')}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} data-code={r.code} className={onPick ? 'cy-clickable' : undefined} onClick={onPick ? () => onPick(r.code) : undefined}>
              <td><span className={`cy-rank cy-rank-${r.rank ?? 'none'}`}>{r.rank ?? '–'}</span></td>
              <td className="cy-name">{locale === 'en' ? (r.nameEn ?? r.name) : r.name}</td>
              <td className="cy-num">
                {r.composite === null ? <span className="cy-dim">{t('screen.ranking.noCases')}</span> : (
                  <span className="cy-bar"><i style={{ width: `${Math.max(0, Math.min(100, r.composite))}%` }} /><b>{r.composite.toFixed(1)}</b></span>
                )}
              </td>
              <td className="cy-num">{r.closedRate === null ? '—' : `${r.closedRate.toFixed(0)}%`}</td>
              <td className="cy-num">{r.open}</td>
              <td className={`cy-num ${r.overdue ? 'cy-red' : ''}`}>{r.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export function Feed({ items }: { items: FeedItem[] }) {
  const t = useT();
  return (
    <Panel title={t('screen.feed')} className="cy-feed">
      {items.length === 0 ? <div className="cy-empty">{t('screen.feedEmpty')}</div> : (
        <ul data-testid="screen-feed">
          {items.slice(0, 12).map((f) => {
            const tone = f.action === 'overdue' ? 'cy-red' : f.action === 'warn' ? 'cy-yellow' : f.action === 'close' ? 'cy-green' : '';
            return (
              <li key={f.id}>
                <time>{beijingTime(f.at)}</time>
                <span className={`cy-action ${tone}`}>{t(`screen.action.${f.action}`)}</span>
                <span className="cy-ref">{f.ref}</span>
                <span className="cy-title">{f.title}</span>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
