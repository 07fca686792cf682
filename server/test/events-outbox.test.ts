import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql, type Executor } from '../src/platform/db/database.js';
import type { UnitOfWork } from '../src/platform/db/unit-of-work.js';
import { TransactionRunner } from '../src/platform/db/unit-of-work.js';
import { DurableSubscribers } from '../src/platform/events/durable-subscribers.js';
import type { PublishedEvent } from '../src/platform/events/event.js';
import { Relay } from '../src/platform/events/relay.js';
import { updateUnit } from '../src/modules/units/units-repository.js';
import { createTestContext, type TestContext } from './harness.js';
import { secondPool } from './support/second-pool.js';
import { sleep, waitUntil } from './support/wait.js';

const JFB = '500103003';
const JFB_PATH = '/500103/500103003/';
const silent = pino({ level: 'silent' });

let ctx: TestContext;
let db: Executor;

beforeAll(async () => {
  ctx = await createTestContext();
  db = ctx.platform.database.db;
  // The template's seed left its events unpublished; get them out of the way.
  await ctx.platform.relay.flush();
  await db.execute(sql`CREATE TABLE test_effects (id bigserial PRIMARY KEY, sub text NOT NULL, run text,
    event_id bigint NOT NULL, seq bigint NOT NULL)`);
});
afterAll(async () => ctx?.close());

const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db, query))[0]!.n);
const tag = () => randomBytes(4).toString('hex');

/** One write emitting `n` test events tagged with `run`, the way a module would. */
function emitTestEvents(run: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  return ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    for (let i = 0; i < n; i++) uow.emit({ type: 'test.ping', unitPath: '/500103/', payload: { run, i, ...extra(i) } });
  });
}

function eventsOf(run: string) {
  return queryRows<{ id: number; seq: number | null }>(db,
    sql`SELECT id, seq FROM events WHERE payload->>'run' = ${run} ORDER BY id`);
}

/** Records what bus subscribers see, for the duration of a test. */
function listen(): { seen: PublishedEvent[]; stop: () => void } {
  const seen: PublishedEvent[] = [];
  const stop = ctx.platform.bus.subscribe((e) => seen.push(e));
  return { seen, stop };
}

function expectEachOnce(seen: PublishedEvent[], ids: number[]) {
  const counts = new Map<number, number>();
  for (const e of seen) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  for (const id of ids) expect(counts.get(id), `event ${id} delivered`).toBe(1);
}

describe('outbox: a write, its audit row and its event are one fact', () => {
  it('commits the change, the audit row and the event together', async () => {
    const auditBefore = await count(sql`SELECT coalesce(max(id), 0) AS n FROM audit_log`);
    const eventsBefore = await count(sql`SELECT coalesce(max(id), 0) AS n FROM events`);
    const res = await ctx.app.inject({
      method: 'PATCH', url: `/api/units/${JFB}`, headers: await ctx.as('admin'), payload: { population: 123 },
    });
    expect(res.statusCode).toBe(200);

    const [unit] = await queryRows<{ population: number }>(db, sql`SELECT population FROM units WHERE code = ${JFB}`);
    expect(unit!.population).toBe(123);
    const audits = await queryRows<{ action: string; actor_id: string; detail: { changes: unknown } }>(db,
      sql`SELECT action, actor_id, detail FROM audit_log WHERE id > ${auditBefore} AND target_id = ${JFB}`);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'unit.update', detail: { changes: { population: 123 } } });
    const events = await queryRows<{ type: string; unit_path: string; subject_id: string; actor_id: string; payload: unknown }>(db,
      sql`SELECT type, unit_path, subject_id, actor_id, payload FROM events WHERE id > ${eventsBefore} AND type = 'unit.updated'`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ unit_path: JFB_PATH, subject_id: JFB, payload: { changes: { population: 123 } } });
    expect(events[0]!.actor_id).toBe(audits[0]!.actor_id);
  });

  async function snapshot() {
    // The head counts sealed entries; the sealer links committed ones moments later, so let it catch up first.
    await ctx.platform.sealer.flush();
    return {
      events: await count(sql`SELECT count(*) AS n FROM events`),
      audits: await count(sql`SELECT count(*) AS n FROM audit_log`),
      head: await count(sql`SELECT entries AS n FROM audit_head`),
      population: await count(sql`SELECT population AS n FROM units WHERE code = ${JFB}`),
    };
  }

  async function unitChange(uow: UnitOfWork, population: number, unitPath: string) {
    await updateUnit(uow.tx, JFB, { population });
    uow.audit({ action: 'unit.update', targetType: 'unit', targetId: JFB, unitPath: JFB_PATH, detail: { population } });
    uow.emit({ type: 'unit.updated', unitPath, subjectType: 'unit', subjectId: JFB, payload: { changes: { population } } });
  }

  it('a write that throws leaves no event, no audit row and no change', async () => {
    const before = await snapshot();
    const { seen, stop } = listen();
    await expect(ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
      await unitChange(uow, 777, JFB_PATH);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await snapshot()).toEqual(before);
    await ctx.platform.relay.flush();
    stop();
    expect(seen.filter((e) => e.subjectId === JFB && e.payload.changes && (e.payload.changes as { population?: number }).population === 777)).toEqual([]);
  });

  it('a failure while writing the outbox itself rolls the change and the audit row back', async () => {
    const before = await snapshot();
    // unit_path is NOT NULL: the outbox insert fails after the module's work succeeded.
    await expect(ctx.platform.runner.run({ actor: SYSTEM_ACTOR },
      (uow) => unitChange(uow, 778, null as unknown as string))).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });
});

describe('relay', () => {
  it('assigns consecutive seq in id order and publishes each event once, however often it is poked', async () => {
    const run = tag();
    const { seen, stop } = listen();
    // Sequential writes, so id order is commit order; every commit pokes the relay as well.
    let written = 0;
    for (let i = 0; i < 40; i++) {
      await emitTestEvents(run, 1 + (i % 3));
      written += 1 + (i % 3);
    }
    await Promise.all(Array.from({ length: 50 }, () => {
      ctx.platform.relay.poke();
      return ctx.platform.relay.flush();
    }));
    const rows = await eventsOf(run);
    expect(rows).toHaveLength(written);
    for (let i = 1; i < rows.length; i++) expect(Number(rows[i]!.seq)).toBe(Number(rows[i - 1]!.seq) + 1);

    await waitUntil(() => rows.every((r) => seen.some((e) => e.id === Number(r.id))), { what: 'all events on the bus' });
    await sleep(200);
    stop();
    expectEachOnce(seen, rows.map((r) => Number(r.id)));
    const mine = seen.filter((e) => e.payload.run === run);
    expect(mine.map((e) => e.seq)).toEqual(rows.map((r) => Number(r.seq)));
  });

  it('publishes each of many concurrently written events once, with gap-free seq', async () => {
    const run = tag();
    const { seen, stop } = listen();
    await Promise.all(Array.from({ length: 40 }, () => {
      ctx.platform.relay.poke();
      return emitTestEvents(run, 2);
    }));
    await ctx.platform.relay.flush();
    const rows = await eventsOf(run);
    expect(rows).toHaveLength(80);
    const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(80);
    expect(seqs[79]! - seqs[0]!).toBe(79);

    await waitUntil(() => rows.every((r) => seen.some((e) => e.id === Number(r.id))), { what: 'all events on the bus' });
    await sleep(200);
    stop();
    expectEachOnce(seen, rows.map((r) => Number(r.id)));
    // Subscribers see events in seq order.
    const order = seen.filter((e) => e.payload.run === run).map((e) => e.seq);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('two relays (two instances) racing publish each event once', async () => {
    const other = await secondPool(ctx.platform.database);
    const relay2 = new Relay(other.database, ctx.platform.bus, silent, 60_000);
    try {
      const run = tag();
      const { seen, stop } = listen();
      await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        await emitTestEvents(run, 2);
        (i % 2 ? relay2 : ctx.platform.relay).poke();
      }));
      await Promise.all([relay2.flush(), ctx.platform.relay.flush(), relay2.flush()]);
      const rows = await eventsOf(run);
      expect(rows.every((r) => r.seq !== null)).toBe(true);
      expect(new Set(rows.map((r) => r.seq)).size).toBe(60);
      await waitUntil(() => rows.every((r) => seen.some((e) => e.id === Number(r.id))), { what: 'all events on the bus' });
      await sleep(200);
      stop();
      expectEachOnce(seen, rows.map((r) => Number(r.id)));
    } finally {
      await relay2.stop();
      await other.close();
    }
  });
});

