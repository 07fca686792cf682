// 复盘: reads the night back from what the other modules stored — crowd buckets and alerts, operation tasks and their
// timeline, plan activations, hazards. Read only: this module writes nothing.
import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { Bands, Tier } from '../crowd/bands.js';
import { underAny } from '../operations/operations-repository.js';
import type { TaskSource } from '../operations/tasks-repository.js';

type Instant = Date | string;

export interface NightZoneRow {
  code: string;
  name: string;
  name_en: string | null;
  unit_path: string;
  post_code: string | null;
  post_path: string | null;
  post_name: string | null;
  area_m2: number;
  capacity_override: number | null;
  bands: Bands;
  margin_density: number;
  min_dwell_minutes: number;
}

/** The crowd zones the operation's command posts watch (a post's zone that is registered as a crowd zone), in post order. */
export async function operationZones(ex: Executor, operationId: string): Promise<NightZoneRow[]> {
  return queryRows<NightZoneRow>(ex, sql`SELECT z.code, u.name, u.name_en, z.unit_path, z.post_code, z.post_path, pu.name AS post_name,
      z.area_m2, z.capacity_override, z.bands, z.margin_density, z.min_dwell_minutes
    FROM operation_posts p JOIN crowd_zones z ON z.code = p.zone_code JOIN units u ON u.code = z.code LEFT JOIN units pu ON pu.code = z.post_code
    WHERE p.operation_id = ${operationId} AND p.kind = 'command_post'
    ORDER BY p.sort`);
}

export interface BucketRow {
  zone_code: string;
  minute: Instant;
  occupancy: number;
  gate_in: number;
  gate_out: number;
  forecast15: number | null;
}

/**
 * The zones' minute buckets from `from` to `to`, and for each zone the last bucket before `from` (the level the window
 * starts at: no readings in a minute means no change). By zone and minute.
 */
export async function bucketsBetween(ex: Executor, zones: readonly string[], from: Date, to: Date): Promise<BucketRow[]> {
  if (zones.length === 0) return [];
  const codes = toPgArray([...zones]);
  return queryRows<BucketRow>(ex, sql`SELECT b.zone_code, b.minute, b.occupancy, b.gate_in, b.gate_out, b.forecast15
    FROM unnest(${codes}::text[]) AS z(code)
    CROSS JOIN LATERAL (SELECT * FROM crowd_buckets WHERE zone_code = z.code AND minute < ${from} ORDER BY minute DESC LIMIT 1) b
    UNION ALL
    SELECT zone_code, minute, occupancy, gate_in, gate_out, forecast15 FROM crowd_buckets
      WHERE zone_code = ANY(${codes}::text[]) AND minute >= ${from} AND minute < ${to}
    ORDER BY zone_code, minute`);
}

export interface NightAlertRow {
  id: string;
  zone_code: string;
  kind: 'density' | 'forecast';
  tier: Tier;
  level: number;
  at: Instant;
  occupancy: number;
  density: number;
  forecast15: number | null;
  forecast_density: number | null;
  state: 'open' | 'acknowledged';
  created_at: Instant;
  cleared_at: Instant | null;
  clear_reason: string | null;
  acked_at: Instant | null;
  acked_by_name: string | null;
  ack_unit: string | null;
  ack_unit_name: string | null;
  ack_note: string | null;
  playbook_tasks: number | null;
  playbook_auto: boolean | null;
}

/** The zones' alerts whose event time lies in [from, to), in the order they were raised. */
export async function alertsBetween(ex: Executor, zones: readonly string[], from: Date, to: Date): Promise<NightAlertRow[]> {
  if (zones.length === 0) return [];
  return queryRows<NightAlertRow>(ex, sql`SELECT a.id, a.zone_code, a.kind, a.tier, a.level, a.at, a.occupancy, a.density, a.forecast15,
      a.forecast_density, a.state, a.created_at, a.cleared_at, a.clear_reason, a.acked_at, a.acked_by_name, a.ack_unit, au.name AS ack_unit_name,
      a.ack_note, jsonb_array_length(r.task_ids)::int AS playbook_tasks, r.auto AS playbook_auto
    FROM crowd_alerts a LEFT JOIN units au ON au.code = a.ack_unit LEFT JOIN playbook_runs r ON r.alert_id = a.id
    WHERE a.zone_code = ANY(${toPgArray([...zones])}::text[]) AND a.at >= ${from} AND a.at < ${to}
    ORDER BY a.at, a.level, a.created_at, a.id`);
}

export interface NightTaskRow {
  id: string;
  ref: string;
  title: string;
  state: 'pending' | 'in_progress' | 'done' | 'cancelled';
  warn_level: string;
  owner_unit: string;
  owner_name: string;
  post_name: string | null;
  phase: 'before' | 'during' | 'after' | null;
  sector: string | null;
  source_kind: TaskSource;
  source_ref: string | null;
  deadline_at: Instant | null;
  created_at: Instant;
  closed_at: Instant | null;
  supervised: boolean;
  result_note: string | null;
  done_late: boolean | null;
  cancel_reason: string | null;
  created_by: string | null;
  started_at: Instant | null;
  started_by: string | null;
  closed_by: string | null;
}

/**
 * The operation's tasks in scope with their handling from the timeline: who gave it, who started it and when, who
 * closed it (done or cancelled). By creation, then sequence.
 */
