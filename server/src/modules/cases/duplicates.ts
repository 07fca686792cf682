import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { can, type Actor } from '../../platform/access/actor.js';
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
export interface NearbyCase {
  id: string; ref: string; state: string; lng: number; lat: number; reported_at: string; d2: number; home_path: string; owner_path: string;
}

/** Whether the actor may see a nearby case (where it happened or who has it lies in their case:read scope). */
export function readableBy(actor: Actor): (r: NearbyCase) => boolean {
  return (r) => can(actor, 'case:read', r.home_path) || can(actor, 'case:read', r.owner_path);
}

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
      SELECT c.id, w.ref, w.state, c.lng, c.lat, c.reported_at, w.home_path, w.owner_path,
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

/** A report on its way to the database: seen by the reports that come after it until its write settles. */
interface PendingReport { id: string; ref: string; categoryCode: string; lng: number; lat: number; at: Date; homePath: string; ownerPath: string }

/**
 * Finds a new report's likely repeats: the committed open cases nearby (look-ups asked for together go as one
 * statement, see BatchedRead), and the reports written just before it whose writes have not committed yet — a burst of
 * reports about the same bin is written in one group statement, so none of them could see another in the table.
 * A report joins the pending list when it looks (so every later report sees it) and leaves when its write settles
 * (by then the table shows it to any look-up that starts later); one seen both ways counts once.
 */
export class DuplicateFinder {
  private readonly batched: BatchedRead<DuplicateQuery, NearbyCase>;
  private readonly pending = new Map<string, PendingReport>();

  constructor(ex: Executor, private readonly rule: DuplicateRule) {
    this.batched = new BatchedRead<DuplicateQuery, NearbyCase>(ex, (queries) => nearbyCasesSelect(queries, rule));
  }

  /** Likely repeats of a new report (`id` and `ref` already chosen); call `settled(id)` once its write has ended. */
  async forNewReport(report: PendingReport, via: Executor): Promise<NearbyCase[]> {
    const before = [...this.pending.values()].filter((p) => this.near(p, report)).map((p) => this.asNearby(p, report));
    this.pending.set(report.id, report);
    const rows = await this.batched.read(report, via);
    const seen = new Set(rows.map((r) => r.id));
    return [...rows, ...before.filter((p) => !seen.has(p.id))];
  }

  settled(id: string): void {
    this.pending.delete(id);
  }

  private near(p: PendingReport, q: PendingReport): boolean {
    return p.categoryCode === q.categoryCode && p.at.getTime() >= q.at.getTime() - this.rule.windowHours * 3_600_000
      && distanceM(p.lat, p.lng, q.lat, q.lng) <= this.rule.radiusM;
  }

  private asNearby(p: PendingReport, q: PendingReport): NearbyCase {
    const kx = M_PER_DEG_LAT * Math.cos((q.lat * Math.PI) / 180);
    const d2 = ((p.lat - q.lat) * M_PER_DEG_LAT) ** 2 + ((p.lng - q.lng) * kx) ** 2;
    return { id: p.id, ref: p.ref, state: 'reported', lng: p.lng, lat: p.lat, reported_at: p.at.toISOString(), d2, home_path: p.homePath, owner_path: p.ownerPath };
  }
}

/** The `case.possibleDuplicate` push for a report that has likely repeats, naming them nearest first. */
export function possibleDuplicateEvent(e: { id: string; ref: string; unitPath: string }, candidates: readonly DuplicateCandidate[]): DomainEvent {
  return { type: 'case.possibleDuplicate', unitPath: e.unitPath, subjectType: 'case', subjectId: e.id, payload: { ref: e.ref, candidates: candidates.map((c) => c.ref) } };
}

/** A case's likely repeats that the actor may see. */
export async function findDuplicateCandidates(ex: Executor, c: DuplicateQuery, rule: DuplicateRule, actor: Actor): Promise<DuplicateCandidate[]> {
  return candidatesFrom((await queryRows<NearbyCase>(ex, nearbyCasesSelect([c], rule))).filter(readableBy(actor)), c);
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
