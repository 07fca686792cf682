import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type Database } from '../src/platform/db/database.js';
import { TransactionRunner } from '../src/platform/db/unit-of-work.js';
import { cancelTimer, schedule, Scheduler, type TimerHandler } from '../src/platform/jobs/scheduler.js';
import { backend, createTestDatabase } from './test-db.js';
import { secondPool } from './support/second-pool.js';
import { sleep, waitUntil } from './support/wait.js';

const silent = pino({ level: 'silent' });
let database: Database & { url?: string };
const stoppers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`CREATE TABLE timer_effects (
    id bigserial PRIMARY KEY, timer_id bigint NOT NULL, kind text NOT NULL, instance text NOT NULL)`);
});
afterAll(async () => {
  for (const stop of stoppers.splice(0)) await stop();
  await database?.close();
});

/** Each test uses its own kinds, so instances only ever claim that test's timers. */
const newKind = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

function instance(id: string, db: Database = database, opts: { leaseMs?: number; batch?: number } = {}): Scheduler {
  const s = new Scheduler(db.db, new TransactionRunner(db, null), silent, id, { pollMs: 25, ...opts });
  stoppers.push(() => s.stop());
  return s;
}

/** A handler whose effect is a row: if the timer's transaction rolls back, so does the row. */
const recordEffect = (instanceId: string): TimerHandler => async ({ uow, timer }) => {
  await uow.tx.execute(sql`INSERT INTO timer_effects (timer_id, kind, instance) VALUES (${timer.id}, ${timer.kind}, ${instanceId})`);
};

const q = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);
const n = async (query: ReturnType<typeof sql>) => Number((await q<{ n: number }>(query))[0]!.n);
const effects = (kind: string) => n(sql`SELECT count(*)::int AS n FROM timer_effects WHERE kind = ${kind}`);
const runs = (kind: string) => n(sql`SELECT count(*)::int AS n FROM timer_runs WHERE kind = ${kind}`);

interface TimerState {
  id: number;
  state: string;
  attempts: number;
  last_error: string | null;
  due_in_ms: number;
  fired_late_ms: number | null;
}
async function timer(key: string): Promise<TimerState> {
  const [row] = await q<TimerState>(sql`SELECT id, state, attempts, last_error,
      (extract(epoch FROM due_at - now()) * 1000)::float8 AS due_in_ms,
      (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS fired_late_ms
    FROM timers WHERE dedupe_key = ${key}`);
  return row!;
}
const makeDue = (key: string) => database.db.execute(sql`UPDATE timers SET due_at = now() WHERE dedupe_key = ${key}`);

