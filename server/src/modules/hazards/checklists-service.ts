import { scopeOf, type Actor } from '../../platform/access/actor.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import {
  existingSectors, findChecklistItem, insertChecklistItem, updateChecklistItem, type ChecklistChange, type ChecklistItemRow,
} from './checklists-repository.js';
import { invalid } from './hazards-service.js';

/** The district path where the actor manages hazards: the checklists are one set for the whole district. */
export function checklistManagerPath(actor: Actor): string | undefined {
  return scopeOf(actor, 'hazard:manage').find((p) => p.split('/').filter(Boolean).length === 1);
}

function managerPath(actor: Actor): string {
  const path = checklistManagerPath(actor);
  if (!path) throw new AppError('FORBIDDEN', { permission: 'hazard:manage' });
  return path;
}

export async function addChecklistItem(uow: UnitOfWork, input: {
  sector: string; title: string; titleEn?: string | null; basis?: string | null; majorHint: boolean; seq?: number;
}): Promise<ChecklistItemRow> {
  const path = managerPath(uow.actor);
  if (!(await existingSectors(uow.tx, [input.sector])).has(input.sector)) throw invalid(uow.actor, 'body.sector', 'unknown', 'sectorUnknown');
  const row = await insertChecklistItem(uow.tx, {
    sector: input.sector, seq: input.seq, title: input.title, titleEn: input.titleEn ?? null, basis: input.basis ?? null,
    majorHint: input.majorHint, by: uow.actor.displayName,
  });
  record(uow, path, 'added', row);
  return row;
}

export async function changeChecklistItem(uow: UnitOfWork, id: number, change: ChecklistChange): Promise<ChecklistItemRow> {
  const path = managerPath(uow.actor);
  const before = await findChecklistItem(uow.tx, id);
  if (!before) throw new AppError('NOT_FOUND', { what: 'checklist item', id: String(id) });
  const row = (await updateChecklistItem(uow.tx, id, change, uow.actor.displayName))!;
  record(uow, path, 'changed', row, Object.keys(change));
  return row;
}

function record(uow: UnitOfWork, path: string, action: 'added' | 'changed', row: ChecklistItemRow, fields?: string[]): void {
  uow.audit({
    action: `hazard.checklist.${action}`, targetType: 'hazardChecklistItem', targetId: String(row.id), unitPath: path,
    detail: { sector: row.sector, title: row.title, ...(fields ? { fields } : {}) },
  });
  uow.emit({
    type: 'hazard.checklistChanged', unitPath: path, subjectType: 'hazardChecklistItem', subjectId: String(row.id),
    payload: { action, sector: row.sector, id: row.id },
  });
}
