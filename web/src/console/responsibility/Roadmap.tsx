import { Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useT } from '../../shared/i18n';
import { EChart } from '../lib/EChart';
import { echarts } from '../lib/echarts';
import { milestoneStatus, STATUS_COLOR, STATUSES, type MilestoneStatus, type MilestoneView, type TaskView } from './format';

const DAY = 86_400_000;
const ROW = 46;

type Bar = { task: TaskView; m: MilestoneView; start: number; end: number; status: MilestoneStatus };

/** Each milestone as a bar on its task's row: from the previous milestone's date (or the task's issue) to its own. */
export function roadmapBars(tasks: TaskView[], now: number): Bar[] {
  return tasks.flatMap((task) => {
    let prev = new Date(task.createdAt).getTime();
    return task.milestones.map((m) => {
      const end = new Date(m.dueAt).getTime();
      const start = prev < end ? prev : Math.min(new Date(m.startAt).getTime(), end - DAY / 2);
      prev = Math.max(prev, end);
      return { task, m, start, end, status: milestoneStatus(m, now) };
    });
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Braces and bars would be read as ECharts rich-text markup in an axis label.
const plain = (s: string) => s.replace(/[{}|]/g, ' ');

function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/**
 * 路线图: a Gantt chart of the list's tasks (rows) and milestones (bars), coloured by standing — green done,
 * orange done late, red overdue, gold warning, grey-blue in progress (the filled part is the reported progress),
 * light grey cancelled — with a dashed line at today. A click on a bar opens that milestone's records.
 */
export function Roadmap({ tasks, onPick }: { tasks: TaskView[]; onPick?(m: MilestoneView, task: TaskView): void }) {
  const t = useT();
  const option = useMemo(() => {
    const now = Date.now();
    const bars = roadmapBars(tasks, now);
    const min = Math.min(now, ...bars.map((b) => b.start)) - 2 * DAY;
    const max = Math.max(now, ...bars.map((b) => b.end)) + 3 * DAY;
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 34, bottom: 40, containLabel: true },
      tooltip: {
        confine: true,
        formatter: (p: { dataIndex: number }) => {
          const b = bars[p.dataIndex];
          if (!b) return '';
          const line = (k: string, v: string) => `<div><span style="color:#8c8c8c">${escapeHtml(k)}</span> ${escapeHtml(v)}</div>`;
          return `<div style="font-weight:600;max-width:320px;white-space:normal">${escapeHtml(b.m.name)}</div>`
            + `<div style="color:#595959;max-width:320px;white-space:normal">${escapeHtml(`${b.task.seq}. ${b.task.title} · ${b.task.ownerUnitName}`)}</div>`
            + `<div style="margin:4px 0"><span style="display:inline-block;width:8px;height:8px;border-radius:4px;background:${STATUS_COLOR[b.status]};margin-right:6px"></span>${escapeHtml(t(`responsibility.status.${b.status}`))}</div>`
            + line(t('responsibility.detail.start'), dayjs(b.start).format('YYYY-MM-DD'))
            + line(t('responsibility.detail.due'), dayjs(b.end).format('YYYY-MM-DD HH:mm'))
            + line(t('responsibility.detail.progress'), `${b.m.progress}%`)
            + (b.m.doneAt ? line(t('responsibility.detail.doneAt'), dayjs(b.m.doneAt).format('YYYY-MM-DD HH:mm')) : '');
        },
      },
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
        { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 14, bottom: 8, showDetail: false, brushSelect: false },
      ],
      xAxis: {
        type: 'time', position: 'top', min, max,
        axisLabel: { formatter: (v: number) => dayjs(v).format('MM-DD'), color: '#595959', hideOverlap: true },
        minInterval: DAY,
        splitLine: { show: true, lineStyle: { color: '#f0f0f0' } },
      },
      yAxis: {
        type: 'category', inverse: true, data: tasks.map((x) => x.id),
        axisTick: { show: false }, axisLine: { lineStyle: { color: '#d9d9d9' } },
        axisLabel: {
          width: 190, overflow: 'truncate', interval: 0,
          formatter: (_: string, i: number) => `{t|${tasks[i]!.seq}. ${plain(tasks[i]!.title)}}\n{o|${plain(tasks[i]!.ownerUnitName)} · ${plain(tasks[i]!.responsible.name)}}`,
          rich: { t: { fontSize: 12, color: '#1f1f1f', width: 190, overflow: 'truncate' }, o: { fontSize: 11, color: '#8c8c8c', width: 190, overflow: 'truncate', padding: [3, 0, 0, 0] } },
        },
        splitLine: { show: true, lineStyle: { color: '#fafafa' } },
      },
      series: [{
        type: 'custom',
        encode: { x: [1, 2], y: 0 },
        data: bars.map((b) => [tasks.indexOf(b.task), b.start, b.end]),
        renderItem: (params: { dataIndex: number; coordSys: { x: number; y: number; width: number; height: number } }, api: {
          value(i: number): number; coord(v: number[]): number[]; size(v: number[]): number[];
        }) => {
          const b = bars[params.dataIndex]!;
          const s = api.coord([api.value(1), api.value(0)]);
          const e = api.coord([api.value(2), api.value(0)]);
          const h = Math.min(22, api.size([0, 1])[1]! * 0.6);
          const box = { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height };
          const shape = echarts.graphic.clipRectByRect({ x: s[0]!, y: s[1]! - h / 2, width: Math.max(e[0]! - s[0]!, 3), height: h }, box);
          if (!shape) return null;
          const color = STATUS_COLOR[b.status];
          const solid = b.status === 'done' || b.status === 'doneLate';
          const filled = solid ? null : echarts.graphic.clipRectByRect({ x: s[0]!, y: s[1]! - h / 2, width: Math.max(e[0]! - s[0]!, 3) * (b.m.progress / 100), height: h }, box);
          return {
            type: 'group',
            children: [
              { type: 'rect', shape: { ...shape, r: 3 }, style: { fill: solid ? color : alpha(color, 0.28), stroke: color, lineWidth: 1 } },
              ...(filled ? [{ type: 'rect', shape: { ...filled, r: 3 }, style: { fill: alpha(color, 0.85) } }] : []),
              {
                type: 'text', silent: true,
                style: {
                  text: b.m.name, x: shape.x + 5, y: s[1]!, verticalAlign: 'middle', width: Math.max(shape.width - 10, 0), overflow: 'truncate',
                  fill: solid ? '#fff' : '#1f1f1f', font: '12px sans-serif',
                },
              },
            ],
          };
        },
        markLine: {
          silent: true, symbol: 'none', animation: false,
          lineStyle: { color: '#f5222d', type: 'dashed', width: 1 },
          label: { formatter: t('responsibility.detail.today'), color: '#f5222d', position: 'start' },
          data: [{ xAxis: now }],
        },
      }],
    };
  }, [tasks, t]);
  const bars = useMemo(() => roadmapBars(tasks, Date.now()), [tasks]);

  return (
    <div data-testid="roadmap">
      <Space size={[12, 4]} wrap style={{ marginBottom: 4, fontSize: 12 }}>
        {STATUSES.map((s) => (
          <Tag key={s} bordered={false} style={{ marginInlineEnd: 0, background: 'transparent', paddingInline: 0 }}>
            <span style={{ display: 'inline-block', width: 14, height: 10, borderRadius: 2, background: STATUS_COLOR[s], marginRight: 6, verticalAlign: -1 }} />
            {t(`responsibility.status.${s}`)}
          </Tag>
        ))}
      </Space>
      <EChart option={option as never} height={Math.max(200, tasks.length * ROW + 80)} ariaLabel={t('responsibility.detail.roadmap')}
        onClick={(p) => { const b = bars[p.dataIndex]; if (b) onPick?.(b.m, b.task); }} />
    </div>
  );
}