export async function operationTasks(ex: Executor, operationId: string, scope: readonly string[]): Promise<NightTaskRow[]> {
  return queryRows<NightTaskRow>(ex, sql`SELECT w.id, w.ref, w.title, w.state, w.warn_level, w.owner_unit, u.name AS owner_name, p.name AS post_name,
      t.phase, t.sector, t.source_kind, t.source_ref, w.deadline_at, w.created_at, w.closed_at, w.supervised, t.result_note, t.done_late, t.cancel_reason,
      h.created_by, h.started_at, h.started_by, h.closed_by
    FROM operation_tasks t JOIN work_items w ON w.id = t.id JOIN units u ON u.code = w.owner_unit LEFT JOIN operation_posts p ON p.id = t.post_id
    LEFT JOIN LATERAL (
      SELECT max(tl.actor_name) FILTER (WHERE tl.action = 'create') AS created_by,
        min(tl.at) FILTER (WHERE tl.action = 'start') AS started_at,
        max(tl.actor_name) FILTER (WHERE tl.action = 'start') AS started_by,
        max(tl.actor_name) FILTER (WHERE tl.action IN ('complete', 'cancel')) AS closed_by
      FROM work_item_timeline tl WHERE tl.item_id = t.id
    ) h ON TRUE
    WHERE t.operation_id = ${operationId} AND ${underAny(sql`t.owner_path`, [...scope])}
    ORDER BY w.created_at, t.seq`);
}

export interface NightActivationRow {
  id: string;
  ref: string;
  plan_name: string;
  level: number;
  zone_code: string | null;
  zone_name: string | null;
  reason: string;
  unit_name: string;
  activated_by_name: string;
  activated_at: Instant;
  task_count: number;
}

/** Plan activations for the operation: those of the units in scope, or for a zone the reader sees. */
export async function operationActivations(ex: Executor, operationId: string, scope: readonly string[], zones: readonly string[]): Promise<NightActivationRow[]> {
  const zoneCond: SQL = zones.length ? sql` OR a.zone_code = ANY(${toPgArray([...zones])}::text[])` : sql``;
  return queryRows<NightActivationRow>(ex, sql`SELECT a.id, a.ref, p.name AS plan_name, a.level, a.zone_code, zu.name AS zone_name, a.reason,
      uu.name AS unit_name, a.activated_by_name, a.activated_at, a.task_count
    FROM plan_activations a JOIN emergency_plans p ON p.id = a.plan_id JOIN units uu ON uu.code = a.unit_code LEFT JOIN units zu ON zu.code = a.zone_code
    WHERE a.operation_id = ${operationId} AND (${underAny(sql`a.unit_path`, [...scope])}${zoneCond})
    ORDER BY a.activated_at, a.ref`);
}

export interface NightHazardRow {
  id: string;
  ref: string;
  state: string;
  grade: 'ordinary' | 'major';
  sector_name: string;
  sector_name_en: string;
  description: string;
  subject_name: string | null;
  address: string | null;
  street_name: string | null;
  street_name_en: string | null;
  finder_name: string;
  inspect_unit_name: string | null;
  found_at: Instant;
  rectify_unit_name: string | null;
  responsible_person: string | null;
  measures: string | null;
  rectify_deadline: Instant | null;
  rectified_at: Instant | null;
  rectify_note: string | null;
  reinspector_name: string | null;
  reinspected_at: Instant | null;
  reinspect_result: string | null;
  failed_reinspections: number;
  closed_out_at: Instant | null;
  closed_out_by: string | null;
  closed_at: Instant | null;
  warn_level: string;
  supervised: boolean;
}

/**
 * Hazards in the operation's area (under its commanding unit) that were found, rectified or closed out within its
 * period, as the reader's hazard scope allows (where it is, who holds it, found it or rectifies it). By finding time.
 */
export async function operationHazards(ex: Executor, f: { ownerPath: string; scope: readonly string[]; from: Date; to: Date }): Promise<NightHazardRow[]> {
  const s = [...f.scope];
  const within = (col: SQL) => sql`(${col} >= ${f.from} AND ${col} < ${f.to})`;
  return queryRows<NightHazardRow>(ex, sql`SELECT h.id, w.ref, w.state, h.grade, s.name AS sector_name, s.name_en AS sector_name_en, h.description,
      h.subject_name, h.address, st.name AS street_name, st.name_en AS street_name_en, h.finder_name, iu.name AS inspect_unit_name, h.found_at,
      ru.name AS rectify_unit_name, h.responsible_person, h.measures, h.rectify_deadline, h.rectified_at, h.rectify_note, h.reinspector_name,
      h.reinspected_at, h.reinspect_result, h.failed_reinspections, h.closed_out_at, h.closed_out_by, w.closed_at, w.warn_level, w.supervised
    FROM hazards h JOIN work_items w ON w.id = h.id JOIN hazard_sectors s ON s.code = h.sector
      LEFT JOIN units st ON st.code = h.street_code LEFT JOIN units iu ON iu.code = h.inspect_unit LEFT JOIN units ru ON ru.code = h.rectify_unit
    WHERE w.home_path LIKE ${`${f.ownerPath}%`}
      AND (${underAny(sql`w.home_path`, s)} OR ${underAny(sql`w.owner_path`, s)} OR ${underAny(sql`h.inspect_path`, s)}
        OR (h.rectify_path IS NOT NULL AND ${underAny(sql`h.rectify_path`, s)}))
      AND (${within(sql`h.found_at`)} OR ${within(sql`h.rectified_at`)} OR ${within(sql`h.closed_out_at`)})
    ORDER BY h.found_at, w.ref`);
}
