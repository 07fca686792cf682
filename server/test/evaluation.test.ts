import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

// 综合评价 over a hand-built set of 8 cases driven through the real API (and the real deadline sweep).
//
//   case  street  grid             path                                                     handling unit
//   A     解放碑  …01601 (G1)      closed on time                                           D-CGJ
//   B     解放碑  G1               handled, 返工 once, handled again, closed on time         D-CGJ
//   C     解放碑  G1               dispatched to D-CGJ, 回退, redispatched to D-JTJ, closed  D-JTJ
//   D     解放碑  G1               overdue (sweep) while handling, handled late, closed late D-CGJ
//   E     解放碑  G1               不予立案 (rejected)                                        —
//   F     解放碑  …01604 (G2)      registered, dispatched, still open                        D-CGJ
//   G     七星岗  …01303 (GQ)      closed on time                                           D-CGJ
//   H     七星岗  GQ               registered late, dispatched, still open                   D-CGJ
//
// Handling times (handled_at − dispatched_at, natural hours) are set afterwards: A 2, B 6, C 3, D 10, G 1.

let ctx: TestContext;
const JFB_G1 = { lng: 106.576478, lat: 29.561311 }; // 50010300301601, 解放碑街道
const JFB_G2 = { lng: 106.578, lat: 29.559 }; // 50010300301604, 解放碑街道
const QXG = { lng: 106.57, lat: 29.554 }; // 50010300101303, 七星岗街道
const ids: Record<string, string> = {};

const day = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const FROM = day(-1);
const TO = day(2);

async function report(where: { lng: number; lat: number }, user = 'grid_lhc01') {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as(user),
    payload: { categoryCode: 'E0101', description: '人行道上有暴露垃圾', ...where },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; streetCode: string; gridCode: string };
}

async function steps(id: string, list: Array<[path: string, user: string, payload?: Record<string, unknown>]>) {
  for (const [path, user, payload] of list) {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/${path}`, headers: await ctx.as(user), payload: payload ?? {} });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  }
}

const sweep = () => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep(uow));
const db = () => ctx.platform.database.db;

async function get(url: string, user: string) {
  const res = await ctx.app.inject({ url, headers: await ctx.as(user) });
  return { status: res.statusCode, body: res.json() };
}

async function rankings(level: string, user = 'admin', extra = '') {
  const res = await get(`/api/evaluation/rankings?level=${level}&from=${FROM}&to=${TO}${extra}`, user);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Array<{ rank: number | null; code: string; reported: number; composite: number | null; indicators: Record<string, { value: number | null; display: string; numerator: number; denominator: number; score: number | null }> }>;
}

/** The indicator values of one row as { key: [numerator, denominator, value] }. */
function figures(row: { indicators: Record<string, { value: number | null; numerator: number; denominator: number }> }) {
  return Object.fromEntries(Object.entries(row.indicators).map(([k, f]) => [k, [f.numerator, f.denominator, f.value]]));
}

beforeAll(async () => {
  ctx = await createTestContext();
  const close: Array<[string, string, Record<string, unknown>?]> = [['verify', 'grid_lhc01', { note: '现场已清理' }], ['close', 'jfb_op']];
  const handle: Array<[string, string, Record<string, unknown>?]> = [['accept', 'cgj_handler'], ['handle', 'cgj_handler', { note: '已清运' }]];

  ids.A = (await report(JFB_G1)).id;
  await steps(ids.A, [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ...handle, ...close]);

  ids.B = (await report(JFB_G1)).id;
  await steps(ids.B, [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ...handle, ['rework', 'grid_lhc01', { note: '现场仍有垃圾' }], ...handle, ...close]);

  ids.C = (await report(JFB_G1)).id;
  await steps(ids.C, [
    ['register', 'jfb_op'], ['dispatch', 'jfb_op', { unitCode: 'D-CGJ' }], ['send-back', 'cgj_handler', { note: '不属于本部门职责' }],
    ['dispatch', 'jfb_op', { unitCode: 'D-JTJ' }], ['accept', 'admin'], ['handle', 'admin', { note: '已处理' }], ...close,
  ]);

  ids.D = (await report(JFB_G1)).id;
  await steps(ids.D, [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ['accept', 'cgj_handler']]);
  await db().execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes', deadline_at = now() - interval '1 minute' WHERE id = ${ids.D}`);
  await sweep();
  await steps(ids.D, [['handle', 'cgj_handler', { note: '已清运' }], ...close]);

  ids.E = (await report(JFB_G1)).id;
  await steps(ids.E, [['reject', 'jfb_op', { note: '不属于城市管理问题' }]]);

  ids.F = (await report(JFB_G2)).id;
  await steps(ids.F, [['register', 'jfb_op'], ['dispatch', 'jfb_op']]);

  ids.G = (await report(QXG)).id;
  await steps(ids.G, [['register', 'qxg_op'], ['dispatch', 'qxg_op'], ...handle, ['verify', 'qxg_op'], ['close', 'qxg_op']]);

  ids.H = (await report(QXG)).id;
  await db().execute(sql`UPDATE work_items SET deadline_at = now() - interval '1 minute' WHERE id = ${ids.H}`);
  await steps(ids.H, [['register', 'qxg_op'], ['dispatch', 'qxg_op']]);

  for (const [k, h] of Object.entries({ A: 2, B: 6, C: 3, D: 10, G: 1 })) {
    await db().execute(sql`UPDATE cases SET handled_at = dispatched_at + make_interval(hours => ${h}) WHERE id = ${ids[k]!}`);
  }
}, 120_000);
afterAll(async () => ctx?.close());

