import { queryRows, sql, type Executor, type Tx } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { AreaGeometry } from '../../platform/geo/index.js';
import { FLOW_PER_METRE, type Bands, type Tier } from './bands.js';
import type { Bucket } from './fusion.js';
import { KEEP_MS, MINUTE, type ActiveAlert, type AlertKind, type Snapshot, type StoredState, type ZoneConfig } from './zone-state.js';

export interface ZoneRow {
  code: string;
  name: string;
  name_en: string | null;
  unit_path: string;
  post_code: string | null;
  post_path: string | null;
  post_name: string | null;
  geometry: AreaGeometry;
  area_m2: number;
  capacity_override: number | null;
  bands: Bands;
  margin_density: number;
  min_dwell_minutes: number;
  approximate: boolean;
  version: number;
  occupancy: number;
  in_rate: number;
  out_rate: number;
  forecast15: number | null;
  forecast30: number | null;
  mae15: number | null;
  mae30: number | null;
  mae15_samples: number;
  mae30_samples: number;
  tier: Tier | null;
  tier_since: Date | string | null;
  forecast_tier: Tier | null;
  forecast_tier_since: Date | string | null;
  watermark: Date | string | null;
  evaluated_minute: Date | string | null;
  last_received_at: Date | string | null;
  readings_accepted: number;
  readings_duplicate: number;
  readings_rejected: number;
  updated_at: Date | string;
  active_alerts: number;
  open_alerts: number;
}

