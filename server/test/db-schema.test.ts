import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type Database } from '../src/platform/db/database.js';
import { migrate, readMigrations } from '../src/platform/db/migrate.js';
import * as tables from '../src/platform/db/tables.js';
import { createTestDatabase } from './test-db.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('database schema', () => {
  it('records every numbered migration and re-running applies nothing', async () => {
    const rows = await queryRows<{ version: string }>(database.db, sql`SELECT version FROM schema_migrations ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(database)).toEqual([]);
  });

  // The typed query layer must describe the tables the SQL migrations create, column for column.
  it.each(Object.values(tables).map((t) => [getTableConfig(t as PgTable).name, t] as const))(
    'drizzle definition of %s matches the migrated table', async (name, table) => {
      const cfg = getTableConfig(table as PgTable);
      const cols = await queryRows<{ column_name: string; is_nullable: string }>(database.db,
        sql`SELECT column_name, is_nullable FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = ${name}`);
      const db = new Map(cols.map((c) => [c.column_name, c.is_nullable === 'YES']));
      expect([...db.keys()].sort()).toEqual(cfg.columns.map((c) => c.name).sort());
      for (const c of cfg.columns) expect([c.name, db.get(c.name)]).toEqual([c.name, !c.notNull]);
    },
  );
});
