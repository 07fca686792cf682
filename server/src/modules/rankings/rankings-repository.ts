import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { RankingIndicator, RankingLevel, RankingWeights } from './rankings-indicators.js';

export interface WeightsRow {
  version: number;
  weights: RankingWeights;
  note: string | null;
  created_by_name: string;
  created_at: string;
}

export async function currentWeights(ex: Executor): Promise<WeightsRow> {
  const [row] = await queryRows<WeightsRow>(ex, sql`SELECT version, weights, note, created_by_name, created_at FROM ranking_weights ORDER BY version DESC LIMIT 1`);
  return row!;
}

export async function weightVersions(ex: Executor, limit = 50): Promise<WeightsRow[]> {
  return queryRows<WeightsRow>(ex, sql`SELECT version, weights, note, created_by_name, created_at FROM ranking_weights ORDER BY version DESC LIMIT ${limit}`);
}

/** A new version after the latest (two saving at once: the second hits the primary key and gets 409). */
export async function insertWeights(ex: Executor, w: { weights: RankingWeights; note: string | null; by: string | null; byName: string }): Promise<number> {
  const [row] = await queryRows<{ version: number }>(ex, sql`INSERT INTO ranking_weights (version, weights, note, created_by, created_by_name)
    SELECT coalesce(max(version), 0) + 1, ${JSON.stringify(w.weights)}::jsonb, ${w.note}, ${w.by}::uuid, ${w.byName} FROM ranking_weights
    RETURNING version`);
  return Number(row!.version);
}

/** The top of the unit tree (the district): rankings are published for all of it. */
export async function districtUnit(ex: Executor): Promise<{ code: string; path: string }> {
  const [row] = await queryRows<{ code: string; path: string }>(ex, sql`SELECT code, path FROM units WHERE parent_code IS NULL ORDER BY path LIMIT 1`);
  return row!;
}

export interface RankedUnit {
  code: string;
  name: string;
  name_en: string | null;
  level: RankingLevel;
  path: string;
}

/** The units a ranking ranks: every active street and department. */
export async function rankedUnits(ex: Executor): Promise<RankedUnit[]> {
  return queryRows<RankedUnit>(ex, sql`SELECT code, name, name_en, kind AS level, path FROM units
    WHERE kind IN ('street', 'department') AND active ORDER BY kind DESC, code`);
}

export interface RunRow {
  id: string;
  period_from: string;
  period_to: string;
  trigger: 'schedule' | 'manual';
  weights_version: number;
  weights: RankingWeights;
  case_weights: Record<RankingLevel, Record<string, { weight: number; target: number | null }>>;
  counted_until: string;
  note: string | null;
  published_by_name: string;
  published_at: string;
}

const RUN_COLUMNS = sql`id, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, trigger,
  weights_version, weights, case_weights, counted_until, note, published_by_name, published_at`;

/** The run's row; false when the week already has its scheduled publication (a retried timer). */
export async function insertRun(ex: Executor, r: {
  id: string; from: string; to: string; trigger: 'schedule' | 'manual'; weightsVersion: number; weights: RankingWeights;
  caseWeights: unknown; countedUntil: Date; note: string | null; by: string | null; byName: string; at: Date;
}): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(ex, sql`INSERT INTO ranking_runs (id, period_from, period_to, trigger, weights_version, weights,
      case_weights, counted_until, note, published_by, published_by_name, published_at)
    VALUES (${r.id}, ${r.from}::date, ${r.to}::date, ${r.trigger}, ${r.weightsVersion}, ${JSON.stringify(r.weights)}::jsonb,
      ${JSON.stringify(r.caseWeights)}::jsonb, ${r.countedUntil}, ${r.note}, ${r.by}::uuid, ${r.byName}, ${r.at})
    ON CONFLICT (period_from) WHERE trigger = 'schedule' DO NOTHING RETURNING id`);
  return rows.length > 0;
}

export interface Period {
  from: Date;
  to: Date;
  /** Unfinished items count as late when their deadline fell before this (the end of the period, or now). */
  until: Date;
}

/**
 * The receipts each street's and department's sign and report rates count, written as the run's items in one
 * statement (set-based over the period's receipts; a street takes its whole subtree). Each branch is a range
 * of its own index: receipts signed / reported in the period, receipts still waiting past a deadline in it.
 */
