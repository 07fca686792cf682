import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import { underAny } from '../directives/directives-repository.js';
import { PATHS_PER_EVENT } from '../directives/receipts-repository.js';

export interface RoundRow {
  id: string;
  ref: string;
  name: string;
  sectors: string[];
  starts_on: string;
  ends_on: string;
  note: string | null;
  issuer_unit: string;
  issuer_path: string;
  issuer_name: string;
  targets: Record<string, unknown>;
  task_count: number;
  created_at: Date | string;
}

export interface Counts {
  tasks: number;
  done: number;
  overdue: number;
  findings: number;
  major: number;
  open: number;
  rectified: number;
  closed: number;
}

/** The Beijing calendar day of `now` (a round's period is in Beijing days). */
export const beijingDate = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function nextRoundRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('hazard_round_ref_seq') AS n`);
  return `PC${beijingDate(now).replace(/-/g, '')}${String(Number(row!.n)).padStart(4, '0')}`;
}

export async function insertRound(ex: Executor, r: {
  id: string; ref: string; name: string; sectors: string[]; startsOn: string; endsOn: string; note: string | null;
  issuerUnit: string; issuerPath: string; issuerId: string | null; issuerName: string; targets: unknown; now: Date;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO hazard_rounds (id, ref, name, sectors, starts_on, ends_on, note, issuer_unit, issuer_path, issuer_id, issuer_name,
      targets, created_at)
    VALUES (${r.id}, ${r.ref}, ${r.name}, ${JSON.stringify(r.sectors)}::jsonb, ${r.startsOn}::date, ${r.endsOn}::date, ${r.note}, ${r.issuerUnit},
      ${r.issuerPath}, ${r.issuerId}::uuid, ${r.issuerName}, ${JSON.stringify(r.targets)}::jsonb, ${r.now})`);
}

/**
 * One inspection task per target unit, set-based in one statement, with the push to the targets in groups of
 * PATHS_PER_EVENT (each unit's stream sees it). Returns how many tasks it made.
 */
export async function insertTasks(ex: Executor, t: {
  roundId: string; where: SQL; actorId: string | null; eventUnitPath: string; payload: Record<string, unknown>;
}): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`WITH ins AS (
      INSERT INTO hazard_tasks (id, round_id, unit_code, unit_path)
      SELECT gen_random_uuid(), ${t.roundId}, u.code, u.path FROM units u WHERE ${t.where}
      RETURNING unit_path
    ), ev AS (
      INSERT INTO events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)
      SELECT 'hazard.roundIssued', ${t.eventUnitPath}, array_agg(g.unit_path ORDER BY g.unit_path), 'hazardRound', ${t.roundId}, ${t.actorId}::uuid,
        ${JSON.stringify(t.payload)}::jsonb || jsonb_build_object('units', count(*))
      FROM (SELECT unit_path, (row_number() OVER (ORDER BY unit_path) - 1) / ${PATHS_PER_EVENT} AS grp FROM ins) g
      GROUP BY g.grp ORDER BY g.grp
    )
    SELECT count(*)::int AS n FROM ins`);
  return Number(row?.n ?? 0);
}

export async function setTaskCount(ex: Executor, id: string, n: number): Promise<void> {
  await ex.execute(sql`UPDATE hazard_rounds SET task_count = ${n} WHERE id = ${id}`);
}

// Dates as text: a period is Beijing calendar days, not instants.
const ROUND_COLUMNS = sql`r.id, r.ref, r.name, r.sectors, r.starts_on::text AS starts_on, r.ends_on::text AS ends_on, r.note, r.issuer_unit,
  r.issuer_path, r.issuer_name, r.targets, r.task_count, r.created_at`;

export async function findRound(ex: Executor, id: string): Promise<RoundRow | undefined> {
  const [row] = await queryRows<RoundRow>(ex, sql`SELECT ${ROUND_COLUMNS} FROM hazard_rounds r WHERE r.id = ${id}`);
  return row;
}

export async function hasTaskIn(ex: Executor, roundId: string, scope: string[]): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(ex, sql`SELECT 1 AS one FROM hazard_tasks t WHERE t.round_id = ${roundId}
    AND ${underAny(sql`t.unit_path`, scope)} LIMIT 1`);
  return rows.length > 0;
}

/** Findings of one task (`t`), not counting cancelled ones; rectified: reported done (re-inspected, accepted or closed out since). */
const FINDINGS = (t: string) => sql`SELECT count(*)::int AS findings, count(*) FILTER (WHERE h.grade = 'major')::int AS major,
    count(*) FILTER (WHERE w.closed_at IS NULL)::int AS open, count(*) FILTER (WHERE w.state IN ('rectified', 'accepted', 'closed'))::int AS rectified,
    count(*) FILTER (WHERE w.state = 'closed')::int AS closed
  FROM hazards h JOIN work_items w ON w.id = h.id
  WHERE h.round_id = ${sql.raw(t)}.round_id AND h.task_id = ${sql.raw(t)}.id AND w.state <> 'cancelled'`;

/** A round's counts over its tasks in `scope`. */
function countsOf(roundId: SQL, scope: string[], today: string): SQL {
  return sql`SELECT count(*)::int AS tasks, count(*) FILTER (WHERE t.state = 'done')::int AS done,
      count(*) FILTER (WHERE t.state = 'open' AND rr.ends_on < ${today}::date)::int AS overdue,
      coalesce(sum(f.findings), 0)::int AS findings, coalesce(sum(f.major), 0)::int AS major,
      coalesce(sum(f.open), 0)::int AS open, coalesce(sum(f.rectified), 0)::int AS rectified, coalesce(sum(f.closed), 0)::int AS closed
    FROM hazard_tasks t JOIN hazard_rounds rr ON rr.id = t.round_id CROSS JOIN LATERAL (${FINDINGS('t')}) f
    WHERE t.round_id = ${roundId} AND ${underAny(sql`t.unit_path`, scope)}`;
}