describe('durable subscribers', () => {
  // A new subscriber starts from the beginning of the outbox, so it also sees earlier tests' events: look at this run's.
  const effectsOf = (sub: string, run: string) => queryRows<{ event_id: number; n: number }>(db,
    sql`SELECT event_id, count(*)::int AS n FROM test_effects WHERE sub = ${sub} AND run = ${run}
      GROUP BY event_id ORDER BY event_id`);
  const cursorOf = async (sub: string) =>
    Number((await queryRows<{ last_seq: number }>(db, sql`SELECT last_seq FROM subscriber_cursors WHERE name = ${sub}`))[0]?.last_seq ?? 0);
  const record = (sub: string) => async (uow: UnitOfWork, e: PublishedEvent) => {
    await uow.tx.execute(sql`INSERT INTO test_effects (sub, run, event_id, seq)
      VALUES (${sub}, ${String(e.payload.run ?? '')}, ${e.id}, ${e.seq})`);
  };
  async function publishedSeqOf(run: string): Promise<number> {
    await ctx.platform.relay.flush();
    const rows = await eventsOf(run);
    expect(rows.every((r) => r.seq !== null)).toBe(true);
    return Math.max(...rows.map((r) => Number(r.seq)));
  }

  it('see each event exactly once and move the cursor with their effects', async () => {
    const sub = `once-${tag()}`;
    const run = tag();
    ctx.platform.subscribers.register(sub, ['test'], record(sub));
    for (let i = 0; i < 6; i++) {
      await emitTestEvents(run, 5);
      void ctx.platform.subscribers.drainAll();
    }
    const last = await publishedSeqOf(run);
    await Promise.all(Array.from({ length: 10 }, () => ctx.platform.subscribers.drainAll()));
    await waitUntil(async () => (await cursorOf(sub)) >= last, { what: 'cursor to reach the last event' });

    const ids = (await eventsOf(run)).map((r) => Number(r.id));
    const effects = await effectsOf(sub, run);
    expect(effects.map((r) => Number(r.event_id))).toEqual(ids);
    expect(effects.every((r) => r.n === 1)).toBe(true);
    // Cursor and effects agree: every effect is at or below the cursor.
    expect(await count(sql`SELECT count(*) AS n FROM test_effects WHERE sub = ${sub} AND seq > ${await cursorOf(sub)}`)).toBe(0);
  });

  it('a handler that throws is retried; its partial effects and the cursor roll back together', async () => {
    const sub = `retry-${tag()}`;
    const run = tag();
    let poisoned = true;
    let failures = 0;
    ctx.platform.subscribers.register(sub, ['test'], async (uow, e) => {
      await record(sub)(uow, e);
      if (poisoned && e.payload.poison) {
        failures++;
        throw new Error('handler failed');
      }
    });
    // Catch up with earlier tests' events first, so the failing batch holds just this run's.
    await ctx.platform.relay.flush();
    const caughtUp = await count(sql`SELECT max(seq) AS n FROM events`);
    await ctx.platform.subscribers.drainAll();
    await waitUntil(async () => (await cursorOf(sub)) >= caughtUp, { what: 'subscriber to catch up' });
    const before = await cursorOf(sub);
    // One write: the first event is handled, then the second throws in the same batch.
    await emitTestEvents(run, 3, (i) => ({ poison: i === 1 }));
    await publishedSeqOf(run);
    await ctx.platform.subscribers.drainAll();
    await ctx.platform.subscribers.drainAll();
    await waitUntil(() => failures >= 2, { what: 'the handler to be retried' });
    expect(await effectsOf(sub, run)).toEqual([]);
    expect(await cursorOf(sub)).toBe(before);

    poisoned = false;
    await ctx.platform.subscribers.drainAll();
    const ids = (await eventsOf(run)).map((r) => Number(r.id));
    await waitUntil(async () => (await effectsOf(sub, run)).length === 3, { what: 'effects after the retry' });
    const effects = await effectsOf(sub, run);
    expect(effects.map((r) => Number(r.event_id))).toEqual(ids);
    expect(effects.every((r) => r.n === 1)).toBe(true);
  });

  it('are woken by the bus, not only by their poll', async () => {
    const sub = `wake-${tag()}`;
    const run = tag();
    // Another instance's subscribers, with a poll too slow to matter: only the bus can wake them.
    const other = await secondPool(ctx.platform.database);
    const subs2 = new DurableSubscribers(other.database.db, new TransactionRunner(other.database, null),
      ctx.platform.bus, silent, 600_000);
    try {
      subs2.register(sub, ['test'], record(sub));
      subs2.start();
      await ctx.platform.relay.flush();
      const caughtUp = await count(sql`SELECT max(seq) AS n FROM events`);
      await waitUntil(async () => (await cursorOf(sub)) >= caughtUp, { what: 'subscriber to catch up' });
      for (let i = 0; i < 8; i++) {
        await emitTestEvents(run, 1, () => ({ round: i }));
        await waitUntil(async () => (await effectsOf(sub, run)).length === i + 1,
          { timeoutMs: 3_000, what: `effect of event ${i} without a poll` });
      }
    } finally {
      subs2.stop();
      await other.close();
    }
  });

  it('two instances draining the same subscriber apply each event once', async () => {
    const sub = `shared-${tag()}`;
    const run = tag();
    const other = await secondPool(ctx.platform.database);
    const runner2 = new TransactionRunner(other.database, null);
    const subs2 = new DurableSubscribers(other.database.db, runner2, ctx.platform.bus, silent, 60_000);
    try {
      ctx.platform.subscribers.register(sub, ['test'], record(sub));
      subs2.register(sub, ['test'], record(sub));
      await Promise.all(Array.from({ length: 10 }, async () => {
        await emitTestEvents(run, 5);
        await Promise.all([ctx.platform.subscribers.drainAll(), subs2.drainAll()]);
      }));
      const last = await publishedSeqOf(run);
      await Promise.all([ctx.platform.subscribers.drainAll(), subs2.drainAll(), subs2.drainAll()]);
      await waitUntil(async () => (await cursorOf(sub)) >= last, { what: 'cursor to reach the last event' });
      const effects = await effectsOf(sub, run);
      expect(effects).toHaveLength(50);
      expect(effects.every((r) => r.n === 1)).toBe(true);
    } finally {
      subs2.stop();
      await other.close();
    }
  });
});
