import type { SQL } from 'drizzle-orm';
import type { DeferredInsert } from '../../platform/db/unit-of-work.js';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import { underAny } from './lists-repository.js';

type Stamp = Date | string;

export interface TaskRecord {
  id: string;
  listId: string;
  seq: number;
  ownerUnit: string;
  ownerPath: string;
  description: string;
  responsibleName: string;
  responsiblePhone: string | null;
}

export interface MilestoneRecord {
  id: string;
  taskId: string;
  listId: string;
  seq: number;
  name: string;
  dueSpec: unknown;
  dueAt: Date;
}

export function taskInsert(tasks: TaskRecord[]): DeferredInsert {
  return {
    into: 'tasks (id, list_id, seq, owner_unit, owner_path, description, responsible_name, responsible_phone)',
    rows: tasks.map((t) => sql`(${t.id}, ${t.listId}, ${t.seq}, ${t.ownerUnit}, ${t.ownerPath}, ${t.description}, ${t.responsibleName},
      ${t.responsiblePhone})`),
  };
}

export function milestoneInsert(milestones: MilestoneRecord[]): DeferredInsert {
  return {
    into: 'milestones (id, task_id, list_id, seq, name, due_spec, due_at)',
    rows: milestones.map((m) => sql`(${m.id}, ${m.taskId}, ${m.listId}, ${m.seq}, ${m.name}, ${JSON.stringify(m.dueSpec)}::jsonb, ${m.dueAt})`),
  };
}

export function reportInsert(r: {
  milestoneId: string; at: Date; actorId: string | null; actorName: string; unitCode: string; progress: number; text: string;
  figures: Record<string, number> | null; attachmentIds: string[];
}): DeferredInsert {
  return {
    into: 'milestone_reports (milestone_id, at, actor_id, actor_name, unit_code, progress, text, figures, attachment_ids)',
    rows: [sql`(${r.milestoneId}, ${r.at}, ${r.actorId}::uuid, ${r.actorName}, ${r.unitCode}, ${r.progress}, ${r.text},
      ${r.figures ? JSON.stringify(r.figures) : null}::jsonb, ${JSON.stringify(r.attachmentIds)}::jsonb)`],
  };
}

export interface TaskRow {
  id: string;
  ref: string;
  title: string;
  state: string;
  supervised: boolean;
  created_at: Stamp;
  closed_at: Stamp | null;
  list_id: string;
  seq: number;
  owner_unit: string;
  owner_unit_name: string;
  owner_path: string;
  home_path: string;
  description: string;
  responsible_name: string;
  responsible_phone: string | null;
  cancel_reason: string | null;
}

export interface MilestoneRow {
  id: string;
  ref: string;
  title: string;
  state: string;
  warn_level: string;
  supervised: boolean;
  stage_started_at: Stamp | null;
  warn_at: Stamp | null;
  created_at: Stamp;
  owner_unit: string;
  owner_path: string;
  home_path: string;
  task_id: string;
  list_id: string;
  seq: number;
  name: string;
  due_spec: Record<string, unknown>;
  due_at: Stamp;
  done_at: Stamp | null;
  done_late: boolean | null;
  progress: number;
  last_report_at: Stamp | null;
  last_report_text: string | null;
}

const TASK_COLUMNS = sql`tw.id, tw.ref, tw.title, tw.state, tw.supervised, tw.created_at, tw.closed_at, tw.home_path, t.list_id, t.seq,
  t.owner_unit, u.name AS owner_unit_name, t.owner_path, t.description, t.responsible_name, t.responsible_phone, t.cancel_reason`;
const TASK_FROM = sql`tasks t JOIN work_items tw ON tw.id = t.id JOIN units u ON u.code = t.owner_unit`;

const MILESTONE_COLUMNS = sql`mw.id, mw.ref, mw.title, mw.state, mw.warn_level, mw.supervised, mw.stage_started_at, mw.warn_at, mw.created_at,
  mw.owner_unit, mw.owner_path, mw.home_path, m.task_id, m.list_id, m.seq, m.name, m.due_spec, m.due_at, m.done_at, m.done_late, m.progress,
  m.last_report_at, m.last_report_text`;

