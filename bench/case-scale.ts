import { SYSTEM_ACTOR } from '../server/src/platform/access/actor.js';
import { CASE_COUNT_CAP } from '../server/src/modules/cases/cases-repository.js';
import { queryRows, sql, type Db } from '../server/src/platform/db/database.js';
import { backendKinds, withBackend, type BackendKind } from './lib/backends.js';
import { startPlatform, type BenchPlatform } from './lib/platform.js';
import type { BenchResult, Cell, Target } from './lib/report.js';
import { round, summarize } from './lib/stats.js';

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const OVERDUE_SHARE = 0.01;
const QUERY_RUNS = 5;
const CATEGORIES = ['E0101', 'E0102', 'E0103', 'E0104', 'E0201', 'E0501', 'C0101', 'C0108'];

/**
 * N cases generated inside the database (generate_series), spread over every grid, eight categories and the
 * last 30 days, all open, with 1 % past their deadline (and yellow line) — the state a sweep must find.
 */
async function generate(db: Db): Promise<number> {
  const t0 = performance.now();
  await db.execute(sql`CREATE TEMP TABLE bench_grids AS
    SELECT (row_number() OVER (ORDER BY code)) - 1 AS i, code, path, split_part(path, '/', 3) AS street
    FROM units WHERE kind = 'grid'`);
  const [{ n: grids }] = (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM bench_grids`)) as [{ n: number }];
  const cats = `{${CATEGORIES.join(',')}}`;
  for (let from = 1; from <= N; from += 100_000) {
    const to = Math.min(N, from + 99_999);
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path, stage,
          stage_started_at, warn_at, deadline_at, created_at, updated_at)
        SELECT md5('bench' || s)::uuid, 'case', 'BM' || lpad(s::text, 9, '0'), '基准案件', 'dispatched', 'D-CGJ', '/500103/D-CGJ/', g.path,
          'handle', now() - interval '1 hour',
          CASE WHEN s % ${Math.round(1 / OVERDUE_SHARE)} = 0 THEN now() - interval '30 minutes' ELSE now() + interval '2 days' END,
          CASE WHEN s % ${Math.round(1 / OVERDUE_SHARE)} = 0 THEN now() - interval '5 minutes' ELSE now() + interval '3 days' END,
          now() - (s % 720) * interval '1 hour', now()
        FROM generate_series(${from}::int, ${to}::int) s JOIN bench_grids g ON g.i = s % ${grids}`);
      await tx.execute(sql`INSERT INTO cases (id, category_code, channel, description, lng, lat, grid_code, street_code, urgency,
          handling_unit, dispatch_count, send_back_count, rework_count, reported_at, registered_at, registered_on_time,
          dispatched_at, handled_at, handled_on_time, closed_at, closed_on_time)
        SELECT md5('bench' || s)::uuid, (${cats}::text[])[1 + s % ${CATEGORIES.length}], 'hotline', '基准案件描述',
          106.55 + (s % 1000) * 0.00003, 29.55 + (s % 997) * 0.00002, g.code, g.street, 'normal',
          'D-CGJ', 1 + (s % 10 = 0)::int, (s % 10 = 0)::int, (s % 13 = 0)::int,
          now() - (s % 720) * interval '1 hour', now() - (s % 720) * interval '1 hour' + interval '10 minutes', s % 17 <> 0,
          now() - (s % 720) * interval '1 hour' + interval '20 minutes',
          CASE WHEN s % 3 <> 0 THEN now() - (s % 720) * interval '1 hour' + interval '3 hours' END,
          CASE WHEN s % 3 <> 0 THEN s % 7 <> 0 END,
          CASE WHEN s % 3 = 1 THEN now() - (s % 720) * interval '1 hour' + interval '5 hours' END,
          CASE WHEN s % 3 = 1 THEN s % 11 <> 0 END
        FROM generate_series(${from}::int, ${to}::int) s JOIN bench_grids g ON g.i = s % ${grids}`);
    });
  }
  await db.execute(sql`ANALYZE work_items`);
  await db.execute(sql`ANALYZE cases`);
  return performance.now() - t0;
}

async function timeIt(fn: () => Promise<unknown>, runs = QUERY_RUNS) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

