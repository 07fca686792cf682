import { randomUUID } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import Fastify from 'fastify';
import { sql, type Db } from '../server/src/platform/db/database.js';
import type { GridLocator } from '../server/src/platform/geo/index.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { startPlatform } from './lib/platform.js';
import type { BenchResult, Cell, Target } from './lib/report.js';
import { ratio, round } from './lib/stats.js';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = 8;
const TARGET_RATIO = 0.5;
const POINTS = 400;
const CATEGORIES = ['E0101', 'E0102', 'E0103', 'E0104', 'C0101', 'C0108'];

interface Load { reqPerSec: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }

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

async function load(url: string, bodies: string[], headers: Record<string, string>): Promise<Load> {
  const requests = bodies.map((body) => ({ method: 'POST' as const, body, headers: { 'content-type': 'application/json', ...headers } }));
  const r: Result = await autocannon({
    url, connections: CONNECTIONS, duration: DURATION_S, workers: 1, requests,
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
    const points = samplePoints(server.platform.locator);
    const bodies = points.map((p, i) => JSON.stringify({
      categoryCode: CATEGORIES[i % CATEGORIES.length], description: `基准测试上报 ${i}`, lng: p.lng, lat: p.lat, address: `测试地址 ${i}`,
    }));
    const baseline = await startBaseline(server.platform.database.db, points);
    try {
      const check = await fetch(`${baseUrl}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bodies[0] });
      if (check.status !== 201) throw new Error(`POST /api/cases: ${check.status} ${await check.text()}`);
      const ours = await load(`${baseUrl}/api/cases`, bodies, { authorization: `Bearer ${token}` });
      const base = await load(baseline.url, bodies, {});
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
    const row = (name: string, l: Load, rat: Cell): Cell[] => [kind, name, l.reqPerSec, l.p50, l.p99, l.errors, l.non2xx, l.requests, rat];
    rows.push(row('ours: POST /api/cases (bearer)', ours, r));
    rows.push(row('baseline: bare Fastify, INSERT the same two rows', baseline, null));
    targets.push({
      description: `${kind}: case intake req/s ≥ ${TARGET_RATIO} × insert-only baseline`,
      actual: `${r} (${ours.reqPerSec} vs ${baseline.reqPerSec} req/s)`,
      pass: r >= TARGET_RATIO && ours.errors === 0 && ours.non2xx === 0,
    });
  }
  return {
    name: 'case-intake',
    title: 'case intake over HTTP vs insert-only baseline',
    measures: `POST /api/cases (auth, zod, grid look-up, category rules, stage clock, duplicate search, timeline, audit chain, outbox) ` +
      `against a bare Fastify route inserting the same work-item and case rows in one transaction. ${POINTS} points over the district, ` +
      `${CATEGORIES.length} categories; autocannon, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s, one after the other.`,
    tables: [{
      title: `case-intake — ${CONNECTIONS} connections, ${DURATION_S} s each (latency in ms)`,
      columns: ['db', 'server', 'req/s', 'p50', 'p99', 'errors', 'non-2xx', 'requests', 'ratio req/s'],
      rows,
    }],
    targets,
    notes: [],
    data,
  };
}
