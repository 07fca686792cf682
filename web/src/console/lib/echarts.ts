// ECharts with only what the console draws: the case map (geo + scatter) and the evaluation bars.
import { BarChart, CustomChart, EffectScatterChart } from 'echarts/charts';
import { DataZoomComponent, GeoComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// CustomChart, DataZoom and MarkLine draw the responsibility roadmap (a Gantt chart with a "today" line).
echarts.use([BarChart, CustomChart, EffectScatterChart, DataZoomComponent, GeoComponent, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
