import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/platform/db/database.js';
import type { PublishedEvent } from '../src/platform/events/event.js';
import { NatsBus } from '../src/platform/events/nats-bus.js';
import { createPlatform, startBackground, type Platform } from '../src/platform/platform.js';
import { testConfig } from './harness.js';
import { Child, REPO_ROOT } from './support/child-process.js';
import { EFFECTS_TABLE } from './support/crash-scenario.js';
import { persistentDatabase, type PersistentDb } from './support/persistent-db.js';
import { sleep, waitUntil } from './support/wait.js';

const CHILD = join(REPO_ROOT, 'server/test/support/crash-child.ts');
const prefix = `tcr${randomBytes(4).toString('hex')}`;
const children: Child[] = [];
let db: PersistentDb;

beforeAll(async () => {
  db = await persistentDatabase();
});
afterAll(async () => {
  await Promise.all(children.map((c) => c.kill('SIGKILL')));
  if (process.env.NATS_URL) {
    const bus = await NatsBus.connect(process.env.NATS_URL, prefix, () => {});
    await bus.deleteStream();
    await bus.close();
  }
  await db?.drop();
});

/** The first process: does its part on the shared database and is killed with SIGKILL at `marker`. */
async function runUntilKilled(args: string[], markers: RegExp[]): Promise<string[]> {
  const child = Child.start(CHILD, args, {
    ...process.env, ...db.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', BUS_PREFIX: prefix,
    RELAY_POLL_MS: '200', SCHEDULER_POLL_MS: '100000',
  });
  children.push(child);
  const found: string[] = [];
  for (const m of markers) found.push((await child.waitForLine(m, 60_000))[1]!);
  const exit = await child.kill('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  return found;
}

/** The restarted instance, on the same database and bus; background loops not yet started. */
function restart(): Promise<Platform> {
  return createPlatform(testConfig({ ...db.env, BUS_PREFIX: prefix }));
}

const q = <T>(p: Platform, query: ReturnType<typeof sql>) => queryRows<T>(p.database.db, query);
const seqOf = async (p: Platform, id: number) =>
  Number((await q<{ seq: number | null }>(p, sql`SELECT seq FROM events WHERE id = ${id}`))[0]?.seq ?? 0);
const cursorOf = async (p: Platform, name: string) =>
  Number((await q<{ last_seq: number }>(p, sql`SELECT last_seq FROM subscriber_cursors WHERE name = ${name}`))[0]?.last_seq ?? 0);
const effectsOf = (p: Platform, sub: string) => q<{ event_id: number; n: number }>(p,
  sql`SELECT event_id, count(*)::int AS n FROM crash_effects WHERE sub = ${sub} GROUP BY event_id ORDER BY event_id`);

function recordInto(p: Platform, sub: string, topics: string[]): void {
  p.subscribers.register(sub, topics, async (uow, e) => {
    await uow.tx.execute(sql`INSERT INTO crash_effects (sub, event_id, seq) VALUES (${sub}, ${e.id}, ${e.seq})`);
  });
}

describe('crash safety', () => {
  it('a crash between commit and publish loses nothing', async () => {
    const [committed] = await runUntilKilled(['commit-unpublished', '4242'], [/^COMMITTED (\d+)$/]);
    const id = Number(committed);

    const p = await restart();
    try {
      // The write survived the crash whole, and its event was never published.
      expect(await q(p, sql`SELECT population FROM units WHERE code = '500103003'`)).toEqual([{ population: 4242 }]);
      expect(await q(p, sql`SELECT action FROM audit_log WHERE detail->'changes'->>'population' = '4242'`)).toHaveLength(1);
      expect(await seqOf(p, id)).toBe(0);

      const seen: PublishedEvent[] = [];
      p.bus.subscribe((e) => {
        if (e.id === id) seen.push(e);
      });
      await p.database.db.execute(EFFECTS_TABLE);
      recordInto(p, 'after-crash', ['unit']);
      startBackground(p);
      await waitUntil(() => seen.length > 0, { what: 'the event on the bus' });
      await waitUntil(async () => (await cursorOf(p, 'after-crash')) >= seen[0]!.seq, { what: 'the durable subscriber' });
      await p.relay.flush();
      await p.subscribers.drainAll();
      await sleep(300);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.seq).toBe(await seqOf(p, id));
      expect(seen[0]).toMatchObject({ type: 'unit.updated', subjectId: '500103003', payload: { changes: { population: 4242 } } });
      expect((await effectsOf(p, 'after-crash')).filter((r) => Number(r.event_id) === id)).toEqual([{ event_id: id, n: 1 }]);
    } finally {
      await p.close();
    }

    // And once published, a later start neither publishes it again nor hands it to the subscriber again.
    const p2 = await restart();
    try {
      const again: PublishedEvent[] = [];
      p2.bus.subscribe((e) => {
        if (e.id === id) again.push(e);
      });
      recordInto(p2, 'after-crash', ['unit']);
      startBackground(p2);
      await p2.relay.flush();
      await p2.subscribers.drainAll();
      await sleep(300);
      expect(again).toEqual([]);
      expect((await effectsOf(p2, 'after-crash')).filter((r) => Number(r.event_id) === id)).toEqual([{ event_id: id, n: 1 }]);
    } finally {
      await p2.close();
    }
  }, 120_000);

  it.skipIf(!process.env.NATS_URL)('a crash after the broker took an event, before the relay committed: republished with its seq', async () => {
    // Another instance, listening on the bus throughout.
    const bystander = await NatsBus.connect(process.env.NATS_URL!, prefix, () => {});
    const heard: PublishedEvent[] = [];
    bystander.subscribe((e) => {
      if (e.payload.crash) heard.push(e);
    });
    try {
      const [published] = await runUntilKilled(['publish-then-hang', '6000'], [/^PUBLISHED (\d+)$/]);
      const id = Number(published);
      const p = await restart();
      try {
        // The relay's transaction died with the process: the event is unnumbered again.
        expect(await seqOf(p, id)).toBe(0);
        const seen: PublishedEvent[] = [];
        p.bus.subscribe((e) => {
          if (e.id === id) seen.push(e);
        });
        startBackground(p);
        await waitUntil(() => seen.length > 0, { what: 'the republished event' });
        await p.relay.flush();
        await sleep(300);
        const seq = await seqOf(p, id);
        expect(seq).toBeGreaterThan(0);
        // The broker's duplicate window keeps the stream clean, yet live listeners still get the numbered copy.
        expect(seen.map((e) => e.seq)).toEqual([seq]);
        expect(heard.map((e) => e.seq)).toContain(seq);
      } finally {
        await p.close();
      }
    } finally {
      await bystander.close();
    }
  }, 120_000);

  it('a crash inside a durable subscriber\'s handler leaves no partial effect and causes no double effect', async () => {
    const [aId, cId] = (await runUntilKilled(['hang-in-handler', '5000'], [/^A_DONE (\d+)$/, /^IN_HANDLER (\d+)$/])).map(Number);
    const bId = cId! - 1;

    const p = await restart();
    try {
      // Before anything runs again: A's batch committed; B and C's effects died with their transaction.
      const [a, b, c] = [await seqOf(p, aId!), await seqOf(p, bId), await seqOf(p, cId!)];
      expect(a).toBeGreaterThan(0);
      expect([b, c]).toEqual([b, b + 1]);
      const cursor = await cursorOf(p, 'crash-sub');
      expect(cursor).toBeGreaterThanOrEqual(a);
      expect(cursor).toBeLessThan(b);
      // (The subscriber started at the beginning of the outbox, so it also handled the first test's event.)
      const mine = async () => (await effectsOf(p, 'crash-sub')).filter((r) => Number(r.event_id) >= aId!);
      expect(await mine()).toEqual([{ event_id: aId, n: 1 }]);

      recordInto(p, 'crash-sub', ['unit']);
      startBackground(p);
      await waitUntil(async () => (await cursorOf(p, 'crash-sub')) >= c, { what: 'the subscriber to pass C' });
      await p.subscribers.drainAll();
      expect(await mine()).toEqual([{ event_id: aId, n: 1 }, { event_id: bId, n: 1 }, { event_id: cId, n: 1 }]);
      expect((await effectsOf(p, 'crash-sub')).every((r) => r.n === 1)).toBe(true);
    } finally {
      await p.close();
    }
  }, 120_000);
});
