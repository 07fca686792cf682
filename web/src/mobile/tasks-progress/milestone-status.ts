// A milestone's standing on the phone, as on the console's roadmap: green done, orange done late, red overdue,
// gold warning, blue in progress, grey cancelled.
export type MilestoneStatus = 'done' | 'doneLate' | 'overdue' | 'warning' | 'pending' | 'cancelled';

export const STATUS_TAG: Record<MilestoneStatus, string> = {
  done: 'success', doneLate: 'orange', overdue: 'red', warning: 'gold', pending: 'processing', cancelled: 'default',
};
export const STATUS_DOT: Record<MilestoneStatus, string> = {
  done: '#52c41a', doneLate: '#fa8c16', overdue: '#f5222d', warning: '#faad14', pending: '#1677ff', cancelled: '#c9cdd4',
};

export function milestoneStatus(m: { state: string; warnLevel: string; doneLate: boolean | null; dueAt: string }, now = Date.now()): MilestoneStatus {
  if (m.state === 'cancelled') return 'cancelled';
  if (m.state === 'completed') return m.doneLate ? 'doneLate' : 'done';
  if (m.warnLevel === 'red' || new Date(m.dueAt).getTime() < now) return 'overdue';
  return m.warnLevel === 'yellow' ? 'warning' : 'pending';
}
