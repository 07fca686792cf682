import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { BatchedRead } from '../../platform/db/batched-read.js';
import type { DomainEvent } from '../../platform/events/event.js';

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

/** How many nearest rows a look-up returns (the answer keeps five, re-ranked by great-circle distance). */
const NEAREST = 10;

/**
 * Open cases of the same category reported within the window and radius of each query: the likely repeats of a new
 * report (several people report the same overflowing bin). Any number of queries in one statement (a VALUES list
 * joined laterally, rows tagged `q` with the query's index), so a burst of reports costs one look-up. The box narrows
 * by index (cases_dup_idx); the radius is a plain planar distance (metres per degree at this latitude — at 50 m it
 * differs from the great circle by far less than a metre). No trigonometry in SQL.
 */
export function nearbyCasesSelect(queries: readonly DuplicateQuery[], rule: DuplicateRule): SQL {
  const values = queries.map((c, i) => {
    const kx = M_PER_DEG_LAT * Math.cos((c.lat * Math.PI) / 180);
    const dLat = rule.radiusM / M_PER_DEG_LAT;
    const dLng = rule.radiusM / kx;
    const since = new Date(c.at.getTime() - rule.windowHours * 3_600_000);
    return sql`(${i}::int, ${c.categoryCode}::text, ${c.lng}::float8, ${c.lat}::float8, ${kx}::float8, ${dLng}::float8, ${dLat}::float8,
      ${since}::timestamptz, ${c.at}::timestamptz, ${c.id ?? '00000000-0000-0000-0000-000000000000'}::uuid)`;
  });
  const ky = M_PER_DEG_LAT;
  return sql`SELECT q.q, n.* FROM (VALUES ${sql.join(values, sql`, `)}) AS q(q, category, lng, lat, kx, dlng, dlat, since, at, self)
    CROSS JOIN LATERAL (
      SELECT c.id, w.ref, w.state, c.lng, c.lat, c.reported_at,
        ((c.lat - q.lat) * ${ky}) * ((c.lat - q.lat) * ${ky}) + ((c.lng - q.lng) * q.kx) * ((c.lng - q.lng) * q.kx) AS d2
      FROM cases c JOIN work_items w ON w.id = c.id
      WHERE c.category_code = q.category AND c.lat BETWEEN q.lat - q.dlat AND q.lat + q.dlat
        AND c.lng BETWEEN q.lng - q.dlng AND q.lng + q.dlng AND c.reported_at >= q.since AND c.reported_at <= q.at
        AND w.closed_at IS NULL AND c.id <> q.self
        AND ((c.lat - q.lat) * ${ky}) * ((c.lat - q.lat) * ${ky}) + ((c.lng - q.lng) * q.kx) * ((c.lng - q.lng) * q.kx) <= ${rule.radiusM * rule.radiusM}
      ORDER BY d2, w.ref LIMIT ${NEAREST}
    ) n`;
}

/** The five nearest, by great-circle distance. */
export function candidatesFrom(rows: readonly NearbyCase[], c: DuplicateQuery): DuplicateCandidate[] {
  return rows
    .map((r) => ({ r, d: distanceM(c.lat, c.lng, Number(r.lat), Number(r.lng)) }))
    .sort((a, b) => a.d - b.d || a.r.ref.localeCompare(b.r.ref))
    .slice(0, 5)
    .map(({ r, d }) => ({ id: r.id, ref: r.ref, state: r.state, distanceM: Math.round(d), reportedAt: new Date(r.reported_at).toISOString() }));
}

/** Look-ups of likely repeats asked for together go as one statement (see BatchedRead). */
export function duplicateFinder(ex: Executor, rule: DuplicateRule): BatchedRead<DuplicateQuery, NearbyCase> {
  return new BatchedRead<DuplicateQuery, NearbyCase>(ex, (queries) => nearbyCasesSelect(queries, rule));
}

/** The `case.possibleDuplicate` push for a report that has likely repeats, naming them nearest first. */
export function possibleDuplicateEvent(e: { id: string; ref: string; unitPath: string }, candidates: readonly DuplicateCandidate[]): DomainEvent {
  return { type: 'case.possibleDuplicate', unitPath: e.unitPath, subjectType: 'case', subjectId: e.id, payload: { ref: e.ref, candidates: candidates.map((c) => c.ref) } };
}

export async function findDuplicateCandidates(ex: Executor, c: DuplicateQuery, rule: DuplicateRule): Promise<DuplicateCandidate[]> {
  return candidatesFrom(await queryRows<NearbyCase>(ex, nearbyCasesSelect([c], rule)), c);
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
