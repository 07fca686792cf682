import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, sql, type Database } from '../src/platform/db/database.js';
import { withDatabase } from './global-setup.js';

// The operator's CLI, run as real child processes against a database of their own: a fresh embedded
// folder, or (when DATABASE_URL is set) a fresh PostgreSQL database. That one is named outside the
// harness's cy_t_ pattern, because any run's global teardown drops every cy_t_ database, including
// those of a concurrent run; this file drops its own.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const serverUrl = process.env.DATABASE_URL;

let dir: string;
let databaseName: string | undefined;
let databaseUrl: string | undefined;
let env: NodeJS.ProcessEnv;

async function onServer(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cy-cli-'));
  if (serverUrl) {
    databaseName = `cy_cli_${randomBytes(5).toString('hex')}`;
    await onServer(`CREATE DATABASE ${databaseName}`);
    databaseUrl = withDatabase(serverUrl, databaseName);
  }
  env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
  // Demo passwords and no bus: the one-shot commands need neither, and the host's settings must not leak in.
  for (const key of ['DATABASE_URL', 'NATS_URL', 'ADMIN_PASSWORD', 'DEMO_PASSWORD', 'SEED_DEMO_USERS', 'NODE_OPTIONS']) delete env[key];
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (databaseName) await onServer(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsx server/src/main.ts …` without npx's extra start-up; killed if it outlives `timeoutMs`. */
function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 45_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
      cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Opens the CLI's database in this process; only while no CLI process has it open. */
async function withDb<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 1 } : { dataDir: dir });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!);

// One database walked through an operator's day, so each step builds on the one before.
describe('chengyun CLI', { timeout: 60_000 }, () => {
  const backupFile = () => join(dir, 'backup.bin');

  it('migrate applies the migrations to an empty database', async () => {
    const r = await cli(['migrate']);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^applied: 0001/);
  });

  it('seed loads the Yuzhong unit tree and the demo users', async () => {
    const r = await cli(['seed']);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.units).toBe(889);
    expect(out.usersCreated).toEqual(expect.arrayContaining(['admin', 'jfb_op', 'citizen']));
  });

  it('create-user adds a street operator', async () => {
    const r = await cli(['create-user', '--username', 'u1', '--password', 'secret123', '--role', 'street_operator', '--unit', '500103003']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^created u1 \([0-9a-f-]{36}\)/);
    const grants = await withDb((d) => queryRows<{ role: string; unit_code: string }>(d.db,
      sql`SELECT r.role, r.unit_code FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'u1'`));
    expect(grants).toEqual([{ role: 'street_operator', unit_code: '500103003' }]);
  });

  it('create-user refuses an unknown role with the usage text and exit code 2', async () => {
    const r = await cli(['create-user', '--username', 'u2', '--password', 'secret123', '--role', 'wizard', '--unit', '500103003']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('create-user --username U');
  });

  it('verify-audit exits 0 on an intact chain', async () => {
    const r = await cli(['verify-audit']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ ok: true });
    expect(lastJson(r.stdout).checked).toBeGreaterThanOrEqual(12);
  });

  it('backup writes a file', async () => {
    const r = await cli(['backup', backupFile()]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(backupFile())).toBe(true);
    expect(statSync(backupFile()).size).toBeGreaterThan(1000);
  });

  it('verify-audit exits 1 once an entry is edited behind its back', async () => {
    await withDb(async (d) => {
      await d.db.execute(sql`UPDATE audit_log SET detail = '{"forged":true}'::jsonb
        WHERE id = (SELECT min(id) + 2 FROM audit_log)`);
      await d.db.execute(sql`UPDATE users SET display_name = 'after backup' WHERE username = 'u1'`);
    });
    const r = await cli(['verify-audit']);
    expect(r.code).toBe(1);
    expect(lastJson(r.stdout)).toMatchObject({ ok: false, problem: 'edited' });
  });

  it('restore brings the backed-up state back, chain intact', async () => {
    const r = await cli(['restore', backupFile()]);
    expect(r.code, r.stderr).toBe(0);
    const verify = await cli(['verify-audit']);
    expect(verify.code, verify.stdout).toBe(0);
    const [u1] = await withDb((d) => queryRows<{ display_name: string }>(d.db, sql`SELECT display_name FROM users WHERE username = 'u1'`));
    expect(u1).toEqual({ display_name: 'u1' });
  });

  it('refuses to serve in production with the demo ADMIN_PASSWORD', async () => {
    const r = await cli(['serve'], { NODE_ENV: 'production', PORT: '0' }, 30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ADMIN_PASSWORD');
  });
});
