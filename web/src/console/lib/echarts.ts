// ECharts with only what the console draws: the case map (geo + scatter) and the evaluation bars.
import { BarChart, EffectScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, EffectScatterChart, GeoComponent, GridComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
