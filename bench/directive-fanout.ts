// directive-fanout — one directive to 10,000 grid-level units, pushed to 1,000 connected SSE clients; then
// receipts signed per second under 100 concurrent signers. Each against a same-run baseline.
//
// This file has two roles: the benchmark (exports run), and — when forked with DIRECTIVE_FANOUT_ROLE=clients —
// the client process that holds the SSE connections and runs the signers, so neither shares the server's loop.
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { wallNow } from './lib/stats.js';

const GRIDS_PER_COMMUNITY = 100;
const COMMUNITIES = Number(process.env.BENCH_FANOUT_COMMUNITIES ?? 100);
const RECIPIENTS = GRIDS_PER_COMMUNITY * COMMUNITIES;
const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000);
const RUNS = 3;
const SIGNERS = 100;
const SIGN_WARMUP_MS = 1000;
const SIGN_MS = 6000;
const TARGET_MS = { pglite: 2000, postgres: 1000 } as const;

// ---------------------------------------------------------------------------------------------------------
// Client role (forked): SSE connections, each signed in as the grid worker of one bench grid; and signers.

type ClientCommand =
  | { cmd: 'connect'; url: string; tokens: string[] }
  | { cmd: 'disconnect' }
  | { cmd: 'collect' }
  | { cmd: 'sign'; urls: string[]; token: string; concurrency: number; warmupMs: number; durationMs: number }
  | { cmd: 'close' };

type ClientMessage =
  | { type: 'connected'; ok: number; failed: number; ms: number; firstError?: string }
  | { type: 'all'; key: string }
  | { type: 'collected'; deliveries: Record<string, number[]>; duplicates: number; disconnects: number }
  | { type: 'signed'; ok: number; failed: number; firstError?: string; latencies: number[]; ms: number }
  | { type: 'disconnected' };

