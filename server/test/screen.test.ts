import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { createTestContext, type TestContext } from './harness.js';

// 一屏掌控 aggregates over seven hand-built cases driven through the real API (and the real deadline sweep):
//
//   case  street  state                                    warn     notes
//   A     解放碑  closed today (on time)                   none
//   B     解放碑  dispatched                               red      deadline moved into the past, swept
//   C     解放碑  reported (not registered)                none     grid G2
//   D     解放碑  dispatched                               yellow   yellow line moved into the past, swept
//   E     七星岗  rejected                                 none     final but not closed: no marker, not open
//   F     七星岗  dispatched                               none
//   G     七星岗  closed today, reported two days ago      none     reported_at moved back (the rollup follows)

let ctx: TestContext;
const JFB_G1 = { lng: 106.576478, lat: 29.561311 }; // 50010300301601, 解放碑街道
const JFB_G2 = { lng: 106.578, lat: 29.559 }; // 50010300301604, 解放碑街道
const QXG = { lng: 106.57, lat: 29.554 }; // 50010300101303, 七星岗街道
const JFB = '500103003';
const QXG_CODE = '500103001';
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

async function report(where: { lng: number; lat: number }) {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as('grid_lhc01'),
    payload: { categoryCode: 'E0101', description: '人行道上有暴露垃圾', ...where },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string };
}

async function steps(id: string, list: Array<[path: string, user: string, payload?: Record<string, unknown>]>) {
  for (const [path, user, payload] of list) {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/${path}`, headers: await ctx.as(user), payload: payload ?? {} });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  }
}

async function get(url: string, user: string) {
  const res = await ctx.app.inject({ url, headers: await ctx.as(user) });
  return { status: res.statusCode, body: res.json() };
}

const sweep = () => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep(uow));
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
  const handle: Array<[string, string, Record<string, unknown>?]> = [['accept', 'cgj_handler'], ['handle', 'cgj_handler', { note: '已清运' }]];
  for (const [k, where] of [['A', JFB_G1], ['B', JFB_G1], ['C', JFB_G2], ['D', JFB_G1], ['E', QXG], ['F', QXG], ['G', QXG]] as const) {
    const r = await report(where);
    ids[k] = r.id;
    refs[k] = r.ref;
  }
  await steps(ids.A!, [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ...handle, ['verify', 'grid_lhc01'], ['close', 'jfb_op']]);
  await steps(ids.B!, [['register', 'jfb_op'], ['dispatch', 'jfb_op']]);
  await steps(ids.D!, [['register', 'jfb_op'], ['dispatch', 'jfb_op']]);
  await db().execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes', deadline_at = now() - interval '1 minute' WHERE id = ${ids.B!}`);
  await db().execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes', deadline_at = now() + interval '1 day' WHERE id = ${ids.D!}`);
  await sweep();
  await steps(ids.E!, [['reject', 'qxg_op', { note: '不属于城市管理问题' }]]);
  await steps(ids.F!, [['register', 'qxg_op'], ['dispatch', 'qxg_op']]);
  await steps(ids.G!, [['register', 'qxg_op'], ['dispatch', 'qxg_op'], ...handle, ['verify', 'qxg_op'], ['close', 'qxg_op']]);
  await db().execute(sql`UPDATE cases SET reported_at = now() - interval '2 days' WHERE id = ${ids.G!}`);
}, 120_000);
afterAll(async () => ctx?.close());

type Marker = [string, number, number, string, string];

