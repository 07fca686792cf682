// How responsibility lists show a milestone's standing, the same on the roadmap, the tables and the phone:
// green done on time, orange done late, red overdue, gold warning, blue-grey in progress, grey cancelled.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { GetResponse } from '../../shared/api';
import type { TFunction } from '../../shared/i18n';

export type ListDetail = GetResponse<'/api/responsibility-lists/{id}'>;
export type TaskView = ListDetail['tasks'][number];
export type MilestoneView = TaskView['milestones'][number];

export type MilestoneStatus = 'done' | 'doneLate' | 'overdue' | 'warning' | 'pending' | 'cancelled';

export const STATUS_COLOR: Record<MilestoneStatus, string> = {
  done: '#52c41a', doneLate: '#fa8c16', overdue: '#f5222d', warning: '#faad14', pending: '#8c9bb0', cancelled: '#d9d9d9',
};
const STATUS_TAG: Record<MilestoneStatus, string> = {
  done: 'success', doneLate: 'orange', overdue: 'red', warning: 'gold', pending: 'default', cancelled: 'default',
};
export const STATUSES = Object.keys(STATUS_COLOR) as MilestoneStatus[];

/** Where a milestone stands; an open one past due counts as overdue even before the sweep has marked it. */
export function milestoneStatus(m: Pick<MilestoneView, 'state' | 'warnLevel' | 'doneLate' | 'dueAt'>, now = Date.now()): MilestoneStatus {
  if (m.state === 'cancelled') return 'cancelled';
  if (m.state === 'completed') return m.doneLate ? 'doneLate' : 'done';
  if (m.warnLevel === 'red' || new Date(m.dueAt).getTime() < now) return 'overdue';
  return m.warnLevel === 'yellow' ? 'warning' : 'pending';
}

export function StatusTag({ status, t }: { status: MilestoneStatus; t: TFunction }) {
  return <Tag color={STATUS_TAG[status]} style={{ marginInlineEnd: 0 }}>{t(`responsibility.status.${status}`)}</Tag>;
}

export function TaskStateTag({ state, t }: { state: string; t: TFunction }) {
  const color = state === 'completed' ? 'success' : state === 'cancelled' ? 'default' : 'processing';
  return <Tag color={color} style={{ marginInlineEnd: 0 }}>{t(`responsibility.state.${state}`)}</Tag>;
}

export const day = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** The end of a picked day in Beijing: a milestone "due on the 20th" is due at the day's end. */
export const endOfDay = (d: dayjs.Dayjs) => d.hour(23).minute(59).second(0).millisecond(0).toISOString();
