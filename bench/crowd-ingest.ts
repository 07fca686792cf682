// crowd-ingest — readings ingested per second with the alert rules on (a whole New Year's Eve of the drill simulator,
// in batches), against a bare route that only inserts the same readings; and reading-to-screen alert latency: a
// reading that lifts a zone into the next tier, until the alert arrives on an SSE client — under that load and idle.
//
// This file has two roles: the benchmark (exports run), and — when forked with CROWD_BENCH_ROLE=client — the client
// process that generates and sends the readings and holds the SSE connection, so none of that shares the server's loop.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { drillTicks, type DrillZone } from '../scripts/drill/generator.js';
import { wallNow } from './lib/stats.js';

const BATCH = Number(process.env.BENCH_CROWD_BATCH ?? 2000);
const CONCURRENCY = 2;
/** Gate readings every 2 s of event time: about 316,000 readings for the five zones' evening. */
const GATE_INTERVAL_S = Number(process.env.BENCH_CROWD_INTERVAL ?? 2);
const PROBE_ZONES = 40;
const PROBE_GAP_MS = 60;
const TARGET_PER_SEC = 20_000;
const TARGET_P99_MS = 500;
const EVENING = Date.parse('2024-12-31T19:00:00+08:00');

// ---------------------------------------------------------------------------------------------------------
// Client role (forked).

type ClientCommand =
  | { cmd: 'prepare'; zones: DrillZone[]; runId: string; baselineRunId: string }
  | { cmd: 'load'; url: string; token: string; which: 'ours' | 'baseline'; probe: ProbePlan | null }
  | { cmd: 'probe'; url: string; token: string; plan: ProbePlan }
  | { cmd: 'close' };

interface ProbePlan {
  streamUrl: string;
  zones: string[];
}

interface LoadResult {
  readings: number;
  ms: number;
  batchMs: number[];
  accepted: number;
  duplicates: number;
  refused: number;
  failed: number;
  firstError?: string;
}

interface ProbeResult {
  latencies: number[];
  missed: number;
  postMs: number[];
}

type ClientMessage =
  | { type: 'prepared'; readings: number; batches: number; ms: number }
  | { type: 'loaded'; load: LoadResult; probe: ProbeResult | null }
  | { type: 'probed'; probe: ProbeResult };

