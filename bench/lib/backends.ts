import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type BackendKind = 'pglite' | 'postgres';

/** A fresh, empty database for one benchmark run: a temp DATA_DIR, plus a new PostgreSQL database if asked. */
export interface Backend {
  kind: BackendKind;
  dataDir: string;
  /** Environment the platform's loadConfig needs for this backend. */
  env: Record<string, string>;
}

/** Embedded PGlite always; PostgreSQL too when BENCH_DATABASE_URL names a server we may create databases on. */
export function backendKinds(): BackendKind[] {
  return process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `chengyun-bench-${prefix}-`));
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function withBackend<T>(kind: BackendKind, fn: (b: Backend) => Promise<T>): Promise<T> {
  const dataDir = tempDir(kind);
  let dbName: string | null = null;
  try {
    const env: Record<string, string> = {};
    if (kind === 'postgres') {
      const adminUrl = process.env.BENCH_DATABASE_URL;
      if (!adminUrl) throw new Error('BENCH_DATABASE_URL is not set');
      dbName = `chengyun_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
      await adminQuery(`CREATE DATABASE "${dbName}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
    }
    return await fn({ kind, dataDir, env });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}
