import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../config.js';
import { openDatabase } from './database.js';

/**
 * Embedded: a gzip tarball of the PGlite data folder (consistent, taken through the engine).
 * PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean`.
 */
export async function backup(config: Config, file: string): Promise<{ kind: string; bytes: number }> {
  if (config.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.databaseUrl]);
    const bytes = (await readFile(file)).length;
    return { kind: 'postgres', bytes };
  }
  const database = await openDatabase({ dataDir: config.dataDir });
  try {
    const blob = await database.pglite!.dumpDataDir('gzip');
    const buf = Buffer.from(await blob.arrayBuffer());
    await writeFile(file, buf);
    return { kind: 'pglite', bytes: buf.length };
  } finally {
    await database.close();
  }
}

/** Restores a backup made by `backup`. Embedded: the current data folder is kept aside as pgdata.before-restore-<time>. */
export async function restore(config: Config, file: string): Promise<{ kind: string; keptAside?: string }> {
  if (config.databaseUrl) {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${config.databaseUrl}`, file]);
    return { kind: 'postgres' };
  }
  const dir = join(config.dataDir, 'pgdata');
  let keptAside: string | undefined;
  if (existsSync(dir)) {
    keptAside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, keptAside);
  }
  const data = await readFile(file);
  const db = new PGlite({ dataDir: dir, loadDataDir: new Blob([data]) });
  await db.waitReady;
  await db.query('select 1');
  await db.close();
  return { kind: 'pglite', keptAside };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}
