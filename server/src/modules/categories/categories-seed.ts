import type { Tx } from '../../platform/db/database.js';
import { loadCategoryData, STREET, type CategoryRecord } from './categories-data.js';
import { insertMissingCategories } from './categories-repository.js';
import type { NewCategoryRow } from './categories-tables.js';

export function toCategoryRow(c: CategoryRecord): NewCategoryRow {
  const byStreet = c.defaultDepartment === STREET;
  return {
    code: c.code, kind: c.kind, majorCode: c.majorCode, majorName: c.majorName, name: c.name, nameEn: c.nameEn,
    defaultDepartment: byStreet ? null : c.defaultDepartment, handledByStreet: byStreet,
    urgency: c.urgency, limits: c.limits, active: c.active,
  };
}

/**
 * Inserts the categories of data/categories/case-categories.json that the table lacks. Existing rows are
 * left alone (ON CONFLICT DO NOTHING), so re-seeding never undoes an administrator's change; a changed
 * default in the file reaches existing deployments only through an administrator or a migration.
 */
export async function seedCategories(tx: Tx, file?: string): Promise<{ categories: number; inserted: number }> {
  const data = loadCategoryData(file);
  const inserted = await insertMissingCategories(tx, data.categories.map(toCategoryRow));
  return { categories: data.categories.length, inserted: inserted.length };
}