export async function insertReceiptItems(ex: Executor, runId: string, p: Period, states: { awaitingSign: readonly string[] }): Promise<void> {
  const awaiting = toPgArray(states.awaitingSign);
  await ex.execute(sql`WITH lu AS (
      SELECT code, kind AS level, path FROM units WHERE kind IN ('street', 'department') AND active
    ), unsigned_late AS (
      SELECT r.id FROM work_items w JOIN receipts r ON r.id = w.id
      WHERE w.kind = 'receipt' AND w.closed_at IS NULL AND w.deadline_at >= ${p.from} AND w.deadline_at < ${p.until}
        AND w.stage = 'sign' AND w.state = ANY(${awaiting}::text[])
    ), signed AS (
      SELECT r.id FROM receipts r WHERE r.signed_at >= ${p.from} AND r.signed_at < ${p.to}
    ), unreported_late AS (
      SELECT r.id FROM directives d JOIN receipts r ON r.directive_id = d.id JOIN work_items w ON w.id = r.id
      WHERE d.require_report AND d.report_deadline_at >= ${p.from} AND d.report_deadline_at < ${p.until}
        AND r.reported_at IS NULL AND w.closed_at IS NULL
    ), reported AS (
      SELECT r.id FROM receipts r JOIN directives d ON d.id = r.directive_id
      WHERE d.require_report AND r.reported_at >= ${p.from} AND r.reported_at < ${p.to}
    ), counted AS (
      SELECT r.id, r.unit_path, 'sign_on_time_rate' AS indicator,
        (r.id IN (SELECT id FROM signed) AND r.id NOT IN (SELECT id FROM unsigned_late) AND NOT coalesce(r.sign_late, false))::int AS num
      FROM receipts r WHERE r.id IN (SELECT id FROM signed UNION SELECT id FROM unsigned_late)
      UNION ALL
      SELECT r.id, r.unit_path, 'report_on_time_rate',
        (r.id IN (SELECT id FROM reported) AND NOT coalesce(r.report_late, false))::int
      FROM receipts r WHERE r.id IN (SELECT id FROM reported UNION SELECT id FROM unreported_late)
    )
    INSERT INTO ranking_items (run_id, level, unit_code, indicator, item_id, numerator, denominator)
    SELECT ${runId}, lu.level, lu.code, c.indicator, c.id, c.num, 1 FROM counted c JOIN lu ON c.unit_path LIKE lu.path || '%'`);
}

/** Whether the responsibility module's `milestones` table exists yet (migration 0015). */
export async function hasMilestones(ex: Executor): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(ex, sql`SELECT to_regclass('public.milestones') IS NOT NULL AS ok`);
  return Boolean(row?.ok);
}

/**
 * The milestones each unit's milestone rate counts (by the unit owning the milestone's work item): done in
 * the period (on time unless done_late), or still open with the due date in the period and passed.
 */
export async function insertMilestoneItems(ex: Executor, runId: string, p: Period): Promise<void> {
  await ex.execute(sql`WITH lu AS (
      SELECT code, kind AS level, path FROM units WHERE kind IN ('street', 'department') AND active
    ), counted AS (
      SELECT m.id, w.owner_path AS unit_path, (NOT coalesce(m.done_late, false))::int AS num
      FROM milestones m JOIN work_items w ON w.id = m.id WHERE m.done_at >= ${p.from} AND m.done_at < ${p.to}
      UNION ALL
      SELECT m.id, w.owner_path, 0
      FROM milestones m JOIN work_items w ON w.id = m.id
      WHERE m.done_at IS NULL AND w.closed_at IS NULL AND m.due_at >= ${p.from} AND m.due_at < ${p.until}
    )
    INSERT INTO ranking_items (run_id, level, unit_code, indicator, item_id, numerator, denominator)
    SELECT ${runId}, lu.level, lu.code, 'milestone_on_time_rate', c.id, c.num, 1 FROM counted c JOIN lu ON c.unit_path LIKE lu.path || '%'`);
}

export interface CaseItem {
  level: RankingLevel;
  unit_code: string;
  item_id: string;
  parts: Record<string, [number, number]>;
}

/** The cases behind each unit's case score, with what each added to every evaluation indicator: one statement. */
export async function insertCaseItems(ex: Executor, runId: string, items: CaseItem[]): Promise<void> {
  if (items.length === 0) return;
  await ex.execute(sql`INSERT INTO ranking_items (run_id, level, unit_code, indicator, item_id, parts)
    SELECT ${runId}, x.level, x.unit_code, 'case_score', x.item_id, x.parts
    FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(level text, unit_code text, item_id uuid, parts jsonb)`);
}

export interface ItemSums {
  level: RankingLevel;
  unit_code: string;
  indicator: RankingIndicator;
  items: number;
  numerator: number;
  denominator: number;
}