async function measure(kind: BackendKind) {
  return withBackend(kind, async (backend) => {
    // Only the measured sweeps below: the platform's own recurring sweep must not take part while loading.
    backend.env.DEADLINE_SWEEP_MS = '86400000';
    const bp: BenchPlatform = await startPlatform(backend);
    const { platform } = bp.server;
    const db = platform.database.db;
    try {
      const loadMs = await generate(db);
      const rssAfterLoad = process.memoryUsage().rss;
      const day = (d: number) => new Date(Date.now() + d * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      const rankingUrl = `${bp.baseUrl}/api/evaluation/rankings?level=street&from=${day(-31)}&to=${day(1)}`;
      const headers = { authorization: `Bearer ${bp.token}` };
      const probe = await fetch(rankingUrl, { headers });
      const hasEvaluation = probe.status === 200;
      const ranking = hasEvaluation
        ? await timeIt(async () => {
          const r = await fetch(rankingUrl, { headers });
          if (r.status !== 200) throw new Error(`rankings: ${r.status}`);
          await r.arrayBuffer();
        })
        : null;
      // Baseline: the simplest district-wide aggregate over the same rows (one GROUP BY, no indicators).
      const groupBy = await timeIt(() => db.execute(sql`SELECT street_code, count(*), count(closed_at) FROM cases
        WHERE reported_at >= now() - interval '31 days' GROUP BY street_code`));

      // The district ledger's first page (the console inbox): newest first by index, the count stopped at its cap.
      const ledger = await timeIt(async () => {
        const r = await fetch(`${bp.baseUrl}/api/cases?limit=20`, { headers });
        if (r.status !== 200) throw new Error(`cases: ${r.status}`);
        await r.arrayBuffer();
      }, 5);
      // Baseline: the same page counting every match in the same query (what the list did before the cap).
      const ledgerCountAll = await timeIt(() => db.execute(sql`SELECT w.id, c.reported_at, count(*) OVER () AS total
        FROM work_items w JOIN cases c ON c.id = w.id ORDER BY c.reported_at DESC, w.id LIMIT 20`), 3);

      // The deadline sweep: every due item turned yellow/red once, in batches, by the real sweep.
      const due = Math.floor(N * OVERDUE_SHARE);
      const t0 = performance.now();
      let swept = 0;
      for (;;) {
        const r = await platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => platform.loop.sweep(uow, 1000));
        swept += r.red;
        if (r.yellow === 0 && r.red === 0) break;
      }
      const sweepAllMs = performance.now() - t0;
      const [marks] = await queryRows<{ red: number; entries: number }>(db, sql`SELECT
        (SELECT count(*)::int FROM work_items WHERE warn_level = 'red') AS red,
        (SELECT count(*)::int FROM work_item_timeline WHERE action = 'overdue') AS entries`);
      const idleSweep = await timeIt(() => platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => platform.loop.sweep(uow, 1000)));
      // Baseline: finding the overdue items with a plain scan of the open ones (no partial index, no marking).
      const scan = await timeIt(() => db.execute(sql`SELECT count(*) FROM work_items
        WHERE closed_at IS NULL AND (deadline_at + interval '0 seconds') <= now()`), 3);
      return {
        loadMs, rssAfterLoad, rssEnd: process.memoryUsage().rss, ranking, groupBy, ledger, ledgerCountAll, due, swept, sweepAllMs, idleSweep, scan, hasEvaluation,
        red: Number(marks!.red), overdueEntries: Number(marks!.entries),
      };
    } finally {
      await bp.server.stop();
    }
  });
}

export async function run(): Promise<BenchResult> {
  const rows: Cell[][] = [];
  const targets: Target[] = [];
  const data: Record<string, unknown> = {};
  const mb = (b: number) => Math.round(b / 1048576);
  for (const kind of backendKinds()) {
    const m = await measure(kind);
    data[kind] = m;
    rows.push([kind, `load ${N.toLocaleString('en')} cases (generate_series)`, round(m.loadMs / 1000, 1) + ' s', '', '']);
    const r1 = (n: number) => round(n, 1);
    if (m.ranking) rows.push([kind, 'ours: GET /api/evaluation/rankings?level=street (all indicators)', r1(m.ranking.p50), r1(m.ranking.max), round(m.ranking.p50 / m.groupBy.p50, 2)]);
    rows.push([kind, 'baseline: one GROUP BY street over the same cases', r1(m.groupBy.p50), r1(m.groupBy.max), '']);
    rows.push([kind, `ours: GET /api/cases?limit=20 (district ledger, first page, count capped at ${CASE_COUNT_CAP.toLocaleString('en')})`, r1(m.ledger.p50), r1(m.ledger.max), round(m.ledger.p50 / m.ledgerCountAll.p50, 3)]);
    rows.push([kind, 'baseline: the same page counting every match (count(*) OVER ())', r1(m.ledgerCountAll.p50), r1(m.ledgerCountAll.max), '']);
    rows.push([kind, `ours: sweep all ${m.due.toLocaleString('en')} overdue among ${N.toLocaleString('en')} open (yellow + red, timeline, events)`, round(m.sweepAllMs, 0), '', '']);
    rows.push([kind, 'ours: sweep with nothing due (partial indexes)', r1(m.idleSweep.p50), r1(m.idleSweep.max), round(m.idleSweep.p50 / m.scan.p50, 3)]);
    rows.push([kind, 'baseline: scan open items for overdue ones', r1(m.scan.p50), r1(m.scan.max), '']);
    rows.push([kind, 'process RSS after load / at end (MB)', mb(m.rssAfterLoad), mb(m.rssEnd), '']);
    if (m.ranking) {
      targets.push({
        description: `${kind}: district indicator query over ${N.toLocaleString('en')} cases${kind === 'pglite' ? ' < 300 ms' : ' (reported)'}`,
        actual: `p50 ${round(m.ranking.p50, 1)} ms, max ${round(m.ranking.max, 1)} ms`, pass: kind !== 'pglite' || m.ranking.p50 < 300,
      });
    }
    targets.push({
      description: `${kind}: every overdue item turned red exactly once`,
      actual: `${m.red} red, ${m.overdueEntries} overdue timeline entries, of ${m.due} due`,
      pass: m.red === m.due && m.overdueEntries === m.due,
    });
    if (kind === 'pglite') {
      targets.push({ description: `embedded process RSS with ${N.toLocaleString('en')} cases < 1.5 GB`, actual: `${mb(m.rssEnd)} MB`, pass: m.rssEnd < 1.5 * 1024 ** 3 });
    }
  }
  return {
    name: 'case-scale',
    title: 'cases at scale: indicators, deadline sweep, memory',
    measures: `${N.toLocaleString('en')} cases generated in the database; the evaluation endpoint for the whole district against one GROUP BY; ` +
      `the real deadline sweep (batches of 1,000) against a plain scan; RSS of this process (server and embedded database together).`,
    tables: [{ title: 'case-scale (ms unless stated)', columns: ['db', 'what', 'p50 / value', 'max', 'ratio to baseline'], rows }],
    targets,
    notes: [`BENCH_CASES=${N}; set BENCH_CASES to run smaller.`],
    data,
  };
}
