import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { sealAllAudit } from '../src/platform/audit/audit-sealer.js';
import { verifyAuditChain } from '../src/platform/audit/verify-audit.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { timelineInsert } from '../src/platform/closed-loop/work-item-repository.js';
import { BatchedRead } from '../src/platform/db/batched-read.js';
import { GroupCommit, type DeferredInsert, type PendingWrite } from '../src/platform/db/group-commit.js';
import { createTestContext, type TestContext } from './harness.js';

// Deferred inserts (one statement per write) and the audit sealer that chains entries after commit.
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx?.close());

const db = () => ctx.platform.database.db;
const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db(), q))[0]!.n);
const JFB_GRID = { lng: 106.576478, lat: 29.561311 };

describe('a write of deferred inserts', () => {
  it('keeps each table\'s rows in the order they were deferred (timeline ids follow the actions)', async () => {
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/cases', headers: await ctx.as('district_op'),
      payload: { categoryCode: 'E0101', description: '顺序测试', ...JFB_GRID },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    await ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
      uow.defer(timelineInsert(['a', 'b', 'c'].map((action) => ({
        itemId: id, actorId: null, actorName: 'test', action, fromState: null, toState: null,
      }))));
      uow.defer(timelineInsert([{ itemId: id, actorId: null, actorName: 'test', action: 'd', fromState: null, toState: null }]));
    });
    const rows = await queryRows<{ action: string }>(db(), sql`SELECT action FROM work_item_timeline WHERE item_id = ${id} ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['create', 'a', 'b', 'c', 'd']);
  });

  it('writes a report\'s work item, case, timeline, event and audit entry all or none (a repeated external id leaves nothing)', async () => {
    const headers = await ctx.as('district_op');
    const externalId = `ext-${randomUUID()}`;
    const payload = { categoryCode: 'E0101', description: '原子性测试', ...JFB_GRID, externalId };
    const snapshot = async () => ({
      items: await count(sql`SELECT count(*)::int AS n FROM work_items`),
      cases: await count(sql`SELECT count(*)::int AS n FROM cases`),
      timeline: await count(sql`SELECT count(*)::int AS n FROM work_item_timeline`),
      events: await count(sql`SELECT count(*)::int AS n FROM events`),
      audit: await count(sql`SELECT count(*)::int AS n FROM audit_log`),
    });
    const before = await snapshot();
    expect((await ctx.app.inject({ method: 'POST', url: '/api/cases', headers, payload })).statusCode).toBe(201);
    const afterFirst = await snapshot();
    expect(afterFirst).toMatchObject({ items: before.items + 1, cases: before.cases + 1, timeline: before.timeline + 1, audit: before.audit + 1 });
    const repeat = await ctx.app.inject({ method: 'POST', url: '/api/cases', headers, payload });
    expect(repeat.statusCode).toBe(409);
    expect(await snapshot()).toEqual(afterFirst);
  });
});

describe('a batched read', () => {
  it('answers look-ups asked for together with one query, each its own rows', async () => {
    let queries = 0;
    const read = new BatchedRead<{ action: string }, { n: number }>(db(), (qs) => {
      queries++;
      const values = qs.map((q, i) => sql`(${i}::int, ${q.action}::text)`);
      return sql`SELECT v.q, (SELECT count(*)::int FROM work_item_timeline t WHERE t.action = v.action) AS n
        FROM (VALUES ${sql.join(values, sql`, `)}) AS v(q, action)`;
    });
    const [a, b, c] = await Promise.all([read.read({ action: 'create' }), read.read({ action: 'no-such-action' }), read.read({ action: 'create' })]);
    expect(queries).toBe(1);
    expect(a![0]!.n).toBeGreaterThan(0);
    expect(b).toEqual([{ n: 0 }]);
    expect(c).toEqual(a);
  });
});

async function anyItem(): Promise<string> {
  return (await queryRows<{ id: string }>(db(), sql`SELECT id FROM work_items LIMIT 1`))[0]!.id;
}

describe('the audit sealer', () => {
  it('chains entries written concurrently, each once, in one valid chain', async () => {
    const headers = await ctx.as('district_op');
    const reports = Array.from({ length: 30 }, (_, i) => ctx.app.inject({
      method: 'POST', url: '/api/cases', headers,
      payload: { categoryCode: 'E0102', description: `并发审计 ${i}`, lng: JFB_GRID.lng + i * 0.00001, lat: JFB_GRID.lat },
    }));
    for (const r of await Promise.all(reports)) expect(r.statusCode).toBe(201);
    await ctx.platform.sealer.flush();
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL`)).toBe(0);
    const total = await count(sql`SELECT count(*)::int AS n FROM audit_log`);
    expect(await count(sql`SELECT count(DISTINCT chain_seq)::int AS n FROM audit_log`)).toBe(total);
    expect(await count(sql`SELECT max(chain_seq)::int AS n FROM audit_log`)).toBe(total);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: total });
  });

  it('reports committed entries the sealer has not reached as pending, and seals them on the next pass (as after a crash)', async () => {
    await ctx.platform.sealer.flush();
    // Entries as a crashed instance leaves them: committed, not chained.
    await db().execute(sql`INSERT INTO audit_log (at, action, target_type, detail) VALUES
      (now(), 'test.pending', 'test', '{}'::jsonb), (now(), 'test.pending', 'test', '{}'::jsonb)`);
    const before = await verifyAuditChain(db());
    expect(before).toMatchObject({ ok: true, pending: 2 });
    await sealAllAudit(ctx.platform.database);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: before.checked + 2 });
  });

  it('the verify endpoint seals what is committed before it checks', async () => {
    await db().execute(sql`INSERT INTO audit_log (at, action, target_type, detail) VALUES (now(), 'test.pending', 'test', '{}'::jsonb)`);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/audit/verify', headers: await ctx.as('admin') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true });
    expect(res.json().pending).toBeUndefined();
  });
});

