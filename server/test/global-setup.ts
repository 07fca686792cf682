import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { seed } from '../src/seed/seed.js';
import { TEST_PASSWORDS } from './passwords.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

/**
 * Builds one migrated and seeded template per run; each test file then starts from its own copy
 * (PGlite: a data-folder dump; PostgreSQL: CREATE DATABASE … TEMPLATE), so files never share state.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  const seedConfig = { ...TEST_PASSWORDS, seedDemoUsers: true };
  if (!url) {
    const database = await openDatabase({});
    await migrate(database);
    await seed(database, seedConfig);
    const dump = await database.pglite!.dumpDataDir('none');
    await database.close();
    const dir = resolve('var/test');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `template-${process.pid}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
    project.provide('pgTemplate', '');
    return async () => {
      rmSync(file, { force: true });
    };
  }
  const template = `cy_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 2 });
  await migrate(database);
  await seed(database, seedConfig);
  await database.close();
  project.provide('pgliteTemplate', '');
  project.provide('pgTemplate', template);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`${template}\\_%`, template]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
