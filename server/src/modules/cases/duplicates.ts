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
  // The box by index; the exact distance, the radius and the order in JS. (With the great-circle formula in SQL,
  // planning the query cost more than running it: this runs for every report.)
  const rows = await queryRows<{ id: string; ref: string; state: string; lng: number; lat: number; reported_at: string }>(ex, sql`
    SELECT c.id, w.ref, w.state, c.lng, c.lat, c.reported_at
    FROM cases c JOIN work_items w ON w.id = c.id
    WHERE c.category_code = ${c.categoryCode} AND c.lat BETWEEN ${c.lat - dLat} AND ${c.lat + dLat}
      AND c.lng BETWEEN ${c.lng - dLng} AND ${c.lng + dLng} AND c.reported_at >= ${since} AND c.reported_at <= ${c.at}
      AND w.closed_at IS NULL AND c.id <> ${c.id ?? '00000000-0000-0000-0000-000000000000'}`);
  return rows
    .map((r) => ({ r, d: distanceM(c.lat, c.lng, Number(r.lat), Number(r.lng)) }))
    .filter((x) => x.d <= rule.radiusM)
    .sort((a, b) => a.d - b.d || a.r.ref.localeCompare(b.r.ref))
    .slice(0, 5)
    .map(({ r, d }) => ({ id: r.id, ref: r.ref, state: r.state, distanceM: Math.round(d), reportedAt: new Date(r.reported_at).toISOString() }));
}

const EARTH_RADIUS_M = 6371008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in metres. */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}

/** The reports merged into a case: they follow it, and their reporters hear when it closes. */
export async function mergedInto(ex: Executor, masterId: string): Promise<Array<{ id: string; home_path: string; ref: string }>> {
  return queryRows(ex, sql`SELECT c.id, w.home_path, w.ref FROM cases c JOIN work_items w ON w.id = c.id WHERE c.duplicate_of = ${masterId}`);
}
