import type { SQL } from 'drizzle-orm';
import type { StageClock } from '../../platform/closed-loop/work-item-repository.js';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import { underAny } from './directives-repository.js';

/** The targets of a fan-out, resolved to paths: named units, kinds under a unit, units where a role is held. */
export interface TargetFilter {
  codes: string[];
  levels: Array<{ kind: string; path: string }>;
  roles: Array<{ role: string; path: string }>;
  /** Every target lies in one of these subtrees (the sender's scope)… */
  within: string[];
  /** …and is not one of these units (the sender itself). */
  exclude: string[];
  /** Units that already hold a receipt of this directive are skipped (forwarding). */
  directiveId?: string;
}

/** The WHERE over `units u` that selects a fan-out's target units, deduplicated by construction. */
export function targetWhere(f: TargetFilter): SQL {
  const any: SQL[] = [];
  if (f.codes.length) any.push(sql`u.code = ANY(${toPgArray(f.codes)}::text[])`);
  for (const l of f.levels) any.push(sql`(u.kind = ${l.kind} AND u.path LIKE ${`${l.path}%`})`);
  for (const r of f.roles) {
    any.push(sql`(u.path LIKE ${`${r.path}%`} AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.unit_code = u.code AND ur.role = ${r.role}))`);
  }
  const conds: SQL[] = [sql`u.active`, any.length ? sql`(${sql.join(any, sql` OR `)})` : sql`FALSE`, underAny(sql`u.path`, f.within)];
  if (f.exclude.length) conds.push(sql`u.path <> ALL(${toPgArray(f.exclude)}::text[])`);
  if (f.directiveId) conds.push(sql`NOT EXISTS (SELECT 1 FROM receipts x WHERE x.directive_id = ${f.directiveId} AND x.unit_code = u.code)`);
  return sql.join(conds, sql` AND `);
}

/** How many units in one `directive.*` push event (the recipients ride in also_paths, so each unit's stream sees it). */
export const PATHS_PER_EVENT = 50;

export interface FanOut {
  directiveId: string;
  directiveRef: string;
  title: string;
  parentId: string | null;
  /** Receipts of this directive made before: numbering continues after them. */
  base: number;
  clock: StageClock;
  now: Date;
  actorId: string | null;
  actorName: string;
  /** Where the push events belong (the issuer's unit); the recipients are added as also_paths. */
  eventUnitPath: string;
  eventType: string;
  eventPayload: Record<string, unknown>;
  where: SQL;
}

/**
 * One receipt per target unit, set-based, in one statement: the work items (kind 'receipt', owned by and at
 * the target, sign clock running), the receipt rows, a 'create' timeline row each, and the push events in
 * groups of PATHS_PER_EVENT recipients. Returns how many receipts it made.
 */
export async function insertReceipts(ex: Executor, f: FanOut): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`WITH t AS (
      SELECT u.code, u.path, row_number() OVER (ORDER BY u.path) AS n FROM units u WHERE ${f.where}
    ), w AS (
      INSERT INTO work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path, stage, stage_started_at, warn_at, deadline_at, created_at, updated_at)
      SELECT gen_random_uuid(), 'receipt', ${f.directiveRef} || '-' || lpad((${f.base} + t.n)::text, 5, '0'), ${f.title}, 'pending',
        t.code, t.path, t.path, ${f.clock.name}, ${f.clock.startedAt}, ${f.clock.warnAt}, ${f.clock.deadlineAt}, ${f.now}, ${f.now}
      FROM t
      RETURNING id, owner_unit, owner_path
    ), r AS (
      INSERT INTO receipts (id, directive_id, parent_id, unit_code, unit_path)
      SELECT id, ${f.directiveId}, ${f.parentId}::uuid, owner_unit, owner_path FROM w
    ), tl AS (
      INSERT INTO work_item_timeline (item_id, actor_id, actor_name, action, from_state, to_state, unit_code, note, data)
      SELECT id, ${f.actorId}::uuid, ${f.actorName}, 'create', NULL, 'pending', owner_unit, NULL,
        ${JSON.stringify({ directiveId: f.directiveId, ...(f.parentId ? { forwardedBy: f.parentId } : {}) })}::jsonb FROM w
    ), ev AS (
      INSERT INTO events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)
      SELECT ${f.eventType}, ${f.eventUnitPath}, array_agg(g.owner_path ORDER BY g.owner_path), 'directive', ${f.directiveId}, ${f.actorId}::uuid,
        ${JSON.stringify(f.eventPayload)}::jsonb || jsonb_build_object('units', count(*))
      FROM (SELECT owner_path, (row_number() OVER (ORDER BY owner_path) - 1) / ${PATHS_PER_EVENT} AS grp FROM w) g
      GROUP BY g.grp ORDER BY g.grp
    )
    SELECT count(*)::int AS n FROM w`);
  return Number(row?.n ?? 0);
}

