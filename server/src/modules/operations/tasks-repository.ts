import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import { underAny } from './operations-repository.js';
import type { Phase } from './phases.js';
import { OPERATION_TASK_KIND } from './task-machine.js';

export type TaskSource = 'template' | 'manual' | 'plan' | 'playbook';

/** One task as it will be stored: work item and task row together. */
export interface TaskRowInput {
  id: string;
  seq: number;
  title: string;
  description: string;
  phase: Phase | null;
  sector: string | null;
  postId: string | null;
  ownerUnit: string;
  ownerPath: string;
  startedAt: Date;
  warnAt: Date;
  deadlineAt: Date;
  sourceKind: TaskSource;
  sourceRef: string | null;
}

/**
 * Every task in one statement: the work items (kind 'operation_task', pending, clock running), the task rows, a
 * 'create' timeline row each and an `operation_task.create` event each (to the owning unit's stream). Refs come
 * from one sequence in input order. Returns id and ref per task, in input order.
 */
export async function insertTasks(ex: Executor, w: {
  operationId: string | null; issuerPath: string; tasks: TaskRowInput[]; now: Date; actorId: string | null; actorName: string;
}): Promise<Array<{ id: string; ref: string }>> {
  if (w.tasks.length === 0) return [];
  const day = new Date(w.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const input = JSON.stringify(w.tasks.map((t, i) => ({
    ord: i, id: t.id, seq: t.seq, title: t.title, description: t.description, phase: t.phase, sector: t.sector, post_id: t.postId,
    owner_unit: t.ownerUnit, owner_path: t.ownerPath, started_at: t.startedAt.toISOString(), warn_at: t.warnAt.toISOString(),
    deadline_at: t.deadlineAt.toISOString(), source_kind: t.sourceKind, source_ref: t.sourceRef,
  })));
  const rows = await queryRows<{ id: string; ref: string; ord: number }>(ex, sql`WITH input AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(ord int, id uuid, seq int, title text, description text, phase text, sector text,
        post_id uuid, owner_unit text, owner_path text, started_at timestamptz, warn_at timestamptz, deadline_at timestamptz,
        source_kind text, source_ref text)
    ), numbered AS (
      SELECT i.*, 'RW' || ${day} || lpad(nextval('operation_task_ref_seq')::text, 5, '0') AS ref FROM (SELECT * FROM input ORDER BY ord) i
    ), w AS (
      INSERT INTO work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path, stage, stage_started_at, warn_at, deadline_at, created_at, updated_at)
      SELECT id, ${OPERATION_TASK_KIND}, ref, title, 'pending', owner_unit, owner_path, owner_path, ${OPERATION_TASK_KIND}, started_at, warn_at, deadline_at, ${w.now}, ${w.now}
      FROM numbered
      RETURNING id
    ), t AS (
      INSERT INTO operation_tasks (id, operation_id, post_id, phase, sector, seq, owner_unit, owner_path, issuer_path, description, source_kind, source_ref)
      SELECT id, ${w.operationId}::uuid, post_id, phase, sector, seq, owner_unit, owner_path, ${w.issuerPath}, description, source_kind, source_ref FROM numbered
    ), tl AS (
      INSERT INTO work_item_timeline (item_id, actor_id, actor_name, action, from_state, to_state, unit_code, note, data)
      SELECT id, ${w.actorId}::uuid, ${w.actorName}, 'create', NULL, 'pending', owner_unit, NULL,
        jsonb_build_object('operationId', ${w.operationId}::text, 'phase', phase, 'source', source_kind) FROM numbered
    ), ev AS (
      INSERT INTO events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)
      SELECT ${`${OPERATION_TASK_KIND}.create`}, owner_path, '{}'::text[], ${OPERATION_TASK_KIND}, id::text, ${w.actorId}::uuid,
        jsonb_build_object('ref', ref, 'title', title, 'action', 'create', 'from', NULL, 'state', 'pending', 'ownerUnit', owner_unit,
          'warnLevel', 'none', 'deadlineAt', to_char(deadline_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'data', jsonb_build_object('operationId', ${w.operationId}::text, 'phase', phase, 'source', source_kind))
      FROM numbered ORDER BY ord
    )
    SELECT id, ref, ord FROM numbered ORDER BY ord`);
  return rows.map((r) => ({ id: r.id, ref: r.ref }));
}

/** The next free sequence number of the operation's tasks (the caller holds the operation's row lock). */
export async function nextTaskSeq(ex: Executor, operationId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT coalesce(max(seq), 0)::int AS n FROM operation_tasks WHERE operation_id = ${operationId}`);
  return Number(row?.n ?? 0) + 1;
}

export interface TaskRow {
  id: string;
  ref: string;
  title: string;
  state: string;
  warn_level: string;
  owner_unit: string;
  owner_path: string;
  home_path: string;
  owner_name: string;
  deadline_at: Date | string | null;
  stage_started_at: Date | string | null;
  supervised: boolean;
  closed_at: Date | string | null;
  created_at: Date | string;
  operation_id: string | null;
  post_id: string | null;
  post_name: string | null;
  phase: Phase | null;
  sector: string | null;
  seq: number;
  issuer_path: string;
  description: string;
  source_kind: TaskSource;
  source_ref: string | null;
  result_note: string | null;
  done_late: boolean | null;
  cancel_reason: string | null;
}

const TASK_COLUMNS = sql`w.id, w.ref, w.title, w.state, w.warn_level, w.owner_unit, w.owner_path, w.home_path, u.name AS owner_name, w.deadline_at,
  w.stage_started_at, w.supervised, w.closed_at, w.created_at, t.operation_id, t.post_id, p.name AS post_name, t.phase, t.sector, t.seq,
  t.issuer_path, t.description, t.source_kind, t.source_ref, t.result_note, t.done_late, t.cancel_reason`;
const TASK_FROM = sql`operation_tasks t JOIN work_items w ON w.id = t.id JOIN units u ON u.code = w.owner_unit LEFT JOIN operation_posts p ON p.id = t.post_id`;

export async function findTask(ex: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await queryRows<TaskRow>(ex, sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.id = ${id}`);
  return row;
}

