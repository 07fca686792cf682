import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { sealAllAudit } from '../src/platform/audit/audit-sealer.js';
import { verifyAuditChain } from '../src/platform/audit/verify-audit.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { timelineInsert } from '../src/platform/closed-loop/work-item-repository.js';
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

describe('a read along with the write', () => {
  it('sees the rows as they were before the write, in the same statement; an insert may depend on what it found', async () => {
    const id = randomUUID();
    const note = `along-${id}`;
    const run = () => ctx.platform.runner.runBatch({ actor: SYSTEM_ACTOR }, async (batch) => {
      const seen = batch.readAlong<{ n: number }>(sql`SELECT count(*)::int AS n FROM work_item_timeline WHERE note = ${note}`);
      batch.defer({ into: 'audit_log (at, actor_name, action, target_type, detail)', select: sql`SELECT now(), 'test', 'along.seen', 'test', jsonb_build_object('n', n) FROM along` });
      batch.defer(timelineInsert([{ itemId: (await anyItem()), actorId: null, actorName: 'test', action: 'along', fromState: null, toState: null, note }]));
      return { seen };
    });
    const first = await run();
    expect((await first.seen)[0]!.n).toBe(0);
    const second = await run();
    expect((await second.seen)[0]!.n).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'along.seen'`)).toBe(2);
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
