// The trend line and legend the board draws, added to the console's ECharts core (which registers bars only).
import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { echarts } from '../lib/echarts';

echarts.use([LineChart, LegendComponent]);
