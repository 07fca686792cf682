import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import type { PublishedEvent } from '../src/platform/events/event.js';
import { TEST_PASSWORDS } from './passwords.js';
import { createTestContext, type TestContext } from './harness.js';
import { SseClient } from './support/sse-client.js';
import { waitUntil } from './support/wait.js';

const JFB = '500103003'; // 解放碑
const QXG = '500103001'; // 七星岗
const JFB_PATH = '/500103/500103003/';

let ctx: TestContext;
let base: string;
const clients: SseClient[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.platform.relay.flush();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => ctx?.close());

async function connect(user: string | null, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
  const auth = user ? await ctx.as(user) : {};
  const client = await SseClient.open(`${base}/api/stream${query}`, { ...auth, ...headers });
  clients.push(client);
  return client;
}

let population = 1000;
/** A real change through the API: emits `unit.updated` for the unit; returns the event once published. */
async function changeUnit(code: string): Promise<PublishedEvent> {
  const value = ++population;
  const res = await ctx.app.inject({
    method: 'PATCH', url: `/api/units/${code}`, headers: await ctx.as('admin'), payload: { population: value },
  });
  expect(res.statusCode).toBe(200);
  return publishedWhere(sql`type = 'unit.updated' AND subject_id = ${code} AND (payload->'changes'->>'population')::int = ${value}`);
}

async function emit(type: string, unitPath: string): Promise<PublishedEvent> {
  const marker = `${type}-${++population}`;
  await ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => uow.emit({ type, unitPath, payload: { marker } }));
  return publishedWhere(sql`payload->>'marker' = ${marker}`);
}

async function publishedWhere(cond: ReturnType<typeof sql>): Promise<PublishedEvent> {
  await ctx.platform.relay.flush();
  const [row] = await queryRows<{ id: number; seq: number; type: string }>(ctx.platform.database.db,
    sql`SELECT id, seq, type FROM events WHERE ${cond}`);
  expect(row?.seq).toBeTruthy();
  return { id: Number(row!.id), seq: Number(row!.seq), type: row!.type } as PublishedEvent;
}

const seqs = (c: SseClient) => c.events.map((e) => e.seq);

