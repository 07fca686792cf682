import { queryRows, sql, type Executor } from '../../platform/db/database.js';

export interface LedgerExtraRow {
  id: string;
  address: string | null;
  description: string;
  street_name: string;
  grid_name: string;
}

/** What the ledger shows beyond the case list: the texts and the street and grid names, for one page of ids. */
export async function ledgerExtras(ex: Executor, ids: string[]): Promise<Map<string, LedgerExtraRow>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<LedgerExtraRow>(ex, sql`
    SELECT c.id, c.address, c.description, coalesce(s.name, c.street_code) AS street_name, coalesce(g.name, c.grid_code) AS grid_name
    FROM cases c LEFT JOIN units s ON s.code = c.street_code LEFT JOIN units g ON g.code = c.grid_code
    WHERE c.id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}