describe('evaluation (综合评价)', () => {
  it('built the cases it meant to: placement, counters and on-time flags', async () => {
    const [jfb2, qxg] = await Promise.all([
      ctx.app.inject({ url: `/api/cases/${ids.F}`, headers: await ctx.as('admin') }),
      ctx.app.inject({ url: `/api/cases/${ids.G}`, headers: await ctx.as('admin') }),
    ]);
    expect(jfb2.json()).toMatchObject({ streetCode: '500103003', gridCode: '50010300301604' });
    expect(qxg.json()).toMatchObject({ streetCode: '500103001', gridCode: '50010300101303' });
    const c = (await ctx.app.inject({ url: `/api/cases/${ids.C}`, headers: await ctx.as('admin') })).json();
    expect(c).toMatchObject({ dispatchCount: 2, sendBackCount: 1, handlingUnit: 'D-JTJ', state: 'closed' });
    const d = (await ctx.app.inject({ url: `/api/cases/${ids.D}`, headers: await ctx.as('admin') })).json();
    expect(d.timeline.map((t: { action: string }) => t.action)).toContain('overdue');
  });

  it('ranks streets with every indicator, the composite under default weights and the rank', async () => {
    const rows = await rankings('street');
    expect(rows.map((r) => [r.rank, r.code])).toEqual([[1, '500103003'], [2, '500103001']]);
    const [jfb, qxg] = rows;
    // 解放碑 (A–F): 应结案 A B C D F = 5 (E rejected); 结案 A B C D = 4 → 80 %; 按期结案 A B C = 3 → 60 %;
    // 处置 A B C D = 4, 按期 A B C = 3 → 75 %; 返工 1 (B) / 4 → 25 % (score 75);
    // 派遣 A1 + B1 + C2 + D1 + F1 = 6, 准确 6 − 1 (C sent back) = 5 → 83.33 %; 立案 5, 按时 5 → 100 %;
    // 平均处置时长 (2 + 6 + 3 + 10) / 4 = 5.25 h ≤ 24 h target → score 100.
    expect(jfb!.reported).toBe(6);
    expect(figures(jfb!)).toEqual({
      closed_rate: [4, 5, 80], closed_on_time_rate: [3, 5, 60], handled_on_time_rate: [3, 4, 75], rework_rate: [1, 4, 25],
      dispatch_accuracy: [5, 6, 83.33], registered_on_time_rate: [5, 5, 100], avg_handle_hours: [21, 4, 5.25],
    });
    expect(jfb!.indicators.rework_rate!.score).toBe(75);
    expect(jfb!.indicators.avg_handle_hours!.score).toBe(100);
    // Weights 20 20 20 10 10 10 10: (20·80 + 20·60 + 20·75 + 10·75 + 10·83.333 + 10·100 + 10·100) / 100 = 78.83
    expect(jfb!.composite).toBe(78.83);
    // 七星岗 (G, H): 应结案 2, 结案 1 → 50 %; 按期结案 1 → 50 %; 处置 1 on time → 100 %; 返工 0/1 → 0 % (score 100);
    // 派遣 2, 准确 2 → 100 %; 立案 2, 按时 1 (H late) → 50 %; 平均处置时长 1 h → score 100.
    expect(qxg!.reported).toBe(2);
    expect(figures(qxg!)).toEqual({
      closed_rate: [1, 2, 50], closed_on_time_rate: [1, 2, 50], handled_on_time_rate: [1, 1, 100], rework_rate: [0, 1, 0],
      dispatch_accuracy: [2, 2, 100], registered_on_time_rate: [1, 2, 50], avg_handle_hours: [1, 1, 1],
    });
    // (20·50 + 20·50 + 20·100 + 10·100 + 10·100 + 10·50 + 10·100) / 100 = 75
    expect(qxg!.composite).toBe(75);
    expect(jfb!.indicators.closed_rate!.display).toBe('80.0%');
  });

  it('ranks departments by the unit each case was last dispatched to', async () => {
    const rows = await rankings('department');
    expect(rows.map((r) => [r.rank, r.code])).toEqual([[1, 'D-JTJ'], [2, 'D-CGJ']]);
    const [jtj, cgj] = rows;
    // D-CGJ (A B D F G H): 应结案 6, 结案 A B D G = 4 → 66.67 %; 按期结案 A B G = 3 → 50 %; 处置 A B D G = 4, 按期 3 → 75 %;
    // 返工 1/4 → 25 %; 派遣 6, 准确 6 → 100 %; 立案 6, 按时 5 (H) → 83.33 %; hours (2 + 6 + 10 + 1) / 4 = 4.75.
    expect(figures(cgj!)).toEqual({
      closed_rate: [4, 6, 66.67], closed_on_time_rate: [3, 6, 50], handled_on_time_rate: [3, 4, 75], rework_rate: [1, 4, 25],
      dispatch_accuracy: [6, 6, 100], registered_on_time_rate: [5, 6, 83.33], avg_handle_hours: [19, 4, 4.75],
    });
    // Department weights 20 20 30 20 0 0 10: (20·66.667 + 20·50 + 30·75 + 20·75 + 10·100) / 100 = 70.83
    expect(cgj!.composite).toBe(70.83);
    // D-JTJ (C): everything 100 except 派遣 2, 准确 1 → 50 %, which weighs 0 for departments → 100.
    expect(figures(jtj!)).toEqual({
      closed_rate: [1, 1, 100], closed_on_time_rate: [1, 1, 100], handled_on_time_rate: [1, 1, 100], rework_rate: [0, 1, 0],
      dispatch_accuracy: [1, 2, 50], registered_on_time_rate: [1, 1, 100], avg_handle_hours: [3, 1, 3],
    });
    expect(jtj!.composite).toBe(100);
  });

  it('ranks grids, reweighting over the indicators that have a value', async () => {
    const rows = await rankings('grid');
    expect(rows.map((r) => [r.rank, r.code, r.composite])).toEqual([
      // G1 (A–E): 结案 4/4 = 100, 按期结案 3/4 = 75, 按期处置 3/4 = 75, 返工 25 (75), 派遣 4/5 = 80, 立案 100, hours 100:
      // (2000 + 1500 + 1500 + 750 + 800 + 1000 + 1000) / 100 = 85.5
      [1, '50010300301601', 85.5],
      // GQ: the same cases as 七星岗 street → 75
      [2, '50010300101303', 75],
      // G2 (F): 结案 0/1, 按期结案 0/1, 派遣 1/1, 立案 1/1; no handled case, so 按期处置, 返工 and hours drop out:
      // (20·0 + 20·0 + 10·100 + 10·100) / (20 + 20 + 10 + 10) = 33.33
      [3, '50010300301604', 33.33],
    ]);
    const g2 = rows[2]!;
    expect(g2.indicators.handled_on_time_rate).toMatchObject({ value: null, display: '—', numerator: 0, denominator: 0, score: null });
    expect(g2.indicators.avg_handle_hours!.value).toBeNull();
  });

  it('pages and sorts a ranking on the server; the chart\'s top stays the best by composite', async () => {
    const page = await get(`/api/evaluation/rankings?level=grid&from=${FROM}&to=${TO}&limit=2&offset=1`, 'admin');
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((r: { code: string }) => r.code)).toEqual(['50010300101303', '50010300301604']);
    expect(page.body.top.map((r: { code: string }) => r.code)).toEqual(['50010300301601', '50010300101303', '50010300301604']);
    const worstFirst = await get(`/api/evaluation/rankings?level=grid&from=${FROM}&to=${TO}&sort=closed_rate&order=asc`, 'admin');
    expect(worstFirst.body.items[0].code).toBe('50010300301604');
    expect((await get(`/api/evaluation/rankings?level=grid&from=${FROM}&to=${TO}&sort=bogus`, 'admin')).status).toBe(400);
  });

  it('lists exactly the cases a figure counted, flagging the numerator', async () => {
    const list = async (unit: string, indicator: string, user = 'admin') =>
      get(`/api/evaluation/cases?unit=${unit}&indicator=${indicator}&from=${FROM}&to=${TO}`, user);
    const byId = (items: Array<{ id: string; inNumerator: boolean; numerator: number; denominator: number }>) =>
      Object.fromEntries(items.map((i) => [Object.keys(ids).find((k) => ids[k] === i.id), [i.inNumerator, i.numerator, i.denominator]]));

    const closed = await list('500103003', 'closed_rate');
    expect(closed.status).toBe(200);
    expect(closed.body.total).toBe(5);
    expect(byId(closed.body.items)).toEqual({ A: [true, 1, 1], B: [true, 1, 1], C: [true, 1, 1], D: [true, 1, 1], F: [false, 0, 1] });

    const dispatch = await list('500103003', 'dispatch_accuracy');
    expect(byId(dispatch.body.items)).toEqual({ A: [true, 1, 1], B: [true, 1, 1], C: [true, 1, 2], D: [true, 1, 1], F: [true, 1, 1] });

    const rework = await list('D-CGJ', 'rework_rate');
    expect(byId(rework.body.items)).toEqual({ A: [false, 0, 1], B: [true, 1, 1], D: [false, 0, 1], G: [false, 0, 1] });

    const hours = await list('500103003', 'avg_handle_hours');
    expect(byId(hours.body.items)).toEqual({ A: [true, 2, 1], B: [true, 6, 1], C: [true, 3, 1], D: [true, 10, 1] });

    const registered = await list('50010300101303', 'registered_on_time_rate');
    expect(byId(registered.body.items)).toEqual({ G: [true, 1, 1], H: [false, 0, 1] });

    // Paging keeps the total.
    const page = await get(`/api/evaluation/cases?unit=500103003&indicator=closed_rate&from=${FROM}&to=${TO}&limit=2&offset=4`, 'admin');
    expect(page.body).toMatchObject({ total: 5 });
    expect(page.body.items).toHaveLength(1);
  });

  it('scopes a street operator to its street: its row, its grids, departments over its cases; 404 elsewhere', async () => {
    expect((await rankings('street', 'jfb_op')).map((r) => r.code)).toEqual(['500103003']);
    expect((await rankings('grid', 'jfb_op')).map((r) => [r.rank, r.code])).toEqual([[1, '50010300301601'], [2, '50010300301604']]);
    // D-CGJ over 解放碑's cases (A B D F): 结案 3/4.
    const cgj = (await rankings('department', 'jfb_op')).find((r) => r.code === 'D-CGJ')!;
    expect(figures(cgj).closed_rate).toEqual([3, 4, 75]);

    const other = await get(`/api/evaluation/cases?unit=500103001&indicator=closed_rate&from=${FROM}&to=${TO}`, 'jfb_op');
    expect(other.status).toBe(404);
    const otherGrid = await get(`/api/evaluation/cases?unit=50010300301601&indicator=closed_rate&from=${FROM}&to=${TO}`, 'qxg_op');
    expect(otherGrid.status).toBe(404);
    const otherStreet = await get(`/api/evaluation/rankings?level=grid&from=${FROM}&to=${TO}&street=500103003`, 'qxg_op');
    expect(otherStreet.status).toBe(404);
    const deptOwn = await get(`/api/evaluation/cases?unit=D-CGJ&indicator=closed_rate&from=${FROM}&to=${TO}`, 'qxg_op');
    expect(deptOwn.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.G, ids.H].sort());
    // A district user may narrow to one street.
    expect((await rankings('grid', 'leader', '&street=500103001')).map((r) => r.code)).toEqual(['50010300101303']);
    // A department handler holds no evaluation:read; a data officer at 大数据局 sees only its own department (no cases).
    expect((await get(`/api/evaluation/rankings?level=street&from=${FROM}&to=${TO}`, 'cgj_handler')).status).toBe(403);
    expect(await rankings('department', 'data_officer')).toEqual([]);
  });

  it('refuses bad periods and unknown indicators with 400, unknown units with 404', async () => {
    expect((await get(`/api/evaluation/rankings?level=street&from=${TO}&to=${FROM}`, 'admin')).status).toBe(400);
    expect((await get(`/api/evaluation/rankings?level=street&from=2026-02-30&to=${TO}`, 'admin')).status).toBe(400);
    expect((await get(`/api/evaluation/rankings?level=community&from=${FROM}&to=${TO}`, 'admin')).status).toBe(400);
    expect((await get(`/api/evaluation/cases?unit=500103003&indicator=speed&from=${FROM}&to=${TO}`, 'admin')).status).toBe(400);
    expect((await get(`/api/evaluation/cases?unit=500103003016&indicator=closed_rate&from=${FROM}&to=${TO}`, 'admin')).status).toBe(404);
    // A period without cases ranks nobody.
    expect((await get('/api/evaluation/rankings?level=street&from=2024-01-01&to=2024-02-01', 'admin')).body.items).toEqual([]);
  });

  it('lets a district admin change weights and the hours target (audited); others are refused', async () => {
    const weights = await get('/api/evaluation/weights', 'leader');
    expect(weights.status).toBe(200);
    expect(weights.body.items.find((w: { scope: string; indicator: string }) => w.scope === 'street' && w.indicator === 'avg_handle_hours'))
      .toMatchObject({ weight: 10, target: 24, name: '平均处置时长' });

    const put = async (payload: Record<string, unknown>, user = 'admin') =>
      ctx.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: await ctx.as(user), payload });

    expect((await put({ scope: 'street', targetHours: 5 }, 'leader')).statusCode).toBe(403);
    const allZero = await put({ scope: 'street', weights: {
      closed_rate: 0, closed_on_time_rate: 0, handled_on_time_rate: 0, rework_rate: 0, dispatch_accuracy: 0, registered_on_time_rate: 0, avg_handle_hours: 0,
    } });
    expect(allZero.statusCode).toBe(400);
    expect((await put({ scope: 'street', weights: { speed: 5 } })).statusCode).toBe(400);

    const ok = await put({ scope: 'street', targetHours: 5 });
    expect(ok.statusCode, ok.body).toBe(200);
    // 解放碑's mean 5.25 h against a 5 h target scores 100 · 5 / 5.25 = 95.24; the composite loses
    // 10 · (100 − 95.238) / 100 = 0.476: 78.833 − 0.476 = 78.36.
    const jfb = (await rankings('street')).find((r) => r.code === '500103003')!;
    expect(jfb.indicators.avg_handle_hours!.score).toBe(95.24);
    expect(jfb.composite).toBe(78.36);

    // Weighing only 结案率 makes the composite the closure rate.
    await put({ scope: 'street', targetHours: 24, weights: {
      closed_rate: 1, closed_on_time_rate: 0, handled_on_time_rate: 0, rework_rate: 0, dispatch_accuracy: 0, registered_on_time_rate: 0, avg_handle_hours: 0,
    } });
    expect((await rankings('street')).map((r) => [r.code, r.composite])).toEqual([['500103003', 80], ['500103001', 50]]);

    const [audit] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'evaluation.weights-update'`);
    expect(Number(audit!.n)).toBe(2);
  });
});
