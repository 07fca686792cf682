import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/browser.js';
import { queryRows, sql, type Db } from '../server/src/platform/db/database.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { login } from './lib/http.js';
import { startPlatform } from './lib/platform.js';
import type { BenchResult, Cell, Target } from './lib/report.js';
import { round, summarize, type Summary } from './lib/stats.js';

const OPEN = Number(process.env.BENCH_SCREEN_CASES ?? 10_000);
const CLOSED_TODAY = Math.round(OPEN / 20);
const LOADS = 5;
const API_RUNS = 5;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Set by the screen (web/src/screen/ScreenPage.tsx) when map, markers and figures are drawn. */
const readyMs = () => (window as unknown as { __screenReadyMs?: number }).__screenReadyMs;

/**
 * OPEN open cases (5 % red, 10 % yellow, the rest in progress) and OPEN/20 closed today, generated in the
 * database around every grid's centre, reported over the last 7 days — what the district screen draws.
 */
async function generate(db: Db): Promise<number> {
  const t0 = performance.now();
  await db.execute(sql`CREATE TEMP TABLE bench_grids AS
    SELECT (row_number() OVER (ORDER BY code)) - 1 AS i, code, path, split_part(path, '/', 3) AS street, center_lng, center_lat
    FROM units WHERE kind = 'grid' AND center_lng IS NOT NULL`);
  const [{ n: grids }] = (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM bench_grids`)) as [{ n: number }];
  const total = OPEN + CLOSED_TODAY;
  await db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path, stage,
        stage_started_at, warn_at, deadline_at, warn_level, created_at, updated_at, closed_at)
      SELECT md5('screen' || s)::uuid, 'case', 'SB' || lpad(s::text, 9, '0'), '基准案件', CASE WHEN s > ${OPEN} THEN 'closed' ELSE 'dispatched' END,
        'D-CGJ', '/500103/D-CGJ/', g.path, 'handle', now() - interval '1 hour', now() + interval '1 day', now() + interval '2 days',
        CASE WHEN s > ${OPEN} THEN 'none' WHEN s % 20 = 0 THEN 'red' WHEN s % 10 = 5 THEN 'yellow' ELSE 'none' END,
        now() - (s % 168) * interval '1 hour', now(), CASE WHEN s > ${OPEN} THEN now() - (s % 60) * interval '1 minute' END
      FROM generate_series(1, ${total}::int) s JOIN bench_grids g ON g.i = s % ${grids}`);
    await tx.execute(sql`INSERT INTO cases (id, category_code, channel, description, lng, lat, grid_code, street_code, urgency,
        handling_unit, dispatch_count, reported_at, registered_at, registered_on_time, dispatched_at, closed_at, closed_on_time)
      SELECT md5('screen' || s)::uuid, (ARRAY['E0101','E0103','E0104','E0501','C0101','C0108'])[1 + s % 6], 'hotline', '基准案件描述',
        g.center_lng + ((s * 7919) % 101 - 50) * 0.000004, g.center_lat + ((s * 104729) % 101 - 50) * 0.000004, g.code, g.street, 'normal',
        'D-CGJ', 1, now() - (s % 168) * interval '1 hour', now() - (s % 168) * interval '1 hour' + interval '5 minutes', true,
        now() - (s % 168) * interval '1 hour' + interval '10 minutes',
        CASE WHEN s > ${OPEN} THEN now() - (s % 60) * interval '1 minute' END, CASE WHEN s > ${OPEN} THEN true END
      FROM generate_series(1, ${total}::int) s JOIN bench_grids g ON g.i = s % ${grids}`);
  });
  await db.execute(sql`ANALYZE work_items`);
  await db.execute(sql`ANALYZE cases`);
  return performance.now() - t0;
}

async function timeGet(url: string, token: string): Promise<{ ms: Summary; bytes: number }> {
  const once = async () => {
    const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
    return (await r.arrayBuffer()).byteLength;
  };
  const bytes = await once();
  const ms: number[] = [];
  for (let i = 0; i < API_RUNS; i++) {
    const t0 = performance.now();
    await once();
    ms.push(performance.now() - t0);
  }
  return { ms: summarize(ms), bytes };
}

