// The whole night at a glance: each key zone's density minute by minute against the tier bands, the alerts raised
// as dots in their tier's colour along the top, and a line at the scrubbed minute. A click moves the scrubber there.
import { useEffect, useMemo, useRef } from 'react';
import { useLocale, useT } from '../../shared/i18n';
import { echarts, type EChartsOption } from '../echarts';
import { COLORS, FONT } from '../theme';
import { beijingTime } from '../time';
import { TIERS, TIER_COLORS, tierDensities, zoneLabel } from '../operation/tiers';
import type { ReplayData } from './useReplay';

const LINE_COLORS = ['#5fd4ff', '#ffd666', '#95de64', '#ff85c0', '#b37feb', '#ffa940'];
const axisText = { color: COLORS.dim, fontSize: 15, fontFamily: FONT };
const hhmm = (t: number) => beijingTime(new Date(t)).slice(0, 5);

export function ReplayChart({ data, index, onPick }: { data: ReplayData; index: number; onPick(k: number): void }) {
  const t = useT();
  const locale = useLocale();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const { times, stepMs, zones, replay } = data;

  useEffect(() => {
    const c = echarts.init(el.current!);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    // A click anywhere on the plot moves the scrubber to that minute.
    c.getZr().on('click', (e) => {
      const [x] = c.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as [number, number];
      if (!Number.isFinite(x)) return;
      const k = Math.floor((x - Date.parse(replay.window.from)) / (replay.window.step * 60_000));
      if (k >= 0 && k < replay.window.points) pick.current(k);
    });
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, [replay]);

  const base = useMemo<EChartsOption>(() => {
    const top = Math.max(6, ...zones.flatMap(({ series }) => series.density.map((d) => d ?? 0)));
    const yMax = Math.min(10, Math.ceil(top + 0.5));
    const bands = zones[0] ? tierDensities(zones[0].zone) : { blue: 2, yellow: 3, orange: 4, red: 5 };
    const alerts = replay.events.filter((e) => e.kind === 'alert_raised');
    return {
      animation: false,
      grid: { left: 52, right: 24, top: 44, bottom: 34 },
      legend: { top: 0, right: 8, itemWidth: 22, itemHeight: 10, textStyle: { color: COLORS.text, fontSize: 15, fontFamily: FONT } },
      tooltip: { trigger: 'axis', textStyle: { fontSize: 15, fontFamily: FONT }, valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : String(v ?? '—')) },
      xAxis: {
        type: 'time', min: times[0], max: (times.at(-1) ?? 0) + stepMs, splitNumber: 8,
        axisLabel: { ...axisText, formatter: (v: number) => hhmm(v), hideOverlap: true }, axisLine: { lineStyle: { color: COLORS.border } }, splitLine: { show: false },
      },
      yAxis: {
        type: 'value', min: 0, max: yMax, interval: 1, name: t('replayScreen.densityAxis'), nameTextStyle: { ...axisText, align: 'left' },
        axisLabel: axisText, splitLine: { lineStyle: { color: 'rgba(95,168,255,0.12)' } },
      },
      series: [
        ...zones.map(({ zone, series }, i) => ({
          name: zoneLabel(zone, locale), type: 'line' as const, showSymbol: false, connectNulls: false, lineStyle: { width: 2.5 },
          itemStyle: { color: LINE_COLORS[i % LINE_COLORS.length] },
          data: series.density.map((d, k) => [times[k]! + stepMs / 2, d]),
          ...(i === 0 ? {
            markArea: {
              silent: true,
              data: TIERS.map((tier, j) => [
                { yAxis: bands[tier], itemStyle: { color: TIER_COLORS[tier], opacity: 0.1 } },
                { yAxis: j < TIERS.length - 1 ? bands[TIERS[j + 1]!] : yMax },
              ]),
            },
          } : {}),
        })),
        {
          name: t('replayScreen.alertsRaised'), type: 'scatter' as const, symbolSize: 12, z: 5,
          itemStyle: { color: TIER_COLORS.red, borderColor: '#fff', borderWidth: 1 },
          data: alerts.map((a) => ({ value: [Date.parse(a.at), yMax - 0.35], itemStyle: { color: TIER_COLORS[a.tier ?? 'blue'] } })),
          tooltip: { show: false },
        },
      ],
    } as EChartsOption;
  }, [zones, times, stepMs, replay, locale, t]);

  useEffect(() => { chart.current?.setOption(base, { notMerge: true }); }, [base]);

  // The cursor alone moves while scrubbing: a small update, not a redraw of the night.
  useEffect(() => {
    const at = (times[index] ?? 0) + stepMs / 2;
    chart.current?.setOption({
      series: [{
        id: 'cursor', type: 'line', data: [], silent: true,
        markLine: {
          symbol: 'none', animation: false, lineStyle: { color: '#ffffff', width: 2, type: 'solid' },
          label: { formatter: hhmm(times[index] ?? 0), color: '#fff', fontSize: 15, fontFamily: FONT, backgroundColor: 'rgba(4,11,26,0.8)', padding: [2, 6] },
          data: [{ xAxis: at }],
        },
      }],
    } as EChartsOption);
  }, [index, times, stepMs, base]);

  return <div ref={el} className="rp-chart" data-testid="replay-chart" />;
}
