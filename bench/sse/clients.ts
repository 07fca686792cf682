// Forked child: holds N SSE connections on one keep-alive agent and timestamps each event on arrival.
import http from 'node:http';
import { createParser } from 'eventsource-parser';
import { wallNow } from '../lib/stats.js';
import { keyOf, type Collected, type FleetCommand, type FleetMessage } from './protocol.js';

const BATCH = 100;
const CONNECT_TIMEOUT_MS = 30_000;

let agent: http.Agent | null = null;
const requests: http.ClientRequest[] = [];
const state: Collected = { deliveries: {}, duplicates: 0, disconnects: 0, parseErrors: 0 };
let expected = 0;
let closing = false;

function send(m: FleetMessage): void {
  process.send?.(m);
}

function record(seen: Set<number>, key: number, at: number): void {
  if (seen.has(key)) {
    state.duplicates++;
    return;
  }
  seen.add(key);
  const list = (state.deliveries[key] ??= []);
  list.push(at);
  if (list.length === expected) send({ type: 'all', key });
}

function open(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const seen = new Set<number>();
    let ready = false;
    let arrivedAt = 0;
    const parser = createParser({
      onEvent(ev) {
        if (ev.event === 'ready') {
          ready = true;
          resolve();
          return;
        }
        let data: unknown;
        try {
          data = JSON.parse(ev.data);
        } catch {
          state.parseErrors++;
          return;
        }
        const key = keyOf(data);
        if (key !== undefined) record(seen, key, arrivedAt);
      },
    });
    const req = http.get(url, { agent: agent!, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        arrivedAt = wallNow(); // before parsing: parse cost is client overhead, measured in both runs alike
        parser.feed(chunk);
      });
      res.on('close', () => {
        if (ready && !closing) state.disconnects++;
      });
    });
    req.on('error', (err) => (ready ? undefined : reject(err)));
    req.setTimeout(CONNECT_TIMEOUT_MS, () => {
      if (!ready) req.destroy(new Error('timed out waiting for the ready event'));
    });
    requests.push(req);
  });
}

async function connect(url: string, headers: Record<string, string>, count: number): Promise<void> {
  expected = count;
  agent = new http.Agent({ keepAlive: true, maxSockets: count + 16, maxFreeSockets: count });
  const t0 = performance.now();
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  // Batches keep the listen backlog from overflowing (which would add SYN-retry seconds, not failures).
  for (let i = 0; i < count; i += BATCH) {
    const results = await Promise.allSettled(Array.from({ length: Math.min(BATCH, count - i) }, () => open(url, headers)));
    for (const r of results) {
      if (r.status === 'fulfilled') ok++;
      else {
        failed++;
        firstError ??= String(r.reason);
      }
    }
  }
  for (const req of requests) req.setTimeout(0);
  send({ type: 'connected', ok, failed, ms: Math.round(performance.now() - t0), firstError });
}

process.on('message', (m: FleetCommand) => {
  if (m.cmd === 'connect') void connect(m.url, m.headers, m.count);
  else if (m.cmd === 'collect') send({ type: 'collected', ...state });
  else if (m.cmd === 'close') {
    closing = true;
    for (const req of requests) req.destroy();
    agent?.destroy();
    process.disconnect?.();
    setTimeout(() => process.exit(0), 50).unref();
  }
});
process.on('disconnect', () => process.exit(0));
