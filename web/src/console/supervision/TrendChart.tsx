import { useMemo } from 'react';
import type { GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { EChart } from '../lib/EChart';
import './echarts-line';

type Trend = GetResponse<'/api/supervision/trend'>;

/** Items turning yellow and red per day (the deadline sweep's marks), last 30 days. */
export function TrendChart({ trend, height = 220 }: { trend: Trend; height?: number }) {
  const t = useT();
  const option = useMemo(() => ({
    grid: { left: 8, right: 16, top: 30, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, right: 0, data: [t('supervision.turnedRed'), t('supervision.turnedYellow')] },
    xAxis: { type: 'category' as const, data: trend.days.map((d) => d.day.slice(5)), axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      { name: t('supervision.turnedRed'), type: 'line' as const, data: trend.days.map((d) => d.red), itemStyle: { color: '#cf1322' }, smooth: false, symbolSize: 5, areaStyle: { color: 'rgba(207,19,34,0.08)' } },
      { name: t('supervision.turnedYellow'), type: 'line' as const, data: trend.days.map((d) => d.yellow), itemStyle: { color: '#d48806' }, smooth: false, symbolSize: 5 },
    ],
  }), [trend, t]);
  return <EChart option={option} height={height} ariaLabel={t('supervision.trendTitle')} />;
}