function clientRole(): void {
  const send = (m: ClientMessage) => process.send?.(m);
  const bodies: Record<'ours' | 'baseline', string[]> = { ours: [], baseline: [] };
  const counts: Record<'ours' | 'baseline', number[]> = { ours: [], baseline: [] };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  const post = (url: string, token: string, body: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });

  function prepare(m: Extract<ClientCommand, { cmd: 'prepare' }>): void {
    const t0 = performance.now();
    for (const which of ['ours', 'baseline'] as const) {
      let batch: unknown[] = [];
      const flush = () => {
        bodies[which].push(JSON.stringify(batch));
        counts[which].push(batch.length);
        batch = [];
      };
      const runId = which === 'ours' ? m.runId : m.baselineRunId;
      for (const tick of drillTicks({ zones: m.zones, start: EVENING, scenario: 'surge', surgeZone: 'ZONE-JFB', gateIntervalS: GATE_INTERVAL_S, seed: 11, runId })) {
        for (const r of tick.readings) {
          batch.push(r);
          if (batch.length >= BATCH) flush();
        }
      }
      if (batch.length) flush();
    }
    send({ type: 'prepared', readings: counts.ours.reduce((a, b) => a + b, 0), batches: bodies.ours.length, ms: Math.round(performance.now() - t0) });
  }

  /** Raise each probe zone through blue, yellow, orange, red (2,000 … 5,000 persons on 1,000 m²), one reading at a time. */
  async function probe(url: string, token: string, plan: ProbePlan, until: () => boolean): Promise<ProbeResult> {
    const waiting = new Map<string, (at: number) => void>();
    let arrivedAt = 0;
    const parser = createParser({
      onEvent(ev) {
        if (ev.event !== 'crowd.alert') return;
        const e = JSON.parse(ev.data) as { payload: { action: string; alert?: { zone: { code: string }; tier: string; kind: string } } };
        const a = e.payload.alert;
        if (e.payload.action !== 'raised' || !a || a.kind !== 'density') return;
        waiting.get(`${a.zone.code}:${a.tier}`)?.(arrivedAt);
      },
    });
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const sse = http.get(plan.streamUrl, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        arrivedAt = wallNow();
        if (chunk.includes('event: ready')) ready();
        parser.feed(chunk);
      });
    });
    await isReady;
    const tiers = ['blue', 'yellow', 'orange', 'red'];
    const latencies: number[] = [];
    const postMs: number[] = [];
    let missed = 0;
    outer: for (let level = 0; level < tiers.length; level++) {
      for (const zone of plan.zones) {
        if (until()) break outer;
        const key = `${zone}:${tiers[level]}`;
        const arrived = new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => resolve(null), 5000);
          waiting.set(key, (at) => {
            clearTimeout(timer);
            resolve(at);
          });
        });
        const reading = {
          id: `probe-${zone}-${level}`, zone, source: 'gate', gate: `${zone}-G1`,
          at: new Date(EVENING + (level + 1) * 60_000).toISOString(), in: level === 0 ? 2000 : 1000,
        };
        const t0 = wallNow();
        const res = await post(url, token, JSON.stringify([reading]));
        postMs.push(wallNow() - t0);
        if (res.status !== 200) throw new Error(`probe: ${res.status} ${res.text.slice(0, 200)}`);
        const at = await arrived;
        waiting.delete(key);
        if (at === null) missed++;
        else latencies.push(at - t0);
        await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
      }
    }
    sse.destroy();
    return { latencies, missed, postMs };
  }

  async function load(m: Extract<ClientCommand, { cmd: 'load' }>): Promise<void> {
    const list = bodies[m.which];
    let next = 0;
    let done = false;
    const result: LoadResult = { readings: 0, ms: 0, batchMs: [], accepted: 0, duplicates: 0, refused: 0, failed: 0 };
    const t0 = performance.now();
    const probing = m.probe ? probe(m.url, m.token, m.probe, () => done) : null;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= list.length) return;
        const s = performance.now();
        const res = await post(m.url, m.token, list[i]!).catch((err: unknown) => ({ status: 0, text: String(err) }));
        result.batchMs.push(performance.now() - s);
        if (res.status !== 200) {
          result.failed++;
          result.firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
          continue;
        }
        result.readings += counts[m.which][i]!;
        if (m.which === 'ours') {
          const body = JSON.parse(res.text) as { accepted: number; duplicates: number; rejected: number };
          result.accepted += body.accepted;
          result.duplicates += body.duplicates;
          result.refused += body.rejected;
        } else result.accepted += (JSON.parse(res.text) as { inserted: number }).inserted;
      }
    }));
    result.ms = performance.now() - t0;
    done = true;
    send({ type: 'loaded', load: result, probe: probing ? await probing : null });
  }

  process.on('message', (m: ClientCommand) => {
    if (m.cmd === 'prepare') prepare(m);
    else if (m.cmd === 'load') void load(m);
    else if (m.cmd === 'probe') void probe(m.url, m.token, m.plan, () => false).then((p) => send({ type: 'probed', probe: p }));
    else if (m.cmd === 'close') {
      agent.destroy();
      process.disconnect?.();
      setTimeout(() => process.exit(0), 50).unref();
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.env.CROWD_BENCH_ROLE === 'client') clientRole();

// ---------------------------------------------------------------------------------------------------------
// Benchmark role.

class Client {
  private child: ChildProcess;
  private replies: Array<(m: ClientMessage) => void> = [];

  constructor() {
    this.child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'], env: { ...process.env, CROWD_BENCH_ROLE: 'client' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: ClientMessage) => this.replies.shift()?.(m));
  }

  request<T extends ClientMessage['type']>(m: ClientCommand, type: T): Promise<Extract<ClientMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.replies.push((reply) => (reply.type === type ? resolve(reply as Extract<ClientMessage, { type: T }>) : reject(new Error(`client: got ${reply.type}`))));
      this.child.send(m);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ cmd: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export async function run() {
  const { default: Fastify } = await import('fastify');
  const { sql } = await import('../server/src/platform/db/database.js');
  const { insertReadings } = await import('../server/src/modules/crowd/readings-repository.js');
  const { backendKinds, withBackend } = await import('./lib/backends.js');
  const { startPlatform } = await import('./lib/platform.js');
  const { ratio, round, summarize } = await import('./lib/stats.js');
  const { drillZonesOf } = await import('../scripts/drill/zones.js');
  type Db = import('../server/src/platform/db/database.js').Db;
  type Kind = import('./lib/backends.js').BackendKind;
  type Cell = import('./lib/report.js').Cell;
  type Target = import('./lib/report.js').Target;
  type Reading = import('../server/src/modules/crowd/zone-state.js').Reading;

  /** Probe zones: units of kind zone under 解放碑街道, registered through the API with 1,000 m² and one gate. */
  async function addProbeZones(db: Db, baseUrl: string, token: string): Promise<string[]> {
    const codes = Array.from({ length: PROBE_ZONES }, (_, i) => `ZONE-PROBE-${String(i + 1).padStart(3, '0')}`);
    await db.execute(sql`INSERT INTO units (code, name, kind, parent_code, path, depth, approximate)
      SELECT c, '探针区域 ' || c, 'zone', '500103003', '/500103/500103003/' || c || '/', 2, true FROM unnest(${`{${codes.join(',')}}`}::text[]) c`);
    for (const code of codes) {
      const res = await fetch(`${baseUrl}/api/crowd/zones`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          code, areaM2: 1000, gates: [{ code: `${code}-G1`, name: '探针闸机', widthM: 10, direction: 'both' }],
          geometry: { type: 'Polygon', coordinates: [[[106.57, 29.55], [106.5703, 29.55], [106.5703, 29.5503], [106.57, 29.5503], [106.57, 29.55]]] },
        }),
      });
      if (res.status !== 201) throw new Error(`POST /api/crowd/zones: ${res.status} ${await res.text()}`);
    }
    return codes;
  }

  /** Baseline: a bare Fastify route on the same database that parses the same batches and only inserts them. */
  async function startBare(db: Db) {
    const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
    app.post('/bare/readings', async (req) => {
      const items = req.body as Array<Record<string, unknown>>;
      const rows: Reading[] = items.map((r) => ({
        id: String(r.id), zone: String(r.zone), gate: typeof r.gate === 'string' ? r.gate : null, source: r.source as Reading['source'],
        at: Date.parse(String(r.at)) || 0, in: Number(r.in ?? 0) || 0, out: Number(r.out ?? 0) || 0, estimate: typeof r.count === 'number' ? r.count : null,
      }));
      const inserted = await db.transaction((tx) => insertReadings(tx, rows));
      return { inserted: inserted.size };
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: address.replace('0.0.0.0', '127.0.0.1'), close: () => app.close() };
  }

  interface Measured {
    kind: Kind;
    readings: number;
    batches: number;
    ours: LoadResult & { perSec: number; batch: ReturnType<typeof summarize> };
    bare: LoadResult & { perSec: number; batch: ReturnType<typeof summarize> };
    underLoad: { latency: ReturnType<typeof summarize>; missed: number; post: ReturnType<typeof summarize> };
    idle: { latency: ReturnType<typeof summarize>; missed: number; post: ReturnType<typeof summarize> };
    alerts: number;
  }

  const stats = (xs: number[]) => {
    const s = summarize(xs);
    return { n: s.n, min: round(s.min, 1), p50: round(s.p50, 1), p95: round(s.p95, 1), p99: round(s.p99, 1), max: round(s.max, 1) };
  };

  async function measure(kind: Kind): Promise<Measured> {
    return withBackend(kind, async (backend) => {
      const { server, baseUrl, token } = await startPlatform(backend);
      const db = server.platform.database.db;
      const client = new Client();
      try {
        const probeZones = await addProbeZones(db, baseUrl, token);
        const zonesRes = await fetch(`${baseUrl}/api/crowd/zones?geometry=true`, { headers: { authorization: `Bearer ${token}` } });
        const zones = drillZonesOf((await zonesRes.json() as { items: Parameters<typeof drillZonesOf>[0] }).items)
          .filter((z) => !z.code.startsWith('ZONE-PROBE-'));
        const prep = await client.request({ cmd: 'prepare', zones, runId: 'ours', baselineRunId: 'bare' }, 'prepared');
        const streamUrl = `${baseUrl}/api/stream?topics=crowd`;
        const half = Math.floor(probeZones.length / 2);
        const ours = await client.request({
          cmd: 'load', url: `${baseUrl}/api/crowd/readings`, token, which: 'ours', probe: { streamUrl, zones: probeZones.slice(0, half) },
        }, 'loaded');
        const idle = await client.request({ cmd: 'probe', url: `${baseUrl}/api/crowd/readings`, token, plan: { streamUrl, zones: probeZones.slice(half) } }, 'probed');
        const bare = await startBare(db);
        let bareLoad: Extract<ClientMessage, { type: 'loaded' }>;
        try {
          bareLoad = await client.request({ cmd: 'load', url: `${bare.url}/bare/readings`, token: '', which: 'baseline', probe: null }, 'loaded');
        } finally {
          await bare.close();
        }
        const alerts = await fetch(`${baseUrl}/api/crowd/alerts?limit=1`, { headers: { authorization: `Bearer ${token}` } });
        const perSec = (l: LoadResult) => round(l.readings / (l.ms / 1000), 0);
        return {
          kind, readings: prep.readings, batches: prep.batches,
          ours: { ...ours.load, batchMs: [], perSec: perSec(ours.load), batch: stats(ours.load.batchMs) },
          bare: { ...bareLoad.load, batchMs: [], perSec: perSec(bareLoad.load), batch: stats(bareLoad.load.batchMs) },
          underLoad: { latency: stats(ours.probe!.latencies), missed: ours.probe!.missed, post: stats(ours.probe!.postMs) },
          idle: { latency: stats(idle.probe.latencies), missed: idle.probe.missed, post: stats(idle.probe.postMs) },
          alerts: ((await alerts.json()) as { total: number }).total,
        };
      } finally {
        await client.close();
        await server.stop();
      }
    });
  }

  const ingestRows: Cell[][] = [];
  const latencyRows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = {};
  for (const kind of backendKinds()) {
    const m = await measure(kind);
    data[kind] = m;
    ingestRows.push([kind, 'ours: POST /api/crowd/readings (checks, buckets, forecast, alert rules, events)', m.readings, BATCH, CONCURRENCY,
      m.ours.perSec, m.ours.batch.p50, m.ours.batch.p99, m.ours.accepted, m.ours.duplicates, m.ours.refused, m.ours.failed, ratio(m.ours.perSec, m.bare.perSec)]);
    ingestRows.push([kind, 'baseline: bare route, one INSERT … unnest … ON CONFLICT DO NOTHING per batch', m.readings, BATCH, CONCURRENCY,
      m.bare.perSec, m.bare.batch.p50, m.bare.batch.p99, m.bare.accepted, null, null, m.bare.failed, null]);
    for (const [label, l] of [['under the ingest load', m.underLoad], ['idle', m.idle]] as const) {
      latencyRows.push([kind, label, l.latency.n, l.latency.p50, l.latency.p95, l.latency.p99, l.latency.max, l.missed, l.post.p50, l.post.p99]);
    }
    if (kind === 'pglite') {
      targets.push({
        description: `${kind}: ≥ ${TARGET_PER_SEC.toLocaleString('en')} readings/s ingested with alert evaluation on, in batches of ${BATCH}`,
        actual: `${m.ours.perSec} readings/s (baseline ${m.bare.perSec}/s; ${m.ours.failed} failed batches)`,
        pass: m.ours.perSec >= TARGET_PER_SEC && m.ours.failed === 0,
      });
    }
    targets.push({
      description: `${kind}: reading-to-screen alert latency p99 < ${TARGET_P99_MS} ms under the ingest load, none missed`,
      actual: `p99 ${m.underLoad.latency.p99} ms over ${m.underLoad.latency.n} alerts (${m.underLoad.missed} missed; idle p99 ${m.idle.latency.p99} ms)`,
      pass: m.underLoad.latency.p99 < TARGET_P99_MS && m.underLoad.missed === 0 && m.underLoad.latency.n > 0,
    });
  }
  return {
    name: 'crowd-ingest',
    title: `crowd readings ingested per second with alert evaluation on; reading-to-screen alert latency`,
    measures: `The drill simulator's New Year's Eve for the five key zones (19:00–01:30, surge at 解放碑, gate readings every ${GATE_INTERVAL_S} s, ` +
      `cameras every minute, mobile estimates every five; about 1.5 % late, repeated or broken) is generated in a forked client process, ` +
      `cut into JSON batches of ${BATCH} and POSTed as admin to /api/crowd/readings by ${CONCURRENCY} concurrent senders, each waiting for its ` +
      `answer: readings/s = readings sent ÷ wall time from the first POST to the last answer (no warm-up excluded). Baseline: the same ` +
      `batches (other ids) to a bare Fastify route on the same database that parses them and runs only the readings INSERT. Latency: ` +
      `${PROBE_ZONES} probe zones of 1,000 m²; one reading at a time lifts a zone into its next tier (2,000 … 5,000 persons), and the time ` +
      `runs from just before that POST to the arrival of the alert on an SSE client (/api/stream?topics=crowd, wall clock, same machine) — ` +
      `half the zones while the ingest load runs, half afterwards (idle), ${PROBE_GAP_MS} ms apart.`,
    tables: [
      {
        title: `crowd-ingest — readings per second (batch latency in ms)`,
        columns: ['db', 'server', 'readings', 'batch', 'senders', 'readings/s', 'batch p50', 'batch p99', 'accepted', 'duplicates', 'refused', 'failed', 'ratio readings/s'],
        rows: ingestRows,
      },
      {
        title: 'crowd-ingest — reading-to-screen alert latency (ms)',
        columns: ['db', 'condition', 'alerts', 'p50', 'p95', 'p99', 'max', 'missed', 'POST p50', 'POST p99'],
        rows: latencyRows,
      },
    ],
    targets,
    notes: [
      'One transaction takes at most 4,000 readings: a request waits for at most the batches queued before it, and many small requests share a commit.',
      'Alerts go out through the outbox in the transaction that raised them; the relay publishes them after commit (poked, not polled).',
    ],
    data,
  };
}
