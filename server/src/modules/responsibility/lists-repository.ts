import type { SQL } from 'drizzle-orm';
import type { DeferredInsert } from '../../platform/db/unit-of-work.js';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';

/** `column` lies in one of the subtrees (materialised-path prefix match). */
export function underAny(column: SQL, paths: readonly string[]): SQL {
  if (paths.includes('/')) return sql`TRUE`;
  if (paths.length === 0) return sql`FALSE`;
  return sql`(${sql.join(paths.map((p) => sql`${column} LIKE ${`${p}%`}`), sql` OR `)})`;
}

export interface ListRow {
  id: string;
  ref: string;
  title: string;
  source_kind: string;
  source_ref: string;
  issuer_unit: string;
  issuer_unit_name: string;
  issuer_path: string;
  issuer_name: string;
  task_count: number;
  created_at: Date | string;
}

export interface ListCountsRow {
  tasks: number; open_tasks: number; completed_tasks: number; cancelled_tasks: number;
  milestones: number; completed_milestones: number; late_milestones: number; warning: number; overdue: number;
  next_due_at: Date | string | null;
  any_open: boolean;
}

export async function nextListRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('responsibility_list_ref_seq') AS n`);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `ZR${day}${String(Number(row!.n)).padStart(4, '0')}`;
}

export function listInsert(l: {
  id: string; ref: string; title: string; sourceKind: string; sourceRef: string; issuerUnit: string; issuerPath: string;
  issuerId: string | null; issuerName: string; taskCount: number; now: Date;
}): DeferredInsert {
  return {
    into: 'responsibility_lists (id, ref, title, source_kind, source_ref, issuer_unit, issuer_path, issuer_id, issuer_name, task_count, created_at)',
    rows: [sql`(${l.id}, ${l.ref}, ${l.title}, ${l.sourceKind}, ${l.sourceRef}, ${l.issuerUnit}, ${l.issuerPath}, ${l.issuerId}::uuid,
      ${l.issuerName}, ${l.taskCount}, ${l.now})`],
  };
}

const LIST_COLUMNS = sql`l.id, l.ref, l.title, l.source_kind, l.source_ref, l.issuer_unit, u.name AS issuer_unit_name, l.issuer_path,
  l.issuer_name, l.task_count, l.created_at`;

export async function findList(ex: Executor, id: string): Promise<ListRow | undefined> {
  const [row] = await queryRows<ListRow>(ex, sql`SELECT ${LIST_COLUMNS} FROM responsibility_lists l JOIN units u ON u.code = l.issuer_unit
    WHERE l.id = ${id}`);
  return row;
}

/** True when one of the list's tasks is owned inside the scope. */
export async function hasTaskIn(ex: Executor, listId: string, scope: string[]): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(ex, sql`SELECT 1 AS one FROM tasks t WHERE t.list_id = ${listId}
    AND ${underAny(sql`t.owner_path`, scope)} LIMIT 1`);
  return rows.length > 0;
}

/**
 * The counts a viewer sees for a list row `page`: every task when the list was issued in their scope, else the
 * tasks owned in it (a street that owns two tasks of the district's list counts those two).
 */
function countsLateral(scope: string[]): SQL {
  const inView = sql`(${underAny(sql`page.issuer_path`, scope)} OR ${underAny(sql`t.owner_path`, scope)})`;
  return sql`CROSS JOIN LATERAL (
      SELECT count(*)::int AS tasks,
        count(*) FILTER (WHERE tw.state = 'open')::int AS open_tasks,
        count(*) FILTER (WHERE tw.state = 'completed')::int AS completed_tasks,
        count(*) FILTER (WHERE tw.state = 'cancelled')::int AS cancelled_tasks
      FROM tasks t JOIN work_items tw ON tw.id = t.id WHERE t.list_id = page.id AND ${inView}
    ) tc
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE mw.state <> 'cancelled')::int AS milestones,
        count(*) FILTER (WHERE mw.state = 'completed')::int AS completed_milestones,
        count(*) FILTER (WHERE m.done_late)::int AS late_milestones,
        count(*) FILTER (WHERE mw.state = 'open' AND mw.warn_level = 'yellow')::int AS warning,
        count(*) FILTER (WHERE mw.state = 'open' AND mw.warn_level = 'red')::int AS overdue,
        min(m.due_at) FILTER (WHERE mw.state = 'open') AS next_due_at
      FROM milestones m JOIN tasks t ON t.id = m.task_id JOIN work_items mw ON mw.id = m.id WHERE m.list_id = page.id AND ${inView}
    ) mc
    CROSS JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM tasks t JOIN work_items tw ON tw.id = t.id WHERE t.list_id = page.id AND tw.state = 'open') AS any_open
    ) st`;
}

export interface ListFilter {
  scope: string[];
  issuerScope?: string[];
  state?: 'open' | 'completed';
  source?: string;
  q?: string;
}

function filterWhere(f: ListFilter): SQL {
  const conds: SQL[] = [sql`(${underAny(sql`l.issuer_path`, f.scope)}
    OR EXISTS (SELECT 1 FROM tasks x WHERE x.list_id = l.id AND ${underAny(sql`x.owner_path`, f.scope)}))`];
  if (f.issuerScope) conds.push(underAny(sql`l.issuer_path`, f.issuerScope));
  if (f.source) conds.push(sql`l.source_kind = ${f.source}`);
  if (f.q) conds.push(sql`(l.title ILIKE ${`%${f.q}%`} OR l.source_ref ILIKE ${`%${f.q}%`} OR l.ref = ${f.q})`);
  if (f.state) {
    const open = sql`EXISTS (SELECT 1 FROM tasks y JOIN work_items yw ON yw.id = y.id WHERE y.list_id = l.id AND yw.state = 'open')`;
    conds.push(f.state === 'open' ? open : sql`NOT ${open}`);
  }
  return sql.join(conds, sql` AND `);
}

/** Lists the viewer may see (issued in their scope, or with a task owned in it), newest first, with counts. */
export async function listLists(ex: Executor, f: ListFilter & { limit: number; offset: number }): Promise<{ rows: Array<ListRow & ListCountsRow>; total: number }> {
  const rows = await queryRows<ListRow & ListCountsRow & { total_rows: number }>(ex, sql`WITH page AS (
      SELECT ${LIST_COLUMNS}, count(*) OVER () AS total_rows
      FROM responsibility_lists l JOIN units u ON u.code = l.issuer_unit WHERE ${filterWhere(f)}
      ORDER BY l.created_at DESC, l.id LIMIT ${f.limit} OFFSET ${f.offset}
    )
    SELECT page.*, tc.*, mc.*, st.* FROM page ${countsLateral(f.scope)} ORDER BY page.created_at DESC, page.id`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

/** One list's counts as the viewer sees them. */
export async function listCounts(ex: Executor, list: Pick<ListRow, 'id' | 'issuer_path'>, scope: string[]): Promise<ListCountsRow> {
  const [row] = await queryRows<ListCountsRow>(ex, sql`WITH page AS (SELECT ${list.id}::uuid AS id, ${list.issuer_path}::text AS issuer_path)
    SELECT tc.*, mc.*, st.* FROM page ${countsLateral(scope)}`);
  return row!;
}

export interface UnitInfo { code: string; path: string; kind: string; active: boolean; name: string }

export async function unitsByCode(ex: Executor, codes: readonly string[]): Promise<Map<string, UnitInfo>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<UnitInfo>(ex, sql`SELECT code, path, kind, active, name FROM units
    WHERE code = ANY(${toPgArray([...new Set(codes)])}::text[])`);
  return new Map(rows.map((r) => [r.code, r]));
}
