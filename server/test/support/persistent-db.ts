import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { withDatabase } from '../global-setup.js';
import { REPO_ROOT } from './child-process.js';

export interface PersistentDb {
  /** What a process needs in its environment to open this database: DATA_DIR (embedded) or DATABASE_URL. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A copy of the seeded template that outlives the process that opens it, so one process can die and
 * another open the same data: a PGlite data folder on disk, or a PostgreSQL database of its own.
 */
export async function persistentDatabase(): Promise<PersistentDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(REPO_ROOT, 'var/test/persist-'));
    const db = await openDatabase({ dataDir: dir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await db.close();
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  // Named after this run's template, so the run's teardown drops it even if drop() never runs.
  const name = `${inject('pgTemplate')}_persist_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  return {
    env: { DATABASE_URL: withDatabase(url, name) },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