/** A list's tasks in order; `ownerScope` (when the viewer did not issue it) keeps those owned in their scope. */
export async function tasksOfList(ex: Executor, listId: string, ownerScope: string[] | null): Promise<TaskRow[]> {
  const inScope = ownerScope ? underAny(sql`t.owner_path`, ownerScope) : sql`TRUE`;
  return queryRows<TaskRow>(ex, sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.list_id = ${listId} AND ${inScope} ORDER BY t.seq`);
}

export async function milestonesOfTasks(ex: Executor, taskIds: readonly string[]): Promise<MilestoneRow[]> {
  if (taskIds.length === 0) return [];
  return queryRows<MilestoneRow>(ex, sql`SELECT ${MILESTONE_COLUMNS} FROM milestones m JOIN work_items mw ON mw.id = m.id
    WHERE m.task_id = ANY(${toPgArray(taskIds)}::uuid[]) ORDER BY m.task_id, m.seq`);
}

export interface TaskListRow extends TaskRow {
  list_ref: string;
  list_title: string;
  issuer_unit_name: string;
}

/** The worst warning among a task's open milestones (`t` names the task), for filtering and sorting. */
const TASK_WARN = sql`(SELECT CASE WHEN bool_or(mw.warn_level = 'red') THEN 'red' WHEN bool_or(mw.warn_level = 'yellow') THEN 'yellow' ELSE 'none' END
  FROM milestones m JOIN work_items mw ON mw.id = m.id WHERE m.task_id = t.id AND mw.state = 'open')`;

/**
 * Tasks the viewer may see (owned in their scope, or of a list issued in it), or only those owned by `units`:
 * open ones first, the soonest open milestone first.
 */
export async function listTasks(ex: Executor, f: {
  scope: string[]; units?: string[]; listId?: string; states?: string[]; warn?: string; limit: number; offset: number;
}): Promise<{ rows: TaskListRow[]; total: number }> {
  const conds: SQL[] = [sql`(${underAny(sql`t.owner_path`, f.scope)} OR ${underAny(sql`l.issuer_path`, f.scope)})`];
  if (f.units) conds.push(sql`t.owner_unit = ANY(${toPgArray(f.units)}::text[])`);
  if (f.listId) conds.push(sql`t.list_id = ${f.listId}`);
  if (f.states?.length) conds.push(sql`tw.state = ANY(${toPgArray(f.states)}::text[])`);
  if (f.warn) conds.push(sql`${TASK_WARN} = ${f.warn}`);
  const rows = await queryRows<TaskListRow & { total_rows: number }>(ex, sql`SELECT ${TASK_COLUMNS}, l.ref AS list_ref, l.title AS list_title,
      lu.name AS issuer_unit_name, count(*) OVER () AS total_rows
    FROM ${TASK_FROM} JOIN responsibility_lists l ON l.id = t.list_id JOIN units lu ON lu.code = l.issuer_unit
    WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY (tw.state = 'open') DESC,
      (SELECT min(m.due_at) FROM milestones m JOIN work_items mw ON mw.id = m.id WHERE m.task_id = t.id AND mw.state = 'open') NULLS LAST,
      l.created_at DESC, t.seq
    LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

/** What an action on a milestone needs in one read: the milestone, its work item, and its list's issuer. */
export interface MilestoneContext extends MilestoneRow {
  issuer_path: string;
  issuer_unit: string;
}

export async function milestoneContext(ex: Executor, id: string): Promise<MilestoneContext | undefined> {
  const [row] = await queryRows<MilestoneContext>(ex, sql`SELECT ${MILESTONE_COLUMNS}, l.issuer_path, l.issuer_unit
    FROM milestones m JOIN work_items mw ON mw.id = m.id JOIN responsibility_lists l ON l.id = m.list_id WHERE m.id = ${id}`);
  return row;
}

export async function findTask(ex: Executor, id: string): Promise<(TaskRow & { issuer_path: string }) | undefined> {
  const [row] = await queryRows<TaskRow & { issuer_path: string }>(ex, sql`SELECT ${TASK_COLUMNS}, l.issuer_path
    FROM ${TASK_FROM} JOIN responsibility_lists l ON l.id = t.list_id WHERE t.id = ${id}`);
  return row;
}

/**
 * Locks the task's row: every write on a task or its milestones takes it first, so the last two milestones
 * completed at once see each other and exactly one of them completes the task.
 */
export async function lockTask(ex: Executor, taskId: string): Promise<void> {
  await ex.execute(sql`SELECT id FROM tasks WHERE id = ${taskId} FOR UPDATE`);
}

export async function recordProgress(ex: Executor, id: string, p: {
  progress: number; at: Date; text: string; done: boolean; late: boolean;
}): Promise<void> {
  await ex.execute(sql`UPDATE milestones SET progress = ${p.progress}, last_report_at = ${p.at}, last_report_text = ${p.text},
    done_at = CASE WHEN ${p.done}::boolean THEN ${p.at}::timestamptz ELSE done_at END,
    done_late = CASE WHEN ${p.done}::boolean THEN ${p.late}::boolean ELSE done_late END
    WHERE id = ${id}`);
}

export async function openMilestoneIds(ex: Executor, taskId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(ex, sql`SELECT m.id FROM milestones m JOIN work_items mw ON mw.id = m.id
    WHERE m.task_id = ${taskId} AND mw.state = 'open' ORDER BY m.seq`);
  return rows.map((r) => r.id);
}

export async function setDue(ex: Executor, id: string, dueAt: Date, dueSpec: unknown): Promise<void> {
  await ex.execute(sql`UPDATE milestones SET due_at = ${dueAt}, due_spec = ${JSON.stringify(dueSpec)}::jsonb WHERE id = ${id}`);
}

export async function setCancelReason(ex: Executor, taskId: string, reason: string): Promise<void> {
  await ex.execute(sql`UPDATE tasks SET cancel_reason = ${reason} WHERE id = ${taskId}`);
}

export interface ReportRow {
  at: Stamp;
  actor_name: string;
  unit_code: string | null;
  progress: number;
  text: string;
  figures: Record<string, number> | null;
  attachment_ids: string[];
}

export async function milestoneReports(ex: Executor, id: string): Promise<ReportRow[]> {
  return queryRows<ReportRow>(ex, sql`SELECT at, actor_name, unit_code, progress, text, figures, attachment_ids FROM milestone_reports
    WHERE milestone_id = ${id} ORDER BY id`);
}