export interface TaskFilter {
  scope: string[];
  operationId?: string;
  units?: string[];
  phase?: Phase;
  states?: string[];
  sector?: string;
  warn?: string;
  open?: boolean;
  source?: TaskSource;
  q?: string;
}

function taskWhere(f: TaskFilter): SQL {
  const conds: SQL[] = [underAny(sql`t.owner_path`, f.scope)];
  if (f.operationId) conds.push(sql`t.operation_id = ${f.operationId}`);
  if (f.units) conds.push(sql`t.owner_unit = ANY(${toPgArray(f.units)}::text[])`);
  if (f.phase) conds.push(sql`t.phase = ${f.phase}`);
  if (f.states?.length) conds.push(sql`w.state = ANY(${toPgArray(f.states)}::text[])`);
  if (f.sector) conds.push(f.sector === 'general' ? sql`t.sector IS NULL` : sql`t.sector = ${f.sector}`);
  if (f.warn) conds.push(sql`w.warn_level = ${f.warn} AND w.closed_at IS NULL`);
  if (f.open) conds.push(sql`w.closed_at IS NULL`);
  if (f.source) conds.push(sql`t.source_kind = ${f.source}`);
  if (f.q) conds.push(sql`(w.title LIKE ${`%${f.q}%`} OR w.ref LIKE ${`%${f.q}%`})`);
  return sql.join(conds, sql` AND `);
}

const PHASE_ORDER = sql`CASE t.phase WHEN 'before' THEN 1 WHEN 'during' THEN 2 WHEN 'after' THEN 3 ELSE 4 END`;

