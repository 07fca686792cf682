import autocannon, { type Result } from 'autocannon';
import type { BackendKind } from './backends.js';
import type { Cell, Table, Target } from './report.js';
import { ratio, round } from './stats.js';

export interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  warmupS: number;
  durationS: number;
  headers?: Record<string, string>;
  /** Request templates each connection cycles through (POST bodies). */
  requests?: Array<{ method?: string; body?: string; headers?: Record<string, string> }>;
}

/** autocannon in a worker thread, so the load generator does not share the server's event loop. */
export async function runLoad(o: LoadOptions): Promise<Load> {
  const r: Result = await autocannon({
    url: o.url, headers: o.headers, requests: o.requests, connections: o.connections, duration: o.durationS, workers: 1,
    warmup: { connections: o.connections, duration: o.warmupS },
  });
  return {
    reqPerSec: round(r.requests.average, 0), p50: r.latency.p50, p99: r.latency.p99,
    errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total,
  };
}

export interface Comparison {
  kind: BackendKind;
  ours: Load;
  baseline: Load;
}

/** The table, targets and raw data of an "ours vs baseline, req/s ratio" benchmark over the backends run. */
export function compareLoads(
  runs: Comparison[],
  labels: { ours: string; baseline: string; target: string; title: string },
  targetRatio: number,
): { tables: Table[]; targets: Target[]; data: Record<string, unknown> } {
  const rows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = {};
  for (const { kind, ours, baseline } of runs) {
    const r = ratio(ours.reqPerSec, baseline.reqPerSec);
    data[kind] = { ours, baseline, ratio: r };
    const row = (name: string, l: Load, rat: Cell): Cell[] => [kind, name, l.reqPerSec, l.p50, l.p99, l.errors, l.non2xx, l.requests, rat];
    rows.push(row(labels.ours, ours, r));
    rows.push(row(labels.baseline, baseline, null));
    targets.push({
      description: `${kind}: ${labels.target} ≥ ${targetRatio} × baseline req/s`,
      actual: `${r} (${ours.reqPerSec} vs ${baseline.reqPerSec} req/s)`,
      pass: r >= targetRatio && ours.errors === 0 && ours.non2xx === 0,
    });
  }
  const tables = [{
    title: labels.title,
    columns: ['db', 'server', 'req/s', 'p50', 'p99', 'errors', 'non-2xx', 'requests', 'ratio req/s'],
    rows,
  }];
  return { tables, targets, data };
}
