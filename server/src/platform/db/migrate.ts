import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface Migration {
  version: string;
  name: string;
  checksum: string;
  script: string;
}

/** Numbered files `NNNN_name.sql`, in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const script = readFileSync(join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        checksum: createHash('sha256').update(script).digest('hex'),
        script,
      };
    });
}

// Any fixed key: two instances starting together must not both migrate.
const MIGRATION_LOCK = 724_810_331;

/** Applies the migrations not yet recorded, each in its own transaction. Returns the versions applied. */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { db } = database;
  await db.execute(sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  return database.withExclusiveLock(MIGRATION_LOCK, async () => {
    const done = new Map(
      (await queryRows<{ version: string; checksum: string }>(db, sql`SELECT version, checksum FROM schema_migrations`))
        .map((r) => [r.version, r.checksum]),
    );
    const applied: string[] = [];
    for (const m of readMigrations(dir)) {
      const seen = done.get(m.version);
      if (seen) {
        if (seen !== m.checksum) {
          throw new Error(`Migration ${m.version}_${m.name} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      const record = `INSERT INTO schema_migrations(version, name, checksum) VALUES ('${m.version}', '${m.name}', '${m.checksum}');`;
      await database.runScript(`${m.script}\n;${record}`);
      applied.push(m.version);
    }
    return applied;
  });
}