/** Tasks in phase order, then by deadline; `measuresFirst`: a playbook's or plan's open measures before all (the phone). */
export async function listTasks(ex: Executor, f: TaskFilter & { limit: number; offset: number; measuresFirst?: boolean }): Promise<{ rows: TaskRow[]; total: number }> {
  const first = f.measuresFirst ? sql`(t.source_kind IN ('playbook', 'plan') AND w.closed_at IS NULL) DESC, ` : sql``;
  const rows = await queryRows<TaskRow & { total_rows: number }>(ex, sql`SELECT ${TASK_COLUMNS}, count(*) OVER () AS total_rows
    FROM ${TASK_FROM} WHERE ${taskWhere(f)}
    ORDER BY ${first}${PHASE_ORDER}, w.deadline_at NULLS LAST, p.sort NULLS LAST, t.seq LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

/** The filtered tasks page by page (the Excel export). */
export async function* taskPages(ex: Executor, f: TaskFilter, pageSize = 1000): AsyncGenerator<TaskRow[]> {
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = await listTasks(ex, { ...f, limit: pageSize, offset });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
  }
}

export interface TaskCountRow {
  phase: Phase | null;
  pending: number;
  in_progress: number;
  done: number;
  cancelled: number;
  yellow: number;
  red: number;
  total: number;
}

/** Tasks per phase and state (and open ones warned yellow / red) in scope. */
export async function taskCounts(ex: Executor, operationId: string, scope: string[]): Promise<TaskCountRow[]> {
  return queryRows<TaskCountRow>(ex, sql`SELECT t.phase,
      count(*) FILTER (WHERE w.state = 'pending')::int AS pending, count(*) FILTER (WHERE w.state = 'in_progress')::int AS in_progress,
      count(*) FILTER (WHERE w.state = 'done')::int AS done, count(*) FILTER (WHERE w.state = 'cancelled')::int AS cancelled,
      count(*) FILTER (WHERE w.closed_at IS NULL AND w.warn_level = 'yellow')::int AS yellow,
      count(*) FILTER (WHERE w.closed_at IS NULL AND w.warn_level = 'red')::int AS red, count(*)::int AS total
    FROM operation_tasks t JOIN work_items w ON w.id = t.id
    WHERE t.operation_id = ${operationId} AND ${underAny(sql`t.owner_path`, scope)}
    GROUP BY t.phase`);
}

/** Open and overdue tasks per post, of those in scope (the task list's rule). */
export async function taskCountsByPost(ex: Executor, operationId: string, scope: string[]): Promise<Map<string, { open: number; red: number }>> {
  const rows = await queryRows<{ post_id: string; open: number; red: number }>(ex, sql`SELECT t.post_id,
      count(*) FILTER (WHERE w.closed_at IS NULL)::int AS open, count(*) FILTER (WHERE w.closed_at IS NULL AND w.warn_level = 'red')::int AS red
    FROM operation_tasks t JOIN work_items w ON w.id = t.id
    WHERE t.operation_id = ${operationId} AND t.post_id IS NOT NULL AND ${underAny(sql`t.owner_path`, scope)} GROUP BY t.post_id`);
  return new Map(rows.map((r) => [r.post_id, { open: Number(r.open), red: Number(r.red) }]));
}

export async function recordDone(ex: Executor, id: string, note: string | null, late: boolean): Promise<void> {
  await ex.execute(sql`UPDATE operation_tasks SET result_note = ${note}, done_late = ${late} WHERE id = ${id}`);
}

export async function recordCancelled(ex: Executor, id: string, reason: string): Promise<void> {
  await ex.execute(sql`UPDATE operation_tasks SET cancel_reason = ${reason} WHERE id = ${id}`);
}

/** Emergency measures first (a playbook's, a plan's), then the rest; only the order of the screen's list. */
const SOURCE_ORDER = sql`CASE t.source_kind WHEN 'playbook' THEN 0 WHEN 'plan' THEN 1 WHEN 'manual' THEN 2 ELSE 3 END`;
/** Open and past its deadline, or marked red by the sweep (which runs on its own schedule). */
const OVERDUE = (now: Date) => sql`(w.closed_at IS NULL AND (w.warn_level = 'red' OR w.deadline_at < ${now}))`;

/** A measure on the screen: with the zone and tier of the crowd alert a playbook's task answers (null for other tasks). */
export type MeasureRow = TaskRow & { overdue: boolean; alert_zone: string | null; alert_zone_name: string | null; alert_zone_name_en: string | null; alert_tier: string | null };

/**
 * 措施进展: the operation's open tasks in scope for the big screen — measures a playbook or plan gave, newest first,
 * then the phases' tasks by deadline; `overdue` computed against `now`. A playbook's task names its alert (source_ref).
 */
export async function openMeasures(ex: Executor, operationId: string, scope: string[], now: Date, limit: number): Promise<MeasureRow[]> {
  return queryRows(ex, sql`SELECT ${TASK_COLUMNS}, ${OVERDUE(now)} AS overdue,
      a.zone_code AS alert_zone, za.name AS alert_zone_name, za.name_en AS alert_zone_name_en, a.tier AS alert_tier
    FROM ${TASK_FROM}
      LEFT JOIN crowd_alerts a ON a.id = CASE WHEN t.source_kind = 'playbook' AND t.source_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN t.source_ref::uuid END
      LEFT JOIN units za ON za.code = a.zone_code
    WHERE t.operation_id = ${operationId} AND ${underAny(sql`t.owner_path`, scope)} AND w.closed_at IS NULL
    ORDER BY ${SOURCE_ORDER}, CASE WHEN t.source_kind IN ('playbook', 'plan') THEN w.created_at END DESC NULLS LAST,
      w.deadline_at NULLS LAST, p.sort NULLS LAST, t.seq
    LIMIT ${limit}`);
}

export interface SourceCountRow {
  source_kind: TaskSource;
  pending: number;
  in_progress: number;
  done: number;
  overdue: number;
  done_late: number;
}

/** Per source (template, manual, plan, playbook): open tasks by state, overdue ones, and those done (late). */
export async function measureCounts(ex: Executor, operationId: string, scope: string[], now: Date): Promise<SourceCountRow[]> {
  return queryRows<SourceCountRow>(ex, sql`SELECT t.source_kind,
      count(*) FILTER (WHERE w.state = 'pending')::int AS pending, count(*) FILTER (WHERE w.state = 'in_progress')::int AS in_progress,
      count(*) FILTER (WHERE w.state = 'done')::int AS done, count(*) FILTER (WHERE ${OVERDUE(now)})::int AS overdue,
      count(*) FILTER (WHERE w.state = 'done' AND t.done_late)::int AS done_late
    FROM operation_tasks t JOIN work_items w ON w.id = t.id
    WHERE t.operation_id = ${operationId} AND ${underAny(sql`t.owner_path`, scope)}
    GROUP BY t.source_kind`);
}
