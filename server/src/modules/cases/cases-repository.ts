import type { DeferredInsert } from '../../platform/db/unit-of-work.js';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';

export interface CaseRow {
  id: string;
  category_code: string;
  channel: string;
  description: string;
  address: string | null;
  lng: number;
  lat: number;
  grid_code: string;
  street_code: string;
  urgency: 'normal' | 'urgent';
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  external_id: string | null;
  handling_unit: string | null;
  duplicate_of: string | null;
  dispatch_count: number;
  send_back_count: number;
  rework_count: number;
  reported_at: Date;
  registered_at: Date | null;
  registered_on_time: boolean | null;
  dispatched_at: Date | null;
  handled_at: Date | null;
  handled_on_time: boolean | null;
  verified_at: Date | null;
  closed_at: Date | null;
  closed_on_time: boolean | null;
}

export type NewCase = Pick<CaseRow, 'id' | 'category_code' | 'channel' | 'description' | 'address' | 'lng' | 'lat'
  | 'grid_code' | 'street_code' | 'urgency' | 'reporter_user_id' | 'reporter_name' | 'reporter_phone' | 'external_id' | 'reported_at'>;

const REF_BLOCK = 50;

/**
 * Case numbers like AJ20261231000123 (Beijing date + a district-wide sequence), taken from the sequence fifty at
 * a time so intake does not pay a round trip per case; gaps are harmless. One allocator per database: numbers
 * from another database's sequence would collide.
 */
export class CaseRefAllocator {
  private pool: number[] = [];

  async next(ex: Executor, now: Date): Promise<string> {
    if (this.pool.length === 0) {
      const rows = await queryRows<{ n: number }>(ex, sql`SELECT nextval('case_ref_seq') AS n FROM generate_series(1, ${REF_BLOCK})`);
      this.pool.push(...rows.map((r) => Number(r.n)).sort((a, b) => b - a));
    }
    const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    return `AJ${day}${String(this.pool.pop()!).padStart(6, '0')}`;
  }
}

/** The case's own row, inserted at commit with its work item, timeline, audit entry and event. */
export function caseInsert(c: NewCase): DeferredInsert {
  return {
    into: 'cases (id, category_code, channel, description, address, lng, lat, grid_code, street_code, urgency, reporter_user_id, reporter_name, reporter_phone, external_id, reported_at)',
    rows: [sql`(${c.id}, ${c.category_code}, ${c.channel}, ${c.description}, ${c.address}, ${c.lng}, ${c.lat}, ${c.grid_code},
      ${c.street_code}, ${c.urgency}, ${c.reporter_user_id}::uuid, ${c.reporter_name}, ${c.reporter_phone}, ${c.external_id},
      ${c.reported_at})`],
  };
}

export async function findCase(ex: Executor, id: string): Promise<CaseRow | undefined> {
  const [row] = await queryRows<CaseRow>(ex, sql`SELECT * FROM cases WHERE id = ${id}`);
  return row;
}

