import { compareLoads, runLoad, type Comparison } from './lib/load.js';
import Fastify from 'fastify';
import { countByKind, findUnit } from '../server/src/modules/units/units-repository.js';
import type { Db } from '../server/src/platform/db/database.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { getJson } from './lib/http.js';
import { startPlatform } from './lib/platform.js';
import type { BenchResult } from './lib/report.js';

const UNIT = '500103003';
const CONNECTIONS = 100;
const WARMUP_S = 2;
const DURATION_S = 8;
const TARGET_RATIO = 0.7;
const LOAD = { connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S };

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

async function measure(kind: BackendKind): Promise<Comparison> {
  return withBackend(kind, async (backend) => {
    const { server, baseUrl, token } = await startPlatform(backend);
    const baseline = await startBaseline(server.platform.database.db);
    try {
      const oursUrl = `${baseUrl}/api/units/${UNIT}`;
      const headers = { authorization: `Bearer ${token}` };
      // Both must answer 200 with the same unit before we time them.
      const [a, b] = await Promise.all([getJson(oursUrl, headers), getJson(baseline.url)]);
      if ((a as { code?: string }).code !== UNIT || (b as { code?: string }).code !== UNIT) throw new Error('unexpected unit payload');
      const ours = await runLoad({ ...LOAD, url: oursUrl, headers });
      const base = await runLoad({ ...LOAD, url: baseline.url });
      return { kind, ours, baseline: base };
    } finally {
      await baseline.close();
      await server.stop();
    }
  });
}

export async function run(): Promise<BenchResult> {
  const runs: Comparison[] = [];
  for (const kind of backendKinds()) runs.push(await measure(kind));
  const { tables, targets, data } = compareLoads(runs, {
    ours: 'ours: GET /api/units/:code (bearer)', baseline: 'baseline: bare Fastify, same SQL',
    target: 'authenticated read', title: `auth-read — ${CONNECTIONS} connections, ${DURATION_S} s each (latency in ms)`,
  }, TARGET_RATIO);
  return {
    name: 'auth-read',
    title: 'authenticated read vs bare Fastify',
    measures: `GET /api/units/${UNIT} with a bearer token (session cache, permission check, zod params, findUnit + countByKind) ` +
      `against a bare Fastify route running the same two drizzle queries on the same database handle. ` +
      `autocannon (one worker thread), ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured, one after the other.`,
    tables,
    targets,
    notes: ['Server logs at warn (BENCH_LOG_LEVEL): the info-level per-request logs of a default `npm start` are not measured.'],
    data,
  };
}