describe('big screen (一屏掌控)', () => {
  it('sums the district: today, open, overdue, warning, closed today and the 30-day rates', async () => {
    const { status, body } = await get('/api/screen/summary', 'leader');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.unit).toMatchObject({ code: '500103', kind: 'district', name: '渝中区' });
    expect(body.parent).toBeNull();
    // Reported today: A–F (G moved two days back). Open: B C D F. Closed today: A and G.
    // Due (registered, not a duplicate): A B D F G = 5; closed A G = 2 → 40 %; both on time → 40 %.
    expect(body.figures).toEqual({
      reportedToday: 6, open: 4, overdue: 1, warning: 1, closedToday: 2, rateDays: 30,
      due: 5, closed: 2, closedOnTime: 2, closedRate: 40, onTimeRate: 40,
    });
  });

  it('gives the 7-day trend by reported day, the 24-hour trend by hour and the category mix', async () => {
    const { body } = await get('/api/screen/summary?unit=500103', 'district_op');
    expect(body.trend7d).toHaveLength(7);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const twoDaysAgo = new Date(Date.now() + 8 * 3_600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
    expect(body.trend7d[6]).toEqual({ day: today, reported: 6, closed: 1 });
    expect(body.trend7d[4]).toEqual({ day: twoDaysAgo, reported: 1, closed: 1 });
    expect(body.trend7d.reduce((s: number, d: { reported: number }) => s + d.reported, 0)).toBe(7);
    expect(body.trend24h).toHaveLength(24);
    const hours = body.trend24h as Array<{ hour: string; reported: number; closed: number }>;
    expect(hours.reduce((s, h) => s + h.reported, 0)).toBe(6);
    expect(hours.reduce((s, h) => s + h.closed, 0)).toBe(2);
    expect(new Date(hours[23]!.hour).getTime()).toBeLessThanOrEqual(Date.now());
    expect(body.categories).toEqual([{ kind: 'event', majorCode: '01', majorName: '市容环境', majorNameEn: 'City appearance and sanitation', count: 7 }]);
  });

  it('ranks all eleven streets, those with cases first, with open and overdue counts', async () => {
    const { body } = await get('/api/screen/summary', 'leader');
    const rows = body.ranking.rows as Array<{ code: string; rank: number | null; composite: number | null; open: number; overdue: number; closedRate: number | null }>;
    expect(body.ranking.level).toBe('street');
    expect(rows).toHaveLength(11);
    expect(rows.slice(0, 2).map((r) => r.code).sort()).toEqual([QXG_CODE, JFB]);
    expect(rows.slice(2).every((r) => r.rank === null && r.open === 0)).toBe(true);
    const jfb = rows.find((r) => r.code === JFB)!;
    const qxg = rows.find((r) => r.code === QXG_CODE)!;
    // 解放碑: due A B D, closed A → 33.3 %; open B C D, overdue B. 七星岗: due F G, closed G → 50 %; open F.
    expect(jfb).toMatchObject({ open: 3, overdue: 1, closedRate: 33.33 });
    expect(qxg).toMatchObject({ open: 1, overdue: 0, closedRate: 50 });
    expect(jfb.composite).not.toBeNull();
  });

  it('lists the latest activity newest first', async () => {
    const { body } = await get('/api/screen/summary', 'leader');
    const feed = body.feed as Array<{ ref: string; action: string; toState: string | null; caseId: string }>;
    // Timeline entries: A 7 (report … close), B 5 (report, register, dispatch, warn, overdue), C 1, D 4, E 2, F 3, G 7.
    expect(feed).toHaveLength(29);
    expect(feed[0]).toMatchObject({ caseId: ids.G, action: 'close', toState: 'closed', ref: refs.G });
    const inA = (await get(`/api/screen/summary?unit=${JFB}`, 'leader')).body.feed as typeof feed;
    expect(new Set(inA.map((f) => f.caseId))).toEqual(new Set([ids.A, ids.B, ids.C, ids.D]));
  });

  it('returns markers of open cases and today\'s closures as compact rows', async () => {
    const { status, body } = await get('/api/screen/markers', 'leader');
    expect(status).toBe(200);
    expect(body.columns).toEqual(['id', 'lng', 'lat', 'state', 'warnLevel']);
    const byId = new Map((body.items as Marker[]).map((m) => [m[0], m]));
    expect([...byId.keys()].sort()).toEqual([ids.A, ids.B, ids.C, ids.D, ids.F, ids.G].sort());
    expect(byId.get(ids.A!)!.slice(1)).toEqual([JFB_G1.lng, JFB_G1.lat, 'closed', 'none']);
    expect(byId.get(ids.B!)!.slice(3)).toEqual(['dispatched', 'red']);
    expect(byId.get(ids.C!)!.slice(3)).toEqual(['reported', 'none']);
    expect(byId.get(ids.D!)!.slice(3)).toEqual(['dispatched', 'yellow']);

    const street = await get(`/api/screen/markers?unit=${JFB}`, 'leader');
    expect((street.body.items as Marker[]).map((m) => m[0]).sort()).toEqual([ids.A, ids.B, ids.C, ids.D].sort());
    // A few by id (live updates): the rejected E is no marker any more.
    const few = await get(`/api/screen/markers?ids=${ids.E},${ids.B}`, 'leader');
    expect((few.body.items as Marker[]).map((m) => m[0])).toEqual([ids.B]);
    expect((await get('/api/screen/markers?ids=not-a-uuid', 'leader')).status).toBe(400);
  });

  it('shows a street operator their own street only', async () => {
    const own = await get('/api/screen/summary', 'jfb_op');
    expect(own.status).toBe(200);
    expect(own.body.unit).toMatchObject({ code: JFB, kind: 'street' });
    expect(own.body.parent).toBeNull();
    expect(own.body.figures).toEqual({
      reportedToday: 4, open: 3, overdue: 1, warning: 1, closedToday: 1, rateDays: 30,
      due: 3, closed: 1, closedOnTime: 1, closedRate: 33.3, onTimeRate: 33.3,
    });
    expect(own.body.ranking.level).toBe('grid');
    expect(own.body.ranking.rows[0]).toMatchObject({ code: '50010300301601', rank: 1, open: 2, overdue: 1 });
    expect(own.body.ranking.rows.every((r: { code: string }) => r.code.startsWith(JFB))).toBe(true);
    expect((await get('/api/screen/markers', 'jfb_op')).body.items).toHaveLength(4);

    for (const url of [`/api/screen/summary?unit=${QXG_CODE}`, '/api/screen/summary?unit=500103', `/api/screen/markers?unit=${QXG_CODE}`,
      '/api/screen/summary?unit=50010300301601', '/api/screen/summary?unit=NOPE']) {
      const r = await get(url, 'jfb_op');
      expect(r.status, url).toBe(404);
    }
    // The district leader sees the street with a way back to the district.
    const led = await get(`/api/screen/summary?unit=${JFB}`, 'leader');
    expect(led.body.parent).toEqual({ code: '500103' });
  });

  it('refuses callers without evaluation:read', async () => {
    for (const user of ['cgj_handler', 'citizen', 'grid_lhc01']) {
      expect((await get('/api/screen/summary', user)).status, user).toBe(403);
      expect((await get('/api/screen/markers', user)).status, user).toBe(403);
    }
    expect((await ctx.app.inject({ url: '/api/screen/markers' })).statusCode).toBe(401);
  });
});