/** Σ numerator, Σ denominator and the count of items per unit and indicator: the figures, from the stored items. */
export async function itemSums(ex: Executor, runId: string): Promise<ItemSums[]> {
  const rows = await queryRows<ItemSums>(ex, sql`SELECT level, unit_code, indicator, count(*)::int AS items,
      coalesce(sum(numerator), 0)::float8 AS numerator, coalesce(sum(denominator), 0)::float8 AS denominator
    FROM ranking_items WHERE run_id = ${runId} GROUP BY 1, 2, 3`);
  return rows.map((r) => ({ ...r, items: Number(r.items), numerator: Number(r.numerator), denominator: Number(r.denominator) }));
}

export interface PartSums {
  level: RankingLevel;
  unit_code: string;
  part: string;
  numerator: number;
  denominator: number;
}

/** The case score's parts summed over the stored cases, per unit and evaluation indicator. */
export async function casePartSums(ex: Executor, runId: string): Promise<PartSums[]> {
  const rows = await queryRows<PartSums>(ex, sql`SELECT i.level, i.unit_code, p.key AS part,
      sum((p.value->>0)::float8)::float8 AS numerator, sum((p.value->>1)::float8)::float8 AS denominator
    FROM ranking_items i CROSS JOIN LATERAL jsonb_each(i.parts) p
    WHERE i.run_id = ${runId} AND i.indicator = 'case_score' GROUP BY 1, 2, 3`);
  return rows.map((r) => ({ ...r, numerator: Number(r.numerator), denominator: Number(r.denominator) }));
}

export interface RowRecord {
  level: RankingLevel;
  unit_code: string;
  unit_name: string;
  unit_name_en: string | null;
  rank: number | null;
  score: number | null;
  figures: Record<string, unknown>;
}

export async function insertRows(ex: Executor, runId: string, rows: RowRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await ex.execute(sql`INSERT INTO ranking_rows (run_id, level, unit_code, unit_name, unit_name_en, rank, score, figures)
    SELECT ${runId}, x.level, x.unit_code, x.unit_name, x.unit_name_en, x.rank, x.score, x.figures
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(level text, unit_code text, unit_name text, unit_name_en text, rank integer, score float8, figures jsonb)`);
}

export async function listRuns(ex: Executor, page: { limit: number; offset: number }): Promise<{ rows: RunRow[]; total: number }> {
  const rows = await queryRows<RunRow & { total: number }>(ex, sql`SELECT ${RUN_COLUMNS}, count(*) OVER ()::int AS total
    FROM ranking_runs ORDER BY published_at DESC, id LIMIT ${page.limit} OFFSET ${page.offset}`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

export async function findRun(ex: Executor, id: string): Promise<RunRow | undefined> {
  const [row] = await queryRows<RunRow>(ex, sql`SELECT ${RUN_COLUMNS} FROM ranking_runs WHERE id = ${id}`);
  return row;
}

export async function latestRun(ex: Executor): Promise<RunRow | undefined> {
  const [row] = await queryRows<RunRow>(ex, sql`SELECT ${RUN_COLUMNS} FROM ranking_runs ORDER BY published_at DESC, id LIMIT 1`);
  return row;
}

export async function runRows(ex: Executor, runId: string): Promise<RowRecord[]> {
  const rows = await queryRows<RowRecord>(ex, sql`SELECT level, unit_code, unit_name, unit_name_en, rank, score, figures FROM ranking_rows
    WHERE run_id = ${runId} ORDER BY level DESC, rank NULLS LAST, unit_code`);
  return rows.map((r) => ({ ...r, rank: r.rank === null ? null : Number(r.rank), score: r.score === null ? null : Number(r.score) }));
}

export interface CountedItemRow {
  id: string;
  kind: string;
  ref: string;
  title: string;
  state: string;
  owner_unit: string;
  owner_name: string;
  numerator: number | null;
  denominator: number | null;
  parts: Record<string, [number, number]> | null;
  total: number;
}

/** The items one figure counted, late ones first, with the item as it is now (title, state, owner). */
export async function countedItems(ex: Executor, q: {
  runId: string; level: RankingLevel; unit: string; indicator: RankingIndicator; limit: number; offset: number;
}): Promise<{ rows: CountedItemRow[]; total: number }> {
  const rows = await queryRows<CountedItemRow>(ex, sql`SELECT w.id, w.kind, w.ref, w.title, w.state, w.owner_unit, u.name AS owner_name,
      i.numerator, i.denominator, i.parts, count(*) OVER ()::int AS total
    FROM ranking_items i JOIN work_items w ON w.id = i.item_id JOIN units u ON u.code = w.owner_unit
    WHERE i.run_id = ${q.runId} AND i.level = ${q.level} AND i.unit_code = ${q.unit} AND i.indicator = ${q.indicator}
    ORDER BY i.numerator NULLS LAST, w.ref LIMIT ${q.limit} OFFSET ${q.offset}`);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}
