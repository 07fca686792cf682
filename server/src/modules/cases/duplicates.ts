import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import type { DeferredInsert } from '../../platform/db/unit-of-work.js';

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

export interface DuplicateQuery { id?: string; categoryCode: string; lng: number; lat: number; at: Date }

/** A nearby open case as the SELECT gives it; `d2` is its planar distance² in m² (for ordering in SQL). */
export interface NearbyCase { id: string; ref: string; state: string; lng: number; lat: number; reported_at: string; d2: number }

/**
 * Open cases of the same category reported within the window and radius: the likely repeats of a new report
 * (several people report the same overflowing bin). The box narrows by index (cases_dup_idx); the radius is a plain
 * planar distance (metres per degree at this latitude — at 50 m it differs from the great circle by far less than a
 * metre). No trigonometry in SQL: planning it cost more than running it, and this runs with every report.
 */
export function nearbyCasesSelect(c: DuplicateQuery, rule: DuplicateRule): SQL {
  const ky = M_PER_DEG_LAT;
  const kx = M_PER_DEG_LAT * Math.cos((c.lat * Math.PI) / 180);
  const dLat = rule.radiusM / ky;
  const dLng = rule.radiusM / kx;
  const since = new Date(c.at.getTime() - rule.windowHours * 3_600_000);
  const d2 = sql`((c.lat - ${c.lat}) * ${ky}) * ((c.lat - ${c.lat}) * ${ky}) + ((c.lng - ${c.lng}) * ${kx}) * ((c.lng - ${c.lng}) * ${kx})`;
  return sql`SELECT c.id, w.ref, w.state, c.lng, c.lat, c.reported_at, ${d2} AS d2
    FROM cases c JOIN work_items w ON w.id = c.id
    WHERE c.category_code = ${c.categoryCode} AND c.lat BETWEEN ${c.lat - dLat} AND ${c.lat + dLat}
      AND c.lng BETWEEN ${c.lng - dLng} AND ${c.lng + dLng} AND c.reported_at >= ${since} AND c.reported_at <= ${c.at}
      AND w.closed_at IS NULL AND c.id <> ${c.id ?? '00000000-0000-0000-0000-000000000000'}
      AND ${d2} <= ${rule.radiusM * rule.radiusM}`;
}

/** The five nearest, by great-circle distance. */
export function candidatesFrom(rows: readonly NearbyCase[], c: DuplicateQuery): DuplicateCandidate[] {
  return rows
    .map((r) => ({ r, d: distanceM(c.lat, c.lng, Number(r.lat), Number(r.lng)) }))
    .sort((a, b) => a.d - b.d || a.r.ref.localeCompare(b.r.ref))
    .slice(0, 5)
    .map(({ r, d }) => ({ id: r.id, ref: r.ref, state: r.state, distanceM: Math.round(d), reportedAt: new Date(r.reported_at).toISOString() }));
}

/**
 * The `case.possibleDuplicate` push for a report written with nearbyCasesSelect as its read along: an event row
 * only if that read found cases, naming the five nearest.
 */
export function possibleDuplicateEvent(e: { id: string; ref: string; unitPath: string; actorId: string | null }): DeferredInsert {
  return {
    into: 'events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)',
    select: sql`SELECT 'case.possibleDuplicate', ${e.unitPath}::text, '{}'::text[], 'case', ${e.id}::text, ${e.actorId}::uuid,
        jsonb_build_object('ref', ${e.ref}::text, 'candidates', (SELECT jsonb_agg(n.ref ORDER BY n.d2, n.ref) FROM (SELECT ref, d2 FROM along ORDER BY d2, ref LIMIT 5) n))
      WHERE EXISTS (SELECT 1 FROM along)`,
  };
}

export async function findDuplicateCandidates(ex: Executor, c: DuplicateQuery, rule: DuplicateRule): Promise<DuplicateCandidate[]> {
  return candidatesFrom(await queryRows<NearbyCase>(ex, nearbyCasesSelect(c, rule)), c);
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