function clientRole(): void {
  const send = (m: ClientMessage) => process.send?.(m);
  const deliveries: Record<string, number[]> = {};
  let duplicates = 0;
  let disconnects = 0;
  let expected = 0;
  let closing = false;
  const requests: http.ClientRequest[] = [];
  let agent: http.Agent | null = null;

  const open = (url: string, token: string) => new Promise<void>((resolve, reject) => {
    const seen = new Set<string>();
    let ready = false;
    let arrivedAt = 0;
    const parser = createParser({
      onEvent(ev) {
        if (ev.event === 'ready') {
          ready = true;
          resolve();
          return;
        }
        if (ev.event !== 'directive.issued') return;
        const key = (JSON.parse(ev.data) as { payload?: { directiveId?: string } }).payload?.directiveId;
        if (!key) return;
        if (seen.has(key)) {
          duplicates++;
          return;
        }
        seen.add(key);
        const list = (deliveries[key] ??= []);
        list.push(arrivedAt);
        if (list.length === expected) send({ type: 'all', key });
      },
    });
    const req = http.get(url, { agent: agent!, headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        arrivedAt = wallNow();
        parser.feed(chunk);
      });
      res.on('close', () => {
        if (ready && !closing) disconnects++;
      });
    });
    req.on('error', (err) => (ready ? undefined : reject(err)));
    requests.push(req);
  });

  async function connect(url: string, tokens: string[]): Promise<void> {
    expected = tokens.length;
    agent = new http.Agent({ keepAlive: true, maxSockets: tokens.length + 16 });
    const t0 = performance.now();
    let ok = 0;
    let failed = 0;
    let firstError: string | undefined;
    for (let i = 0; i < tokens.length; i += 100) {
      const results = await Promise.allSettled(tokens.slice(i, i + 100).map((tok) => open(url, tok)));
      for (const r of results) {
        if (r.status === 'fulfilled') ok++;
        else {
          failed++;
          firstError ??= String(r.reason);
        }
      }
    }
    send({ type: 'connected', ok, failed, ms: Math.round(performance.now() - t0), firstError });
  }

  /** `concurrency` signers take receipts off one queue and POST each once; latencies after the warm-up only. */
  async function sign(m: Extract<ClientCommand, { cmd: 'sign' }>): Promise<void> {
    const signAgent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
    const queue = [...m.urls];
    const start = performance.now();
    const warmEnd = start + m.warmupMs;
    const end = warmEnd + m.durationMs;
    let ok = 0;
    let failed = 0;
    let firstError: string | undefined;
    const latencies: number[] = [];
    const post = (url: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST', agent: signAgent,
        headers: { 'content-type': 'application/json', 'content-length': '2', ...(m.token ? { authorization: `Bearer ${m.token}` } : {}) },
      }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    await Promise.all(Array.from({ length: m.concurrency }, async () => {
      for (;;) {
        const now = performance.now();
        const url = queue.shift();
        if (!url || now >= end) return;
        const t0 = performance.now();
        const res = await post(url).catch((err: unknown) => ({ status: 0, body: String(err) }));
        const t1 = performance.now();
        if (t0 < warmEnd) continue;
        if (t1 > end) return;
        if (res.status === 200) {
          ok++;
          latencies.push(t1 - t0);
        } else {
          failed++;
          firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
        }
      }
    }));
    signAgent.destroy();
    send({ type: 'signed', ok, failed, firstError, latencies, ms: Math.min(performance.now(), end) - warmEnd });
  }

  process.on('message', (m: ClientCommand) => {
    if (m.cmd === 'connect') void connect(m.url, m.tokens);
    else if (m.cmd === 'collect') send({ type: 'collected', deliveries, duplicates, disconnects });
    else if (m.cmd === 'sign') void sign(m);
    else if (m.cmd === 'disconnect') {
      closing = true;
      for (const req of requests) req.destroy();
      agent?.destroy();
      send({ type: 'disconnected' });
    } else if (m.cmd === 'close') {
      closing = true;
      for (const req of requests) req.destroy();
      process.disconnect?.();
      setTimeout(() => process.exit(0), 50).unref();
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.env.DIRECTIVE_FANOUT_ROLE === 'clients') clientRole();

// ---------------------------------------------------------------------------------------------------------
// Benchmark role.

class Clients {
  private child: ChildProcess;
  private done = new Set<string>();
  private waiters = new Map<string, () => void>();
  private replies: Array<(m: ClientMessage) => void> = [];

  constructor() {
    this.child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'], env: { ...process.env, DIRECTIVE_FANOUT_ROLE: 'clients' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: ClientMessage) => {
      if (m.type === 'all') {
        this.done.add(m.key);
        this.waiters.get(m.key)?.();
      } else this.replies.shift()?.(m);
    });
  }

  request<T extends ClientMessage['type']>(m: ClientCommand, type: T): Promise<Extract<ClientMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.replies.push((reply) => (reply.type === type ? resolve(reply as Extract<ClientMessage, { type: T }>) : reject(new Error(`clients: got ${reply.type}`))));
      this.child.send(m);
    });
  }

  waitAll(key: string, timeoutMs: number): Promise<boolean> {
    if (this.done.has(key)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.set(key, () => {
        clearTimeout(timer);
        resolve(true);
      });
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
  const { queryRows, sql } = await import('../server/src/platform/db/database.js');
  const { backendKinds, withBackend } = await import('./lib/backends.js');
  const { startPlatform } = await import('./lib/platform.js');
  const { ratio, round, summarize } = await import('./lib/stats.js');
  type Db = import('../server/src/platform/db/database.js').Db;
  type Kind = import('./lib/backends.js').BackendKind;
  type Cell = import('./lib/report.js').Cell;
  type Target = import('./lib/report.js').Target;

  /** A synthetic street BENCH with COMMUNITIES communities of 100 grids each, and CLIENTS grid workers with API tokens. */
  async function seedBenchUnits(db: Db): Promise<string[]> {
    await db.execute(sql`INSERT INTO units (code, name, kind, parent_code, path, depth, approximate)
      VALUES ('BENCH', '基准测试街道', 'street', '500103', '/500103/BENCH/', 1, true)`);
    await db.execute(sql`INSERT INTO units (code, name, kind, parent_code, path, depth, approximate)
      SELECT 'BENCH-C' || lpad(c::text, 3, '0'), '基准社区' || c, 'community', 'BENCH', '/500103/BENCH/BENCH-C' || lpad(c::text, 3, '0') || '/', 2, true
      FROM generate_series(1, ${COMMUNITIES}) c`);
    await db.execute(sql`INSERT INTO units (code, name, kind, parent_code, path, depth, approximate)
      SELECT 'BENCH-C' || lpad(c::text, 3, '0') || '-G' || lpad(g::text, 3, '0'), '基准社区' || c || '第' || g || '网格', 'grid',
        'BENCH-C' || lpad(c::text, 3, '0'), '/500103/BENCH/BENCH-C' || lpad(c::text, 3, '0') || '/BENCH-C' || lpad(c::text, 3, '0') || '-G' || lpad(g::text, 3, '0') || '/', 3, true
      FROM generate_series(1, ${COMMUNITIES}) c, generate_series(1, ${GRIDS_PER_COMMUNITY}) g`);
    // Clients spread over the street: every (RECIPIENTS / CLIENTS)-th grid has one signed-in grid worker.
    const grids = await queryRows<{ code: string }>(db, sql`SELECT code FROM units WHERE kind = 'grid' AND path LIKE '/500103/BENCH/%' ORDER BY path`);
    const step = Math.max(1, Math.floor(grids.length / CLIENTS));
    const tokens: string[] = [];
    const rows: Array<{ id: string; username: string; unit: string; hash: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const token = `cy_${randomBytes(24).toString('base64url')}`;
      tokens.push(token);
      rows.push({ id: randomUUID(), username: `bench_grid_${i}`, unit: grids[(i * step) % grids.length]!.code, hash: createHash('sha256').update(token).digest('hex') });
    }
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await db.execute(sql`INSERT INTO users (id, username, display_name, password_hash) VALUES
        ${sql.join(chunk.map((r) => sql`(${r.id}, ${r.username}, ${r.username}, 'x')`), sql`, `)}`);
      await db.execute(sql`INSERT INTO user_roles (user_id, role, unit_code) VALUES
        ${sql.join(chunk.map((r) => sql`(${r.id}, 'grid_worker', ${r.unit})`), sql`, `)}`);
      await db.execute(sql`INSERT INTO sessions (token_hash, user_id, kind, name) VALUES
        ${sql.join(chunk.map((r) => sql`(${r.hash}, ${r.id}, 'api', 'bench')`), sql`, `)}`);
    }
    return tokens;
  }

  /** Baseline of the fan-out: the same work-item and receipt rows, one bare INSERT … SELECT, nothing else. */
  async function bareFanOut(db: Db, n: number): Promise<number> {
    const id = randomUUID();
    await db.execute(sql`INSERT INTO directives (id, ref, issuer_unit, issuer_path, issuer_name, title, body, require_report, allow_forward, sign_by, targets)
      VALUES (${id}, ${`BL${n}-${id.slice(0, 8)}`}, '500103', '/500103/', 'bench', '基线', '基线', false, true, '{"amount":1,"unit":"workDay"}', '{}')`);
    const t0 = performance.now();
    await db.execute(sql`WITH w AS (
        INSERT INTO work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path, stage, stage_started_at, warn_at, deadline_at)
        SELECT gen_random_uuid(), 'receipt', ${`BL${n}-`} || row_number() OVER (ORDER BY path), '基线', 'pending', code, path, path, 'sign', now(), now() + interval '6 hours', now() + interval '8 hours'
        FROM units WHERE kind = 'grid' AND path LIKE '/500103/BENCH/%'
        RETURNING id, owner_unit, owner_path
      ) INSERT INTO receipts (id, directive_id, unit_code, unit_path) SELECT id, ${id}, owner_unit, owner_path FROM w`);
    return performance.now() - t0;
  }

  /** Baseline of signing: a bare route that flips one pending receipt's state, guarded like ours. */
  async function startBareSign(db: Db) {
    const app = Fastify({ logger: false });
    app.post('/sign/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      const rows = await queryRows<{ id: string }>(db, sql`UPDATE work_items SET state = 'signed', version = version + 1, updated_at = now()
        WHERE id = ${id} AND state = ANY('{pending,resign}'::text[]) AND closed_at IS NULL RETURNING id`);
      return rows.length ? { id } : reply.status(409).send({ id });
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: address.replace('0.0.0.0', '127.0.0.1'), close: () => app.close() };
  }

  interface Measured {
    kind: Kind;
    runs: Array<{ receiptsMs: number; allPushedMs: number; totalMs: number; missed: number }>;
    push: ReturnType<typeof summarize>;
    bareInsertMs: number[];
    sign: { perSec: number; ok: number; failed: number; p50: number; p99: number; firstError?: string };
    bareSign: { perSec: number; ok: number; failed: number; p50: number; p99: number; firstError?: string };
    connectMs: number;
  }

  async function measure(kind: Kind): Promise<Measured> {
    return withBackend(kind, async (backend) => {
      const { server, baseUrl, token } = await startPlatform(backend);
      const db = server.platform.database.db;
      const clients = new Clients();
      try {
        const tokens = await seedBenchUnits(db);
        const conn = await clients.request({ cmd: 'connect', url: `${baseUrl}/api/stream?topics=directive`, tokens }, 'connected');
        if (conn.failed) throw new Error(`${conn.failed} SSE clients failed: ${conn.firstError}`);
        const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const issue = async (i: number) => {
          const t0 = wallNow();
          const res = await fetch(`${baseUrl}/api/directives`, {
            method: 'POST', headers: auth,
            body: JSON.stringify({
              title: `基准测试政令 ${i}`, body: '新年夜安全稳定工作部署：各网格做好巡查。', targets: { levels: [{ kind: 'grid', under: 'BENCH' }] },
              signBy: { amount: 1, unit: 'workDay' }, requires: { report: false, forward: false },
            }),
          });
          const tResp = wallNow();
          const body = (await res.json()) as { id: string; receipts: number };
          if (res.status !== 201 || body.receipts !== RECIPIENTS) throw new Error(`POST /api/directives: ${res.status} ${JSON.stringify(body)}`);
          return { id: body.id, t0, tResp };
        };
        // Warm-up, then the measured fan-outs one at a time (each waits until every client has its push).
        const warm = await issue(0);
        await clients.waitAll(warm.id, 15_000);
        const sent: Array<{ id: string; t0: number; tResp: number }> = [];
        for (let i = 1; i <= RUNS; i++) {
          const s = await issue(i);
          sent.push(s);
          await clients.waitAll(s.id, 15_000);
        }
        const collected = await clients.request({ cmd: 'collect' }, 'collected');
        await clients.request({ cmd: 'disconnect' }, 'disconnected');
        const latencies: number[] = [];
        const runs = sent.map((s) => {
          const got = collected.deliveries[s.id] ?? [];
          latencies.push(...got.map((at) => at - s.t0));
          const lastPush = got.length ? Math.max(...got) : Number.NaN;
          return {
            receiptsMs: round(s.tResp - s.t0, 1), allPushedMs: round(lastPush - s.t0, 1),
            totalMs: round(Math.max(s.tResp, lastPush) - s.t0, 1), missed: CLIENTS - got.length,
          };
        });
        const bareInsertMs: number[] = [];
        for (let i = 0; i < RUNS; i++) bareInsertMs.push(round(await bareFanOut(db, i), 1));

        // Signing: ours on the pending receipts of the last measured directive; the baseline on the warm-up's.
        const pendingOf = async (directiveId: string) => (await queryRows<{ id: string }>(db,
          sql`SELECT id FROM receipts WHERE directive_id = ${directiveId} ORDER BY unit_path`)).map((r) => r.id);
        const signStats = (m: Extract<ClientMessage, { type: 'signed' }>) => {
          const s = summarize(m.latencies);
          return { perSec: round(m.ok / (m.ms / 1000), 0), ok: m.ok, failed: m.failed, p50: round(s.p50, 1), p99: round(s.p99, 1), firstError: m.firstError };
        };
        const ours = await clients.request({
          cmd: 'sign', urls: (await pendingOf(sent.at(-1)!.id)).map((id) => `${baseUrl}/api/receipts/${id}/sign`), token,
          concurrency: SIGNERS, warmupMs: SIGN_WARMUP_MS, durationMs: SIGN_MS,
        }, 'signed');
        const bare = await startBareSign(db);
        let bareSigned: Extract<ClientMessage, { type: 'signed' }>;
        try {
          bareSigned = await clients.request({
            cmd: 'sign', urls: (await pendingOf(warm.id)).map((id) => `${bare.url}/sign/${id}`), token: '',
            concurrency: SIGNERS, warmupMs: SIGN_WARMUP_MS, durationMs: SIGN_MS,
          }, 'signed');
        } finally {
          await bare.close();
        }
        const s = summarize(latencies);
        return {
          kind, runs, bareInsertMs, connectMs: conn.ms,
          push: { n: s.n, min: round(s.min, 1), p50: round(s.p50, 1), p95: round(s.p95, 1), p99: round(s.p99, 1), max: round(s.max, 1) },
          sign: signStats(ours), bareSign: signStats(bareSigned),
        };
      } finally {
        await clients.close();
        await server.stop();
      }
    });
  }

  const fanRows: Cell[][] = [];
  const signRows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = {};
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const kind of backendKinds()) {
    const m = await measure(kind);
    data[kind] = m;
    const worstTotal = Math.max(...m.runs.map((r) => r.totalMs));
    const missed = m.runs.reduce((a, r) => a + r.missed, 0);
    const receiptsMedian = median(m.runs.map((r) => r.receiptsMs));
    const bareMedian = median(m.bareInsertMs);
    fanRows.push([kind, 'ours: POST /api/directives → receipts, timeline, events → SSE', RECIPIENTS, CLIENTS, receiptsMedian,
      median(m.runs.map((r) => r.allPushedMs)), worstTotal, m.push.p50, m.push.p99, missed, ratio(receiptsMedian, bareMedian)]);
    fanRows.push([kind, 'baseline: bare INSERT … SELECT of the same work-item + receipt rows', RECIPIENTS, null, bareMedian, null, null, null, null, null, null]);
    signRows.push([kind, 'ours: POST /api/receipts/:id/sign', SIGNERS, m.sign.perSec, m.sign.p50, m.sign.p99, m.sign.ok, m.sign.failed, ratio(m.sign.perSec, m.bareSign.perSec)]);
    signRows.push([kind, 'baseline: bare Fastify, guarded UPDATE of one row', SIGNERS, m.bareSign.perSec, m.bareSign.p50, m.bareSign.p99, m.bareSign.ok, m.bareSign.failed, null]);
    targets.push({
      description: `${kind}: one directive to ${RECIPIENTS} units — every receipt exists and all ${CLIENTS} SSE clients have their push in < ${TARGET_MS[kind]} ms`,
      actual: `worst of ${RUNS}: ${worstTotal} ms (push p99 ${m.push.p99} ms, ${missed} missed)`,
      pass: worstTotal < TARGET_MS[kind] && missed === 0,
    });
    targets.push({
      description: `${kind}: signing under ${SIGNERS} concurrent signers without errors`,
      actual: `${m.sign.perSec} receipts/s (${m.sign.failed} failed; baseline ${m.bareSign.perSec}/s)`,
      pass: m.sign.failed === 0 && m.sign.ok > 0,
    });
  }
  return {
    name: 'directive-fanout',
    title: `directive fan-out to ${RECIPIENTS} units with ${CLIENTS} SSE clients; signing under ${SIGNERS} signers`,
    measures: `A synthetic street of ${COMMUNITIES} communities × ${GRIDS_PER_COMMUNITY} grids is added to the seeded district; ${CLIENTS} ` +
      `grid workers (one per every ${Math.floor(RECIPIENTS / CLIENTS)}th grid, API tokens) hold /api/stream?topics=directive open from a forked ` +
      `process. After one warm-up, ${RUNS} directives are issued one at a time as admin to {kind: grid, under: BENCH}: "receipts" = ` +
      `the POST's response time (every receipt committed), "pushed" = until the last client has its directive.issued push, ` +
      `"total" = the later of the two (wall clock, from just before the POST). Baseline: the same ${RECIPIENTS} work-item + receipt rows ` +
      `by one bare INSERT … SELECT. Signing: ${SIGNERS} concurrent signers in the forked process, each POSTing a different pending ` +
      `receipt's /sign once (${SIGN_WARMUP_MS / 1000} s warm-up, ${SIGN_MS / 1000} s measured); baseline: a bare Fastify route with the same guarded UPDATE of one work item.`,
    tables: [
      {
        title: `directive-fanout — one directive to ${RECIPIENTS} units, ${CLIENTS} SSE clients (ms; medians of ${RUNS} unless noted)`,
        columns: ['db', 'server', 'receipts', 'clients', 'receipts ms', 'pushed ms', 'worst total ms', 'push p50', 'push p99', 'missed', 'ratio receipts'],
        rows: fanRows,
      },
      {
        title: `directive-fanout — signing with ${SIGNERS} concurrent signers (latency in ms)`,
        columns: ['db', 'server', 'signers', 'signed/s', 'p50', 'p99', 'ok', 'failed', 'ratio signed/s'],
        rows: signRows,
      },
    ],
    targets,
    notes: [
      `Push events carry up to 50 recipients each (also_paths), so ${RECIPIENTS} receipts make ${Math.ceil(RECIPIENTS / 50)} outbox events; each client gets exactly one frame.`,
      'Send and receive times are wall clock (performance.timeOrigin + now()) in two processes on one machine.',
    ],
    data,
  };
}
