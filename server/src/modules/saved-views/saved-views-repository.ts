import { queryRows, sql, type Executor } from '../../platform/db/database.js';

export interface SavedViewRow {
  id: string;
  user_id: string;
  page: string;
  name: string;
  filters: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export async function listSavedViews(ex: Executor, userId: string, page: string): Promise<SavedViewRow[]> {
  return queryRows<SavedViewRow>(ex, sql`SELECT * FROM saved_views WHERE user_id = ${userId} AND page = ${page} ORDER BY name, id`);
}

export async function countSavedViews(ex: Executor, userId: string, page: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM saved_views WHERE user_id = ${userId} AND page = ${page}`);
  return Number(r?.n ?? 0);
}

/** Inserts the view, or replaces the filters of the user's view with that name; `created` tells which. */
export async function upsertSavedView(
  ex: Executor, v: { id: string; userId: string; page: string; name: string; filters: Record<string, unknown> },
): Promise<SavedViewRow & { created: boolean }> {
  const [row] = await queryRows<SavedViewRow & { created: boolean }>(ex, sql`
    INSERT INTO saved_views (id, user_id, page, name, filters)
    VALUES (${v.id}, ${v.userId}, ${v.page}, ${v.name}, ${JSON.stringify(v.filters)}::jsonb)
    ON CONFLICT (user_id, page, name) DO UPDATE SET filters = EXCLUDED.filters, updated_at = now()
    RETURNING *, (id = ${v.id}) AS created`);
  return row!;
}

/** Deletes the view only when it is this user's: another user's id deletes nothing. */
export async function deleteSavedView(ex: Executor, userId: string, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(ex, sql`DELETE FROM saved_views WHERE id = ${id} AND user_id = ${userId} RETURNING id`);
  return rows.length > 0;
}