async function measure(kind: BackendKind, browser: Browser) {
  return withBackend(kind, async (backend) => {
    backend.env.DEADLINE_SWEEP_MS = '86400000';
    const bp = await startPlatform(backend);
    try {
      const loadMs = await generate(bp.server.platform.database.db);
      const leader = await login(bp.baseUrl, 'leader', 'demo123');
      const markersApi = await timeGet(`${bp.baseUrl}/api/screen/markers`, leader);
      const summaryApi = await timeGet(`${bp.baseUrl}/api/screen/summary`, leader);

      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${bp.baseUrl}/`);
      await page.fill('#username', 'leader');
      await page.fill('#password', 'demo123');
      await Promise.all([page.waitForURL(/\/screen$/), page.click('button[type=submit]')]);
      await page.waitForFunction(readyMs, undefined, { timeout: 30_000 });

      // Ours: navigation start → map, markers and headline figures drawn (the screen's own 'screen-ready' mark).
      const ready: number[] = [];
      let drawn = 0;
      for (let i = 0; i < LOADS; i++) {
        await page.goto(`${bp.baseUrl}/screen`);
        await page.waitForFunction(readyMs, undefined, { timeout: 30_000 });
        ready.push((await page.evaluate(readyMs))!);
        drawn = Number(await page.getAttribute('[data-testid=screen-map]', 'data-markers'));
      }
      // Baseline: the same page's data alone — a blank page of the same origin fetches the session, the summary,
      // the markers and the two map layers (in parallel, as the screen does), measured from its navigation start.
      const fetchOnly: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        await page.goto(`${bp.baseUrl}/api/health`);
        // A string, not a function: tsx's keepNames would wrap inner functions in a helper the page lacks.
        fetchOnly.push(await page.evaluate<number>(`(async () => {
          const get = (u) => fetch(u, { credentials: 'same-origin' }).then((r) => r.arrayBuffer());
          await get('/api/auth/me');
          await Promise.all(['/api/screen/summary', '/api/screen/markers', '/api/geo/streets', '/api/geo/zones'].map(get));
          return performance.now();
        })()`));
      }
      await context.close();
      return { loadMs, markersApi, summaryApi, ready: summarize(ready), readyRuns: ready, fetchOnly: summarize(fetchOnly), drawn };
    } finally {
      await bp.server.stop();
    }
  });
}

export async function run(): Promise<BenchResult> {
  // The screen is served from web/dist: build it when a source is newer than the last build.
  const build = spawnSync('npx', ['tsx', 'scripts/build-web.ts', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('web build failed');
  const browser = await launchBrowser();
  const rows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = {};
  try {
    for (const kind of backendKinds()) {
      const m = await measure(kind, browser);
      data[kind] = m;
      const r1 = (n: number) => round(n, 1);
      rows.push([kind, `generate ${OPEN.toLocaleString('en')} open + ${CLOSED_TODAY} closed-today cases`, r1(m.loadMs), null, null, '']);
      rows.push([kind, 'GET /api/screen/markers (server + transfer)', r1(m.markersApi.ms.p50), r1(m.markersApi.ms.max), null, `${Math.round(m.markersApi.bytes / 1024)} KiB`]);
      rows.push([kind, 'GET /api/screen/summary', r1(m.summaryApi.ms.p50), r1(m.summaryApi.ms.max), null, `${Math.round(m.summaryApi.bytes / 1024)} KiB`]);
      rows.push([kind, `ours: /screen → map + ${m.drawn.toLocaleString('en')} markers + figures drawn (${LOADS} loads)`, r1(m.ready.p50), r1(m.ready.max), round(m.ready.p50 / m.fetchOnly.p50, 2), '']);
      rows.push([kind, 'baseline: the same data fetched by a blank page (no rendering)', r1(m.fetchOnly.p50), r1(m.fetchOnly.max), null, '']);
      targets.push({
        description: `${kind}: district screen with ${OPEN.toLocaleString('en')} open cases drawn < 2 s (median of ${LOADS} loads)`,
        actual: `median ${Math.round(m.ready.p50)} ms, max ${Math.round(m.ready.max)} ms, ${m.drawn} markers`,
        pass: m.ready.p50 < 2000 && m.drawn === OPEN + CLOSED_TODAY,
      });
    }
  } finally {
    await browser.close();
  }
  return {
    name: 'screen-render',
    title: 'big screen: first meaningful render with 10,000 open cases',
    measures: `The district screen (1920×1080, headless Debian chromium, signed in as leader) over ${OPEN.toLocaleString('en')} open cases and ` +
      `${CLOSED_TODAY} closed today: time from navigation start to the screen's 'screen-ready' mark (set on the animation frame after ` +
      `the map with every marker has finished drawing and the headline figures are on screen), median of ${LOADS} warm-cache loads. ` +
      'Baseline: the same five requests (session, summary, markers, streets and zones layers) from a blank page of the same origin, ' +
      'i.e. the floor the data alone sets; the ratio is the cost of parsing the code and drawing.',
    tables: [{ title: 'screen-render (ms unless stated)', columns: ['db', 'what', 'p50 / value', 'max', 'ratio to baseline', 'size'], rows }],
    targets,
    notes: [`BENCH_SCREEN_CASES=${OPEN}; the browser, the server and the embedded database share this machine's cores.`],
    data,
  };
}