export interface BatchTransition {
  directiveId: string;
  from: readonly string[];
  to: string;
  closes: boolean;
  /** undefined: keep the clock; null: stop it; a clock: restart it. */
  stage: StageClock | null | undefined;
  title?: string;
  action: string;
  actorId: string | null;
  actorName: string;
  note: string | null;
  data: Record<string, unknown>;
}

/**
 * The issuer's action on all of a directive's open receipts at once, guarded like a single transition
 * (`state = ANY(from) AND closed_at IS NULL`, rows locked), with a timeline row each. Returns how many moved.
 */
export async function transitionReceipts(ex: Executor, t: BatchTransition): Promise<number> {
  const sets: SQL[] = [sql`state = ${t.to}`, sql`version = wi.version + 1`, sql`updated_at = now()`, sql`escalated_to = NULL`];
  if (t.closes) sets.push(sql`closed_at = now()`);
  if (t.title !== undefined) sets.push(sql`title = ${t.title}`);
  if (t.stage === null) {
    sets.push(sql`stage = NULL, stage_started_at = NULL, warn_at = NULL, deadline_at = NULL, warn_level = 'none'`);
  } else if (t.stage) {
    sets.push(sql`stage = ${t.stage.name}, stage_started_at = ${t.stage.startedAt}, warn_at = ${t.stage.warnAt},
      deadline_at = ${t.stage.deadlineAt}, warn_level = 'none'`);
  }
  const [row] = await queryRows<{ n: number }>(ex, sql`WITH old AS (
      SELECT wi.id, wi.state FROM work_items wi JOIN receipts r ON r.id = wi.id
      WHERE r.directive_id = ${t.directiveId} AND wi.state = ANY(${toPgArray(t.from)}::text[]) AND wi.closed_at IS NULL
      FOR UPDATE OF wi
    ), w AS (
      UPDATE work_items wi SET ${sql.join(sets, sql`, `)} FROM old WHERE wi.id = old.id
      RETURNING wi.id, wi.owner_unit, old.state AS from_state
    ), tl AS (
      INSERT INTO work_item_timeline (item_id, actor_id, actor_name, action, from_state, to_state, unit_code, note, data)
      SELECT id, ${t.actorId}::uuid, ${t.actorName}, ${t.action}, from_state, ${t.to}, owner_unit, ${t.note}, ${JSON.stringify(t.data)}::jsonb FROM w
    )
    SELECT count(*)::int AS n FROM w`);
  return Number(row?.n ?? 0);
}

/**
 * 催办 in one statement: a timeline 'urge' row on every open receipt of the directive in `states` under one of
 * the `scope` paths, and the push to those units (grouped like the fan-out). Returns how many were urged.
 */