/** Column updates that go with a transition (timestamps, counters, on-time flags). */
export async function updateCaseFacts(ex: Executor, id: string, facts: Record<string, unknown>): Promise<void> {
  const allowed = new Set([
    'handling_unit', 'registered_at', 'registered_on_time', 'dispatched_at', 'handled_at', 'handled_on_time',
    'verified_at', 'closed_at', 'closed_on_time', 'duplicate_of',
  ]);
  const sets = Object.entries(facts).filter(([k]) => allowed.has(k)).map(([k, v]) => sql`${sql.identifier(k)} = ${v}`);
  if (sets.length) await ex.execute(sql`UPDATE cases SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
}

export async function incrementCounter(ex: Executor, id: string, counter: 'dispatch_count' | 'send_back_count' | 'rework_count'): Promise<void> {
  await ex.execute(sql`UPDATE cases SET ${sql.identifier(counter)} = ${sql.identifier(counter)} + 1 WHERE id = ${id}`);
}

export async function everOverdue(ex: Executor, id: string): Promise<boolean> {
  const [r] = await queryRows<{ n: number }>(ex,
    sql`SELECT count(*)::int AS n FROM work_item_timeline WHERE item_id = ${id} AND action = 'overdue'`);
  return Number(r?.n ?? 0) > 0;
}

export interface CaseExtensionRow {
  id: string;
  case_id: string;
  unit_code: string;
  amount: number;
  unit: string;
  reason: string;
  state: 'pending' | 'approved' | 'refused';
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
}

export async function insertExtension(ex: Executor, e: { id: string; caseId: string; requestedBy: string | null; unitCode: string; amount: number; unit: string; reason: string }): Promise<void> {
  await ex.execute(sql`INSERT INTO case_extensions (id, case_id, requested_by, unit_code, amount, unit, reason)
    VALUES (${e.id}, ${e.caseId}, ${e.requestedBy}::uuid, ${e.unitCode}, ${e.amount}, ${e.unit}, ${e.reason})`);
}

/** Decides the pending request, guarded: a second decision finds nothing pending. */
export async function decideExtension(ex: Executor, caseId: string, approve: boolean, by: string | null, note: string | null): Promise<CaseExtensionRow | undefined> {
  const [row] = await queryRows<CaseExtensionRow>(ex, sql`UPDATE case_extensions SET state = ${approve ? 'approved' : 'refused'},
      decided_by = ${by}::uuid, decision_note = ${note}, decided_at = now()
    WHERE case_id = ${caseId} AND state = 'pending' RETURNING *`);
  return row;
}

export async function listExtensions(ex: Executor, caseId: string): Promise<CaseExtensionRow[]> {
  return queryRows<CaseExtensionRow>(ex, sql`SELECT * FROM case_extensions WHERE case_id = ${caseId} ORDER BY created_at`);
}

export interface CaseListFilter {
  scopePaths: string[];
  /** Only items owned (to act on) inside these paths. */
  ownerPaths?: string[];
  /** One case (the detail view reuses the ledger row). */
  id?: string;
  states?: string[];
  category?: string;
  street?: string;
  warn?: string;
  q?: string;
  limit: number;
  offset: number;
  /** Count this far at most (default CASE_COUNT_CAP). */
  countCap?: number;
}

export interface CaseListRow {
  id: string; ref: string; title: string; state: string; category_code: string; category_name: string; channel: string;
  street_code: string; grid_code: string; owner_unit: string; owner_name: string; warn_level: string;
  deadline_at: Date | null; stage: string | null; supervised: boolean; lng: number; lat: number; reported_at: Date;
  urgency: string;
}

function pathsCondition(column: 'w.home_path' | 'w.owner_path', paths: string[]) {
  if (paths.includes('/')) return sql`TRUE`;
  if (paths.length === 0) return sql`FALSE`;
  return sql`(${sql.join(paths.map((p) => sql`${sql.raw(column)} LIKE ${`${p}%`}`), sql` OR `)})`;
}

/**
 * How far a case list counts. A district's ledger holds a year of cases (about a million): counting them all for every
 * page cost a full scan and sort; past this many the answer says "more than" instead (the Excel export counts to its
 * own limit).
 */
export const CASE_COUNT_CAP = 10_000;

/**
 * The ledger (台账) of cases a viewer may see: where they happened or who handles them lies in scope. The page is read
 * newest first by index; the count stops at CASE_COUNT_CAP (`capped`).
 */
export async function listCases(ex: Executor, f: CaseListFilter): Promise<{ rows: CaseListRow[]; total: number; capped: boolean }> {
  const conds = [sql`(${pathsCondition('w.home_path', f.scopePaths)} OR ${pathsCondition('w.owner_path', f.scopePaths)})`];
  if (f.ownerPaths) conds.push(pathsCondition('w.owner_path', f.ownerPaths));
  if (f.id) conds.push(sql`w.id = ${f.id}`);
  if (f.states?.length) conds.push(sql`w.state = ANY(${`{${f.states.join(',')}}`}::text[])`);
  if (f.category) conds.push(sql`c.category_code LIKE ${`${f.category}%`}`);
  if (f.street) conds.push(sql`c.street_code = ${f.street}`);
  if (f.warn) conds.push(sql`w.warn_level = ${f.warn}`);
  if (f.q) conds.push(sql`(w.ref LIKE ${`%${f.q}%`} OR c.description ILIKE ${`%${f.q}%`} OR c.address ILIKE ${`%${f.q}%`})`);
  const where = sql.join(conds, sql` AND `);
  const rows = await queryRows<CaseListRow>(ex, sql`
    SELECT w.id, w.ref, w.title, w.state, c.category_code, cc.name AS category_name, c.channel, c.street_code, c.grid_code,
      w.owner_unit, u.name AS owner_name, w.warn_level, w.deadline_at, w.stage, w.supervised, c.lng, c.lat, c.reported_at,
      c.urgency
    FROM work_items w JOIN cases c ON c.id = w.id
      JOIN case_categories cc ON cc.code = c.category_code JOIN units u ON u.code = w.owner_unit
    WHERE ${where}
    ORDER BY c.reported_at DESC, w.id LIMIT ${f.limit} OFFSET ${f.offset}`);
  // A short page that starts inside the list is its end: the count is known without counting.
  if (rows.length < f.limit && (rows.length > 0 || f.offset === 0)) return { rows, total: f.offset + rows.length, capped: false };
  const cap = f.countCap ?? CASE_COUNT_CAP;
  const [counted] = await queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM (
      SELECT 1 FROM work_items w JOIN cases c ON c.id = w.id WHERE ${where} LIMIT ${cap + 1}) s`);
  const n = Number(counted!.n);
  return { rows, total: Math.min(n, cap), capped: n > cap };
}