describe('group commit', () => {
  const write = (note: string, itemId: string, extra: DeferredInsert[] = []): PendingWrite => ({
    inserts: [timelineInsert([{ itemId, actorId: null, actorName: 'test', action: 'group', fromState: null, toState: null, note }]), ...extra],
  });

  it('carries writes that arrive while the database is busy in one statement, each answered after it commits', async () => {
    const group = new GroupCommit(db(), { maxInFlight: 1, maxRows: 500 });
    const itemId = await anyItem();
    const prefix = `grp-${randomUUID()}`;
    await Promise.all(Array.from({ length: 30 }, (_, i) => group.submit(write(`${prefix}-${i}`, itemId))));
    expect(group.stats.writes).toBe(30);
    expect(group.stats.statements).toBeLessThan(30);
    const rows = await queryRows<{ note: string }>(db(), sql`SELECT note FROM work_item_timeline WHERE note LIKE ${`${prefix}-%`} ORDER BY id`);
    // Serial ids follow the order the writes arrived in.
    expect(rows.map((r) => r.note)).toEqual(Array.from({ length: 30 }, (_, i) => `${prefix}-${i}`));
  });

  it('a bad write fails alone: the others in its statement run again and commit', async () => {
    const group = new GroupCommit(db(), { maxInFlight: 1, maxRows: 500 });
    const itemId = await anyItem();
    const prefix = `grp-bad-${randomUUID()}`;
    const bad = write(`${prefix}-bad`, '00000000-0000-0000-0000-000000000000'); // no such work item: foreign key
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => group.submit(write(`${prefix}-${i}`, itemId))),
      group.submit(bad),
      ...Array.from({ length: 5 }, (_, i) => group.submit(write(`${prefix}-${i + 5}`, itemId))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([...Array(5).fill('fulfilled'), 'rejected', ...Array(5).fill('fulfilled')]);
    expect(await count(sql`SELECT count(*)::int AS n FROM work_item_timeline WHERE note LIKE ${`${prefix}-%`}`)).toBe(10);
  });

  it('an error that is not about one write\'s rows fails the whole group (no re-run of a statement whose fate is unknown)', async () => {
    const group = new GroupCommit(db(), { maxInFlight: 1, maxRows: 500 });
    const itemId = await anyItem();
    const prefix = `grp-all-${randomUUID()}`;
    const broken = write(`${prefix}-broken`, itemId, [{ into: 'work_item_timeline (note)', select: sql`SELECT no_such_column FROM work_items LIMIT 0` }]);
    const outcomes = await Promise.allSettled([
      group.submit(write(`${prefix}-0`, itemId)), group.submit(broken), group.submit(write(`${prefix}-1`, itemId)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(group.stats.statements).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM work_item_timeline WHERE note LIKE ${`${prefix}-%`}`)).toBe(0);
  });

  it('reports sent at the same moment see each other as likely repeats, though none was in the table when they looked', async () => {
    const headers = await ctx.as('district_op');
    const spot = { lng: JFB_GRID.lng + 0.0004, lat: JFB_GRID.lat - 0.0004 };
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => ctx.app.inject({
      method: 'POST', url: '/api/cases', headers, payload: { categoryCode: 'E0103', description: `同时上报-${i}`, ...spot },
    })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(5).fill(201));
    const found = responses.map((r) => (r.json().possibleDuplicates as unknown[]).length).sort();
    expect(found).toEqual([0, 1, 2, 3, 4]);
  });

  it('concurrent case reports over HTTP all land with their timeline, event and audit entry', async () => {
    const headers = await ctx.as('district_op');
    const tag = `并发上报-${randomUUID().slice(0, 8)}`;
    const spot = { lng: JFB_GRID.lng, lat: JFB_GRID.lat + 0.0003 }; // 33 m from the other tests' reports
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => ctx.app.inject({
      method: 'POST', url: '/api/cases', headers,
      payload: { categoryCode: 'E0101', description: `${tag}-${i}`, lng: spot.lng + i * 0.00001, lat: spot.lat },
    })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(25).fill(201));
    const ids = responses.map((r) => r.json().id as string);
    expect(await count(sql`SELECT count(*)::int AS n FROM cases WHERE description LIKE ${`${tag}-%`}`)).toBe(25);
    expect(await count(sql`SELECT count(DISTINCT item_id)::int AS n FROM work_item_timeline WHERE item_id = ANY(${`{${ids.join(',')}}`}::uuid[])`)).toBe(25);
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE type = 'case.create' AND subject_id = ANY(${`{${ids.join(',')}}`}::text[])`)).toBe(25);
    // The next report there finds them (look-ups made together share one query): the five nearest, and a push.
    const next = await ctx.app.inject({ method: 'POST', url: '/api/cases', headers, payload: { categoryCode: 'E0101', description: `${tag}-next`, ...spot } });
    const dups = next.json().possibleDuplicates as Array<{ id: string; distanceM: number }>;
    expect(dups).toHaveLength(5);
    expect(dups.every((d) => ids.includes(d.id) && d.distanceM <= 5)).toBe(true);
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE type = 'case.possibleDuplicate' AND subject_id = ${next.json().id as string}`)).toBe(1);
  });
});
