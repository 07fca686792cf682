import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor, type Tx } from '../../platform/db/database.js';
import type { DeferredInsert } from '../../platform/db/unit-of-work.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { Tier } from './bands.js';
import type { AlertKind, ClearReason, RaisedAlert } from './zone-state.js';

export interface AlertRow {
  id: string;
  zone_code: string;
  zone_name: string;
  unit_path: string;
  post_code: string | null;
  post_path: string | null;
  kind: AlertKind;
  tier: Tier;
  level: number;
  at: Date | string;
  occupancy: number;
  density: number;
  forecast15: number | null;
  forecast_density: number | null;
  state: 'open' | 'acknowledged';
  created_at: Date | string;
  cleared_at: Date | string | null;
  clear_reason: ClearReason | null;
  acked_at: Date | string | null;
  acked_by_name: string | null;
  ack_unit: string | null;
  ack_note: string | null;
}

/**
 * New alerts, inserted with the batch's events in one statement (nothing in the batch reads them back). One that a
 * later minute of the same batch already cleared goes in cleared: it happened, and the screens were told.
 */
export function alertsInsert(raised: Array<RaisedAlert & { clearReason: ClearReason | null }>): DeferredInsert {
  return {
    into: 'crowd_alerts (id, zone_code, kind, tier, level, at, occupancy, density, forecast15, forecast_density, cleared_at, clear_reason)',
    rows: raised.map((a) => sql`(${a.id}::uuid, ${a.zone}, ${a.kind}, ${a.tier}, ${a.level}, ${new Date(a.at).toISOString()}::timestamptz,
      ${a.occupancy}, ${a.density}, ${a.forecast15}, ${a.forecastDensity}, ${a.clearReason ? sql`now()` : null}, ${a.clearReason})`),
  };
}

/** Marks alerts as no longer in force (only those still in force: a reset may have cleared them already). */
export async function clearAlerts(tx: Tx, cleared: Array<{ id: string; reason: ClearReason }>): Promise<void> {
  if (cleared.length === 0) return;
  await tx.execute(sql`UPDATE crowd_alerts a SET cleared_at = now(), clear_reason = s.reason
    FROM jsonb_to_recordset(${JSON.stringify(cleared)}::jsonb) AS s(id uuid, reason text)
    WHERE a.id = s.id AND a.cleared_at IS NULL`);
}

const ALERT_SELECT = sql`SELECT a.*, u.name AS zone_name, z.unit_path, z.post_code, z.post_path
  FROM crowd_alerts a JOIN crowd_zones z ON z.code = a.zone_code JOIN units u ON u.code = a.zone_code`;

export async function findAlert(ex: Executor, id: string): Promise<AlertRow | null> {
  const [row] = await queryRows<AlertRow>(ex, sql`${ALERT_SELECT} WHERE a.id = ${id}`);
  return row ?? null;
}

export interface AlertFilter {
  zones: string[];
  state?: 'open' | 'acknowledged';
  kind?: AlertKind;
  active?: boolean;
  minLevel?: number;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** Alerts of the given zones, newest first. */
export async function listAlerts(ex: Executor, f: AlertFilter): Promise<{ rows: AlertRow[]; total: number }> {
  if (f.zones.length === 0) return { rows: [], total: 0 };
  const conds: SQL[] = [sql`a.zone_code = ANY(${toPgArray(f.zones)}::text[])`];
  if (f.state) conds.push(sql`a.state = ${f.state}`);
  if (f.kind) conds.push(sql`a.kind = ${f.kind}`);
  if (f.active !== undefined) conds.push(f.active ? sql`a.cleared_at IS NULL` : sql`a.cleared_at IS NOT NULL`);
  if (f.minLevel) conds.push(sql`a.level >= ${f.minLevel}`);
  if (f.from) conds.push(sql`a.created_at >= ${f.from}`);
  if (f.to) conds.push(sql`a.created_at < ${f.to}`);
  const where = sql.join(conds, sql` AND `);
  const [rows, count] = await Promise.all([
    queryRows<AlertRow>(ex, sql`${ALERT_SELECT} WHERE ${where} ORDER BY a.created_at DESC, a.at DESC, a.level DESC, a.id LIMIT ${f.limit} OFFSET ${f.offset}`),
    queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM crowd_alerts a WHERE ${where}`),
  ]);
  return { rows, total: count[0]!.n };
}

/** 签收: only an open alert can be acknowledged (guarded in the write: of two posts acknowledging, one wins). */
export async function acknowledge(tx: Tx, id: string, by: { userId: string | null; name: string; unit: string | null; note: string | null }): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(tx, sql`UPDATE crowd_alerts SET state = 'acknowledged', acked_at = now(), acked_by = ${by.userId}::uuid,
      acked_by_name = ${by.name}, ack_unit = ${by.unit}, ack_note = ${by.note}
    WHERE id = ${id} AND state = 'open' RETURNING id`);
  return rows.length > 0;
}
