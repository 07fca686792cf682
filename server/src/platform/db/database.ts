import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

// One typed query layer over both backends: drizzle's PostgreSQL dialect, PGlite or node-postgres underneath.
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /** Runs a multi-statement SQL script inside one transaction (migrations, restore). */
  runScript(script: string): Promise<void>;
  /** Runs fn while holding a cluster-wide advisory lock (one embedded process needs none). */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<number>;
  close(): Promise<void>;
  /** The embedded engine, for dump/load of its data folder. */
  readonly pglite?: PGlite;
  readonly pool?: pg.Pool;
}

// node-postgres returns int8 and numeric as strings; PGlite returns int8 as numbers. Make them agree.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => v);

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; omitted with no URL → in-memory. */
  dataDir?: string;
  /** Embedded only: start from a dumped data folder (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts);
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let dir: string | undefined;
  if (opts.dataDir) {
    dir = join(opts.dataDir, 'pgdata');
    mkdirSync(opts.dataDir, { recursive: true });
  }
  const client = new PGlite({ dataDir: dir, loadDataDir: opts.loadDataDir });
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    async runScript(script) {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    withExclusiveLock: (_key, fn) => fn(),
    ping: () => timed(() => client.query('select 1')),
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // A dropped connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg(pool) as unknown as Db;
  await pool.query('select 1');
  return {
    kind: 'postgres',
    db,
    pool,
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async withExclusiveLock(key, fn) {
      // Session-level locks belong to one connection: hold a dedicated client for the duration.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    ping: () => timed(() => pool.query('select 1')),
    async close() {
      await pool.end();
    },
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs raw SQL and returns its rows, typed by the caller; both drivers return `{ rows }`. */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };
