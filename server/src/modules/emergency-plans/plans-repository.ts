import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import type { PostKind } from '../operations/templates.js';
import type { CreatePlanInput } from './plans-schemas.js';

type Instant = Date | string;

export interface PlanRow {
  id: string;
  code: string;
  name: string;
  kind: 'comprehensive' | 'special' | 'onsite';
  event_type: 'natural' | 'accident' | 'health' | 'social';
  owner_unit: string;
  owner_path: string;
  summary: string;
  sections: Record<string, string>;
  resources: Array<{ type: string; quantity: number; note?: string }>;
  updated_at: Instant;
}

export interface LevelRow {
  level: number;
  name: string;
  trigger_text: string;
  trigger_condition: Record<string, unknown> | null;
}

export interface MeasureRow {
  id: string;
  level: number;
  seq: number;
  title: string;
  description: string;
  post_kind: PostKind;
  unit_code: string | null;
  time_limit_minutes: number;
}

export interface ActivationRow {
  id: string;
  ref: string;
  plan_id: string;
  plan_name: string;
  level: number;
  operation_id: string | null;
  zone_code: string | null;
  reason: string;
  unit_code: string;
  activated_by_name: string;
  activated_at: Instant;
  task_count: number;
}

/** Plans the actor may read: owned in their scope, or by a unit above them (a district plan applies to its streets). */
function visibleWhere(scope: string[]): SQL {
  if (scope.includes('/')) return sql`TRUE`;
  if (scope.length === 0) return sql`FALSE`;
  return sql`(${sql.join(scope.map((s) => sql`(p.owner_path LIKE ${`${s}%`} OR ${s} LIKE p.owner_path || '%')`), sql` OR `)})`;
}

const PLAN_COLUMNS = sql`p.id, p.code, p.name, p.kind, p.event_type, p.owner_unit, p.owner_path, p.summary, p.sections, p.resources, p.updated_at`;

export async function findPlan(ex: Executor, id: string): Promise<PlanRow | undefined> {
  const [row] = await queryRows<PlanRow>(ex, sql`SELECT ${PLAN_COLUMNS} FROM emergency_plans p WHERE p.id = ${id}`);
  return row;
}

export async function listPlans(ex: Executor, f: { scope: string[]; q?: string; limit: number; offset: number }) {
  const conds = [visibleWhere(f.scope)];
  if (f.q) conds.push(sql`(p.name LIKE ${`%${f.q}%`} OR p.code LIKE ${`%${f.q}%`})`);
  const rows = await queryRows<PlanRow & { total_rows: number; levels: number[]; measures: number }>(ex, sql`SELECT ${PLAN_COLUMNS},
      count(*) OVER () AS total_rows,
      (SELECT coalesce(array_agg(l.level ORDER BY l.level), '{}') FROM emergency_plan_levels l WHERE l.plan_id = p.id) AS levels,
      (SELECT count(*)::int FROM emergency_plan_measures m WHERE m.plan_id = p.id) AS measures
    FROM emergency_plans p WHERE ${sql.join(conds, sql` AND `)} ORDER BY p.name LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

export async function planIsVisible(ex: Executor, id: string, scope: string[]): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(ex, sql`SELECT 1 AS one FROM emergency_plans p WHERE p.id = ${id} AND ${visibleWhere(scope)}`);
  return rows.length > 0;
}

export async function planLevels(ex: Executor, planId: string): Promise<{ levels: LevelRow[]; measures: MeasureRow[] }> {
  const [levels, measures] = await Promise.all([
    queryRows<LevelRow>(ex, sql`SELECT level, name, trigger_text, trigger_condition FROM emergency_plan_levels WHERE plan_id = ${planId} ORDER BY level`),
    queryRows<MeasureRow>(ex, sql`SELECT id, level, seq, title, description, post_kind, unit_code, time_limit_minutes
      FROM emergency_plan_measures WHERE plan_id = ${planId} ORDER BY level, seq`),
  ]);
  return { levels, measures };
}

/**
 * A plan with its levels and measures. ON CONFLICT on the code: the seed may run on two instances at once; the
 * second inserts nothing and gets false.
 */
export async function insertPlan(ex: Executor, p: {
  id: string; input: CreatePlanInput; ownerUnit: string; ownerPath: string; createdBy: string | null; createdByName: string; measureIds: string[][];
}): Promise<boolean> {
  const i = p.input;
  const made = await queryRows<{ id: string }>(ex, sql`INSERT INTO emergency_plans (id, code, name, kind, event_type, owner_unit, owner_path, summary,
      sections, resources, created_by, created_by_name)
    VALUES (${p.id}, ${i.code}, ${i.name}, ${i.kind}, ${i.eventType}, ${p.ownerUnit}, ${p.ownerPath}, ${i.summary ?? ''},
      ${JSON.stringify(i.sections ?? {})}::jsonb, ${JSON.stringify(i.resources ?? [])}::jsonb, ${p.createdBy}::uuid, ${p.createdByName})
    ON CONFLICT (code) DO NOTHING RETURNING id`);
  if (made.length === 0) return false;
  const levels = i.levels.map((l) => sql`(${p.id}, ${l.level}, ${l.name}, ${l.trigger}, ${l.condition ? JSON.stringify(l.condition) : null}::jsonb)`);
  await ex.execute(sql`INSERT INTO emergency_plan_levels (plan_id, level, name, trigger_text, trigger_condition) VALUES ${sql.join(levels, sql`, `)}`);
  const measures = i.levels.flatMap((l, li) => l.measures.map((m, mi) => sql`(${p.measureIds[li]![mi]!}, ${p.id}, ${l.level}, ${mi + 1}, ${m.title},
    ${m.description ?? ''}, ${m.postKind}, ${m.unitCode ?? null}, ${m.timeLimitMinutes})`));
  await ex.execute(sql`INSERT INTO emergency_plan_measures (id, plan_id, level, seq, title, description, post_kind, unit_code, time_limit_minutes)
    VALUES ${sql.join(measures, sql`, `)}`);
  return true;
}

export async function planCodeExists(ex: Executor, code: string): Promise<boolean> {
  return (await queryRows(ex, sql`SELECT 1 FROM emergency_plans WHERE code = ${code}`)).length > 0;
}

export async function nextActivationRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('plan_activation_ref_seq') AS n`);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `YA${day}${String(Number(row!.n)).padStart(3, '0')}`;
}

