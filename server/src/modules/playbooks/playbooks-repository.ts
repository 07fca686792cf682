import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { Tier } from '../crowd/bands.js';

export const MEASURE_KINDS = ['limit_flow', 'one_way', 'close_gate', 'metro_skip', 'broadcast', 'reinforce', 'other'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** One measure: what to do, and whose task it becomes ('command_post' / 'street' of the zone, or a unit code). */
export interface Measure {
  kind: MeasureKind;
  title: string;
  target: string;
  gate?: string;
  limitMinutes: number;
}

export interface PlaybookRow {
  zone_code: string;
  tier: Tier;
  auto: boolean;
  on_forecast: boolean;
  measures: Measure[];
  version: number;
  updated_at: Date | string;
  updated_by: string | null;
}

export interface RunRow {
  alert_id: string;
  zone_code: string;
  tier: Tier;
  operation_id: string;
  auto: boolean;
  task_ids: string[];
  actor_name: string;
  created_at: Date | string;
}

export async function listPlaybooks(ex: Executor, zoneCodes: readonly string[]): Promise<PlaybookRow[]> {
  return queryRows<PlaybookRow>(ex, sql`SELECT * FROM playbooks WHERE zone_code = ANY(${toPgArray(zoneCodes)}::text[])
    ORDER BY zone_code, array_position(ARRAY['blue','yellow','orange','red'], tier)`);
}

export async function findPlaybook(ex: Executor, zone: string, tier: Tier): Promise<PlaybookRow | undefined> {
  const [row] = await queryRows<PlaybookRow>(ex, sql`SELECT * FROM playbooks WHERE zone_code = ${zone} AND tier = ${tier}`);
  return row;
}

/** The defaults of zones that have none yet (at start); an edited playbook is never overwritten. */
export async function insertMissingPlaybooks(ex: Executor, rows: Array<{ zone: string; tier: Tier; auto: boolean; measures: Measure[] }>): Promise<number> {
  if (rows.length === 0) return 0;
  const out = await queryRows<{ zone_code: string }>(ex, sql`INSERT INTO playbooks (zone_code, tier, auto, measures)
    SELECT z, t, a, m::jsonb FROM unnest(${toPgArray(rows.map((r) => r.zone))}::text[], ${toPgArray(rows.map((r) => r.tier))}::text[],
      ${toPgArray(rows.map((r) => String(r.auto)))}::boolean[], ${toPgArray(rows.map((r) => JSON.stringify(r.measures)))}::text[]) AS x(z, t, a, m)
    WHERE EXISTS (SELECT 1 FROM units u WHERE u.code = x.z)
    ON CONFLICT (zone_code, tier) DO NOTHING RETURNING zone_code`);
  return out.length;
}

/** Replaces a playbook's settings; guarded by the version the editor saw (null: stale, someone saved in between). */
export async function updatePlaybook(ex: Executor, p: {
  zone: string; tier: Tier; version: number; auto: boolean; onForecast: boolean; measures: Measure[]; by: string;
}): Promise<PlaybookRow | undefined> {
  const [row] = await queryRows<PlaybookRow>(ex, sql`UPDATE playbooks SET auto = ${p.auto}, on_forecast = ${p.onForecast},
      measures = ${JSON.stringify(p.measures)}::jsonb, version = version + 1, updated_at = now(), updated_by = ${p.by}
    WHERE zone_code = ${p.zone} AND tier = ${p.tier} AND version = ${p.version} RETURNING *`);
  return row;
}

/** Claims the run for an alert; undefined when it already ran (automatically or by hand). */
export async function claimRun(ex: Executor, r: { alertId: string; zone: string; tier: Tier; operationId: string; auto: boolean; actorName: string }): Promise<boolean> {
  const rows = await queryRows<{ alert_id: string }>(ex, sql`INSERT INTO playbook_runs (alert_id, zone_code, tier, operation_id, auto, actor_name)
    VALUES (${r.alertId}, ${r.zone}, ${r.tier}, ${r.operationId}, ${r.auto}, ${r.actorName}) ON CONFLICT (alert_id) DO NOTHING RETURNING alert_id`);
  return rows.length === 1;
}

export async function setRunTasks(ex: Executor, alertId: string, taskIds: string[]): Promise<void> {
  await ex.execute(sql`UPDATE playbook_runs SET task_ids = ${JSON.stringify(taskIds)}::jsonb WHERE alert_id = ${alertId}`);
}

export async function findRun(ex: Executor, alertId: string): Promise<RunRow | undefined> {
  const [row] = await queryRows<RunRow>(ex, sql`SELECT * FROM playbook_runs WHERE alert_id = ${alertId}`);
  return row;
}

/** The tasks a run made, with their state now (tracked to done). */
export async function runTasks(ex: Executor, taskIds: readonly string[]): Promise<Array<{ id: string; ref: string; title: string; state: string; owner_unit: string; warn_level: string; deadline_at: Date | string | null; closed_at: Date | string | null }>> {
  if (taskIds.length === 0) return [];
  return queryRows(ex, sql`SELECT id, ref, title, state, owner_unit, warn_level, deadline_at, closed_at FROM work_items
    WHERE id = ANY(${toPgArray(taskIds)}::uuid[]) ORDER BY ref`);
}
