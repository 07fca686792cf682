import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';

export type DeadlineSpec = { amount: number; unit: 'workMinute' | 'workHour' | 'workDay' | 'minute' | 'hour' } | { at: string };

export interface DirectiveRow {
  id: string;
  ref: string;
  issuer_unit: string;
  issuer_path: string;
  issuer_id: string | null;
  issuer_name: string;
  title: string;
  body: string;
  attachment_ids: string[];
  require_report: boolean;
  allow_forward: boolean;
  sign_by: DeadlineSpec;
  report_by: DeadlineSpec | null;
  report_deadline_at: Date | string | null;
  targets: Record<string, unknown>;
  version: number;
  state: 'active' | 'recalled';
  receipt_count: number;
  issued_at: Date | string;
  updated_at: Date | string;
  recalled_at: Date | string | null;
  recall_reason: string | null;
}

export interface VersionRow {
  directive_id: string;
  version: number;
  title: string;
  body: string;
  attachment_ids: string[];
  sign_by: DeadlineSpec;
  report_by: DeadlineSpec | null;
  report_deadline_at: Date | string | null;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  note: string | null;
  author_name: string;
  created_at: Date | string;
}

export interface Counts {
  total: number; pending: number; signed: number; forwarded: number; reported: number; warning: number; overdue: number; recalled: number;
}

/** Receipts counted by what the progress views show; `w` names the work-item columns, `r` the receipt's. */
export function countsSql(w = 'w', r = 'r'): SQL {
  const W = sql.raw(w);
  const R = sql.raw(r);
  return sql`count(*)::int AS total,
  count(*) FILTER (WHERE ${W}.state IN ('pending','resign'))::int AS pending,
  count(*) FILTER (WHERE ${W}.state IN ('signed','forwarded','done'))::int AS signed,
  count(*) FILTER (WHERE ${R}.forwarded_at IS NOT NULL)::int AS forwarded,
  count(*) FILTER (WHERE ${W}.state = 'done')::int AS reported,
  count(*) FILTER (WHERE ${W}.warn_level = 'yellow' AND ${W}.closed_at IS NULL)::int AS warning,
  count(*) FILTER (WHERE ${W}.warn_level = 'red' AND ${W}.closed_at IS NULL)::int AS overdue,
  count(*) FILTER (WHERE ${W}.state = 'recalled')::int AS recalled`;
}

export function countsOf(r: Counts): Counts {
  return {
    total: Number(r.total ?? 0), pending: Number(r.pending ?? 0), signed: Number(r.signed ?? 0), forwarded: Number(r.forwarded ?? 0),
    reported: Number(r.reported ?? 0), warning: Number(r.warning ?? 0), overdue: Number(r.overdue ?? 0), recalled: Number(r.recalled ?? 0),
  };
}

/** `column` lies in one of the subtrees (materialised-path prefix match). */
export function underAny(column: SQL, paths: readonly string[]): SQL {
  if (paths.includes('/')) return sql`TRUE`;
  if (paths.length === 0) return sql`FALSE`;
  return sql`(${sql.join(paths.map((p) => sql`${column} LIKE ${`${p}%`}`), sql` OR `)})`;
}

