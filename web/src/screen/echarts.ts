// Only the ECharts parts the screen draws, so the bundle stays small: geo (the map), scatter (markers, zone
// labels), lines (zone outlines), line/bar (trends), pie (category mix); the operation screen adds gauges (zone
// density), effect scatter (zones at orange/red pulse), mark lines/areas (density bands on the occupancy curve) and
// label layout (without it `labelLayout` is ignored: the zones' labels stand beside their cluster).
import { BarChart, EffectScatterChart, GaugeChart, LineChart, LinesChart, PieChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, EffectScatterChart, GaugeChart, LineChart, LinesChart, PieChart, ScatterChart,
  GeoComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, LabelLayout, CanvasRenderer,
]);

export { echarts };
export type EChartsOption = Parameters<echarts.ECharts['setOption']>[0];
