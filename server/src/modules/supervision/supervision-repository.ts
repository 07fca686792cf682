import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';

// Every query here reads open items past their yellow line (partial index work_items_warned_idx, migration
// 0016) by the unit that must act (owner_path): a few thousand rows however many items a year closes.

export interface BoardUnit {
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  path: string;
  parent_code: string | null;
}

export async function findBoardUnit(ex: Executor, code: string): Promise<BoardUnit | undefined> {
  const [row] = await queryRows<BoardUnit>(ex, sql`SELECT code, name, name_en, kind, path, parent_code FROM units WHERE code = ${code}`);
  return row;
}

export async function findUnitByPath(ex: Executor, path: string): Promise<BoardUnit | undefined> {
  const [row] = await queryRows<BoardUnit>(ex, sql`SELECT code, name, name_en, kind, path, parent_code FROM units WHERE path = ${path}`);
  return row;
}

/** The top of the tree (the district), for the platform itself, whose scope is everything. */
export async function findRootUnit(ex: Executor): Promise<BoardUnit | undefined> {
  const [row] = await queryRows<BoardUnit>(ex, sql`SELECT code, name, name_en, kind, path, parent_code FROM units WHERE parent_code IS NULL ORDER BY path LIMIT 1`);
  return row;
}

export async function childUnits(ex: Executor, code: string): Promise<Array<BoardUnit & { has_children: boolean }>> {
  return queryRows(ex, sql`SELECT u.code, u.name, u.name_en, u.kind, u.path, u.parent_code,
      EXISTS (SELECT 1 FROM units c WHERE c.parent_code = u.code AND c.active) AS has_children
    FROM units u WHERE u.parent_code = ${code} AND u.active ORDER BY u.path`);
}

/** The path segment that names the sub-unit of `path` an owner path lies in ('' for the unit itself). */
function childSegment(path: string): SQL {
  const n = path.split('/').filter(Boolean).length + 2;
  return sql`split_part(w.owner_path, '/', ${n}::int)`;
}

const WARNED = sql`w.closed_at IS NULL AND w.warn_level <> 'none'`;

export interface WarnedCount {
  child: string;
  kind: string;
  warn_level: 'red' | 'yellow';
  n: number;
}

