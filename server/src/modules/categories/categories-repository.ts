import { asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/db/database.js';
import { caseCategories, type CategoryRow, type NewCategoryRow } from './categories-tables.js';

export interface CategoryListQuery {
  kind?: 'event' | 'component';
  majorCode?: string;
  active?: boolean;
  /** Matches the Chinese or English name anywhere, or the code from its start. */
  q?: string;
}

// Events first: they are most of the intake, so pickers list them before components.
const ORDER = [desc(caseCategories.kind), asc(caseCategories.code)];

export async function listCategories(ex: Executor, q: CategoryListQuery = {}): Promise<CategoryRow[]> {
  const conds: SQL[] = [];
  if (q.kind) conds.push(sql`kind = ${q.kind}`);
  if (q.majorCode) conds.push(sql`major_code = ${q.majorCode}`);
  if (q.active !== undefined) conds.push(sql`active = ${q.active}`);
  if (q.q) {
    const text = `%${escapeLike(q.q)}%`;
    conds.push(sql`(name ILIKE ${text} OR name_en ILIKE ${text} OR code ILIKE ${`${escapeLike(q.q)}%`})`);
  }
  const where = conds.length ? sql.join(conds, sql` AND `) : sql`TRUE`;
  return ex.select().from(caseCategories).where(where).orderBy(...ORDER);
}

export interface MajorClassCount {
  kind: 'event' | 'component';
  majorCode: string;
  majorName: string;
  total: number;
  active: number;
}

/** The major classes present in the table, with how many categories (and active ones) each holds. */
export async function listMajorClasses(ex: Executor): Promise<MajorClassCount[]> {
  const rows = await queryRows<{ kind: 'event' | 'component'; major_code: string; major_name: string; total: number; active: number }>(ex,
    sql`SELECT kind, major_code, major_name, count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active
        FROM case_categories GROUP BY kind, major_code, major_name ORDER BY kind DESC, major_code`);
  return rows.map((r) => ({ kind: r.kind, majorCode: r.major_code, majorName: r.major_name, total: Number(r.total), active: Number(r.active) }));
}

export async function findCategory(ex: Executor, code: string, opts: { forUpdate?: boolean } = {}): Promise<CategoryRow | undefined> {
  const q = ex.select().from(caseCategories).where(eq(caseCategories.code, code)).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/** Inserts the codes not yet present; existing rows keep whatever an administrator set. Returns the codes inserted. */
export async function insertMissingCategories(ex: Executor, rows: NewCategoryRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await ex.insert(caseCategories).values(rows).onConflictDoNothing({ target: caseCategories.code })
    .returning({ code: caseCategories.code });
  return inserted.map((r) => r.code);
}

export type CategoryChanges = Partial<Pick<CategoryRow, 'defaultDepartment' | 'handledByStreet' | 'urgency' | 'limits' | 'active'>>;

export async function updateCategory(ex: Executor, code: string, set: CategoryChanges): Promise<CategoryRow | undefined> {
  const [row] = await ex.update(caseCategories).set({ ...set, updatedAt: new Date() }).where(eq(caseCategories.code, code)).returning();
  return row;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
