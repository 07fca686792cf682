import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';

export interface SectorRow {
  code: string;
  name: string;
  name_en: string;
  lead_unit: string | null;
  lead_unit_name: string | null;
  seq: number;
}

export interface ChecklistItemRow {
  id: number;
  sector: string;
  seq: number;
  title: string;
  title_en: string | null;
  basis: string | null;
  major_hint: boolean;
  active: boolean;
  updated_at: Date | string;
  updated_by: string | null;
}

export async function listSectors(ex: Executor): Promise<SectorRow[]> {
  return queryRows<SectorRow>(ex, sql`SELECT s.*, u.name AS lead_unit_name FROM hazard_sectors s LEFT JOIN units u ON u.code = s.lead_unit ORDER BY s.seq`);
}

/** The sectors among `codes` that exist. */
export async function existingSectors(ex: Executor, codes: readonly string[]): Promise<Set<string>> {
  const rows = await queryRows<{ code: string }>(ex, sql`SELECT code FROM hazard_sectors WHERE code = ANY(${toPgArray([...codes])}::text[])`);
  return new Set(rows.map((r) => r.code));
}

export async function listChecklistItems(ex: Executor, f: { sector?: string; includeInactive: boolean }): Promise<ChecklistItemRow[]> {
  const conds: SQL[] = [sql`TRUE`];
  if (f.sector) conds.push(sql`sector = ${f.sector}`);
  if (!f.includeInactive) conds.push(sql`active`);
  return queryRows<ChecklistItemRow>(ex, sql`SELECT * FROM hazard_checklist_items WHERE ${sql.join(conds, sql` AND `)} ORDER BY sector, seq, id`);
}

export async function findChecklistItem(ex: Executor, id: number): Promise<ChecklistItemRow | undefined> {
  const [row] = await queryRows<ChecklistItemRow>(ex, sql`SELECT * FROM hazard_checklist_items WHERE id = ${id}`);
  return row;
}

/** A new line, last in its sector unless `seq` is given (the sector row is locked so two additions get distinct places). */
export async function insertChecklistItem(ex: Executor, i: {
  sector: string; seq?: number; title: string; titleEn: string | null; basis: string | null; majorHint: boolean; by: string;
}): Promise<ChecklistItemRow> {
  await ex.execute(sql`SELECT 1 FROM hazard_sectors WHERE code = ${i.sector} FOR UPDATE`);
  const [row] = await queryRows<ChecklistItemRow>(ex, sql`INSERT INTO hazard_checklist_items (sector, seq, title, title_en, basis, major_hint, updated_by)
    VALUES (${i.sector}, coalesce(${i.seq ?? null}::int, (SELECT coalesce(max(seq), 0) + 1 FROM hazard_checklist_items WHERE sector = ${i.sector})),
      ${i.title}, ${i.titleEn}, ${i.basis}, ${i.majorHint}, ${i.by})
    RETURNING *`);
  return row!;
}

export interface ChecklistChange {
  title?: string;
  titleEn?: string | null;
  basis?: string | null;
  majorHint?: boolean;
  active?: boolean;
  seq?: number;
}

export async function updateChecklistItem(ex: Executor, id: number, c: ChecklistChange, by: string): Promise<ChecklistItemRow | undefined> {
  const sets: SQL[] = [sql`updated_at = now()`, sql`updated_by = ${by}`];
  if (c.title !== undefined) sets.push(sql`title = ${c.title}`);
  if (c.titleEn !== undefined) sets.push(sql`title_en = ${c.titleEn}`);
  if (c.basis !== undefined) sets.push(sql`basis = ${c.basis}`);
  if (c.majorHint !== undefined) sets.push(sql`major_hint = ${c.majorHint}`);
  if (c.active !== undefined) sets.push(sql`active = ${c.active}`);
  if (c.seq !== undefined) sets.push(sql`seq = ${c.seq}`);
  const [row] = await queryRows<ChecklistItemRow>(ex, sql`UPDATE hazard_checklist_items SET ${sql.join(sets, sql`, `)} WHERE id = ${id} RETURNING *`);
  return row;
}
