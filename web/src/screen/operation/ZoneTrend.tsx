// One zone's last three hours: occupancy against its density bands (mark lines), what was forecast for each minute
// 15 minutes before (so the room sees how far to trust the projection), the 15/30-minute projection dashed, and
// the flow in and out per minute beneath; the forecast's mean absolute error over the last hour at the foot.
import { useMemo } from 'react';
import { useLocale, useT, type TFunction } from '../../shared/i18n';
import { Chart } from '../Chart';
import type { EChartsOption } from '../echarts';
import { COLORS, FONT } from '../theme';
import { beijingTime } from '../time';
import { CRITICAL_COLOR, density, persons, TIERS, TIER_COLORS, tierColor, tierDensities, tierOfLevel, type Series, type Zone } from './tiers';

const axisText = { color: COLORS.dim, fontSize: 15, fontFamily: FONT };
const splitLine = { lineStyle: { color: 'rgba(95,168,255,0.13)' } };
const hhmm = (t: number | string) => beijingTime(new Date(t)).slice(0, 5);
const IN_COLOR = '#36cfc9';
const OUT_COLOR = '#b37feb';

/**
 * The density axis: whole persons/m², with room above everything shown (so the next threshold stays in sight and a
 * projection past the critical line is drawn, not cut), up to what the ingest accepts as plausible (10/m²).
 */
function densityMax(s: Series): number {
  const top = Math.max(...s.points.map((p) => p.density), ...s.projection.map((p) => p.density), 0);
  return Math.min(10, Math.max(3, Math.ceil(top + 0.75)));
}