export async function nextDirectiveRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('directive_ref_seq') AS n`);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `ZL${day}${String(Number(row!.n)).padStart(4, '0')}`;
}

export async function insertDirective(ex: Executor, d: {
  id: string; ref: string; issuerUnit: string; issuerPath: string; issuerId: string | null; issuerName: string; title: string; body: string;
  attachmentIds: string[]; requireReport: boolean; allowForward: boolean; signBy: DeadlineSpec; reportBy: DeadlineSpec | null;
  reportDeadlineAt: Date | null; targets: unknown; now: Date;
}): Promise<void> {
  await ex.execute(sql`WITH d AS (
      INSERT INTO directives (id, ref, issuer_unit, issuer_path, issuer_id, issuer_name, title, body, attachment_ids, require_report,
        allow_forward, sign_by, report_by, report_deadline_at, targets, issued_at, updated_at)
      VALUES (${d.id}, ${d.ref}, ${d.issuerUnit}, ${d.issuerPath}, ${d.issuerId}::uuid, ${d.issuerName}, ${d.title}, ${d.body},
        ${JSON.stringify(d.attachmentIds)}::jsonb, ${d.requireReport}, ${d.allowForward}, ${JSON.stringify(d.signBy)}::jsonb,
        ${d.reportBy ? JSON.stringify(d.reportBy) : null}::jsonb, ${d.reportDeadlineAt}, ${JSON.stringify(d.targets)}::jsonb, ${d.now}, ${d.now})
    )
    INSERT INTO directive_versions (directive_id, version, title, body, attachment_ids, sign_by, report_by, report_deadline_at, author_id, author_name, created_at)
    VALUES (${d.id}, 1, ${d.title}, ${d.body}, ${JSON.stringify(d.attachmentIds)}::jsonb, ${JSON.stringify(d.signBy)}::jsonb,
      ${d.reportBy ? JSON.stringify(d.reportBy) : null}::jsonb, ${d.reportDeadlineAt}, ${d.issuerId}::uuid, ${d.issuerName}, ${d.now})`);
}

/** `lock`: FOR UPDATE for the writes on the directive itself (amend, recall, forward's receipt numbering). */
export async function findDirective(ex: Executor, id: string, lock?: 'update'): Promise<DirectiveRow | undefined> {
  const suffix = lock === 'update' ? sql` FOR UPDATE` : sql``;
  const [row] = await queryRows<DirectiveRow>(ex, sql`SELECT * FROM directives WHERE id = ${id}${suffix}`);
  return row;
}

export async function setReceiptCount(ex: Executor, id: string, count: number): Promise<void> {
  await ex.execute(sql`UPDATE directives SET receipt_count = ${count}, updated_at = now() WHERE id = ${id}`);
}

/** The new version's content on the directive, guarded by the version it was based on (two amendments: one wins). */
export async function amendDirective(ex: Executor, a: {
  id: string; fromVersion: number; title: string; body: string; attachmentIds: string[]; signBy: DeadlineSpec; reportBy: DeadlineSpec | null;
  reportDeadlineAt: Date | null; changes: unknown[]; note: string; authorId: string | null; authorName: string; now: Date;
}): Promise<boolean> {
  const rows = await queryRows<{ version: number }>(ex, sql`UPDATE directives SET version = version + 1, title = ${a.title}, body = ${a.body},
      attachment_ids = ${JSON.stringify(a.attachmentIds)}::jsonb, sign_by = ${JSON.stringify(a.signBy)}::jsonb,
      report_by = ${a.reportBy ? JSON.stringify(a.reportBy) : null}::jsonb, report_deadline_at = ${a.reportDeadlineAt}, updated_at = ${a.now}
    WHERE id = ${a.id} AND version = ${a.fromVersion} AND state = 'active' RETURNING version`);
  if (rows.length === 0) return false;
  await ex.execute(sql`INSERT INTO directive_versions (directive_id, version, title, body, attachment_ids, sign_by, report_by, report_deadline_at,
      changes, note, author_id, author_name, created_at)
    VALUES (${a.id}, ${a.fromVersion + 1}, ${a.title}, ${a.body}, ${JSON.stringify(a.attachmentIds)}::jsonb, ${JSON.stringify(a.signBy)}::jsonb,
      ${a.reportBy ? JSON.stringify(a.reportBy) : null}::jsonb, ${a.reportDeadlineAt}, ${JSON.stringify(a.changes)}::jsonb, ${a.note},
      ${a.authorId}::uuid, ${a.authorName}, ${a.now})`);
  return true;
}

export async function recallDirective(ex: Executor, id: string, reason: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE directives SET state = 'recalled', recalled_at = ${now}, recall_reason = ${reason},
      updated_at = ${now} WHERE id = ${id} AND state = 'active' RETURNING id`);
  return rows.length > 0;
}

export async function listVersions(ex: Executor, id: string, afterVersion = 0): Promise<VersionRow[]> {
  return queryRows<VersionRow>(ex, sql`SELECT * FROM directive_versions WHERE directive_id = ${id} AND version > ${afterVersion} ORDER BY version`);
}

export interface DirectiveListRow extends DirectiveRow, Counts {
  total_rows: number;
}

/**
 * Directives the viewer may see (issued within their scope, or with a receipt in it), newest first, each with
 * the progress of the receipts in the viewer's scope.
 */