/** Red and yellow items under `path`, counted per sub-unit ('' = the unit itself) and kind. */
export async function warnedCounts(ex: Executor, path: string): Promise<WarnedCount[]> {
  const rows = await queryRows<WarnedCount>(ex, sql`SELECT ${childSegment(path)} AS child, w.kind, w.warn_level, count(*)::int AS n
    FROM work_items w WHERE ${WARNED} AND w.owner_path LIKE ${`${path}%`}
    GROUP BY 1, 2, 3`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface WarnedFilter {
  /** The board's unit: items owned in its subtree, grouped by its sub-units. */
  path: string;
  /** Only items owned by the unit itself. */
  own?: boolean;
  kind?: string;
  level?: string;
}

export interface WarnedItemRow {
  id: string;
  kind: string;
  ref: string;
  title: string;
  state: string;
  warn_level: string;
  owner_unit: string;
  owner_name: string;
  owner_name_en: string | null;
  group_code: string | null;
  group_name: string | null;
  deadline_at: string | null;
  escalated_to: string | null;
  escalated_name: string | null;
  supervised: boolean;
  open_orders: number;
}

function warnedWhere(f: WarnedFilter): SQL {
  const conds: SQL[] = [WARNED, f.own ? sql`w.owner_path = ${f.path}` : sql`w.owner_path LIKE ${`${f.path}%`}`];
  if (f.kind) conds.push(sql`w.kind = ${f.kind}`);
  if (f.level) conds.push(sql`w.warn_level = ${f.level}`);
  return sql.join(conds, sql` AND `);
}

/** Red first, then yellow; within each, the earliest deadline (the longest overdue) first. */
export async function listWarned(ex: Executor, f: WarnedFilter, page: { limit: number; offset: number }): Promise<{ rows: WarnedItemRow[]; total: number }> {
  const rows = await queryRows<WarnedItemRow & { total: number }>(ex, sql`WITH page AS (
      SELECT w.id, w.kind, w.ref, w.title, w.state, w.warn_level, w.owner_unit, w.deadline_at, w.escalated_to, w.supervised,
        nullif(${childSegment(f.path)}, '') AS group_code, count(*) OVER ()::int AS total
      FROM work_items w WHERE ${warnedWhere(f)}
      ORDER BY (w.warn_level = 'red') DESC, w.deadline_at, w.id LIMIT ${page.limit} OFFSET ${page.offset}
    )
    SELECT page.*, o.name AS owner_name, o.name_en AS owner_name_en, g.name AS group_name, e.name AS escalated_name,
      (SELECT count(*)::int FROM supervision_orders s WHERE s.item_id = page.id AND s.state = 'open') AS open_orders
    FROM page JOIN units o ON o.code = page.owner_unit LEFT JOIN units g ON g.code = page.group_code
      LEFT JOIN units e ON e.code = page.escalated_to
    ORDER BY (page.warn_level = 'red') DESC, page.deadline_at, page.id`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

/** The same list for the Excel export, page by page (a board's warned items are thousands, not millions). */
export async function* warnedPages(ex: Executor, f: WarnedFilter, pageSize = 2000): AsyncGenerator<WarnedItemRow[]> {
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = await listWarned(ex, f, { limit: pageSize, offset });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
  }
}

export interface TrendRow {
  day: string;
  action: 'warn' | 'overdue';
  kind: string;
  n: number;
}

/**
 * How many items turned yellow ('warn') and red ('overdue') each Beijing day since `since`, by the unit the
 * item belonged to when the sweep marked it (the timeline row's unit): partial index work_item_timeline_warnings_idx.
 */
export async function warningTrend(ex: Executor, path: string, since: Date, kind?: string): Promise<TrendRow[]> {
  const rows = await queryRows<TrendRow>(ex, sql`SELECT to_char((t.at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS day,
      t.action, w.kind, count(*)::int AS n
    FROM work_item_timeline t JOIN units u ON u.code = t.unit_code JOIN work_items w ON w.id = t.item_id
    WHERE t.action IN ('warn', 'overdue') AND t.at >= ${since} AND u.path LIKE ${`${path}%`}
      ${kind ? sql`AND w.kind = ${kind}` : sql``}
    GROUP BY 1, 2, 3 ORDER BY 1`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface OrderRow {
  id: string;
  level: string;
  issuer_unit: string;
  issuer_name: string;
  issuer_name_en: string | null;
  note: string;
  deadline_at: string | null;
  created_at: string;
  item_id: string;
  kind: string;
  ref: string;
  title: string;
  state: string;
  warn_level: string;
  owner_unit: string;
  owner_name: string;
  owner_name_en: string | null;
  item_deadline_at: string | null;
}

/**
 * Open supervision orders on items still open, where the item (its owner or where it happened) or the
 * issuing unit lies under `path`: who is supervising what. Newest first.
 */
export async function listOpenOrders(ex: Executor, path: string, kind: string | undefined, page: { limit: number; offset: number }): Promise<{ rows: OrderRow[]; total: number }> {
  const under = `${path}%`;
  const rows = await queryRows<OrderRow & { total: number }>(ex, sql`SELECT s.id, s.level, s.issuer_unit, iu.name AS issuer_name,
      iu.name_en AS issuer_name_en, s.note, s.deadline_at, s.created_at, w.id AS item_id, w.kind, w.ref, w.title, w.state, w.warn_level,
      w.owner_unit, ou.name AS owner_name, ou.name_en AS owner_name_en, w.deadline_at AS item_deadline_at, count(*) OVER ()::int AS total
    FROM supervision_orders s JOIN work_items w ON w.id = s.item_id
      JOIN units iu ON iu.code = s.issuer_unit JOIN units ou ON ou.code = w.owner_unit
    WHERE s.state = 'open' AND w.closed_at IS NULL
      AND (w.owner_path LIKE ${under} OR w.home_path LIKE ${under} OR iu.path LIKE ${under})
      ${kind ? sql`AND w.kind = ${kind}` : sql``}
    ORDER BY s.created_at DESC, s.id LIMIT ${page.limit} OFFSET ${page.offset}`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}
