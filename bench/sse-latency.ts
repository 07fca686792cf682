import { randomUUID } from 'node:crypto';
import { formatSse } from '../server/src/platform/realtime/sse-hub.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { startPlatform } from './lib/platform.js';
import type { BenchResult, Cell, Target } from './lib/report.js';
import { ratio, round, sleep, summarize, wallNow, type Summary } from './lib/stats.js';
import { startBareSse } from './sse/bare-server.js';
import { Fleet } from './sse/fleet.js';
import type { Collected } from './sse/protocol.js';

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000);
const EVENTS = 50;
const WARMUP_EVENTS = 3;
const GAP_MS = 50;
const DELIVERY_TIMEOUT_MS = 3000;
const VALUE_BASE = 1_000_000;
const UNIT = '500103003';
const TARGET_P99_MS = 200;

interface Run {
  connectMs: number;
  events: number;
  deliveries: number;
  missed: number;
  duplicates: number;
  disconnects: number;
  latency: Summary;
  /** Ours only: how long the PATCH itself took. */
  write?: Summary;
}

function summarizeRun(sends: Map<number, number>, c: Collected, connectMs: number, write?: Summary): Run {
  const latencies: number[] = [];
  for (const [value, sentAt] of sends) for (const at of c.deliveries[value] ?? []) latencies.push(at - sentAt);
  const s = summarize(latencies);
  const r = (x: number) => round(x, 1);
  return {
    connectMs, events: sends.size, deliveries: latencies.length, missed: sends.size * CLIENTS - latencies.length,
    duplicates: c.duplicates, disconnects: c.disconnects,
    latency: { n: s.n, min: r(s.min), p50: r(s.p50), p95: r(s.p95), p99: r(s.p99), max: r(s.max) }, write,
  };
}

/** Connects the fleet, runs warm-up + measured events one at a time (each waits for full delivery), collects. */
async function drive(fleet: Fleet, url: string, headers: Record<string, string>, emit: (value: number) => Promise<number>) {
  const conn = await fleet.connect(url, headers, CLIENTS);
  if (conn.failed) throw new Error(`${conn.failed} of ${CLIENTS} SSE clients failed to connect: ${conn.firstError}`);
  const sends = new Map<number, number>();
  for (let i = 0; i < WARMUP_EVENTS + EVENTS; i++) {
    const value = VALUE_BASE + i;
    const sentAt = await emit(value);
    if (i >= WARMUP_EVENTS) sends.set(value, sentAt);
    await fleet.waitAll(value, DELIVERY_TIMEOUT_MS);
  }
  await sleep(100); // stragglers of the last event
  return { sends, collected: await fleet.collect(), connectMs: conn.ms };
}

