import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './lib/backends.js';
import { freePort } from './lib/http.js';
import type { BenchResult, Cell } from './lib/report.js';
import { childEnv, REPO_ROOT, runSync, timeColdStart, type ColdStart } from './lib/spawn.js';
import { ratio, round, summarize } from './lib/stats.js';

const RUNS = 5;
const TARGET_MS = 3000;
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
const MAIN = 'server/src/main.ts';

// The smallest Fastify server answering the same path: what node + Fastify cost on their own.
const BARE = `const app = require('fastify')({ logger: false });
app.get('/api/health', async () => ({ status: 'ok' }));
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`;

interface Variant {
  key: string;
  label: string;
  cmd: string;
  args: string[];
}

const VARIANTS: Variant[] = [
  { key: 'npm-start', label: 'ours: tsx server/src/main.ts serve (= npm start)', cmd: TSX, args: [MAIN, 'serve'] },
  { key: 'node-import-tsx', label: 'ours: node --import tsx server/src/main.ts serve', cmd: process.execPath, args: ['--import', 'tsx', MAIN, 'serve'] },
  { key: 'baseline', label: 'baseline: node -e (bare Fastify /api/health)', cmd: process.execPath, args: ['-e', BARE] },
];

export async function run(): Promise<BenchResult> {
  const dataDir = tempDir('cold');
  try {
    const env = (port: number) => childEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development' });
    const s0 = performance.now();
    const seeded = runSync(TSX, [MAIN, 'seed'], env(0)).trim().split('\n').pop();
    const seedMs = Math.round(performance.now() - s0);

    const runs = new Map<string, ColdStart[]>(VARIANTS.map((v) => [v.key, []]));
    // Round-robin, so background load on the shared machine hits every variant alike.
    for (let i = 0; i < RUNS; i++) {
      for (const v of VARIANTS) {
        const port = await freePort();
        runs.get(v.key)!.push(await timeColdStart(v.cmd, v.args, env(port), `http://127.0.0.1:${port}/api/health`));
      }
    }

    const stats = new Map(VARIANTS.map((v) => [v.key, summarize(runs.get(v.key)!.map((r) => r.readyMs))]));
    const base = stats.get('baseline')!;
    const rows: Cell[][] = VARIANTS.map((v) => {
      const s = stats.get(v.key)!;
      const stop = summarize(runs.get(v.key)!.map((r) => r.stopMs));
      const codes = [...new Set(runs.get(v.key)!.map((r) => r.signal ?? String(r.exitCode)))].join(',');
      return [v.label, RUNS, Math.round(s.min), Math.round(s.p50), Math.round(s.max), v.key === 'baseline' ? null : ratio(s.p50, base.p50), Math.round(stop.p50), codes];
    });
    const ours = stats.get('npm-start')!;
    return {
      name: 'cold-start',
      title: 'cold start to first served request',
      measures: `A temp DATA_DIR is migrated and seeded once (\`tsx ${MAIN} seed\`, ${seedMs} ms). Then ${RUNS} times per ` +
        `variant (round-robin): spawn the server on a free port, poll GET /api/health every 20 ms until it answers 200 ` +
        `(time from spawn), send SIGTERM and wait for the exit. Baseline: \`node -e\` starting a bare Fastify app.`,
      tables: [{
        title: `cold-start — ${RUNS} runs each, embedded PGlite, seeded DATA_DIR (ms)`,
        columns: ['variant', 'runs', 'min', 'median', 'max', 'ratio median', 'stop median', 'exit'],
        rows,
      }],
      targets: [{
        description: `npm start: median spawn → first 200 from /api/health < ${TARGET_MS} ms`,
        actual: `median ${Math.round(ours.p50)} ms (max ${Math.round(ours.max)} ms)`,
        pass: ours.p50 < TARGET_MS,
      }],
      notes: [`seed output: ${seeded}`, '"exit" lists the exit codes (or signals) after SIGTERM; main.ts exits 0 after a clean stop.'],
      data: { seedMs, runs: Object.fromEntries(runs), stats: Object.fromEntries([...stats].map(([k, s]) => [k, { ...s, min: round(s.min, 1), p50: round(s.p50, 1), max: round(s.max, 1) }])) },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