describe('scheduler timers', () => {
  it('fires a timer once, at its due time', async () => {
    const kind = newKind('once');
    const a = instance('A');
    a.define(kind, recordEffect('A'));
    await schedule(database.db, { kind, key: `${kind}:1`, dueAt: new Date(Date.now() + 400) });
    expect(await a.tick()).toBe(0);
    expect(await effects(kind)).toBe(0);

    a.start();
    await waitUntil(async () => (await effects(kind)) > 0, { timeoutMs: 3_000, what: 'the timer to fire' });
    await sleep(150);
    await a.stop();
    const t = await timer(`${kind}:1`);
    expect(t.state).toBe('done');
    expect(t.fired_late_ms).toBeGreaterThanOrEqual(0);
    expect(t.fired_late_ms).toBeLessThan(1_000);
    expect(await effects(kind)).toBe(1);
    expect(await runs(kind)).toBe(1);
    expect(await a.tick()).toBe(0);
  });

  it('treats scheduling the same key twice as a no-op', async () => {
    const kind = newKind('dedupe');
    const a = instance('A');
    a.define(kind, recordEffect('A'));
    await schedule(database.db, { kind, key: `${kind}:k`, dueAt: new Date(Date.now() + 3_600_000), payload: { v: 1 } });
    await schedule(database.db, { kind, key: `${kind}:k`, dueAt: new Date(Date.now() - 1_000), payload: { v: 2 } });
    expect(await q(sql`SELECT payload FROM timers WHERE dedupe_key = ${`${kind}:k`}`)).toEqual([{ payload: { v: 1 } }]);
    expect((await timer(`${kind}:k`)).due_in_ms).toBeGreaterThan(3_000_000);
    expect(await a.tick()).toBe(0);
  });

  it('cancelTimer prevents firing', async () => {
    const kind = newKind('cancel');
    const a = instance('A');
    a.define(kind, recordEffect('A'));
    await schedule(database.db, { kind, key: `${kind}:c`, dueAt: new Date(Date.now() + 100) });
    expect(await cancelTimer(database.db, `${kind}:c`)).toBe(true);
    expect(await cancelTimer(database.db, `${kind}:c`)).toBe(false);
    await sleep(150);
    expect(await a.tick()).toBe(0);
    expect((await timer(`${kind}:c`)).state).toBe('cancelled');
    expect(await effects(kind)).toBe(0);

    // A timer that already fired cannot be cancelled.
    await schedule(database.db, { kind, key: `${kind}:d`, dueAt: new Date() });
    expect(await a.tick()).toBe(1);
    expect(await cancelTimer(database.db, `${kind}:d`)).toBe(false);
  });

  it('retries a failing handler with growing backoff, rolling its effects back each time', async () => {
    const kind = newKind('retry');
    const key = `${kind}:r`;
    const a = instance('A');
    a.define(kind, async (ctx) => {
      await recordEffect('A')(ctx);
      if (ctx.timer.attempts < 3) throw new Error(`boom ${ctx.timer.attempts}`);
    });
    await schedule(database.db, { kind, key, dueAt: new Date() });

    expect(await a.tick()).toBe(0);
    let t = await timer(key);
    expect(t).toMatchObject({ state: 'pending', attempts: 1, last_error: 'boom 1' });
    expect(t.due_in_ms).toBeGreaterThan(55_000);
    expect(t.due_in_ms).toBeLessThan(65_000);
    expect(await effects(kind)).toBe(0);
    expect(await a.tick()).toBe(0); // not due again yet

    await makeDue(key);
    expect(await a.tick()).toBe(0);
    t = await timer(key);
    expect(t).toMatchObject({ state: 'pending', attempts: 2, last_error: 'boom 2' });
    expect(t.due_in_ms).toBeGreaterThan(115_000);
    expect(t.due_in_ms).toBeLessThan(125_000);
    expect(await effects(kind)).toBe(0);

    await makeDue(key);
    expect(await a.tick()).toBe(1);
    expect(await timer(key)).toMatchObject({ state: 'done', attempts: 3, last_error: null });
    expect(await effects(kind)).toBe(1);
    expect(await runs(kind)).toBe(1);
  });

  it('gives up on a timer that keeps failing', async () => {
    const kind = newKind('poison');
    const key = `${kind}:p`;
    const a = instance('A');
    a.define(kind, async () => {
      throw new Error('always');
    });
    await schedule(database.db, { kind, key, dueAt: new Date() });
    for (let i = 0; i < 5; i++) {
      await makeDue(key);
      expect(await a.tick()).toBe(0);
    }
    expect(await timer(key)).toMatchObject({ state: 'failed', attempts: 5, last_error: 'always' });
    await makeDue(key);
    expect(await a.tick()).toBe(0);
    expect((await timer(key)).attempts).toBe(5);
  });

  it('two instances ticking concurrently over 200 due timers fire each exactly once', async () => {
    const kind = newKind('race');
    const other = await secondPool(database);
    stoppers.push(() => other.close());
    const [a, b] = [instance('A', database, { batch: 20 }), instance('B', other.database, { batch: 20 })];
    a.define(kind, recordEffect('A'));
    b.define(kind, recordEffect('B'));
    await database.db.execute(sql`INSERT INTO timers (kind, dedupe_key, due_at)
      SELECT ${kind}, ${kind} || ':' || g, now() - interval '1 second' FROM generate_series(1, 200) g`);

    const fired = { A: 0, B: 0 };
    const drain = async (s: Scheduler, name: 'A' | 'B') => {
      for (let round = 0; round < 50; round++) {
        const k = await s.tick();
        fired[name] += k;
        if (k === 0 && (await n(sql`SELECT count(*)::int AS n FROM timers WHERE kind = ${kind} AND state <> 'done'`)) === 0) return;
      }
    };
    // (Concurrent tick() calls on one instance share a run, so one drain loop per instance.)
    await Promise.all([drain(a, 'A'), drain(b, 'B'), a.tick(), b.tick()]);

    expect(fired.A + fired.B).toBe(200);
    expect(await runs(kind)).toBe(200);
    expect(await n(sql`SELECT count(DISTINCT timer_id)::int AS n FROM timer_runs WHERE kind = ${kind}`)).toBe(200);
    expect(await effects(kind)).toBe(200);
    expect(await n(sql`SELECT count(DISTINCT timer_id)::int AS n FROM timer_effects WHERE kind = ${kind}`)).toBe(200);
    const byInstance = await q<{ instance: string; n: number }>(sql`SELECT instance, count(*)::int AS n FROM timer_runs
      WHERE kind = ${kind} GROUP BY instance ORDER BY instance`);
    expect(byInstance.map((r) => [r.instance, r.n])).toEqual([['A', fired.A], ['B', fired.B]].filter(([, k]) => k));
    if (backend === 'postgres') expect(Math.min(fired.A, fired.B)).toBeGreaterThan(0);
  });

  it('reclaims a timer whose lease expired on a dead instance, and fires it once', async () => {
    const kind = newKind('lease');
    const b = instance('B');
    b.define(kind, recordEffect('B'));
    // Claimed by instances that then vanished: one lease has run out, one has not.
    await database.db.execute(sql`INSERT INTO timers (kind, dedupe_key, due_at, state, locked_by, locked_until, attempts) VALUES
      (${kind}, ${`${kind}:expired`}, now() - interval '2 minutes', 'running', 'dead', now() - interval '1 second', 1),
      (${kind}, ${`${kind}:held`}, now() - interval '2 minutes', 'running', 'busy', now() + interval '1 hour', 1)`);
    expect(await b.tick()).toBe(1);
    expect(await b.tick()).toBe(0);
    expect(await timer(`${kind}:expired`)).toMatchObject({ state: 'done', attempts: 2 });
    expect((await timer(`${kind}:held`)).state).toBe('running');
    expect(await q(sql`SELECT instance FROM timer_runs WHERE kind = ${kind}`)).toEqual([{ instance: 'B' }]);
    expect(await effects(kind)).toBe(1);
  });

  it.skipIf(backend === 'pglite')('an instance that outlives its lease loses the timer, and its effects roll back', async () => {
    // (Embedded PGlite has one connection: a stalled handler there stalls every instance, so this is PostgreSQL's case.)
    const kind = newKind('zombie');
    const other = await secondPool(database);
    stoppers.push(() => other.close());
    const [a, b] = [instance('A', database, { leaseMs: 300 }), instance('B', other.database, { leaseMs: 300 })];
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    a.define(kind, async (ctx) => {
      await recordEffect('A')(ctx);
      started = true;
      await stalled; // e.g. a long GC pause or a network partition
    });
    b.define(kind, recordEffect('B'));
    await schedule(database.db, { kind, key: `${kind}:z`, dueAt: new Date() });

    const aTick = a.tick();
    await waitUntil(() => started, { what: 'A to start the handler' });
    await sleep(400);
    expect(await b.tick()).toBe(1);
    release();
    expect(await aTick).toBe(0);
    expect(await q(sql`SELECT instance FROM timer_effects WHERE kind = ${kind}`)).toEqual([{ instance: 'B' }]);
    expect(await q(sql`SELECT instance FROM timer_runs WHERE kind = ${kind}`)).toEqual([{ instance: 'B' }]);
    expect((await timer(`${kind}:z`)).state).toBe('done');
  });

  it('reschedules recurring sweeps, run by one instance at a time', async () => {
    const kind = newKind('sweep');
    const other = await secondPool(database);
    stoppers.push(() => other.close());
    const [a, b] = [instance('A'), instance('B', other.database)];
    await a.defineRecurring(kind, 300, recordEffect('A'));
    await b.defineRecurring(kind, 300, recordEffect('B'));
    expect(await n(sql`SELECT count(*)::int AS n FROM timers WHERE kind = ${kind}`)).toBe(1);
    expect(await a.tick()).toBe(0);

    a.start();
    b.start();
    await waitUntil(async () => (await runs(kind)) >= 3, { timeoutMs: 5_000, what: 'three sweeps' });
    await Promise.all([a.stop(), b.stop()]);

    const t = await timer(`recurring:${kind}`);
    expect(t).toMatchObject({ state: 'pending', attempts: 0 });
    expect(t.due_in_ms).toBeLessThanOrEqual(300);
    const ran = await q<{ gap_ms: number | null }>(sql`SELECT (extract(epoch FROM ran_at - lag(ran_at) OVER (ORDER BY ran_at)) * 1000)::float8 AS gap_ms
      FROM timer_runs WHERE kind = ${kind} ORDER BY ran_at`);
    for (const r of ran.slice(1)) expect(r.gap_ms).toBeGreaterThanOrEqual(299);
    expect(await effects(kind)).toBe(ran.length);
  });

  it('keeps its poll loop alive when the database fails, without unhandled rejections', async () => {
    const kind = newKind('outage');
    const s = instance('X', database, { leaseMs: 60_000 });
    s.define(kind, recordEffect('X'));
    await schedule(database.db, { kind, key: `${kind}:o`, dueAt: new Date() });
    const rejections: unknown[] = [];
    const onRejection = (err: unknown) => rejections.push(err);
    process.on('unhandledRejection', onRejection);
    // An outage the scheduler can see: its table is gone for a moment, so every claim fails.
    await database.db.execute(sql`ALTER TABLE timers RENAME TO timers_away`);
    try {
      await expect(s.tick()).rejects.toThrow();
      s.start();
      await sleep(200);
    } finally {
      await database.db.execute(sql`ALTER TABLE timers_away RENAME TO timers`);
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
    // And once the database is back, the same loop fires the timer.
    await waitUntil(async () => (await effects(kind)) === 1, { timeoutMs: 3_000, what: 'the timer after the outage' });
    await s.stop();
  });
});
