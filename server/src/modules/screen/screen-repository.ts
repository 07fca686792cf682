import { queryRows, sql, type Executor } from '../../platform/db/database.js';

// The big screen's reads. A place is a unit path (district or street): cases belong to it by home_path (where
// they happened), the same rule the evaluation uses through street_code. Open cases come from the partial
// index of migration 0012, today's closures from its closed_at index, daily figures from case_daily_facts.

const under = (path: string) => sql`w.home_path LIKE ${`${path}%`}`;

export interface AreaCount {
  /** The child unit (street of the district, grid of a street) the open cases lie in. */
  code: string;
  open: number;
  overdue: number;
  warning: number;
}

/** Open cases of the place per child unit; `part` is the home_path segment that names the child. */
export async function openByArea(ex: Executor, path: string, part: number): Promise<AreaCount[]> {
  const rows = await queryRows<AreaCount>(ex, sql`
    SELECT split_part(w.home_path, '/', ${part}) AS code, count(*)::int AS open,
      count(*) FILTER (WHERE w.warn_level = 'red')::int AS overdue,
      count(*) FILTER (WHERE w.warn_level = 'yellow')::int AS warning
    FROM work_items w WHERE w.kind = 'case' AND w.closed_at IS NULL AND ${under(path)}
    GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({ code: r.code, open: Number(r.open), overdue: Number(r.overdue), warning: Number(r.warning) }));
}

/** Cases of the place closed (结案, not rejected or merged) at or after `since`. */
export async function closedSince(ex: Executor, path: string, since: Date): Promise<number> {
  const [r] = await queryRows<{ n: number }>(ex, sql`
    SELECT count(*)::int AS n FROM work_items w
    WHERE w.closed_at >= ${since} AND w.kind = 'case' AND w.state = 'closed' AND ${under(path)}`);
  return Number(r?.n ?? 0);
}

export interface DayFacts {
  day: string;
  reported: number;
  due: number;
  closed: number;
  closedOnTime: number;
}

/** Per Beijing day in [from, to] (inclusive, YYYY-MM-DD): reported cases and, of them, due / closed / closed on time. */
export async function dailyFacts(ex: Executor, from: string, to: string, street: string | null): Promise<DayFacts[]> {
  const rows = await queryRows<{ day: string; reported: number; due: number; closed: number; closed_on_time: number }>(ex, sql`
    SELECT to_char(f.day, 'YYYY-MM-DD') AS day, sum(f.reported)::int AS reported, sum(f.due)::int AS due,
      sum(f.closed)::int AS closed, sum(f.closed_on_time)::int AS closed_on_time
    FROM case_daily_facts f
    WHERE f.day >= ${from}::date AND f.day <= ${to}::date ${street ? sql`AND f.street_code = ${street}` : sql``}
    GROUP BY f.day ORDER BY f.day`);
  return rows.map((r) => ({
    day: r.day, reported: Number(r.reported), due: Number(r.due), closed: Number(r.closed), closedOnTime: Number(r.closed_on_time),
  }));
}

/** Hour buckets (0 = the hour starting at `start`) of cases reported in [start, start + 24 h). */
export async function reportedByHour(ex: Executor, start: Date, street: string | null): Promise<Map<number, number>> {
  const end = new Date(start.getTime() + 24 * 3_600_000);
  const rows = await queryRows<{ h: number; n: number }>(ex, sql`
    SELECT floor(extract(epoch FROM c.reported_at - ${start}::timestamptz) / 3600)::int AS h, count(*)::int AS n
    FROM cases c WHERE c.reported_at >= ${start} AND c.reported_at < ${end} ${street ? sql`AND c.street_code = ${street}` : sql``}
    GROUP BY 1`);
  return new Map(rows.map((r) => [Number(r.h), Number(r.n)]));
}

/** Hour buckets of cases of the place closed in [start, start + 24 h). */
export async function closedByHour(ex: Executor, start: Date, path: string): Promise<Map<number, number>> {
  const end = new Date(start.getTime() + 24 * 3_600_000);
  const rows = await queryRows<{ h: number; n: number }>(ex, sql`
    SELECT floor(extract(epoch FROM w.closed_at - ${start}::timestamptz) / 3600)::int AS h, count(*)::int AS n
    FROM work_items w WHERE w.closed_at >= ${start} AND w.closed_at < ${end} AND w.kind = 'case' AND w.state = 'closed' AND ${under(path)}
    GROUP BY 1`);
  return new Map(rows.map((r) => [Number(r.h), Number(r.n)]));
}

export interface CategoryCount { kind: 'event' | 'component'; majorCode: string; majorName: string; count: number }

/** Cases reported since `since`, per major category class (事件 市容环境, 部件 公用设施 …). */
export async function categoryMix(ex: Executor, since: Date, street: string | null): Promise<CategoryCount[]> {
  const rows = await queryRows<{ kind: 'event' | 'component'; major_code: string; major_name: string; n: number }>(ex, sql`
    SELECT cc.kind, cc.major_code, cc.major_name, count(*)::int AS n
    FROM cases c JOIN case_categories cc ON cc.code = c.category_code
    WHERE c.reported_at >= ${since} ${street ? sql`AND c.street_code = ${street}` : sql``}
    GROUP BY 1, 2, 3 ORDER BY n DESC, 1 DESC, 2`);
  return rows.map((r) => ({ kind: r.kind, majorCode: r.major_code, majorName: r.major_name, count: Number(r.n) }));
}

export interface FeedRow {
  id: string; at: Date; action: string; to_state: string | null; actor_name: string;
  case_id: string; ref: string; title: string; state: string; warn_level: string;
}

/** The latest timeline entries of the place's cases, newest first (a backward walk of the timeline's key). */
export async function recentActivity(ex: Executor, path: string, limit: number): Promise<FeedRow[]> {
  return queryRows<FeedRow>(ex, sql`
    SELECT t.id::text AS id, t.at, t.action, t.to_state, t.actor_name, w.id AS case_id, w.ref, w.title, w.state, w.warn_level
    FROM work_item_timeline t JOIN work_items w ON w.id = t.item_id
    WHERE w.kind = 'case' AND ${under(path)}
    ORDER BY t.id DESC LIMIT ${limit}`);
}

/**
 * Every open case of the place plus those closed since `closedSinceAt`, as the JSON text of an array of
 * [id, lng, lat, state, warnLevel] rows: two index ranges joined to cases by key, aggregated in the database,
 * so 10,000 markers cross from the database as one value instead of 10,000 rows. `ids` narrows to a few cases.
 */
export async function markersJson(ex: Executor, path: string, closedSinceAt: Date, ids?: string[]): Promise<string> {
  const only = ids ? sql`AND w.id = ANY(${`{${ids.join(',')}}`}::uuid[])` : sql``;
  const [row] = await queryRows<{ items: string }>(ex, sql`
    SELECT coalesce(json_agg(json_build_array(m.id, m.lng, m.lat, m.state, m.warn_level)), '[]')::text AS items FROM (
      SELECT w.id, c.lng, c.lat, w.state, w.warn_level FROM work_items w JOIN cases c ON c.id = w.id
      WHERE w.kind = 'case' AND w.closed_at IS NULL AND ${under(path)} ${only}
      UNION ALL
      SELECT w.id, c.lng, c.lat, w.state, w.warn_level FROM work_items w JOIN cases c ON c.id = w.id
      WHERE w.closed_at >= ${closedSinceAt} AND w.kind = 'case' AND w.state = 'closed' AND ${under(path)} ${only}
    ) m`);
  return row?.items ?? '[]';
}

export interface PlaceRow { code: string; name: string; name_en: string | null; kind: string; path: string; parent_code: string | null }

/** The units directly below a place of the kind asked (streets of the district, grids of a street). */
export async function placesUnder(ex: Executor, path: string, kind: 'street' | 'grid'): Promise<PlaceRow[]> {
  return queryRows<PlaceRow>(ex, sql`
    SELECT code, name, name_en, kind, path, parent_code FROM units WHERE kind = ${kind} AND path LIKE ${`${path}%`} ORDER BY code`);
}

/** The widest district or street inside the scopes (the default place of a screen), if any. */
export async function firstPlaceIn(ex: Executor, scopePaths: string[]): Promise<string | undefined> {
  if (scopePaths.length === 0) return undefined;
  const inScope = scopePaths.includes('/') ? sql`TRUE` : sql.join(scopePaths.map((p) => sql`path LIKE ${`${p}%`}`), sql` OR `);
  const [row] = await queryRows<{ code: string }>(ex, sql`
    SELECT code FROM units WHERE kind IN ('district', 'street') AND (${inScope}) ORDER BY depth, path LIMIT 1`);
  return row?.code;
}
