import { useEffect, useRef } from 'react';
import { echarts, type EChartsOption } from './echarts';

/** One ECharts canvas that follows its box and takes a new option whenever it changes. */
export function Chart({ option, className, testId }: { option: EChartsOption; className?: string; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const c = echarts.init(el.current!);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { chart.current?.setOption(option, { notMerge: false, lazyUpdate: true }); }, [option]);
  return <div ref={el} className={className ?? 'cy-chart'} data-testid={testId} />;
}
