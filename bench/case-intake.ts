import { randomUUID } from 'node:crypto';
import { compareLoads, runLoad, type Comparison } from './lib/load.js';
import Fastify from 'fastify';
import { sql, type Db } from '../server/src/platform/db/database.js';
import type { GridLocator } from '../server/src/platform/geo/index.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { startPlatform } from './lib/platform.js';
import type { BenchResult } from './lib/report.js';
import { round } from './lib/stats.js';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = 8;
const TARGET_RATIO = 0.5;
const LOAD = { connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S };
const POINTS = 400;
const CATEGORIES = ['E0101', 'E0102', 'E0103', 'E0104', 'C0101', 'C0108'];

/** Points spread over the district (a report lands in a real grid), so duplicate look-ups stay realistic. */
function samplePoints(locator: GridLocator): Array<{ lng: number; lat: number; grid: string; street: string }> {
  const out: Array<{ lng: number; lat: number; grid: string; street: string }> = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  while (out.length < POINTS) {
    const lng = 106.49 + rnd() * 0.1;
    const lat = 29.53 + rnd() * 0.04;
    const r = locator.locate(lng, lat);
    if (r.status === 'inside') out.push({ lng: round(lng, 6), lat: round(lat, 6), grid: r.gridCode, street: r.streetCode });
  }
  return out;
}

/**
 * The baseline: the same two rows (work item + case) inserted in one transaction, with the grid already
 * known — no validation, location look-up, category rules, duplicate search, timeline, audit or outbox.
 */
async function startBaseline(db: Db, points: ReturnType<typeof samplePoints>): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  let n = 0;
  app.post('/cases', async (req, reply) => {
    const body = req.body as { categoryCode: string; description: string; lng: number; lat: number };
    const p = points[n++ % points.length]!;
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path)
        VALUES (${id}, 'case', ${`BL${id}`}, ${body.description}, 'reported', ${p.street}, ${`/500103/${p.street}/`}, ${`/500103/${p.street}/`})`);
      await tx.execute(sql`INSERT INTO cases (id, category_code, channel, description, lng, lat, grid_code, street_code, urgency, reported_at)
        VALUES (${id}, ${body.categoryCode}, 'hotline', ${body.description}, ${body.lng}, ${body.lat}, ${p.grid}, ${p.street}, 'normal', now())`);
    });
    return reply.status(201).send({ id });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/cases`, close: () => app.close() };
}

async function measure(kind: BackendKind): Promise<Comparison> {
  return withBackend(kind, async (backend) => {
    const { server, baseUrl, token } = await startPlatform(backend);
    const points = samplePoints(server.platform.locator);
    const bodies = points.map((p, i) => JSON.stringify({
      categoryCode: CATEGORIES[i % CATEGORIES.length], description: `基准测试上报 ${i}`, lng: p.lng, lat: p.lat, address: `测试地址 ${i}`,
    }));
    const baseline = await startBaseline(server.platform.database.db, points);
    try {
      const check = await fetch(`${baseUrl}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bodies[0] });
      if (check.status !== 201) throw new Error(`POST /api/cases: ${check.status} ${await check.text()}`);
      const requests = bodies.map((body) => ({ method: 'POST', body, headers: { 'content-type': 'application/json' } }));
      const ours = await runLoad({ ...LOAD, url: `${baseUrl}/api/cases`, requests, headers: { authorization: `Bearer ${token}` } });
      const base = await runLoad({ ...LOAD, url: baseline.url, requests });
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
    ours: 'ours: POST /api/cases (bearer)', baseline: 'baseline: bare Fastify, INSERT the same two rows',
    target: 'case intake', title: `case-intake — ${CONNECTIONS} connections, ${DURATION_S} s each (latency in ms)`,
  }, TARGET_RATIO);
  return {
    name: 'case-intake',
    title: 'case intake over HTTP vs insert-only baseline',
    measures: `POST /api/cases (auth, zod, grid look-up, category rules, stage clock, duplicate search, timeline, audit chain, outbox) ` +
      `against a bare Fastify route inserting the same work-item and case rows in one transaction. ${POINTS} points over the district, ` +
      `${CATEGORIES.length} categories; autocannon, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s, one after the other.`,
    tables,
    targets,
    notes: [],
    data,
  };
}