export interface GateRow {
  code: string;
  zone_code: string;
  name: string;
  name_en: string | null;
  width_m: number;
  direction: 'in' | 'out' | 'both';
  kind: 'level' | 'stairs';
  lng: number | null;
  lat: number | null;
  sort: number;
  active: boolean;
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

const ZONE_SELECT = sql`SELECT z.*, u.name, u.name_en, p.name AS post_name,
    (SELECT count(*)::int FROM crowd_alerts a WHERE a.zone_code = z.code AND a.cleared_at IS NULL) AS active_alerts,
    (SELECT count(*)::int FROM crowd_alerts a WHERE a.zone_code = z.code AND a.state = 'open') AS open_alerts
  FROM crowd_zones z JOIN units u ON u.code = z.code LEFT JOIN units p ON p.code = z.post_code`;

/** Zones whose unit or command post lies in one of the scope subtrees. */
export async function listZones(ex: Executor, scope: string[]): Promise<ZoneRow[]> {
  if (scope.length === 0) return [];
  const prefixes = toPgArray(scope.map((s) => `${s}%`));
  return queryRows<ZoneRow>(ex, sql`${ZONE_SELECT}
    WHERE z.unit_path LIKE ANY(${prefixes}::text[]) OR z.post_path LIKE ANY(${prefixes}::text[]) ORDER BY z.code`);
}

export async function findZone(ex: Executor, code: string): Promise<ZoneRow | null> {
  const [row] = await queryRows<ZoneRow>(ex, sql`${ZONE_SELECT} WHERE z.code = ${code}`);
  return row ?? null;
}

export async function gatesOf(ex: Executor, zoneCodes: string[]): Promise<GateRow[]> {
  if (zoneCodes.length === 0) return [];
  return queryRows<GateRow>(ex, sql`SELECT * FROM crowd_gates WHERE zone_code = ANY(${toPgArray(zoneCodes)}::text[]) ORDER BY zone_code, sort, code`);
}

export interface NewZone {
  code: string;
  unitPath: string;
  postCode: string | null;
  postPath: string | null;
  geometry: AreaGeometry;
  areaM2: number;
  bands: Bands;
  approximate: boolean;
}

/** Registers a zone; false when it already is one (first registration wins, so instances may race at start). */
export async function insertZone(ex: Executor, z: NewZone): Promise<boolean> {
  const rows = await queryRows<{ code: string }>(ex, sql`INSERT INTO crowd_zones (code, unit_path, post_code, post_path, geometry, area_m2, bands, approximate)
    VALUES (${z.code}, ${z.unitPath}, ${z.postCode}, ${z.postPath}, ${JSON.stringify(z.geometry)}::jsonb, ${z.areaM2}, ${JSON.stringify(z.bands)}::jsonb, ${z.approximate})
    ON CONFLICT (code) DO NOTHING RETURNING code`);
  return rows.length > 0;
}

export interface GateInput {
  code: string;
  name: string;
  nameEn: string | null;
  widthM: number;
  direction: 'in' | 'out' | 'both';
  kind: 'level' | 'stairs';
  lng: number | null;
  lat: number | null;
}

/** The zone's gates become exactly `gates`: listed ones inserted or updated, others kept but inactive (old readings name them). */
export async function replaceGates(tx: Tx, zoneCode: string, gates: GateInput[]): Promise<void> {
  const rows = gates.map((g, i) => ({ ...g, sort: i + 1 }));
  if (rows.length) {
    await tx.execute(sql`INSERT INTO crowd_gates (code, zone_code, name, name_en, width_m, direction, kind, lng, lat, sort, active)
      SELECT s.code, ${zoneCode}, s.name, s."nameEn", s."widthM", s.direction, s.kind, s.lng, s.lat, s.sort, true
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS s(code text, name text, "nameEn" text, "widthM" float8, direction text, kind text, lng float8, lat float8, sort int)
      ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, width_m = excluded.width_m, direction = excluded.direction,
        kind = excluded.kind, lng = excluded.lng, lat = excluded.lat, sort = excluded.sort, active = true
      WHERE crowd_gates.zone_code = excluded.zone_code`);
  }
  await tx.execute(sql`UPDATE crowd_gates SET active = false
    WHERE zone_code = ${zoneCode} AND active AND code <> ALL(${toPgArray(gates.map((g) => g.code))}::text[])`);
}

/** Gate codes already used by another zone (a gate belongs to one zone for good). */
export async function gatesOfOtherZones(ex: Executor, zoneCode: string, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await queryRows<{ code: string }>(ex, sql`SELECT code FROM crowd_gates WHERE code = ANY(${toPgArray(codes)}::text[]) AND zone_code <> ${zoneCode}`);
  return rows.map((r) => r.code);
}

export interface SettingsChange {
  geometry?: AreaGeometry;
  areaM2?: number;
  capacityOverride?: number | null;
  bands?: Bands;
  marginDensity?: number;
  minDwellMinutes?: number;
}

/** Applies a change of settings and bumps the version, so every instance reloads the zone before its next batch. */
export async function updateSettings(tx: Tx, code: string, c: SettingsChange): Promise<void> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (c.geometry !== undefined) sets.push(sql`geometry = ${JSON.stringify(c.geometry)}::jsonb`);
  if (c.areaM2 !== undefined) sets.push(sql`area_m2 = ${c.areaM2}`);
  if (c.capacityOverride !== undefined) sets.push(sql`capacity_override = ${c.capacityOverride}`);
  if (c.bands !== undefined) sets.push(sql`bands = ${JSON.stringify(c.bands)}::jsonb`);
  if (c.marginDensity !== undefined) sets.push(sql`margin_density = ${c.marginDensity}`);
  if (c.minDwellMinutes !== undefined) sets.push(sql`min_dwell_minutes = ${c.minDwellMinutes}`);
  await tx.execute(sql`UPDATE crowd_zones SET ${sql.join(sets, sql`, `)} WHERE code = ${code}`);
}

/** Locks the zone rows a batch touches (in code order, so two batches never wait on each other in a circle). */
export async function lockZones(tx: Tx, codes: string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ code: string; version: number }>(tx, sql`SELECT code, version FROM crowd_zones
    WHERE code = ANY(${toPgArray(codes)}::text[]) ORDER BY code FOR UPDATE`);
  return new Map(rows.map((r) => [r.code, Number(r.version)]));
}

export function zoneConfigOf(row: ZoneRow, gates: GateRow[]): ZoneConfig {
  return {
    code: row.code, name: row.name, nameEn: row.name_en, unitPath: row.unit_path, postCode: row.post_code, postPath: row.post_path,
    areaM2: Number(row.area_m2), bands: row.bands, capacityOverride: row.capacity_override, marginDensity: Number(row.margin_density),
    minDwellMinutes: row.min_dwell_minutes,
    gates: new Map(gates.map((g) => [g.code, { code: g.code, direction: g.direction, active: g.active, flowPerMin: Number(g.width_m) * FLOW_PER_METRE[g.kind] }])),
  };
}

