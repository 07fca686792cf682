// How the operation pages show phases, task states, shift status and post kinds: one set of colours everywhere.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { GetResponse } from '../../shared/api';
import type { TFunction } from '../../shared/i18n';

export type Operation = GetResponse<'/api/operations/{id}'>;
export type Post = Operation['postTree'][number];
export type Task = GetResponse<'/api/operations/{id}/tasks'>['items'][number];
export type Roster = GetResponse<'/api/operations/{id}/roster'>;
export type Shift = Roster['posts'][number]['shifts'][number];

export const PHASES = ['before', 'during', 'after'] as const;
export const SECTORS = ['transport', 'construction', 'tourism', 'fire', 'gas', 'hazchem', 'industry_trade'] as const;
export const TASK_STATES = ['pending', 'in_progress', 'done', 'cancelled'] as const;

const PHASE_COLOR: Record<string, string> = { before: 'geekblue', during: 'volcano', after: 'cyan' };
const TASK_COLOR: Record<string, string> = { pending: 'default', in_progress: 'processing', done: 'success', cancelled: 'default' };
export const SHIFT_COLOR: Record<string, string> = { scheduled: '#91caff', due: '#fa8c16', absent: '#f5222d', on_duty: '#52c41a', off_duty: '#bfbfbf' };
const SHIFT_TAG: Record<string, string> = { scheduled: 'blue', due: 'orange', absent: 'red', on_duty: 'green', off_duty: 'default' };
const KIND_COLOR: Record<string, string> = { command: 'red', command_post: 'volcano', task_force: 'blue', street_sub_command: 'green' };

const tag = (color: string, text: string) => <Tag color={color} style={{ marginInlineEnd: 0 }}>{text}</Tag>;

export const PhaseTag = ({ phase, t }: { phase: string | null; t: TFunction }) => (phase ? tag(PHASE_COLOR[phase] ?? 'default', t(`operations.phase.${phase}`)) : <span>—</span>);
export const TaskStateTag = ({ state, t }: { state: string; t: TFunction }) => tag(TASK_COLOR[state] ?? 'default', t(`operations.taskState.${state}`));
export const ShiftTag = ({ status, t }: { status: string; t: TFunction }) => tag(SHIFT_TAG[status] ?? 'default', t(`operations.shiftStatus.${status}`));
export const KindTag = ({ kind, t }: { kind: string; t: TFunction }) => tag(KIND_COLOR[kind] ?? 'default', t(`operations.postKind.${kind}`));

export const hm = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
export const clock = (iso: string) => dayjs(iso).format('HH:mm');

/** The post tree as antd tree-table rows (children under each post). */
export function postTree<T extends { id: string; parentId: string | null }>(posts: T[]): Array<T & { children?: Array<T & { children?: unknown }> }> {
  type Node = T & { children?: Node[] };
  const nodes = new Map<string, Node>(posts.map((p) => [p.id, { ...p }]));
  const roots: Node[] = [];
  for (const p of posts) {
    const node = nodes.get(p.id)!;
    const parent = p.parentId ? nodes.get(p.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
