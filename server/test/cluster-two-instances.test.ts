import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NatsBus } from '../src/platform/events/nats-bus.js';
import { withDatabase } from './global-setup.js';
import { TEST_PASSWORDS } from './passwords.js';
import { Child, REPO_ROOT } from './support/child-process.js';
import { adminQuery } from './support/persistent-db.js';
import { SseClient } from './support/sse-client.js';
import { waitUntil } from './support/wait.js';

const { DATABASE_URL, NATS_URL } = process.env;
const MAIN = join(REPO_ROOT, 'server/src/main.ts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Instance {
  name: string;
  child: Child;
  base: string;
}

describe.skipIf(!DATABASE_URL || !NATS_URL)('two server processes on one database and one NATS', () => {
  const run = randomBytes(5).toString('hex');
  // Named after this run's template, so the run's teardown drops it even if afterAll does not get to.
  const dbName = `${inject('pgTemplate')}_cluster_${run}`;
  const prefix = `tcl${run}`;
  const instances: Instance[] = [];
  let A: Instance;
  let B: Instance;
  const clients: SseClient[] = [];

  async function start(name: string): Promise<Instance> {
    const port = await freePort();
    const child = Child.start(MAIN, ['serve'], {
      ...process.env, NODE_ENV: 'test', DATABASE_URL: withDatabase(DATABASE_URL!, dbName), NATS_URL, BUS_PREFIX: prefix,
      PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', INSTANCE_ID: `cluster-${name}`,
      ADMIN_PASSWORD: TEST_PASSWORDS.adminPassword, DEMO_PASSWORD: TEST_PASSWORDS.demoPassword, SEED_DEMO_USERS: 'true',
      LOGIN_RATE_PER_MINUTE: '1000',
    });
    const instance = { name, child, base: `http://127.0.0.1:${port}` };
    instances.push(instance);
    await waitUntil(async () => {
      if (!child.running) throw new Error(`instance ${name} exited:\n${child.output}`);
      const res = await fetch(`${instance.base}/api/health`).catch(() => null);
      return res?.status === 200;
    }, { timeoutMs: 60_000, intervalMs: 100, what: `instance ${name} to be healthy` });
    return instance;
  }

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${dbName}`);
    // A migrates and seeds the empty database; B starts on the result.
    A = await start('A');
    B = await start('B');
  }, 150_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(instances.map((i) => i.child.kill('SIGKILL')));
    const bus = await NatsBus.connect(NATS_URL!, prefix, () => {});
    await bus.deleteStream();
    await bus.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }, 60_000);

  async function login(on: Instance, username: string): Promise<Record<string, string>> {
    const password = username === 'admin' ? TEST_PASSWORDS.adminPassword : TEST_PASSWORDS.demoPassword;
    const res = await fetch(`${on.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  }
  const me = (on: Instance, auth: Record<string, string>) => fetch(`${on.base}/api/auth/me`, { headers: auth });

  it('delivers a change made through A to an SSE client of B within 2 s', async () => {
    const auth = await login(A, 'admin');
    const client = await SseClient.open(`${B.base}/api/stream?topics=unit`, auth);
    clients.push(client);
    expect(client.status).toBe(200);
    await client.ready();

    const population = 10_000 + Math.floor(Math.random() * 1000);
    const t0 = Date.now();
    const res = await fetch(`${A.base}/api/units/500103003`, {
      method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ population }),
    });
    expect(res.status).toBe(200);
    const msg = await client.waitForEvent(
      (e) => e.type === 'unit.updated' && (e.payload.changes as { population?: number }).population === population, 2_000);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(JSON.parse(msg.data)).toMatchObject({ unitPath: '/500103/500103003/', subjectId: '500103003' });
  });

  it('honours on B a session created on A', async () => {
    const auth = await login(A, 'jfb_op');
    const res = await me(B, auth);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { username: string }).username).toBe('jfb_op');
  });

  it('honours on B, within 2 s, a logout made on A', async () => {
    const auth = await login(A, 'qxg_op');
    expect((await me(B, auth)).status).toBe(200); // now in B's session cache
    expect((await me(A, auth)).status).toBe(200);
    const out = await fetch(`${A.base}/api/auth/logout`, { method: 'POST', headers: auth });
    expect(out.status).toBe(204);
    const t0 = Date.now();
    expect((await me(A, auth)).status).toBe(401);
    await waitUntil(async () => (await me(B, auth)).status === 401, { timeoutMs: 2_000, intervalMs: 50, what: 'B to refuse the session' });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('shuts an instance down promptly and cleanly on SIGTERM, even with an SSE client connected', async () => {
    const client = await SseClient.open(`${B.base}/api/stream`, await login(B, 'admin'));
    clients.push(client);
    await client.ready();
    const t0 = Date.now();
    const exit = await Promise.race([
      B.child.kill('SIGTERM'),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000)),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await waitUntil(() => client.closedByServer, { timeoutMs: 1_000, what: 'the stream to end' });
  });
});
