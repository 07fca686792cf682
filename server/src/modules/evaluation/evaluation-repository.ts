import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { AGGREGATES, INDICATOR_DEFS, INDICATORS, LEVEL_KEY, type Aggregate, type Indicator, type Level } from './evaluation-indicators.js';

/** Which cases a caller's figures are computed over (the evaluation analogue of case visibility). */
export interface CaseScope {
  /** District-wide: every case. */
  all: boolean;
  /** Otherwise: cases that happened in these streets … */
  streets: string[];
  /** … or (department level) were last dispatched to these departments. */
  departments: string[];
}

export interface PeriodFilter {
  from: Date;
  to: Date;
  /** Only cases that happened in this street. */
  street?: string;
}

const toPgArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, '')}"`).join(',')}}`;

function scopeCondition(level: Level, scope: CaseScope) {
  if (scope.all) return sql`TRUE`;
  const inStreets = sql`c.street_code = ANY(${toPgArray(scope.streets)}::text[])`;
  // A department sees its own row over all its cases; streets and grids are places, seen by their streets only.
  if (level !== 'department' || scope.departments.length === 0) return inStreets;
  return sql`(${inStreets} OR c.handling_unit = ANY(${toPgArray(scope.departments)}::text[]))`;
}

function periodConditions(level: Level, f: PeriodFilter, scope: CaseScope) {
  const conds = [
    sql`c.reported_at >= ${f.from}`, sql`c.reported_at < ${f.to}`, sql`${sql.raw(LEVEL_KEY[level])} IS NOT NULL`,
    scopeCondition(level, scope),
  ];
  if (f.street) conds.push(sql`c.street_code = ${f.street}`);
  return sql.join(conds, sql` AND `);
}

export interface RankingSums {
  code: string;
  name: string;
  name_en: string | null;
  /** Cases reported in the period that belong to the unit. */
  reported: number;
  sums: Record<Indicator, { numerator: number; denominator: number }>;
}

/**
 * One GROUP BY over the period's cases (an index-only range of `cases_evaluation_idx`), then the unit names:
 * for each unit of the level with at least one case, the AGGREGATES, read back as Σ numerator and
 * Σ denominator of every indicator.
 */
export async function rankingSums(ex: Executor, level: Level, f: PeriodFilter, scope: CaseScope): Promise<RankingSums[]> {
  // Summed from the daily rollup (migration 0009, kept by a trigger), whose columns are the AGGREGATES per
  // day and unit. Periods are whole Beijing days, so the rollup gives exactly what a scan of the cases would.
  const cols = (Object.keys(AGGREGATES) as Aggregate[]).map((name) => sql.raw(`coalesce(sum(c.${name}), 0)::float8 AS "${name}"`));
  const conds = [
    sql`c.day >= ${beijingDay(f.from)}::date`, sql`c.day < ${beijingDay(f.to)}::date`,
    sql`${sql.raw(LEVEL_KEY[level])} <> ''`, scopeCondition(level, scope),
  ];
  if (f.street) conds.push(sql`c.street_code = ${f.street}`);
  const rows = await queryRows<Record<string, unknown> & { code: string; name: string; name_en: string | null; reported: number }>(ex, sql`
    SELECT u.code, u.name, u.name_en, a.*
    FROM (
      SELECT ${sql.raw(LEVEL_KEY[level])} AS unit_code, sum(c.reported)::int AS reported, ${sql.join(cols, sql`, `)}
      FROM case_daily_facts c
      WHERE ${sql.join(conds, sql` AND `)}
      GROUP BY 1 HAVING sum(c.reported) > 0
    ) a JOIN units u ON u.code = a.unit_code AND u.kind = ${level}
    ORDER BY u.code`);
  return rows.map((r) => ({
    code: r.code, name: r.name, name_en: r.name_en, reported: Number(r.reported),
    sums: Object.fromEntries(INDICATORS.map((i) => [i, {
      numerator: Number(r[INDICATOR_DEFS[i].numeratorAgg]), denominator: Number(r[INDICATOR_DEFS[i].denominatorAgg]),
    }])) as RankingSums['sums'],
  }));
}

/** The Beijing calendar day of a Beijing-midnight instant (period bounds are whole days). */
function beijingDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface CountedCaseRow {
  id: string;
  ref: string;
  title: string;
  state: string;
  street_code: string;
  grid_code: string;
  handling_unit: string | null;
  reported_at: string;
  numerator: number;
  denominator: number;
  total: number;
}

/** The cases one figure counted in its denominator, each with what it added to the numerator and denominator. */
export async function countedCases(
  ex: Executor, level: Level, unitCode: string, indicator: Indicator, f: PeriodFilter, scope: CaseScope,
  page: { limit: number; offset: number },
): Promise<{ rows: CountedCaseRow[]; total: number }> {
  const d = INDICATOR_DEFS[indicator];
  const rows = await queryRows<CountedCaseRow>(ex, sql`
    SELECT c.id, w.ref, w.title, w.state, c.street_code, c.grid_code, c.handling_unit, c.reported_at,
      (${sql.raw(d.numerator)})::float8 AS numerator, (${sql.raw(d.denominator)})::float8 AS denominator,
      count(*) OVER ()::int AS total
    FROM cases c JOIN work_items w ON w.id = c.id
    WHERE ${periodConditions(level, f, scope)} AND ${sql.raw(LEVEL_KEY[level])} = ${unitCode} AND ${sql.raw(d.denominatorWhere)}
    ORDER BY c.reported_at, c.id LIMIT ${page.limit} OFFSET ${page.offset}`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

export interface WeightRow {
  scope: Level;
  indicator: Indicator;
  weight: number;
  target: number | null;
  updated_at: string;
}

/** The weights, of one level or all; `forUpdate` locks them (inside a transaction that changes them). */
export async function listWeights(ex: Executor, opts: { scope?: Level; forUpdate?: boolean } = {}): Promise<WeightRow[]> {
  const rows = await queryRows<WeightRow>(ex, sql`
    SELECT scope, indicator, weight::float8 AS weight, target::float8 AS target, updated_at FROM evaluation_weights
    WHERE ${opts.scope ? sql`scope = ${opts.scope}` : sql`TRUE`} ORDER BY scope, indicator${opts.forUpdate ? sql` FOR UPDATE` : sql``}`);
  return rows.map((r) => ({ ...r, weight: Number(r.weight), target: r.target === null ? null : Number(r.target) }));
}

export async function setWeight(
  ex: Executor, w: { scope: Level; indicator: Indicator; weight?: number; target?: number | null; by: string | null },
): Promise<void> {
  const sets = [sql`updated_at = now()`, sql`updated_by = ${w.by}::uuid`];
  if (w.weight !== undefined) sets.push(sql`weight = ${w.weight}`);
  if (w.target !== undefined) sets.push(sql`target = ${w.target}`);
  await ex.execute(sql`UPDATE evaluation_weights SET ${sql.join(sets, sql`, `)} WHERE scope = ${w.scope} AND indicator = ${w.indicator}`);
}

/** Streets and departments inside the given subtrees (for a caller whose grants lie below the district). */
export async function unitsUnder(ex: Executor, paths: string[]): Promise<Array<{ code: string; kind: string }>> {
  if (paths.length === 0) return [];
  return queryRows(ex, sql`SELECT code, kind FROM units WHERE kind IN ('street','department')
    AND (${sql.join(paths.map((p) => sql`path LIKE ${`${p}%`}`), sql` OR `)})`);
}
