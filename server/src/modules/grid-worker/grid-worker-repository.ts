import { queryRows, sql, type Executor } from '../../platform/db/database.js';

/** Which of a worker's own steps a history row comes from. */
export type HistoryKind = 'all' | 'reported' | 'checked';

export interface HistoryFilter {
  userId: string;
  /** The worker's case:read scope: a case that left it (e.g. reported in another street) is not shown. */
  scopePaths: string[];
  kind: HistoryKind;
  limit: number;
  offset: number;
}

export interface HistoryRow {
  id: string; ref: string; title: string; state: string; category_code: string; category_name: string;
  grid_code: string; street_code: string; address: string | null; warn_level: string; reported_at: Date;
  my_actions: string[]; my_last_at: Date; total: number;
}

function inScope(paths: string[]) {
  if (paths.includes('/')) return sql`TRUE`;
  if (paths.length === 0) return sql`FALSE`;
  const like = (col: string) => sql.join(paths.map((p) => sql`${sql.raw(col)} LIKE ${`${p}%`}`), sql` OR `);
  return sql`(${like('w.home_path')} OR ${like('w.owner_path')})`;
}

/**
 * A grid worker's own history: cases they reported and cases they checked on site (核查通过 or 返工),
 * one row per case, newest own step first. Each part reads its own index (see migration 0013).
 */
export async function listWorkerHistory(ex: Executor, f: HistoryFilter): Promise<{ rows: HistoryRow[]; total: number }> {
  const parts = [];
  if (f.kind !== 'checked') {
    parts.push(sql`SELECT c.id, 'report' AS action, c.reported_at AS at FROM cases c WHERE c.reporter_user_id = ${f.userId}::uuid`);
  }
  if (f.kind !== 'reported') {
    parts.push(sql`SELECT t.item_id AS id, t.action, t.at FROM work_item_timeline t
      WHERE t.actor_id = ${f.userId}::uuid AND t.action IN ('verify', 'rework')`);
  }
  const rows = await queryRows<HistoryRow>(ex, sql`
    WITH mine AS (${sql.join(parts, sql` UNION ALL `)}),
    per_case AS (
      SELECT id, array_agg(DISTINCT action ORDER BY action) AS my_actions, max(at) AS my_last_at FROM mine GROUP BY id
    )
    SELECT w.id, w.ref, w.title, w.state, c.category_code, cc.name AS category_name, c.grid_code, c.street_code, c.address,
      w.warn_level, c.reported_at, m.my_actions, m.my_last_at, count(*) OVER () AS total
    FROM per_case m JOIN work_items w ON w.id = m.id JOIN cases c ON c.id = w.id
      JOIN case_categories cc ON cc.code = c.category_code
    WHERE w.kind = 'case' AND ${inScope(f.scopePaths)}
    ORDER BY m.my_last_at DESC, w.id LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}