export async function listDirectives(ex: Executor, f: {
  scope: string[]; issuerScope?: string[]; state?: string; q?: string; limit: number; offset: number;
}): Promise<{ rows: DirectiveListRow[]; total: number }> {
  const conds: SQL[] = [sql`(${underAny(sql`d.issuer_path`, f.scope)}
    OR EXISTS (SELECT 1 FROM receipts x WHERE x.directive_id = d.id AND ${underAny(sql`x.unit_path`, f.scope)}))`];
  if (f.issuerScope) conds.push(underAny(sql`d.issuer_path`, f.issuerScope));
  if (f.state) conds.push(sql`d.state = ${f.state}`);
  if (f.q) conds.push(sql`(d.title ILIKE ${`%${f.q}%`} OR d.ref = ${f.q})`);
  const rows = await queryRows<DirectiveListRow>(ex, sql`WITH page AS (
      SELECT d.*, count(*) OVER () AS total_rows FROM directives d WHERE ${sql.join(conds, sql` AND `)}
      ORDER BY d.issued_at DESC, d.id LIMIT ${f.limit} OFFSET ${f.offset}
    )
    SELECT page.*, c.* FROM page CROSS JOIN LATERAL (
      SELECT ${countsSql()} FROM receipts r JOIN work_items w ON w.id = r.id
      WHERE r.directive_id = page.id AND ${underAny(sql`r.unit_path`, f.scope)}
    ) c ORDER BY page.issued_at DESC, page.id`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

export async function directiveCounts(ex: Executor, id: string, scope: string[]): Promise<Counts> {
  const [row] = await queryRows<Counts>(ex, sql`SELECT ${countsSql()} FROM receipts r JOIN work_items w ON w.id = r.id
    WHERE r.directive_id = ${id} AND ${underAny(sql`r.unit_path`, scope)}`);
  return countsOf(row!);
}

/** True when the viewer has at least one of the directive's receipts in scope. */
export async function hasReceiptIn(ex: Executor, id: string, scope: string[]): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(ex, sql`SELECT 1 AS one FROM receipts r WHERE r.directive_id = ${id}
    AND ${underAny(sql`r.unit_path`, scope)} LIMIT 1`);
  return rows.length > 0;
}

export interface ProgressRow extends Counts {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  receipt_id: string | null;
  receipt_state: string | null;
  receipt_warn: string | null;
}

/**
 * The progress tree one level at a time: the node `under` and its direct children, each with the counts of
 * the receipts at it and below (rolled up by the ancestors in each receipt's unit path), within the scope.
 */
export async function progressLevel(ex: Executor, id: string, under: { code: string; path: string }, scope: string[]): Promise<ProgressRow[]> {
  return queryRows<ProgressRow>(ex, sql`WITH rc AS (
      SELECT r.id, r.unit_code, r.unit_path, r.forwarded_at, w.state, w.warn_level, w.closed_at
      FROM receipts r JOIN work_items w ON w.id = r.id
      WHERE r.directive_id = ${id} AND r.unit_path LIKE ${`${under.path}%`} AND ${underAny(sql`r.unit_path`, scope)}
    ), level AS (
      SELECT code FROM units WHERE code = ${under.code} OR parent_code = ${under.code}
    ), agg AS (
      SELECT a.code, ${countsSql('rc', 'rc')}
      FROM rc CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from rc.unit_path), '/')) AS a(code)
      WHERE a.code IN (SELECT code FROM level)
      GROUP BY a.code
    )
    SELECT u.code, u.name, u.kind, u.parent_code, agg.total, agg.pending, agg.signed, agg.forwarded, agg.reported, agg.warning,
      agg.overdue, agg.recalled, own.id AS receipt_id, own.state AS receipt_state, own.warn_level AS receipt_warn
    FROM agg JOIN units u ON u.code = agg.code LEFT JOIN rc own ON own.unit_code = u.code
    ORDER BY (u.code = ${under.code}) DESC, u.path`);
}

export async function unitsByCode(ex: Executor, codes: readonly string[]): Promise<Map<string, { code: string; path: string; kind: string; active: boolean; name: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<{ code: string; path: string; kind: string; active: boolean; name: string }>(ex,
    sql`SELECT code, path, kind, active, name FROM units WHERE code = ANY(${toPgArray([...new Set(codes)])}::text[])`);
  return new Map(rows.map((r) => [r.code, r]));
}