export async function roundCounts(ex: Executor, id: string, scope: string[], today: string): Promise<Counts> {
  const [row] = await queryRows<Counts>(ex, countsOf(sql`${id}::uuid`, scope, today));
  return row!;
}

export interface RoundListRow extends RoundRow, Counts {
  total_rows: number;
}

/**
 * Rounds the viewer may see (sent from their scope, or with a task in it), newest first, with progress in scope;
 * with `from`/`to` (Beijing days) only those whose period overlaps them (an operation's screen: the rounds of its period).
 */
export async function listRounds(ex: Executor, f: {
  scope: string[]; q?: string; from?: string; to?: string; today: string; limit: number; offset: number;
}): Promise<{ rows: RoundListRow[]; total: number }> {
  const conds: SQL[] = [sql`(${underAny(sql`r.issuer_path`, f.scope)}
    OR EXISTS (SELECT 1 FROM hazard_tasks x WHERE x.round_id = r.id AND ${underAny(sql`x.unit_path`, f.scope)}))`];
  if (f.q) conds.push(sql`(r.name ILIKE ${`%${f.q.replace(/[\\%_]/g, '\\$&')}%`} OR r.ref = ${f.q})`);
  if (f.from) conds.push(sql`r.ends_on >= ${f.from}::date`);
  if (f.to) conds.push(sql`r.starts_on <= ${f.to}::date`);
  const rows = await queryRows<RoundListRow>(ex, sql`WITH page AS (
      SELECT ${ROUND_COLUMNS}, count(*) OVER () AS total_rows
      FROM hazard_rounds r WHERE ${sql.join(conds, sql` AND `)}
      ORDER BY r.created_at DESC, r.id LIMIT ${f.limit} OFFSET ${f.offset}
    )
    SELECT page.*, c.* FROM page CROSS JOIN LATERAL (${countsOf(sql`page.id`, f.scope, f.today)}) c
    ORDER BY page.created_at DESC, page.id`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

export interface TaskRow {
  id: string;
  round_id: string;
  unit_code: string;
  unit_path: string;
  unit_name: string;
  unit_kind: string;
  state: string;
  overdue: boolean;
  done_at: Date | string | null;
  done_note: string | null;
  findings: number;
  major: number;
  open: number;
  closed: number;
  round_ref: string;
  round_name: string;
  sectors: string[];
  starts_on: string;
  ends_on: string;
  note: string | null;
}

const TASK_COLUMNS = (today: string) => sql`t.id, t.round_id, t.unit_code, t.unit_path, u.name AS unit_name, u.kind AS unit_kind, t.state,
  (t.state = 'open' AND r.ends_on < ${today}::date) AS overdue, t.done_at, t.done_note, f.findings, f.major, f.open, f.closed,
  r.ref AS round_ref, r.name AS round_name, r.sectors, r.starts_on::text AS starts_on, r.ends_on::text AS ends_on, r.note`;

const TASK_FROM = sql`hazard_tasks t JOIN hazard_rounds r ON r.id = t.round_id JOIN units u ON u.code = t.unit_code
  CROSS JOIN LATERAL (${FINDINGS('t')}) f`;

export async function listTasks(ex: Executor, f: {
  scope: string[]; units?: string[]; roundId?: string; state?: 'open' | 'done' | 'overdue'; today: string; limit: number; offset: number;
  order: 'unit' | 'newest';
}): Promise<{ rows: TaskRow[]; total: number }> {
  const conds: SQL[] = [underAny(sql`t.unit_path`, f.scope)];
  if (f.units) conds.push(sql`t.unit_code = ANY(${toPgArray(f.units)}::text[])`);
  if (f.roundId) conds.push(sql`t.round_id = ${f.roundId}`);
  if (f.state === 'overdue') conds.push(sql`t.state = 'open' AND r.ends_on < ${f.today}::date`);
  else if (f.state) conds.push(sql`t.state = ${f.state}`);
  // My tasks: open ones first, the nearest end of period first; a round's targets: in unit order.
  const order = f.order === 'unit' ? sql`t.unit_path` : sql`(t.state = 'open') DESC, r.ends_on, r.created_at DESC, t.id`;
  const rows = await queryRows<TaskRow & { total_rows: number }>(ex, sql`SELECT ${TASK_COLUMNS(f.today)}, count(*) OVER () AS total_rows
    FROM ${TASK_FROM} WHERE ${sql.join(conds, sql` AND `)} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

export async function findTask(ex: Executor, id: string, today: string): Promise<TaskRow | undefined> {
  const [row] = await queryRows<TaskRow>(ex, sql`SELECT ${TASK_COLUMNS(today)} FROM ${TASK_FROM} WHERE t.id = ${id}`);
  return row;
}

/** 排查完成: guarded in the write, so a task is completed once. */
export async function completeTask(ex: Executor, id: string, d: { at: Date; by: string | null; name: string; note: string | null }): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE hazard_tasks SET state = 'done', done_at = ${d.at}, done_by = ${d.by}::uuid,
    done_name = ${d.name}, done_note = ${d.note} WHERE id = ${id} AND state = 'open' RETURNING id`);
  return rows.length > 0;
}
