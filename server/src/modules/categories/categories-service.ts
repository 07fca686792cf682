import { can } from '../../platform/access/actor.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { findUnit } from '../units/units-repository.js';
import { STREET, type CategoryLimits, type Urgency } from './categories-data.js';
import { findCategory, updateCategory, type CategoryChanges } from './categories-repository.js';
import type { CategoryRow } from './categories-tables.js';

/** The code table is district-wide: its audit entries and events belong to the district. */
export const CATEGORY_UNIT_PATH = '/500103/';

export interface CategoryUpdate {
  /** Only the stages given change; the others keep their limits. */
  limits?: Partial<CategoryLimits>;
  /** A department unit code, or 'street' for "the street where the case lies". */
  defaultDepartment?: string;
  urgency?: Urgency;
  active?: boolean;
}

/**
 * Changes one category. Admins held at a street also hold `category:manage`, but the table applies to
 * every street, so only a grant covering the whole district may change it.
 */
export async function changeCategory(uow: UnitOfWork, code: string, update: CategoryUpdate): Promise<CategoryRow> {
  if (!can(uow.actor, 'category:manage', CATEGORY_UNIT_PATH)) throw new AppError('FORBIDDEN', { permission: 'category:manage' });
  // Locked, so two admins editing different stages of the same limits cannot lose each other's change.
  const before = await findCategory(uow.tx, code, { forUpdate: true });
  if (!before) throw new AppError('NOT_FOUND', { what: 'category', id: code });

  const set: CategoryChanges = {};
  if (update.limits && Object.keys(update.limits).length > 0) set.limits = { ...before.limits, ...update.limits };
  if (update.urgency !== undefined) set.urgency = update.urgency;
  if (update.active !== undefined) set.active = update.active;
  if (update.defaultDepartment !== undefined) {
    if (update.defaultDepartment === STREET) {
      Object.assign(set, { defaultDepartment: null, handledByStreet: true });
    } else {
      const unit = await findUnit(uow.tx, update.defaultDepartment);
      if (!unit || unit.kind !== 'department') throw new AppError('UNKNOWN_UNIT', { code: update.defaultDepartment });
      Object.assign(set, { defaultDepartment: unit.code, handledByStreet: false });
    }
  }
  // An empty PATCH is a no-op: nothing to audit, nothing to announce.
  if (Object.keys(set).length === 0) return before;

  const after = (await updateCategory(uow.tx, code, set))!;
  uow.audit({
    action: 'category.update', targetType: 'category', targetId: code, unitPath: CATEGORY_UNIT_PATH,
    detail: { changes: update, before: pick(before, Object.keys(set) as Array<keyof CategoryChanges>) },
  });
  uow.emit({ type: 'category.updated', unitPath: CATEGORY_UNIT_PATH, subjectType: 'category', subjectId: code, payload: { changes: update } });
  return after;
}

/**
 * Who should handle a new case of this category at a location in `streetCode`: its default department,
 * or the street itself for categories the street handles (街面秩序 and the like). Dispatch proposes this;
 * the operator may still choose another unit.
 */
export function suggestHandlingUnit(
  category: Pick<CategoryRow, 'handledByStreet' | 'defaultDepartment'>,
  streetCode: string,
): string {
  if (category.handledByStreet || !category.defaultDepartment) return streetCode;
  return category.defaultDepartment;
}

function pick(row: CategoryRow, keys: Array<keyof CategoryChanges>): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
