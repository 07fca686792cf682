import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { combineInserts, type DeferredInsert } from '../../platform/db/unit-of-work.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import { underAny } from '../directives/directives-repository.js';

export async function nextHazardRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('hazard_ref_seq') AS n`);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `YH${day}${String(Number(row!.n)).padStart(4, '0')}`;
}

/** Writes rows the closed loop deferred now, when the same write must refer to them (a supervision order). */
export async function writeNow(ex: Executor, inserts: DeferredInsert[]): Promise<void> {
  const statement = combineInserts(inserts);
  if (statement) await ex.execute(statement);
}

export interface NewHazard {
  id: string;
  sector: string;
  grade: string;
  checklistItemId: number | null;
  roundId: string | null;
  taskId: string | null;
  source: string;
  description: string;
  legalBasis: string | null;
  subjectName: string | null;
  creditCode: string | null;
  address: string | null;
  lng: number;
  lat: number;
  gridCode: string;
  streetCode: string;
  inspectUnit: string;
  inspectPath: string;
  finderId: string | null;
  finderName: string;
  foundAt: Date;
}

export async function insertHazard(ex: Executor, h: NewHazard): Promise<void> {
  await ex.execute(sql`INSERT INTO hazards (id, sector, grade, checklist_item_id, round_id, task_id, source, description, legal_basis,
      subject_name, credit_code, address, lng, lat, grid_code, street_code, inspect_unit, inspect_path, finder_id, finder_name, found_at)
    VALUES (${h.id}, ${h.sector}, ${h.grade}, ${h.checklistItemId}, ${h.roundId}::uuid, ${h.taskId}::uuid, ${h.source}, ${h.description},
      ${h.legalBasis}, ${h.subjectName}, ${h.creditCode}, ${h.address}, ${h.lng}, ${h.lat}, ${h.gridCode}, ${h.streetCode},
      ${h.inspectUnit}, ${h.inspectPath}, ${h.finderId}::uuid, ${h.finderName}, ${h.foundAt})`);
}

export interface HazardRow {
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
  sector: string;
  grade: 'ordinary' | 'major';
  checklist_item_id: number | null;
  round_id: string | null;
  task_id: string | null;
  source: string;
  description: string;
  legal_basis: string | null;
  subject_name: string | null;
  credit_code: string | null;
  address: string | null;
  lng: number;
  lat: number;
  grid_code: string;
  street_code: string;
  inspect_unit: string;
  inspect_path: string;
  finder_id: string | null;
  finder_name: string;
  found_at: Date | string;
  rectify_unit: string | null;
  rectify_path: string | null;
  responsible_person: string | null;
  responsible_phone: string | null;
  measures: string | null;
  funding: string | number | null;
  interim_measures: string | null;
  contingency_plan: string | null;
  rectify_deadline: Date | string | null;
  planned_at: Date | string | null;
  rectified_at: Date | string | null;
  rectify_note: string | null;
  reinspector_name: string | null;
  reinspected_at: Date | string | null;
  reinspect_result: string | null;
  reinspect_note: string | null;
  failed_reinspections: number;
  closed_out_at: Date | string | null;
  closed_out_by: string | null;
  sector_name: string;
  sector_name_en: string;
  checklist_title: string | null;
  checklist_title_en: string | null;
  grid_name: string | null;
  street_name: string | null;
  inspect_unit_name: string | null;
  rectify_unit_name: string | null;
  owner_unit_name: string | null;
  /** English unit names, where the unit table has them. */
  grid_name_en: string | null;
  street_name_en: string | null;
  inspect_unit_name_en: string | null;
  rectify_unit_name_en: string | null;
  owner_unit_name_en: string | null;
  round_name: string | null;
  /** The highest level of the supervision orders on it (district > department > street). */
  supervision_level: string | null;
}

const COLUMNS = sql`h.*, w.ref, w.title, w.state, w.owner_unit, w.owner_path, w.home_path, w.stage, w.warn_level, w.deadline_at, w.supervised,
  w.created_at, w.closed_at, s.name AS sector_name, s.name_en AS sector_name_en, ci.title AS checklist_title, ci.title_en AS checklist_title_en,
  g.name AS grid_name, st.name AS street_name, iu.name AS inspect_unit_name, ru.name AS rectify_unit_name, ou.name AS owner_unit_name,
  g.name_en AS grid_name_en, st.name_en AS street_name_en, iu.name_en AS inspect_unit_name_en, ru.name_en AS rectify_unit_name_en,
  ou.name_en AS owner_unit_name_en,
  r.name AS round_name, (SELECT so.level FROM supervision_orders so WHERE so.item_id = h.id
    ORDER BY CASE so.level WHEN 'district' THEN 0 WHEN 'department' THEN 1 ELSE 2 END LIMIT 1) AS supervision_level`;

const FROM = sql`hazards h JOIN work_items w ON w.id = h.id JOIN hazard_sectors s ON s.code = h.sector
  LEFT JOIN hazard_checklist_items ci ON ci.id = h.checklist_item_id
  LEFT JOIN units g ON g.code = h.grid_code LEFT JOIN units st ON st.code = h.street_code
  LEFT JOIN units iu ON iu.code = h.inspect_unit LEFT JOIN units ru ON ru.code = h.rectify_unit LEFT JOIN units ou ON ou.code = w.owner_unit
  LEFT JOIN hazard_rounds r ON r.id = h.round_id`;

export async function findHazard(ex: Executor, id: string): Promise<HazardRow | undefined> {
  const [row] = await queryRows<HazardRow>(ex, sql`SELECT ${COLUMNS} FROM ${FROM} WHERE h.id = ${id}`);
  return row;
}

/**
 * A finding lies in a viewer's scope where it is (its grid), with whoever holds it now, with the unit that found it
 * (it re-inspects) and with the unit responsible for the rectification (it keeps reading what it fixed).
 */
export function inScope(scope: string[]): SQL {
  return sql`(${underAny(sql`w.home_path`, scope)} OR ${underAny(sql`w.owner_path`, scope)}
    OR ${underAny(sql`h.inspect_path`, scope)} OR (h.rectify_path IS NOT NULL AND ${underAny(sql`h.rectify_path`, scope)}))`;
}

export interface HazardFilter {
  scope: string[];
  grade?: string;
  states?: string[];
  sector?: string;
  warn?: string;
  roundId?: string;
  taskId?: string;
  streetCode?: string;
  supervised?: boolean;
  finderId?: string;
  q?: string;
}

function where(f: HazardFilter): SQL {
  const conds: SQL[] = [inScope(f.scope)];
  if (f.grade) conds.push(sql`h.grade = ${f.grade}`);
  if (f.states?.length) conds.push(sql`w.state = ANY(${toPgArray(f.states)}::text[])`);
  if (f.sector) conds.push(sql`h.sector = ${f.sector}`);
  if (f.warn) conds.push(sql`w.warn_level = ${f.warn} AND w.closed_at IS NULL`);
  if (f.roundId) conds.push(sql`h.round_id = ${f.roundId}`);
  if (f.taskId) conds.push(sql`h.task_id = ${f.taskId}`);
  if (f.streetCode) conds.push(sql`h.street_code = ${f.streetCode}`);
  if (f.supervised !== undefined) conds.push(sql`w.supervised = ${f.supervised}`);
  if (f.finderId) conds.push(sql`h.finder_id = ${f.finderId}::uuid`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    conds.push(sql`(w.ref = ${f.q} OR h.description ILIKE ${like} OR h.subject_name ILIKE ${like} OR h.address ILIKE ${like})`);
  }
  return sql.join(conds, sql` AND `);
}

/** One page of the ledger, newest first. */
export async function listHazards(ex: Executor, f: HazardFilter, page: { limit: number; offset: number }): Promise<{ rows: HazardRow[]; total: number }> {
  const rows = await queryRows<HazardRow & { total_rows: number }>(ex, sql`SELECT ${COLUMNS}, count(*) OVER () AS total_rows
    FROM ${FROM} WHERE ${where(f)} ORDER BY h.found_at DESC, h.id LIMIT ${page.limit} OFFSET ${page.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

/** The whole ledger for the Excel export, page by page (keyset on found_at, id), newest first. */
export async function* hazardPages(ex: Executor, f: HazardFilter, pageSize = 2000): AsyncGenerator<HazardRow[]> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const cursor: SQL = after ? sql` AND (h.found_at, h.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
    const rows: HazardRow[] = await queryRows<HazardRow>(ex, sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where(f)}${cursor}
      ORDER BY h.found_at DESC, h.id DESC LIMIT ${pageSize}`);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    after = { at: new Date(last.found_at).toISOString(), id: last.id };
  }
}