export async function urgeReceipts(ex: Executor, u: {
  directiveId: string; states: string[]; scope: string[]; actorId: string | null; actorName: string; note: string | null;
  eventUnitPath: string; payload: Record<string, unknown>;
}): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`WITH target AS (
      SELECT wi.id, wi.state, wi.owner_unit, r.unit_path FROM work_items wi JOIN receipts r ON r.id = wi.id
      WHERE r.directive_id = ${u.directiveId} AND wi.state = ANY(${toPgArray(u.states)}::text[]) AND wi.closed_at IS NULL
        AND ${underAny(sql`r.unit_path`, u.scope)}
    ), tl AS (
      INSERT INTO work_item_timeline (item_id, actor_id, actor_name, action, from_state, to_state, unit_code, note)
      SELECT id, ${u.actorId}::uuid, ${u.actorName}, 'urge', state, state, owner_unit, ${u.note} FROM target
    ), ev AS (
      INSERT INTO events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)
      SELECT 'directive.urged', ${u.eventUnitPath}, array_agg(g.unit_path ORDER BY g.unit_path), 'directive', ${u.directiveId}, ${u.actorId}::uuid,
        ${JSON.stringify(u.payload)}::jsonb || jsonb_build_object('units', count(*))
      FROM (SELECT unit_path, (row_number() OVER (ORDER BY unit_path) - 1) / ${PATHS_PER_EVENT} AS grp FROM target) g
      GROUP BY g.grp
    )
    SELECT count(*)::int AS n FROM target`);
  return Number(row?.n ?? 0);
}