describe('SSE stream', () => {
  it('filters live events by the viewer\'s scope', async () => {
    const [jfb, qxg, admin] = [await connect('jfb_op'), await connect('qxg_op'), await connect('admin')];
    await Promise.all([jfb.ready(), qxg.ready(), admin.ready()]);

    const a = await changeUnit(QXG);
    const b = await changeUnit(JFB);
    const c = await changeUnit(QXG);
    const d = await changeUnit(JFB);
    // Each stream is in seq order, so once the last expected event is there, anything wrongly sent before it is too.
    await jfb.waitForEvent((e) => e.seq === d.seq);
    await qxg.waitForEvent((e) => e.seq === c.seq);
    await admin.waitForEvent((e) => e.seq === d.seq);
    expect(seqs(jfb)).toEqual([b.seq, d.seq]);
    expect(seqs(qxg).slice(0, 2)).toEqual([a.seq, c.seq]);
    expect(seqs(admin)).toEqual([a.seq, b.seq, c.seq, d.seq]);
    expect(jfb.events.every((e) => e.unitPath.startsWith(JFB_PATH))).toBe(true);
  });

  it('filters by ?topics=', async () => {
    const [unitOnly, userOnly, both] = [
      await connect('admin', '?topics=unit'), await connect('admin', '?topics=user'), await connect('admin', '?topics=case,user,unit'),
    ];
    await Promise.all([unitOnly.ready(), userOnly.ready(), both.ready()]);
    const u = await changeUnit(JFB);
    const p = await emit('user.probed', JFB_PATH);
    await Promise.all([
      unitOnly.waitForEvent((e) => e.seq === u.seq), userOnly.waitForEvent((e) => e.seq === p.seq),
      both.waitForEvent((e) => e.seq === p.seq),
    ]);
    expect(seqs(userOnly)).toEqual([p.seq]);
    expect(seqs(both)).toEqual([u.seq, p.seq]);
    const sentinel = await changeUnit(JFB);
    await unitOnly.waitForEvent((e) => e.seq === sentinel.seq);
    expect(seqs(unitOnly)).toEqual([u.seq, sentinel.seq]);
  });

  it('replays exactly the missed events, in order, after a reconnect with Last-Event-ID', async () => {
    const first = await connect('jfb_op');
    await first.ready();
    const e1 = await changeUnit(JFB);
    await first.waitForEvent((e) => e.seq === e1.seq);
    first.close();
    const lastEventId = first.lastEventId!;
    expect(lastEventId).toBe(String(e1.seq));

    const j1 = await changeUnit(JFB);
    await changeUnit(QXG);
    const j2 = await changeUnit(JFB);
    await emit('sys.probe', JFB_PATH);
    const other = await emit('test.other', JFB_PATH);
    const j3 = await changeUnit(JFB);
    const expected = [j1.seq, j2.seq, other.seq, j3.seq];

    const again = await connect('jfb_op', '', { 'last-event-id': lastEventId });
    await again.ready();
    expect(seqs(again)).toEqual(expected);
    const live = await changeUnit(JFB);
    await again.waitForEvent((e) => e.seq === live.seq);
    expect(seqs(again)).toEqual([...expected, live.seq]);

    // The query parameter is the same resume point (for clients that cannot set headers).
    const byQuery = await connect('jfb_op', `?lastEventId=${lastEventId}`);
    await byQuery.waitForEvent((e) => e.seq === live.seq);
    expect(seqs(byQuery)).toEqual([...expected, live.seq]);
  });

  it('has no gap and no duplicate when events are committed while the client resumes', async () => {
    const from = (await changeUnit(JFB)).seq;
    const writes = Promise.all(Array.from({ length: 20 }, (_, i) => changeUnit(i % 4 === 3 ? QXG : JFB)));
    const client = await connect('jfb_op', '', { 'last-event-id': String(from) });
    await writes;
    const sentinel = await changeUnit(JFB);
    await client.waitForEvent((e) => e.seq === sentinel.seq);
    const inScope = await queryRows<{ seq: number }>(ctx.platform.database.db, sql`SELECT seq FROM events
      WHERE seq > ${from} AND seq <= ${sentinel.seq} AND unit_path LIKE ${`${JFB_PATH}%`} AND type NOT LIKE 'sys.%' ORDER BY seq`);
    expect(seqs(client)).toEqual(inScope.map((r) => Number(r.seq)));
  });

  it('refuses unauthenticated and signed-out clients with 401', async () => {
    const anonymous = await SseClient.open(`${base}/api/stream`);
    expect(anonymous.status).toBe(401);
    const bogus = await SseClient.open(`${base}/api/stream`, { authorization: 'Bearer cy_not-a-real-token' });
    expect(bogus.status).toBe(401);

    const login = await ctx.app.inject({
      method: 'POST', url: '/api/auth/login', payload: { username: 'jfb_op', password: TEST_PASSWORDS.demoPassword },
    });
    const auth = { authorization: `Bearer ${login.json().token as string}` };
    const live = await SseClient.open(`${base}/api/stream`, auth);
    clients.push(live);
    expect(live.status).toBe(200);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: auth });
    expect(out.statusCode).toBe(204);
    const after = await waitUntil(async () => {
      const c = await SseClient.open(`${base}/api/stream`, auth);
      c.close();
      return c.status === 401 ? c : undefined;
    }, { timeoutMs: 2_000, what: 'the signed-out session to be refused' });
    expect(JSON.parse(after.body).error.code).toBe('UNAUTHENTICATED');
  });

  it('never streams sys.* events, live or replayed, even when asked for the sys topic', async () => {
    const plain = await connect('admin');
    const asking = await connect('admin', '?topics=sys,unit');
    await Promise.all([plain.ready(), asking.ready()]);
    const before = (await changeUnit(JFB)).seq;
    const sys = await emit('sys.probe', JFB_PATH);
    const after = await changeUnit(JFB);
    await Promise.all([plain.waitForEvent((e) => e.seq === after.seq), asking.waitForEvent((e) => e.seq === after.seq)]);
    for (const c of [plain, asking]) expect(c.events.filter((e) => e.type.startsWith('sys.'))).toEqual([]);

    const replayed = await connect('admin', '?topics=sys,unit', { 'last-event-id': String(before) });
    await replayed.ready();
    expect(seqs(replayed)).not.toContain(sys.seq);
    expect(seqs(replayed)).toEqual([after.seq]);
  });

  it('ends the stream rather than going live when the replay fails, so the client retries without a hole', async () => {
    const from = (await changeUnit(JFB)).seq;
    const missed = await changeUnit(JFB);
    // The outbox is unreadable for a moment (an outage as the hub sees it).
    await ctx.platform.database.db.execute(sql`ALTER TABLE events RENAME TO events_away`);
    let failed: SseClient;
    try {
      failed = await connect('jfb_op', '', { 'last-event-id': String(from) });
      await waitUntil(() => failed.closedByServer, { timeoutMs: 3_000, what: 'the stream to end' });
    } finally {
      await ctx.platform.database.db.execute(sql`ALTER TABLE events_away RENAME TO events`);
    }
    expect(failed.messages.filter((m) => m.event === 'ready')).toEqual([]);

    const retry = await connect('jfb_op', '', { 'last-event-id': String(from) });
    await retry.ready();
    expect(seqs(retry)).toEqual([missed.seq]);
  });

  it('catches a client far behind up without a gap (the replay cap makes it reconnect)', async () => {
    const from = (await changeUnit(JFB)).seq;
    const n = 10_050;
    await ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
      await uow.tx.execute(sql`INSERT INTO events (type, unit_path, payload)
        SELECT 'bulk.item', ${JFB_PATH}, jsonb_build_object('i', g) FROM generate_series(1, ${n}) g`);
    });
    const last = await emit('bulk.last', JFB_PATH);

    // What EventSource does: when the server ends the stream, reconnect with the last id seen.
    const received: number[] = [];
    let resumeFrom = String(from);
    for (let attempt = 0; attempt < 5 && received[received.length - 1] !== last.seq; attempt++) {
      const c = await connect('jfb_op', '?topics=bulk', { 'last-event-id': resumeFrom });
      await c.waitForEvent((e) => e.seq === last.seq, 20_000).catch((err) => {
        if (!c.closedByServer) throw err;
      });
      received.push(...seqs(c));
      resumeFrom = c.lastEventId ?? resumeFrom;
      c.close();
    }
    expect(received).toHaveLength(n + 1);
    expect(new Set(received).size).toBe(n + 1);
    expect(received[received.length - 1]).toBe(last.seq);
  }, 60_000);
});