interface BucketRow {
  minute: Date | string;
  gate_in: number;
  gate_out: number;
  camera_sum: number;
  camera_n: number;
  mobile_sum: number;
  mobile_n: number;
  occupancy: number;
  forecast15: number | null;
  forecast30: number | null;
}

const toBucket = (r: BucketRow): Bucket => ({
  minute: ms(r.minute)!, gateIn: r.gate_in, gateOut: r.gate_out, cameraSum: Number(r.camera_sum), cameraN: r.camera_n,
  mobileSum: Number(r.mobile_sum), mobileN: r.mobile_n, occupancy: r.occupancy, forecast15: r.forecast15, forecast30: r.forecast30,
});

/** A zone's settings and live state as committed: its row, the buckets of the keep window (and the one before), active alerts. */
export async function loadZone(ex: Executor, code: string): Promise<{ config: ZoneConfig; stored: StoredState } | null> {
  const row = await findZone(ex, code);
  if (!row) return null;
  const watermark = ms(row.watermark);
  const keepFrom = new Date(watermark === null ? 0 : Math.floor(watermark / MINUTE) * MINUTE - KEEP_MS);
  // One after the other: `ex` may be a transaction's single connection (node-postgres does not run queries on one
  // client concurrently and warns when asked to).
  const gates = await gatesOf(ex, [code]);
  const buckets = await queryRows<BucketRow>(ex, sql`(SELECT * FROM crowd_buckets WHERE zone_code = ${code} AND minute < ${keepFrom} ORDER BY minute DESC LIMIT 1)
      UNION ALL (SELECT * FROM crowd_buckets WHERE zone_code = ${code} AND minute >= ${keepFrom}) ORDER BY minute`);
  const active = await queryRows<{ id: string; kind: AlertKind; level: number }>(ex, sql`SELECT id, kind, level FROM crowd_alerts
      WHERE zone_code = ${code} AND cleared_at IS NULL ORDER BY created_at`);
  return {
    config: zoneConfigOf(row, gates),
    stored: {
      version: Number(row.version), watermark, evaluatedMinute: ms(row.evaluated_minute), tier: row.tier, tierSince: ms(row.tier_since),
      forecastTier: row.forecast_tier, forecastTierSince: ms(row.forecast_tier_since), lastReceivedAt: ms(row.last_received_at),
      buckets: buckets.map(toBucket), active: active.map((a) => ({ id: a.id, kind: a.kind, level: a.level as ActiveAlert['level'] })),
    },
  };
}

