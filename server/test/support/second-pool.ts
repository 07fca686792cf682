import { openDatabase, type Database } from '../../src/platform/db/database.js';

/**
 * What a second instance would use to reach the same database: on PostgreSQL its own pool (so row
 * locks and advisory locks really contend); embedded PGlite has one connection per process, so the
 * same handle.
 */
export async function secondPool(database: Database & { url?: string }): Promise<{ database: Database; close(): Promise<void> }> {
  if (database.kind === 'pglite' || !database.url) return { database, close: async () => {} };
  const other = await openDatabase({ databaseUrl: database.url, poolSize: 5 });
  return { database: other, close: () => other.close() };
}
