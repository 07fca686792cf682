import type { Executor } from '../../platform/db/database.js';
import { ReferenceTable } from '../../platform/cache/reference-table.js';
import { listUnits, type UnitRow } from './units-repository.js';

/** The unit tree in memory (about 900 rows) for hot paths such as case intake and dispatch. */
export class UnitDirectory extends ReferenceTable<UnitRow> {
  constructor(ex: Executor) {
    super(async () => {
      const all: Array<[string, UnitRow]> = [];
      for (let offset = 0; ; offset += 500) {
        const { rows } = await listUnits(ex, { scopePaths: ['/'], limit: 500, offset });
        all.push(...rows.map((r) => [r.code, r] as [string, UnitRow]));
        if (rows.length < 500) return all;
      }
    }, 'unit.');
  }
}