export interface StateWrite {
  code: string;
  snapshot: Snapshot;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** One UPDATE for every zone a batch touched: the live state, the counters, and version + 1. */
export async function writeStates(tx: Tx, writes: StateWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const rows = writes.map(({ code, snapshot: s, accepted, duplicates, rejected }) => ({
    code, occupancy: s.occupancy, in_rate: s.inRate, out_rate: s.outRate, forecast15: s.forecast15, forecast30: s.forecast30,
    mae15: s.mae15, mae30: s.mae30, mae15_samples: s.mae15Samples, mae30_samples: s.mae30Samples, tier: s.tier, tier_since: iso(s.tierSince),
    forecast_tier: s.forecastTier, forecast_tier_since: iso(s.forecastTierSince), watermark: iso(s.watermark),
    evaluated_minute: iso(s.evaluatedMinute), last_received_at: iso(s.lastReceivedAt), accepted, duplicates, rejected,
  }));
  await tx.execute(sql`UPDATE crowd_zones z SET version = z.version + 1, occupancy = s.occupancy, in_rate = s.in_rate, out_rate = s.out_rate,
      forecast15 = s.forecast15, forecast30 = s.forecast30, mae15 = s.mae15, mae30 = s.mae30, mae15_samples = s.mae15_samples,
      mae30_samples = s.mae30_samples, tier = s.tier, tier_since = s.tier_since, forecast_tier = s.forecast_tier,
      forecast_tier_since = s.forecast_tier_since, watermark = s.watermark, evaluated_minute = s.evaluated_minute,
      last_received_at = s.last_received_at, readings_accepted = z.readings_accepted + s.accepted,
      readings_duplicate = z.readings_duplicate + s.duplicates, readings_rejected = z.readings_rejected + s.rejected, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS s(code text, occupancy int, in_rate float8, out_rate float8, forecast15 int,
      forecast30 int, mae15 float8, mae30 float8, mae15_samples int, mae30_samples int, tier text, tier_since timestamptz, forecast_tier text,
      forecast_tier_since timestamptz, watermark timestamptz, evaluated_minute timestamptz, last_received_at timestamptz, accepted int,
      duplicates int, rejected int)
    WHERE z.code = s.code`);
}

/** Starts a zone afresh for a new drill: its readings, buckets and live state go; alerts stay on record, cleared. */
export async function resetZone(tx: Tx, code: string): Promise<{ readings: number; alertsCleared: number }> {
  const readings = await queryRows<{ n: number }>(tx, sql`WITH d AS (DELETE FROM crowd_readings WHERE zone_code = ${code} RETURNING 1)
    SELECT count(*)::int AS n FROM d`);
  await tx.execute(sql`DELETE FROM crowd_buckets WHERE zone_code = ${code}`);
  const cleared = await queryRows<{ n: number }>(tx, sql`WITH c AS (UPDATE crowd_alerts SET cleared_at = now(), clear_reason = 'reset'
    WHERE zone_code = ${code} AND cleared_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM c`);
  await tx.execute(sql`UPDATE crowd_zones SET version = version + 1, occupancy = 0, in_rate = 0, out_rate = 0, forecast15 = NULL,
    forecast30 = NULL, mae15 = NULL, mae30 = NULL, mae15_samples = 0, mae30_samples = 0, tier = NULL, tier_since = NULL,
    forecast_tier = NULL, forecast_tier_since = NULL, watermark = NULL, evaluated_minute = NULL, last_received_at = NULL,
    readings_accepted = 0, readings_duplicate = 0, readings_rejected = 0, updated_at = now() WHERE code = ${code}`);
  await tx.execute(sql`DELETE FROM crowd_reading_rejects WHERE zone_code = ${code}`);
  return { readings: readings[0]!.n, alertsCleared: cleared[0]!.n };
}

/** Buckets of one zone between two instants, with the forecasts that were made for each minute (15 and 30 minutes before). */
export async function bucketSeries(ex: Executor, code: string, from: Date, to: Date): Promise<Array<BucketRow & { made15: number | null; made30: number | null }>> {
  return queryRows(ex, sql`SELECT b.*, f15.forecast15 AS made15, f30.forecast30 AS made30
    FROM crowd_buckets b
    LEFT JOIN crowd_buckets f15 ON f15.zone_code = b.zone_code AND f15.minute = b.minute - interval '15 minutes'
    LEFT JOIN crowd_buckets f30 ON f30.zone_code = b.zone_code AND f30.minute = b.minute - interval '30 minutes'
    WHERE b.zone_code = ${code} AND b.minute >= ${from} AND b.minute <= ${to} ORDER BY b.minute`);
}

/** Units of kind 'zone' with no crowd zone yet, and the command post whose props name each. */
export async function unregisteredZoneUnits(ex: Executor): Promise<Array<{ code: string; path: string; post_code: string | null; post_path: string | null }>> {
  return queryRows(ex, sql`SELECT u.code, u.path, p.code AS post_code, p.path AS post_path
    FROM units u LEFT JOIN LATERAL (SELECT code, path FROM units c WHERE c.kind = 'command_post' AND c.props->>'zoneCode' = u.code ORDER BY code LIMIT 1) p ON true
    WHERE u.kind = 'zone' AND u.active AND NOT EXISTS (SELECT 1 FROM crowd_zones z WHERE z.code = u.code) ORDER BY u.code`);
}

export async function zoneUnit(ex: Executor, code: string): Promise<{ code: string; path: string; kind: string; post_code: string | null; post_path: string | null } | null> {
  const [row] = await queryRows<{ code: string; path: string; kind: string; post_code: string | null; post_path: string | null }>(ex, sql`SELECT u.code, u.path, u.kind,
      p.code AS post_code, p.path AS post_path
    FROM units u LEFT JOIN LATERAL (SELECT code, path FROM units c WHERE c.kind = 'command_post' AND c.props->>'zoneCode' = u.code ORDER BY code LIMIT 1) p ON true
    WHERE u.code = ${code}`);
  return row ?? null;
}