function trendOption(t: TFunction, locale: string, z: Zone, s: Series): EChartsOption {
  const area = z.areaM2;
  const dMax = densityMax(s);
  const bands = tierDensities(z);
  // The series' own end (its latest reading): the curve and the line marking it are of the same fetch.
  const asOf = Date.parse(s.to);
  const tail = s.projection.at(-1);
  // A few minutes past the projection's end, so its label stays inside the chart.
  const xMax = (tail ? Date.parse(tail.at) : Date.parse(s.to)) + 6 * 60_000;
  const fcTier = z.live.forecast.in15 ? tierOfLevel(z.live.forecast.in15.level) : z.live.tier;
  // A minute's in/out is complete once its last gate reading is in.
  const complete = s.points.filter((p) => Date.parse(p.minute) + 59_000 <= asOf);
  const lines = [
    ...TIERS.map((tier) => ({ tier, d: bands[tier], color: TIER_COLORS[tier], label: t(`operationScreen.tier.${tier}`) })),
    { tier: 'critical', d: z.criticalDensity, color: CRITICAL_COLOR, label: t('operationScreen.trend.critical') },
  ].filter((b) => b.d <= dMax);
  const occupancyAxis = {
    type: 'value', gridIndex: 0, min: 0, max: dMax * area, interval: area, position: 'left',
    axisLabel: { ...axisText, formatter: (v: number) => (v === 0 ? '0' : persons(v, locale)) }, splitLine,
  };
  return {
    animation: false,
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    tooltip: { trigger: 'axis', textStyle: { fontSize: 15, fontFamily: FONT } },
    legend: {
      top: 0, left: 6, itemWidth: 22, itemHeight: 10, textStyle: { color: COLORS.text, fontSize: 15, fontFamily: FONT },
      data: [t('operationScreen.trend.occupancy'), t('operationScreen.trend.projection'), t('operationScreen.trend.pastForecast'), t('operationScreen.trend.in'), t('operationScreen.trend.out')],
    },
    grid: [{ left: 70, right: 64, top: 54, height: '54%' }, { left: 70, right: 64, top: '74%', bottom: 26 }],
    xAxis: [0, 1].map((i) => ({
      type: 'time', gridIndex: i, min: Date.parse(s.from), max: xMax, splitNumber: 7,
      axisLabel: i === 1 ? { ...axisText, formatter: (v: number) => hhmm(v), hideOverlap: true } : { show: false },
      axisLine: { lineStyle: { color: COLORS.border } }, axisTick: { show: false }, splitLine: { show: false },
    })),
    yAxis: [
      occupancyAxis,
      {
        type: 'value', gridIndex: 0, min: 0, max: dMax, interval: 1, position: 'right', name: t('operationScreen.densityUnit'),
        nameTextStyle: { ...axisText, align: 'right' }, nameGap: 10, axisLabel: axisText, splitLine: { show: false },
      },
      {
        type: 'value', gridIndex: 1, splitNumber: 2, axisLabel: { ...axisText, formatter: (v: number) => persons(Math.abs(v), locale) },
        splitLine,
      },
    ],
    series: [
      {
        name: t('operationScreen.trend.occupancy'), type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, z: 5,
        data: s.points.map((p) => [Date.parse(p.minute), p.occupancy]),
        lineStyle: { width: 3, color: COLORS.accent }, itemStyle: { color: COLORS.accent },
        areaStyle: { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(62,166,255,0.35)' }, { offset: 1, color: 'rgba(62,166,255,0.02)' }] } },
        markLine: {
          silent: true, symbol: 'none',
          data: lines.map((b) => ({
            yAxis: b.d * area, lineStyle: { color: b.color, width: 1.5, type: b.tier === 'critical' ? 'dashed' : 'solid', opacity: 0.9 },
            label: { formatter: `${b.label} ${b.d.toFixed(1)}`, position: 'insideStartTop', color: b.color, fontSize: 14, fontFamily: FONT, fontWeight: 'bold' },
          })),
        },
        markArea: {
          silent: true,
          data: [
            ...TIERS.map((tier, i) => [
              { yAxis: bands[tier] * area, itemStyle: { color: TIER_COLORS[tier], opacity: 0.07 } },
              { yAxis: Math.min(dMax, i < 3 ? bands[TIERS[i + 1]!] : z.criticalDensity) * area },
            ]),
          ].filter(([from]) => from.yAxis < dMax * area),
        },
      },
      {
        name: t('operationScreen.trend.pastForecast'), type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, z: 4,
        data: s.points.filter((p) => p.forecast15 !== null).map((p) => [Date.parse(p.minute), p.forecast15]),
        lineStyle: { width: 1.5, type: 'dotted', color: '#9fb7d6' }, itemStyle: { color: '#9fb7d6' },
      },
      {
        name: t('operationScreen.trend.projection'), type: 'line', xAxisIndex: 0, yAxisIndex: 0, z: 6, symbol: 'circle', symbolSize: 9,
        data: s.projection.map((p, i) => ({
          value: [Date.parse(p.at), p.occupancy],
          // +15′ below its point and +30′ above: 15 minutes apart, a flat projection would put them on top of each other.
          label: i === 0 ? { show: false } : {
            show: true, position: i === 1 ? 'bottom' : 'top', color: COLORS.text, fontSize: 15, fontWeight: 'bold' as const, fontFamily: FONT,
            formatter: `+${i * 15}′ ${density(p.density)}`,
          },
        })),
        lineStyle: { width: 3, type: 'dashed', color: tierColor(fcTier) }, itemStyle: { color: tierColor(fcTier) },
        markLine: {
          silent: true, symbol: 'none',
          data: [{ xAxis: asOf, lineStyle: { color: COLORS.dim, type: 'dashed', width: 1 }, label: { formatter: hhmm(asOf), position: 'start', color: COLORS.dim, fontSize: 14 } }],
        },
      },
      {
        name: t('operationScreen.trend.in'), type: 'bar', xAxisIndex: 1, yAxisIndex: 2, stack: 'flow', barWidth: '70%',
        data: complete.map((p) => [Date.parse(p.minute), p.in]), itemStyle: { color: IN_COLOR },
      },
      {
        name: t('operationScreen.trend.out'), type: 'bar', xAxisIndex: 1, yAxisIndex: 2, stack: 'flow', barWidth: '70%',
        data: complete.map((p) => [Date.parse(p.minute), -p.out]), itemStyle: { color: OUT_COLOR },
      },
    ],
  } as EChartsOption;
}

function Mae({ label, mae, samples, base }: { label: string; mae: number | null; samples: number; base: number }) {
  const t = useT();
  const locale = useLocale();
  if (mae === null || samples === 0) return <span>{label} <b className="cy-dim">{t('operationScreen.trend.noMae')}</b></span>;
  const share = base > 0 ? `${((mae / base) * 100).toFixed(1)}%` : '—';
  return <span title={t('operationScreen.trend.samples', { n: samples })}>{label} <b>±{persons(mae, locale)}</b> <em>{share}</em></span>;
}

export function ZoneTrend({ zone, series, following }: { zone: Zone; series: Series | null; following: boolean }) {
  const t = useT();
  const locale = useLocale();
  const option = useMemo(() => (series?.points.length ? trendOption(t, locale, zone, series) : null), [t, locale, zone, series]);
  const f = zone.live.forecast;
  return (
    <div className="op-trend" data-testid="zone-trend" data-zone={zone.code}>
      <div className="op-trend-chart">
        {option ? <Chart option={option} testId="zone-trend-chart" />
          : <div className="cy-empty">{series ? t('operationScreen.noData') : t('common.loading')}</div>}
      </div>
      <footer className="op-mae" data-testid="zone-mae">
        <span className="op-mae-title">{t('operationScreen.trend.mae')}</span>
        <Mae label={t('operationScreen.in15')} mae={f.mae15} samples={f.samples15} base={zone.live.occupancy} />
        <Mae label={t('operationScreen.in30')} mae={f.mae30} samples={f.samples30} base={zone.live.occupancy} />
        {following && <span className="op-follow">{t('operationScreen.trend.following')}</span>}
      </footer>
    </div>
  );
}
