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
  deleted_at: Date | string | null;
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

/** The zones' playbooks (removed ones left out), by zone and tier. */
export async function listPlaybooks(ex: Executor, zoneCodes: readonly string[]): Promise<PlaybookRow[]> {
  return queryRows<PlaybookRow>(ex, sql`SELECT * FROM playbooks WHERE zone_code = ANY(${toPgArray(zoneCodes)}::text[]) AND deleted_at IS NULL
    ORDER BY zone_code, array_position(ARRAY['blue','yellow','orange','red'], tier)`);
}

export async function findPlaybook(ex: Executor, zone: string, tier: Tier): Promise<PlaybookRow | undefined> {
  const [row] = await queryRows<PlaybookRow>(ex, sql`SELECT * FROM playbooks WHERE zone_code = ${zone} AND tier = ${tier} AND deleted_at IS NULL`);
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
    WHERE zone_code = ${p.zone} AND tier = ${p.tier} AND version = ${p.version} AND deleted_at IS NULL RETURNING *`);
  return row;
}

/**
 * A playbook for a tier that has none: a new row, or the removed one revived with the next version. Undefined when
 * the tier has a playbook (the caller answers 409: edit it instead).
 */
export async function insertPlaybook(ex: Executor, p: {
  zone: string; tier: Tier; auto: boolean; onForecast: boolean; measures: Measure[]; by: string;
}): Promise<PlaybookRow | undefined> {
  const [row] = await queryRows<PlaybookRow>(ex, sql`INSERT INTO playbooks (zone_code, tier, auto, on_forecast, measures, updated_by)
    VALUES (${p.zone}, ${p.tier}, ${p.auto}, ${p.onForecast}, ${JSON.stringify(p.measures)}::jsonb, ${p.by})
    ON CONFLICT (zone_code, tier) DO UPDATE SET auto = EXCLUDED.auto, on_forecast = EXCLUDED.on_forecast, measures = EXCLUDED.measures,
      version = playbooks.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by, deleted_at = NULL
    WHERE playbooks.deleted_at IS NOT NULL
    RETURNING *`);
  return row;
}

/** Removes a playbook (a tombstone), guarded by the version the editor saw; undefined when stale or already gone. */
export async function removePlaybook(ex: Executor, p: { zone: string; tier: Tier; version: number; by: string }): Promise<PlaybookRow | undefined> {
  const [row] = await queryRows<PlaybookRow>(ex, sql`UPDATE playbooks SET deleted_at = now(), version = version + 1, updated_at = now(), updated_by = ${p.by}
    WHERE zone_code = ${p.zone} AND tier = ${p.tier} AND version = ${p.version} AND deleted_at IS NULL RETURNING *`);
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
