import autocannon, { type Result } from 'autocannon';
import Fastify from 'fastify';
import { countByKind, findUnit } from '../server/src/modules/units/units-repository.js';
import type { Db } from '../server/src/platform/db/database.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { getJson } from './lib/http.js';
import { startPlatform } from './lib/platform.js';
import type { BenchResult, Cell, Target } from './lib/report.js';
import { ratio, round } from './lib/stats.js';

const UNIT = '500103003';
const CONNECTIONS = 100;
const WARMUP_S = 2;
const DURATION_S = 8;
const TARGET_RATIO = 0.7;

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** The same two queries as GET /api/units/:code (findUnit, then countByKind), with no auth, hooks or validation. */
async function startBaseline(db: Db): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/units/:code', async (req, reply) => {
    const { code } = req.params as { code: string };
    const u = await findUnit(db, code);
    if (!u) return reply.status(404).send({ error: 'not found' });
    return { ...u, counts: await countByKind(db, u.path) };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/units/${UNIT}`, close: () => app.close() };
}

/** autocannon in a worker thread, so the load generator does not share the server's event loop. */
async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  const r: Result = await autocannon({
    url, headers, connections: CONNECTIONS, duration: DURATION_S, workers: 1,
    warmup: { connections: CONNECTIONS, duration: WARMUP_S },
  });
  return {
    reqPerSec: round(r.requests.average, 0), p50: r.latency.p50, p99: r.latency.p99,
    errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total,
  };
}

async function measure(kind: BackendKind): Promise<{ ours: Load; baseline: Load }> {
  return withBackend(kind, async (backend) => {
    const { server, baseUrl, token } = await startPlatform(backend);
    const baseline = await startBaseline(server.platform.database.db);
    try {
      const oursUrl = `${baseUrl}/api/units/${UNIT}`;
      const headers = { authorization: `Bearer ${token}` };
      // Both must answer 200 with the same unit before we time them.
      const [a, b] = await Promise.all([getJson(oursUrl, headers), getJson(baseline.url)]);
      if ((a as { code?: string }).code !== UNIT || (b as { code?: string }).code !== UNIT) throw new Error('unexpected unit payload');
      const ours = await load(oursUrl, headers);
      const base = await load(baseline.url);
      return { ours, baseline: base };
    } finally {
      await baseline.close();
      await server.stop();
    }
  });
}

export async function run(): Promise<BenchResult> {
  const rows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = {};
  for (const kind of backendKinds()) {
    const { ours, baseline } = await measure(kind);
    const r = ratio(ours.reqPerSec, baseline.reqPerSec);
    data[kind] = { ours, baseline, ratio: r };
    const row = (name: string, l: Load, rat: Cell): Cell[] =>
      [kind, name, l.reqPerSec, l.p50, l.p99, l.errors, l.non2xx, l.requests, rat];
    rows.push(row('ours: GET /api/units/:code (bearer)', ours, r));
    rows.push(row('baseline: bare Fastify, same SQL', baseline, null));
    targets.push({
      description: `${kind}: authenticated read req/s ≥ ${TARGET_RATIO} × bare Fastify`,
      actual: `${r} (${ours.reqPerSec} vs ${baseline.reqPerSec} req/s)`,
      pass: r >= TARGET_RATIO && ours.errors === 0 && ours.non2xx === 0,
    });
  }
  return {
    name: 'auth-read',
    title: 'authenticated read vs bare Fastify',
    measures: `GET /api/units/${UNIT} with a bearer token (session cache, permission check, zod params, findUnit + countByKind) ` +
      `against a bare Fastify route running the same two drizzle queries on the same database handle. ` +
      `autocannon (one worker thread), ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured, one after the other.`,
    tables: [{
      title: `auth-read — ${CONNECTIONS} connections, ${DURATION_S} s each (latency in ms)`,
      columns: ['db', 'server', 'req/s', 'p50', 'p99', 'errors', 'non-2xx', 'requests', 'ratio req/s'],
      rows,
    }],
    targets,
    notes: ['Server logs at warn (BENCH_LOG_LEVEL): the info-level per-request logs of a default `npm start` are not measured.'],
    data,
  };
}
