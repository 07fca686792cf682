import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/database.js';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { createTestContext, type TestContext } from './harness.js';
import { listCases } from '../src/modules/cases/cases-repository.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

// A point in grid 50010300301601 (莲花池社区第1网格, 解放碑街道), the demo grid worker's grid.
const JFB = { lng: 106.576478, lat: 29.561311 };

async function report(body: Record<string, unknown> = {}, user = 'grid_lhc01') {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as(user),
    payload: { categoryCode: 'E0101', description: '人行道上有暴露垃圾', ...JFB, address: '民族路 1 号', ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string; state: string; streetCode: string; gridCode: string };
}

async function act(id: string, path: string, user: string, payload: Record<string, unknown> = {}) {
  return ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/${path}`, headers: await ctx.as(user), payload });
}

async function detail(id: string, user = 'admin') {
  const res = await ctx.app.inject({ url: `/api/cases/${id}`, headers: await ctx.as(user) });
  return { status: res.statusCode, body: res.json() };
}

describe('case closed loop', () => {
  it('runs report → register → dispatch → accept → handle → verify → close with a complete timeline', async () => {
    const c = await report();
    expect(c.streetCode).toBe('500103003');
    expect(c.gridCode).toMatch(/^500103003\d{5}$/);
    expect(c.ref).toMatch(/^AJ\d{14}$/);
    expect((await act(c.id, 'register', 'jfb_op')).json().state).toBe('registered');
    const d = await detail(c.id, 'jfb_op');
    expect(d.body.suggestedUnit).toBe('D-CGJ');
    const dispatched = await act(c.id, 'dispatch', 'jfb_op', {});
    expect(dispatched.json()).toMatchObject({ state: 'dispatched', ownerUnit: 'D-CGJ' });
    expect((await act(c.id, 'accept', 'cgj_handler')).json().state).toBe('accepted');
    expect((await act(c.id, 'handle', 'cgj_handler', { note: '已清运' })).json().state).toBe('handled');
    // The department handed the case back, and still reads what it handled (without acting on it).
    expect(await detail(c.id, 'cgj_handler')).toMatchObject({ status: 200, body: { state: 'handled', allowedActions: [] } });
    expect((await act(c.id, 'verify', 'cgj_handler', { note: '自查' })).statusCode).toBe(403);
    expect((await act(c.id, 'verify', 'grid_lhc01', { note: '现场已清理' })).json().state).toBe('verified');
    const closed = await act(c.id, 'close', 'jfb_op');
    expect(closed.json().state).toBe('closed');
    const final = await detail(c.id);
    expect(final.body.timeline.map((t: { action: string }) => t.action))
      .toEqual(['create', 'register', 'dispatch', 'accept', 'handle', 'verify', 'close']);
    expect(final.body.allowedActions).toEqual([]);
    const [facts] = await queryRows<{ registered_on_time: boolean; handled_on_time: boolean; closed_on_time: boolean }>(
      ctx.platform.database.db, sql`SELECT registered_on_time, handled_on_time, closed_on_time FROM cases WHERE id = ${c.id}`);
    expect(facts).toEqual({ registered_on_time: true, handled_on_time: true, closed_on_time: true });
  });

  it('answers an illegal transition with 409 naming the allowed actions', async () => {
    const c = await report();
    const res = await act(c.id, 'close', 'jfb_op');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
    expect(res.json().error.params.allowedActions).toEqual(['register', 'reject', 'merge']);
    expect(res.json().error.message).toBe('当前状态“上报”不能执行“结案”，可执行：立案、不予立案、合并');
    const en = await ctx.app.inject({ method: 'POST', url: `/api/cases/${c.id}/close`, headers: { ...await ctx.as('jfb_op'), 'x-locale': 'en' }, payload: {} });
    expect(en.json().error.message).toBe('Cannot close in state "Reported"; allowed: register, reject, merge');
  });

  it('lets exactly one of two simultaneous registrations win', async () => {
    const c = await report();
    const results = await Promise.all([act(c.id, 'register', 'jfb_op'), act(c.id, 'register', 'district_op')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = await detail(c.id);
    expect(d.body.timeline.filter((t: { action: string }) => t.action === 'register')).toHaveLength(1);
  });

  it('keeps other streets out: 404 to see, 404 to act', async () => {
    const c = await report();
    expect((await detail(c.id, 'qxg_op')).status).toBe(404);
    expect((await act(c.id, 'register', 'qxg_op')).statusCode).toBe(404);
    const list = await ctx.app.inject({ url: '/api/cases?limit=500', headers: await ctx.as('qxg_op') });
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    const mine = await ctx.app.inject({ url: '/api/cases?limit=500', headers: await ctx.as('jfb_op') });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(c.id);
  });

  it('lets only the handling unit act on a dispatched case; the department sees it once dispatched', async () => {
    const c = await report();
    expect((await detail(c.id, 'cgj_handler')).status).toBe(404);
    await act(c.id, 'register', 'jfb_op');
    await act(c.id, 'dispatch', 'jfb_op', { unitCode: '500103003' });
    expect((await act(c.id, 'accept', 'cgj_handler')).statusCode).toBe(404);
    expect((await act(c.id, 'accept', 'jfb_op')).statusCode).toBe(200);
  });

  it('sends back, reworks and parks with reasons, counting each', async () => {
    const c = await report();
    await act(c.id, 'register', 'jfb_op');
    await act(c.id, 'dispatch', 'jfb_op', {});
    expect((await act(c.id, 'send-back', 'cgj_handler', {})).statusCode).toBe(400);
    expect((await act(c.id, 'send-back', 'cgj_handler', { note: '不属于本部门职责' })).json()).toMatchObject({ state: 'registered', ownerUnit: '500103003' });
    await act(c.id, 'dispatch', 'jfb_op', { unitCode: 'D-CGJ' });
    await act(c.id, 'accept', 'cgj_handler');
    await act(c.id, 'handle', 'cgj_handler', { note: '已处理' });
    expect((await act(c.id, 'rework', 'grid_lhc01', { note: '现场仍有垃圾' })).json()).toMatchObject({ state: 'dispatched', ownerUnit: 'D-CGJ' });
    expect((await act(c.id, 'park', 'jfb_op', { note: '需市级协调' })).json().state).toBe('parked');
    expect((await act(c.id, 'unpark', 'jfb_op')).json().state).toBe('registered');
    const d = await detail(c.id);
    expect(d.body).toMatchObject({ reworkCount: 1, sendBackCount: 1, dispatchCount: 2 });
  });

  it('handles an extension request and decision, moving the deadline', async () => {
    const c = await report();
    await act(c.id, 'register', 'jfb_op');
    const before = (await act(c.id, 'dispatch', 'jfb_op', {})).json().deadlineAt;
    const asked = await act(c.id, 'extension', 'cgj_handler', { limit: { amount: 2, unit: 'workDay' }, note: '需调配车辆' });
    expect(asked.statusCode).toBe(200);
    expect((await act(c.id, 'extension', 'cgj_handler', { limit: { amount: 3, unit: 'workDay' }, note: '再延' })).statusCode).toBe(409);
    const decided = await act(c.id, 'extension/decision', 'jfb_op', { approve: true });
    expect(new Date(decided.json().deadlineAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect((await detail(c.id)).body.extensions[0].state).toBe('approved');
  });

  it('turns yellow at 75 % and red at the deadline, escalating to the parent unit, once each', async () => {
    const c = await report();
    const db = ctx.platform.database.db;
    await db.execute(sql`UPDATE work_items SET warn_at = now() - interval '1 minute' WHERE id = ${c.id}`);
    const run = () => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep(uow));
    await run();
    expect((await detail(c.id)).body.warnLevel).toBe('yellow');
    await db.execute(sql`UPDATE work_items SET deadline_at = now() - interval '1 minute' WHERE id = ${c.id}`);
    await run();
    await run();
    const d = await detail(c.id);
    expect(d.body.warnLevel).toBe('red');
    expect(d.body.timeline.filter((t: { action: string }) => t.action === 'overdue')).toHaveLength(1);
    const [row] = await queryRows<{ escalated_to: string }>(db, sql`SELECT escalated_to FROM work_items WHERE id = ${c.id}`);
    expect(row!.escalated_to).toBe('500103');
  });

  it('takes supervision orders from above and shows them on the case', async () => {
    const c = await report();
    const res = await ctx.app.inject({
      method: 'POST', url: `/api/cases/${c.id}/supervise`, headers: await ctx.as('leader'),
      payload: { note: '请今日内办结', deadlineAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(res.statusCode).toBe(201);
    const d = await detail(c.id);
    expect(d.body.supervised).toBe(true);
    expect(d.body.supervision[0]).toMatchObject({ level: 'district', issuerUnit: '500103' });
  });

  it('refuses a report outside the district and an unknown category without writing anything', async () => {
    const h = await ctx.as('grid_lhc01');
    const before = await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM cases`);
    const outside = await ctx.app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: { categoryCode: 'E0101', description: '测试', lng: 116.4, lat: 39.9 } });
    expect(outside.statusCode).toBe(422);
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: { categoryCode: 'E9999', description: '测试', ...JFB } });
    expect(unknown.statusCode).toBe(404);
    const after = await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM cases`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('deadlines on the working-day calendar', () => {
  const bj = (s: string) => new Date(`${s}+08:00`);
  it('runs a 4 work-hour limit across Spring Festival 2026 onto the make-up Saturday', () => {
    // Fri 13 Feb 16:00 → 2 h that day (to 18:00) → Sat 14 Feb is a make-up workday: 09:00 + 2 h = 11:00.
    const clock = ctx.platform.loop.clock('handle', bj('2026-02-13T16:00:00'), { amount: 4, unit: 'workHour' });
    expect(clock.deadlineAt).toEqual(bj('2026-02-14T11:00:00'));
    expect(clock.warnAt).toEqual(bj('2026-02-14T10:00:00'));
  });
  it('skips the National Day week for a 1 working-day limit', () => {
    const clock = ctx.platform.loop.clock('handle', bj('2026-09-30T10:00:00'), { amount: 1, unit: 'workDay' });
    expect(clock.deadlineAt).toEqual(bj('2026-10-08T10:00:00'));
  });
  it('keeps natural-hour limits (道路积水 4 h) on the clock, holiday or not', () => {
    const clock = ctx.platform.loop.clock('handle', bj('2026-10-01T22:00:00'), { amount: 4, unit: 'hour' });
    expect(clock.deadlineAt).toEqual(bj('2026-10-02T02:00:00'));
    expect(clock.warnAt).toEqual(bj('2026-10-02T01:00:00'));
  });
});

describe('duplicate reports', () => {
  it('suggests a nearby open case of the same category, merges it, and tells its reporter when the case closes', async () => {
    // A category no other test uses here, so the only candidate is the first report.
    const first = await report({ categoryCode: 'E0105', description: '垃圾桶满溢' });
    const again = await report({ categoryCode: 'E0105', description: '垃圾桶满溢，无人清理', lng: JFB.lng + 0.0002 }, 'jfb_op');
    const candidates = (again as unknown as { possibleDuplicates: Array<{ id: string; distanceM: number }> }).possibleDuplicates;
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.id).toBe(first.id);
    expect(candidates[0]!.distanceM).toBeGreaterThan(10);
    expect(candidates[0]!.distanceM).toBeLessThan(30);
    // The grid's stream hears of it in the same write: one possibleDuplicate event naming the first report.
    const [pushed] = await queryRows<{ unit_path: string; payload: { ref: string; candidates: string[] } }>(ctx.platform.database.db,
      sql`SELECT unit_path, payload FROM events WHERE type = 'case.possibleDuplicate' AND subject_id = ${again.id}`);
    expect(pushed!.payload).toEqual({ ref: again.ref, candidates: [first.ref] });
    expect(pushed!.unit_path).toBe(`/500103/500103003/500103003016/50010300301601/`);
    // Another street's operator reporting there may not read 解放碑's cases: no candidates in their answer (the push
    // to the centre's stream still names them).
    const outsider = await report({ categoryCode: 'E0105', description: '路过上报', lng: JFB.lng + 0.0001 }, 'qxg_op');
    expect((outsider as unknown as { possibleDuplicates: unknown[] }).possibleDuplicates).toEqual([]);
    const [outsiderPush] = await queryRows<{ payload: { candidates: string[] } }>(ctx.platform.database.db,
      sql`SELECT payload FROM events WHERE type = 'case.possibleDuplicate' AND subject_id = ${outsider.id}`);
    expect(outsiderPush!.payload.candidates).toContain(first.ref);
    const far = await report({ categoryCode: 'E0105', description: '另一处', lng: JFB.lng + 0.003 });
    expect((far as unknown as { possibleDuplicates: unknown[] }).possibleDuplicates.map((d) => (d as { id: string }).id)).not.toContain(first.id);
    expect(await queryRows(ctx.platform.database.db, sql`SELECT 1 FROM events WHERE type = 'case.possibleDuplicate' AND subject_id = ${far.id}`)).toEqual([]);
    const merged = await act(again.id, 'merge', 'jfb_op', { intoId: first.id, note: '同一处垃圾' });
    expect(merged.json().state).toBe('merged');
    expect((await detail(again.id)).body.duplicateOf).toBe(first.id);
    expect((await detail(first.id)).body.timeline.map((t: { action: string }) => t.action)).toContain('absorb');
    for (const [path, user, body] of [['register', 'jfb_op', {}], ['dispatch', 'jfb_op', {}], ['accept', 'cgj_handler', {}],
      ['handle', 'cgj_handler', {}], ['verify', 'grid_lhc01', {}], ['close', 'jfb_op', {}]] as const) {
      expect((await act(first.id, path, user, body)).statusCode).toBe(200);
    }
    await ctx.platform.relay.flush();
    const [ev] = await queryRows<{ subject_id: string }>(ctx.platform.database.db,
      sql`SELECT subject_id FROM events WHERE type = 'case.masterClosed' AND subject_id = ${again.id}`);
    expect(ev).toBeDefined();
  });
});

describe('category changes reach case intake', () => {
  it('uses a limit an admin just changed (the in-memory table reloads on the category event)', async () => {
    const res = await ctx.app.inject({
      method: 'PATCH', url: '/api/categories/E0106', headers: await ctx.as('admin'),
      payload: { limits: { register: { amount: 3, unit: 'hour' } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    await ctx.platform.relay.flush();
    await expect.poll(async () => {
      const c = await report({ categoryCode: 'E0106' });
      const d = await detail(c.id);
      return Math.round((new Date(d.body.deadlineAt).getTime() - new Date(d.body.reportedAt).getTime()) / 60_000);
    }, { timeout: 5000, interval: 200 }).toBe(180);
  });
});

describe('case numbers', () => {
  it('come from each database\'s own sequence, even with two platforms in one process', async () => {
    const other = await createTestContext();
    try {
      await report();
      const refs = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const res = await other.app.inject({
          method: 'POST', url: '/api/cases', headers: await other.as('grid_lhc01'),
          payload: { categoryCode: 'E0101', description: '编号测试', ...JFB },
        });
        expect(res.statusCode, res.body).toBe(201);
        refs.add(res.json().ref);
      }
      expect(refs.size).toBe(60);
    } finally {
      await other.close();
    }
  });
});

describe('the case ledger list', () => {
  it('counts exactly on a short last page and stops counting at the cap ("more than")', async () => {
    for (let i = 0; i < 4; i++) await report({ description: `台账计数 ${i}` });
    const db = ctx.platform.database.db;
    const all = await listCases(db, { scopePaths: ['/'], limit: 1000, offset: 0 });
    expect(all.capped).toBe(false);
    expect(all.total).toBe(all.rows.length);
    const capped = await listCases(db, { scopePaths: ['/'], limit: 2, offset: 0, countCap: 3 });
    expect(capped).toMatchObject({ total: 3, capped: true });
    expect(capped.rows).toHaveLength(2);
    const exact = await listCases(db, { scopePaths: ['/'], limit: 2, offset: 0, countCap: all.total });
    expect(exact).toMatchObject({ total: all.total, capped: false });
    const past = await listCases(db, { scopePaths: ['/'], limit: 2, offset: all.total + 10 });
    expect(past).toMatchObject({ rows: [], total: all.total, capped: false });
    const res = await ctx.app.inject({ method: 'GET', url: '/api/cases?limit=2', headers: await ctx.as('district_op') });
    expect(res.json()).toMatchObject({ total: all.total, totalCapped: false });
  });
});
