import type { Executor } from '../../platform/db/database.js';
import { ReferenceTable } from '../../platform/cache/reference-table.js';
import { listCategories } from './categories-repository.js';
import type { CategoryRow } from './categories-tables.js';

/** The category code table in memory for case intake. */
export class CategoryDirectory extends ReferenceTable<CategoryRow> {
  constructor(ex: Executor) {
    super(async () => (await listCategories(ex, {})).map((c) => [c.code, c] as [string, CategoryRow]), 'category.');
  }
}