export async function insertActivation(ex: Executor, a: {
  id: string; ref: string; planId: string; level: number; operationId: string | null; zoneCode: string | null; reason: string;
  unitCode: string; unitPath: string; by: string | null; byName: string; tasks: number; at: Date;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO plan_activations (id, ref, plan_id, level, operation_id, zone_code, reason, unit_code, unit_path, activated_by, activated_by_name, task_count, activated_at)
    VALUES (${a.id}, ${a.ref}, ${a.planId}, ${a.level}, ${a.operationId}::uuid, ${a.zoneCode}, ${a.reason}, ${a.unitCode}, ${a.unitPath}, ${a.by}::uuid,
      ${a.byName}, ${a.tasks}, ${a.at})`);
}

const ACTIVATION_COLUMNS = sql`a.id, a.ref, a.plan_id, p.name AS plan_name, a.level, a.operation_id, a.zone_code, a.reason, a.unit_code,
  a.activated_by_name, a.activated_at, a.task_count`;

/** A plan's activations, newest first. */
export async function listActivations(ex: Executor, planId: string, limit = 50): Promise<ActivationRow[]> {
  return queryRows<ActivationRow>(ex, sql`SELECT ${ACTIVATION_COLUMNS} FROM plan_activations a JOIN emergency_plans p ON p.id = a.plan_id
    WHERE a.plan_id = ${planId} ORDER BY a.activated_at DESC LIMIT ${limit}`);
}

/** The latest activation of each of these plans. */
export async function latestActivations(ex: Executor, planIds: string[]): Promise<Map<string, ActivationRow>> {
  if (planIds.length === 0) return new Map();
  const rows = await queryRows<ActivationRow>(ex, sql`SELECT DISTINCT ON (a.plan_id) ${ACTIVATION_COLUMNS}
    FROM plan_activations a JOIN emergency_plans p ON p.id = a.plan_id
    WHERE a.plan_id IN (${sql.join(planIds.map((id) => sql`${id}::uuid`), sql`, `)}) ORDER BY a.plan_id, a.activated_at DESC`);
  return new Map(rows.map((r) => [r.plan_id, r]));
}

/** The command posts whose zone is `zone` (or every one), and the streets holding key zones, by unit. */
export async function commandPostUnits(ex: Executor, zone: string | null): Promise<Array<{ code: string; path: string }>> {
  return queryRows(ex, sql`SELECT code, path FROM units WHERE kind = 'command_post' AND active
    ${zone ? sql`AND props->>'zoneCode' = ${zone}` : sql``} ORDER BY code`);
}

/** The streets a zone lies in (its parent unit); without a zone, every street holding a key zone. */
export async function zoneStreetUnits(ex: Executor, zone: string | null): Promise<Array<{ code: string; path: string }>> {
  return queryRows(ex, sql`SELECT DISTINCT s.code, s.path FROM units z JOIN units s ON s.code = z.parent_code
    WHERE z.kind = 'zone' AND s.kind = 'street' AND s.active ${zone ? sql`AND z.code = ${zone}` : sql``} ORDER BY s.code`);
}
