import { queryRows, sql, type Executor } from '../../platform/db/database.js';

export interface DuplicateRule {
  radiusM: number;
  windowHours: number;
}

export interface DuplicateCandidate {
  id: string;
  ref: string;
  state: string;
  distanceM: number;
  reportedAt: string;
}

const M_PER_DEG_LAT = 111_320;

/**
 * Open cases of the same category reported within the window and radius: the likely repeats of a new
 * report (several people report the same overflowing bin). A bounding box narrows by index first.
 */
export async function findDuplicateCandidates(
  ex: Executor, c: { id?: string; categoryCode: string; lng: number; lat: number; at: Date }, rule: DuplicateRule,
): Promise<DuplicateCandidate[]> {
  const dLat = rule.radiusM / M_PER_DEG_LAT;
  const dLng = rule.radiusM / (M_PER_DEG_LAT * Math.cos((c.lat * Math.PI) / 180));
  const since = new Date(c.at.getTime() - rule.windowHours * 3_600_000);
  const rows = await queryRows<{ id: string; ref: string; state: string; distance_m: number; reported_at: string }>(ex, sql`
    SELECT * FROM (
      SELECT c.id, w.ref, w.state, c.reported_at,
        2 * 6371008.8 * asin(sqrt(power(sin(radians(c.lat - ${c.lat}) / 2), 2)
          + cos(radians(${c.lat})) * cos(radians(c.lat)) * power(sin(radians(c.lng - ${c.lng}) / 2), 2))) AS distance_m
      FROM cases c JOIN work_items w ON w.id = c.id
      WHERE c.category_code = ${c.categoryCode} AND c.reported_at >= ${since} AND c.reported_at <= ${c.at}
        AND w.closed_at IS NULL AND c.id <> ${c.id ?? '00000000-0000-0000-0000-000000000000'}
        AND c.lat BETWEEN ${c.lat - dLat} AND ${c.lat + dLat} AND c.lng BETWEEN ${c.lng - dLng} AND ${c.lng + dLng}
    ) near WHERE distance_m <= ${rule.radiusM} ORDER BY distance_m LIMIT 5`);
  return rows.map((r) => ({
    id: r.id, ref: r.ref, state: r.state, distanceM: Math.round(Number(r.distance_m)), reportedAt: new Date(r.reported_at).toISOString(),
  }));
}

/** The reports merged into a case: they follow it, and their reporters hear when it closes. */
export async function mergedInto(ex: Executor, masterId: string): Promise<Array<{ id: string; home_path: string; ref: string }>> {
  return queryRows(ex, sql`SELECT c.id, w.home_path, w.ref FROM cases c JOIN work_items w ON w.id = c.id WHERE c.duplicate_of = ${masterId}`);
}
