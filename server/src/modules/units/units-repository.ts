import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/db/database.js';
import { units } from '../../platform/db/tables.js';

export type UnitRow = typeof units.$inferSelect;

export async function findUnit(ex: Executor, code: string): Promise<UnitRow | undefined> {
  const [u] = await ex.select().from(units).where(eq(units.code, code)).limit(1);
  return u;
}

export async function findUnits(ex: Executor, codes: string[]): Promise<UnitRow[]> {
  if (codes.length === 0) return [];
  return ex.select().from(units).where(inArray(units.code, codes));
}

export interface UnitListQuery {
  scopePaths: string[];
  parentCode?: string;
  kind?: string;
  under?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listUnits(ex: Executor, q: UnitListQuery): Promise<{ rows: UnitRow[]; total: number }> {
  const conds = [scopeCondition(q.scopePaths)];
  if (q.parentCode) conds.push(sql`parent_code = ${q.parentCode}`);
  if (q.kind) conds.push(sql`kind = ${q.kind}`);
  if (q.under) conds.push(sql`path LIKE ${`${q.under}%`}`);
  if (q.q) conds.push(sql`(name ILIKE ${`%${q.q}%`} OR code LIKE ${`${q.q}%`})`);
  const where = sql.join(conds, sql` AND `);
  const [rows, [count]] = await Promise.all([
    ex.select().from(units).where(where).orderBy(units.path).limit(q.limit).offset(q.offset),
    queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM units WHERE ${where}`),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export async function countByKind(ex: Executor, underPath: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ kind: string; n: number }>(ex,
    sql`SELECT kind, count(*)::int AS n FROM units WHERE path LIKE ${`${underPath}%`} GROUP BY kind`);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export async function updateUnit(ex: Executor, code: string, set: Partial<Pick<UnitRow, 'name' | 'nameEn' | 'active' | 'population'>>): Promise<UnitRow | undefined> {
  const [u] = await ex.update(units).set({ ...set, updatedAt: new Date() }).where(eq(units.code, code)).returning();
  return u;
}

export function scopeCondition(scopePaths: string[]) {
  if (scopePaths.includes('/')) return sql`TRUE`;
  if (scopePaths.length === 0) return sql`FALSE`;
  return sql`(${sql.join(scopePaths.map((p) => sql`path LIKE ${`${p}%`}`), sql` OR `)})`;
}
