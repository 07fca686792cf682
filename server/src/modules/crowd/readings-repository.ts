import { queryRows, sql, type Executor, type Tx } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { Bucket } from './fusion.js';
import type { RejectReason } from './readings.js';
import type { Reading } from './zone-state.js';

/** A PostgreSQL array literal that may hold NULLs (toPgArray cannot). */
function nullableArray(values: ReadonlyArray<number | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/**
 * Inserts a batch of readings with one statement (arrays unnested, so the statement has nine parameters whatever
 * the batch size) and returns the ids that were new; the others had been received before.
 */
export async function insertReadings(tx: Tx, readings: Reading[]): Promise<Set<string>> {
  if (readings.length === 0) return new Set();
  const rows = await queryRows<{ reading_id: string }>(tx, sql`INSERT INTO crowd_readings (reading_id, zone_code, gate_code, source, at, in_count, out_count, estimate)
    SELECT id, zone, nullif(gate, ''), source, at, i, o, e FROM unnest(${toPgArray(readings.map((r) => r.id))}::text[], ${toPgArray(readings.map((r) => r.zone))}::text[],
      ${toPgArray(readings.map((r) => r.gate ?? ''))}::text[], ${toPgArray(readings.map((r) => r.source))}::text[],
      ${toPgArray(readings.map((r) => new Date(r.at).toISOString()))}::timestamptz[], ${toPgArray(readings.map((r) => r.in))}::int[],
      ${toPgArray(readings.map((r) => r.out))}::int[], ${nullableArray(readings.map((r) => r.estimate))}::int[])
      AS u(id, zone, gate, source, at, i, o, e)
    ON CONFLICT (reading_id) DO NOTHING RETURNING reading_id`);
  return new Set(rows.map((r) => r.reading_id));
}

/** Which of these ids were received before (a resent reading that is now too late is a duplicate, not a refusal). */
export async function knownReadingIds(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ reading_id: string }>(ex, sql`SELECT reading_id FROM crowd_readings WHERE reading_id = ANY(${toPgArray(ids)}::text[])`);
  return new Set(rows.map((r) => r.reading_id));
}

/** Writes the batch's new and changed minute buckets, every zone in one statement. */
export async function upsertBuckets(tx: Tx, buckets: Array<{ zone: string; bucket: Bucket }>): Promise<void> {
  if (buckets.length === 0) return;
  const rows = buckets.map(({ zone, bucket: b }) => ({
    zone_code: zone, minute: new Date(b.minute).toISOString(), gate_in: b.gateIn, gate_out: b.gateOut, camera_sum: b.cameraSum,
    camera_n: b.cameraN, mobile_sum: b.mobileSum, mobile_n: b.mobileN, occupancy: b.occupancy, forecast15: b.forecast15, forecast30: b.forecast30,
  }));
  await tx.execute(sql`INSERT INTO crowd_buckets (zone_code, minute, gate_in, gate_out, camera_sum, camera_n, mobile_sum, mobile_n, occupancy, forecast15, forecast30)
    SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS s(zone_code text, minute timestamptz, gate_in int, gate_out int,
      camera_sum bigint, camera_n int, mobile_sum bigint, mobile_n int, occupancy int, forecast15 int, forecast30 int)
    ON CONFLICT (zone_code, minute) DO UPDATE SET gate_in = excluded.gate_in, gate_out = excluded.gate_out, camera_sum = excluded.camera_sum,
      camera_n = excluded.camera_n, mobile_sum = excluded.mobile_sum, mobile_n = excluded.mobile_n, occupancy = excluded.occupancy,
      forecast15 = excluded.forecast15, forecast30 = excluded.forecast30`);
}

export interface RefusalCount {
  zone: string;
  reason: RejectReason;
  count: number;
  sample: Record<string, unknown>;
}

/** Adds a batch's refusals to the per-zone, per-reason counters (keeping the last example of each). */
export async function countRefusals(tx: Tx, counts: RefusalCount[]): Promise<void> {
  if (counts.length === 0) return;
  await tx.execute(sql`INSERT INTO crowd_reading_rejects (zone_code, reason, count, last_at, last_sample)
    SELECT s.zone, s.reason, s.count, now(), s.sample FROM jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) AS s(zone text, reason text, count int, sample jsonb)
    ON CONFLICT (zone_code, reason) DO UPDATE SET count = crowd_reading_rejects.count + excluded.count, last_at = excluded.last_at,
      last_sample = excluded.last_sample`);
}

export interface RefusalRow {
  zone_code: string;
  reason: RejectReason;
  count: number;
  last_at: Date | string | null;
  last_sample: Record<string, unknown> | null;
}

/** Refusal counters for the given zones, plus those of readings naming no known zone when `withUnknown`. */
export async function listRefusals(ex: Executor, zones: string[], withUnknown: boolean): Promise<RefusalRow[]> {
  const codes = withUnknown ? [...zones, ''] : zones;
  if (codes.length === 0) return [];
  return queryRows<RefusalRow>(ex, sql`SELECT zone_code, reason, count, last_at, last_sample FROM crowd_reading_rejects
    WHERE zone_code = ANY(${toPgArray(codes)}::text[]) ORDER BY zone_code, reason`);
}