async function measureOurs(kind: BackendKind): Promise<Run> {
  return withBackend(kind, async (backend) => {
    const { server, baseUrl, token } = await startPlatform(backend);
    const fleet = new Fleet();
    try {
      const auth = { authorization: `Bearer ${token}` };
      const writes: number[] = [];
      const { sends, collected, connectMs } = await drive(fleet, `${baseUrl}/api/stream?topics=unit`, auth, async (value) => {
        if (server.platform.sse.size !== CLIENTS) throw new Error(`server holds ${server.platform.sse.size} SSE clients, expected ${CLIENTS}`);
        await sleep(GAP_MS);
        const init = { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ population: value }) };
        const sentAt = wallNow();
        const res = await fetch(`${baseUrl}/api/units/${UNIT}`, init);
        writes.push(wallNow() - sentAt);
        if (res.status !== 200) throw new Error(`PATCH: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        return sentAt;
      });
      const w = summarize(writes.slice(WARMUP_EVENTS));
      return summarizeRun(sends, collected, connectMs, { ...w, p50: round(w.p50, 1), p99: round(w.p99, 1), max: round(w.max, 1) });
    } finally {
      await fleet.close();
      await server.stop();
    }
  });
}

/** A message shaped and sized like a real unit.updated event, formatted by the server's own formatSse. */
function preformatted(value: number): string {
  return formatSse({
    id: value, seq: value, type: 'unit.updated', unitPath: `/500103/${UNIT}/`, alsoPaths: [], subjectType: 'unit', subjectId: UNIT,
    actorId: randomUUID(), payload: { changes: { population: value } }, createdAt: new Date().toISOString(),
  });
}

async function measureBaseline(): Promise<Run> {
  const bare = await startBareSse();
  const fleet = new Fleet();
  try {
    const { sends, collected, connectMs } = await drive(fleet, bare.url, {}, (value) => {
      const message = preformatted(value);
      return new Promise((resolve) => setTimeout(() => {
        const sentAt = wallNow();
        bare.broadcast(message);
        resolve(sentAt);
      }, GAP_MS));
    });
    return summarizeRun(sends, collected, connectMs);
  } finally {
    await fleet.close();
    await bare.close();
  }
}

export async function run(): Promise<BenchResult> {
  const baseline = await measureBaseline();
  const rows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = { baseline };
  const row = (db: string, server: string, r: Run, r50: Cell, r99: Cell): Cell[] => [
    db, server, CLIENTS, r.events, r.deliveries, r.missed, r.latency.p50, r.latency.p95, r.latency.p99, r.latency.max,
    round(r.connectMs / 1000, 2), r50, r99,
  ];
  for (const kind of backendKinds()) {
    const ours = await measureOurs(kind);
    const r50 = ratio(ours.latency.p50, baseline.latency.p50);
    const r99 = ratio(ours.latency.p99, baseline.latency.p99);
    data[kind] = { ours, ratioP50: r50, ratioP99: r99 };
    rows.push(row(kind, 'ours: PATCH → outbox → relay → SseHub', ours, r50, r99));
    targets.push({
      description: `${kind}: event-to-SSE p99 < ${TARGET_P99_MS} ms over ${CLIENTS} clients, 0 missed`,
      actual: `p99 ${ours.latency.p99} ms, ${ours.missed} missed`,
      pass: ours.latency.p99 < TARGET_P99_MS && ours.missed === 0,
    });
    if (ours.write) data[`${kind}Write`] = ours.write;
  }
  rows.push(row('—', 'baseline: bare node:http, timer broadcast', baseline, null, null));
  const writeNotes = backendKinds().flatMap((k) => {
    const w = (data[k] as { ours: Run }).ours.write;
    return w ? [`${k}: the PATCH itself took p50 ${w.p50} ms, p99 ${w.p99} ms, max ${w.max} ms.`] : [];
  });
  return {
    name: 'sse-latency',
    title: `event-to-SSE latency, ${CLIENTS} clients`,
    measures: `${CLIENTS} SSE clients (node:http, one keep-alive agent, eventsource-parser, in a forked process) on ` +
      `/api/stream?topics=unit as admin; ${EVENTS} writes PATCH /api/units/${UNIT} {population} one at a time ` +
      `(after ${WARMUP_EVENTS} warm-up writes, ${GAP_MS} ms apart, each waiting for full delivery). Latency = client ` +
      `receive time − time just before the PATCH call, over every (client × event) delivery. Baseline: the same clients ` +
      `on a bare node:http SSE server that writes one pre-formatted message of the same size to all sockets from a timer.`,
    tables: [{
      title: `sse-latency — ${CLIENTS} clients × ${EVENTS} events (ms; connect in s)`,
      columns: ['db', 'server', 'clients', 'events', 'deliveries', 'missed', 'p50', 'p95', 'p99', 'max', 'connect', 'ratio p50', 'ratio p99'],
      rows,
    }],
    targets,
    notes: [
      'Send and receive times are wall-clock (performance.timeOrigin + now()) in two processes on one machine.',
      ...writeNotes,
    ],
    data,
  };
}