/** Where a finding can be handed: active departments and task forces, and the finding's street. */
export async function assignableUnits(ex: Executor, streetCode: string): Promise<Array<{ code: string; name: string; name_en: string | null; kind: string }>> {
  return queryRows(ex, sql`SELECT code, name, name_en, kind FROM units
    WHERE active AND (kind IN ('department', 'task_force') OR code = ${streetCode})
    ORDER BY (kind = 'street') DESC, kind, path`);
}

export async function setRectifyUnit(ex: Executor, id: string, unit: { code: string; path: string }): Promise<void> {
  await ex.execute(sql`UPDATE hazards SET rectify_unit = ${unit.code}, rectify_path = ${unit.path} WHERE id = ${id}`);
}

export async function recordPlan(ex: Executor, id: string, p: {
  responsiblePerson: string | null; responsiblePhone: string | null; measures: string | null; funding: number | null;
  interimMeasures: string | null; contingencyPlan: string | null; deadline: Date; at: Date;
}): Promise<void> {
  await ex.execute(sql`UPDATE hazards SET responsible_person = ${p.responsiblePerson}, responsible_phone = ${p.responsiblePhone},
    measures = ${p.measures}, funding = ${p.funding}, interim_measures = ${p.interimMeasures}, contingency_plan = ${p.contingencyPlan},
    rectify_deadline = ${p.deadline}, planned_at = ${p.at} WHERE id = ${id}`);
}

export async function recordRectified(ex: Executor, id: string, r: { note: string; at: Date }): Promise<void> {
  await ex.execute(sql`UPDATE hazards SET rectified_at = ${r.at}, rectify_note = ${r.note} WHERE id = ${id}`);
}

export async function recordReinspection(ex: Executor, id: string, r: {
  by: string | null; name: string; at: Date; result: 'pass' | 'fail'; note: string | null; deadline: Date | null;
}): Promise<void> {
  await ex.execute(sql`UPDATE hazards SET reinspector_id = ${r.by}::uuid, reinspector_name = ${r.name}, reinspected_at = ${r.at},
    reinspect_result = ${r.result}, reinspect_note = ${r.note},
    failed_reinspections = failed_reinspections + ${r.result === 'fail' ? 1 : 0},
    rectify_deadline = coalesce(${r.deadline}, rectify_deadline) WHERE id = ${id}`);
}

export async function recordClosedOut(ex: Executor, id: string, c: { at: Date; by: string }): Promise<void> {
  await ex.execute(sql`UPDATE hazards SET closed_out_at = ${c.at}, closed_out_by = ${c.by} WHERE id = ${id}`);
}