/** A push about the whole directive to every unit holding one of its receipts, in groups of PATHS_PER_EVENT. */
export async function insertDirectiveEvents(ex: Executor, e: {
  directiveId: string; type: string; unitPath: string; actorId: string | null; payload: Record<string, unknown>;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)
    SELECT ${e.type}, ${e.unitPath}, array_agg(g.unit_path ORDER BY g.unit_path), 'directive', ${e.directiveId}, ${e.actorId}::uuid,
      ${JSON.stringify(e.payload)}::jsonb || jsonb_build_object('units', count(*))
    FROM (SELECT unit_path, (row_number() OVER (ORDER BY unit_path) - 1) / ${PATHS_PER_EVENT} AS grp FROM receipts WHERE directive_id = ${e.directiveId}) g
    GROUP BY g.grp ORDER BY g.grp`);
}

export interface ReceiptRow {
  id: string;
  ref: string;
  title: string;
  state: string;
  owner_unit: string;
  owner_path: string;
  home_path: string;
  stage: string | null;
  warn_level: string;
  deadline_at: Date | string | null;
  supervised: boolean;
  created_at: Date | string;
  closed_at: Date | string | null;
  directive_id: string;
  directive_ref: string;
  directive_version: number;
  parent_id: string | null;
  unit_code: string;
  unit_path: string;
  unit_name: string;
  signed_version: number | null;
  signed_at: Date | string | null;
  sign_late: boolean | null;
  forwarded_at: Date | string | null;
  reported_at: Date | string | null;
  report_late: boolean | null;
  report_text: string | null;
  report_figures: Record<string, number> | null;
  report_attachment_ids: string[];
}

const RECEIPT_COLUMNS = sql`w.id, w.ref, w.title, w.state, w.owner_unit, w.owner_path, w.home_path, w.stage, w.warn_level, w.deadline_at,
  w.supervised, w.created_at, w.closed_at, r.directive_id, d.ref AS directive_ref, d.version AS directive_version, r.parent_id, r.unit_code,
  r.unit_path, u.name AS unit_name, r.signed_version, r.signed_at, r.sign_late, r.forwarded_at, r.reported_at, r.report_late, r.report_text,
  r.report_figures, r.report_attachment_ids`;

const RECEIPT_FROM = sql`receipts r JOIN work_items w ON w.id = r.id JOIN directives d ON d.id = r.directive_id JOIN units u ON u.code = r.unit_code`;

export async function findReceipt(ex: Executor, id: string): Promise<ReceiptRow | undefined> {
  const [row] = await queryRows<ReceiptRow>(ex, sql`SELECT ${RECEIPT_COLUMNS} FROM ${RECEIPT_FROM} WHERE r.id = ${id}`);
  return row;
}

/** What an action on a receipt needs to know, in one read: the item's place and clock, and its directive. */
export interface ReceiptContext {
  id: string;
  home_path: string;
  owner_path: string;
  owner_unit: string;
  stage: string | null;
  deadline_at: Date | string | null;
  directive_id: string;
}

export async function receiptContext(ex: Executor, id: string): Promise<ReceiptContext | undefined> {
  const [row] = await queryRows<ReceiptContext>(ex, sql`SELECT w.id, w.home_path, w.owner_path, w.owner_unit, w.stage, w.deadline_at, r.directive_id
    FROM receipts r JOIN work_items w ON w.id = r.id WHERE r.id = ${id}`);
  return row;
}

export async function listReceipts(ex: Executor, f: {
  scope: string[]; units?: string[]; directiveId?: string; states?: string[]; warn?: string; limit: number; offset: number;
}): Promise<{ rows: ReceiptRow[]; total: number }> {
  const conds: SQL[] = [underAny(sql`r.unit_path`, f.scope)];
  if (f.units) conds.push(sql`r.unit_code = ANY(${toPgArray(f.units)}::text[])`);
  if (f.directiveId) conds.push(sql`r.directive_id = ${f.directiveId}`);
  if (f.states?.length) conds.push(sql`w.state = ANY(${toPgArray(f.states)}::text[])`);
  if (f.warn) conds.push(sql`w.warn_level = ${f.warn}`);
  const rows = await queryRows<ReceiptRow & { total_rows: number }>(ex, sql`SELECT ${RECEIPT_COLUMNS}, count(*) OVER () AS total_rows
    FROM ${RECEIPT_FROM} WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY w.created_at DESC, r.unit_path LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

export async function childReceipts(ex: Executor, parentId: string) {
  return queryRows<{ id: string; unit_code: string; unit_name: string; state: string; warn_level: string }>(ex, sql`SELECT r.id, r.unit_code,
    u.name AS unit_name, w.state, w.warn_level FROM receipts r JOIN work_items w ON w.id = r.id JOIN units u ON u.code = r.unit_code
    WHERE r.parent_id = ${parentId} ORDER BY r.unit_path`);
}

/** The facts a transition leaves on the receipt (who signed which version, when, on time or not). */
/**
 * Records the signature of `version`, only while that is still the directive's version: an amendment committed
 * in between makes this false (the caller answers 409 and the unit signs the new version).
 */
export async function recordSigned(ex: Executor, id: string, s: { directiveId: string; version: number; at: Date; by: string | null; late: boolean }): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE receipts SET signed_version = ${s.version}, signed_at = ${s.at}, signed_by = ${s.by}::uuid,
    sign_late = (coalesce(sign_late, false) OR ${s.late})
    WHERE id = ${id} AND EXISTS (SELECT 1 FROM directives WHERE id = ${s.directiveId} AND version = ${s.version}) RETURNING id`);
  return rows.length > 0;
}

export async function recordForwarded(ex: Executor, id: string, at: Date): Promise<void> {
  await ex.execute(sql`UPDATE receipts SET forwarded_at = coalesce(forwarded_at, ${at}) WHERE id = ${id}`);
}

export async function recordReported(ex: Executor, id: string, r: {
  at: Date; by: string | null; late: boolean; text: string; figures: Record<string, number> | null; attachmentIds: string[];
}): Promise<void> {
  await ex.execute(sql`UPDATE receipts SET reported_at = ${r.at}, reported_by = ${r.by}::uuid, report_late = ${r.late}, report_text = ${r.text},
    report_figures = ${r.figures ? JSON.stringify(r.figures) : null}::jsonb, report_attachment_ids = ${JSON.stringify(r.attachmentIds)}::jsonb
    WHERE id = ${id}`);
}

/** The receipt list of one directive for the Excel export, page by page, in unit order. */
export async function* receiptPages(ex: Executor, directiveId: string, scope: string[], pageSize = 2000): AsyncGenerator<ReceiptRow[]> {
  let after = '';
  for (;;) {
    const rows = await queryRows<ReceiptRow>(ex, sql`SELECT ${RECEIPT_COLUMNS} FROM ${RECEIPT_FROM}
      WHERE r.directive_id = ${directiveId} AND ${underAny(sql`r.unit_path`, scope)} AND r.unit_path > ${after}
      ORDER BY r.unit_path LIMIT ${pageSize}`);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.unit_path;
  }
}
