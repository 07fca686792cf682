import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

// 50010300301601 (莲花池社区第1网格, 解放碑街道) is grid_lhc01's grid; QXG lies in 七星岗街道, outside it.
const LHC = { lng: 106.576478, lat: 29.561311 };
const QXG = { lng: 106.566478, lat: 29.549284 };

async function report(user: string, description: string, at = LHC): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as(user),
    payload: { categoryCode: 'E0101', description, ...at },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function act(id: string, path: string, user: string, payload: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/${path}`, headers: await ctx.as(user), payload });
  expect(res.statusCode, res.body).toBe(200);
}

async function toHandled(id: string) {
  await act(id, 'register', 'district_op');
  await act(id, 'dispatch', 'district_op', { unitCode: 'D-CGJ' });
  await act(id, 'accept', 'cgj_handler');
  await act(id, 'handle', 'cgj_handler', { note: '已清运' });
}

async function history(user: string, query = '') {
  const res = await ctx.app.inject({ url: `/api/grid-worker/history${query}`, headers: await ctx.as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Array<{ id: string; state: string; myActions: string[]; myLastAt: string; categoryName: string }> };
}

describe('grid worker history', () => {
  it('lists what I reported and what I checked, one row per case, newest own step first', async () => {
    const mine = await report('grid_lhc01', '我上报的暴露垃圾');
    const others = await report('jfb_op', '街道上报，网格员核查');
    const reworked = await report('grid_lhc01', '我上报、核查不通过');
    const elsewhere = await report('grid_lhc01', '别的街道的问题', QXG);
    await toHandled(others);
    await act(others, 'verify', 'grid_lhc01', { note: '现场已清理' });
    await toHandled(reworked);
    await act(reworked, 'rework', 'grid_lhc01', { note: '仍有垃圾' });

    const all = await history('grid_lhc01');
    const ids = all.items.map((i) => i.id);
    // Newest own step first: the rework, then the verification, then the first report.
    expect(ids.slice(0, 3)).toEqual([reworked, others, mine]);
    expect(all.items[0]).toMatchObject({ state: 'dispatched', myActions: ['report', 'rework'], categoryName: expect.any(String) });
    expect(all.items[1]).toMatchObject({ state: 'verified', myActions: ['verify'] });
    expect(all.items[2]).toMatchObject({ state: 'reported', myActions: ['report'] });
    // Reported in another street: out of the worker's scope, so not listed (the detail would be a 404 too).
    expect(ids).not.toContain(elsewhere);
    expect(all.total).toBe(3);

    const reported = await history('grid_lhc01', '?kind=reported');
    expect(reported.items.map((i) => i.id)).toEqual([reworked, mine]);
    expect(reported.items[0]!.myActions).toEqual(['report']);
    const checked = await history('grid_lhc01', '?kind=checked&limit=1');
    expect(checked).toMatchObject({ total: 2, items: [{ id: reworked, myActions: ['rework'] }] });
    const page2 = await history('grid_lhc01', '?kind=checked&limit=1&offset=1');
    expect(page2.items.map((i) => i.id)).toEqual([others]);
  });

  it('is per person: another user sees only their own steps', async () => {
    const id = await report('grid_lhc01', '只属于网格员的上报');
    const theirs = await history('jfb_op', '?kind=reported&limit=500');
    expect(theirs.items.map((i) => i.id)).not.toContain(id);
  });

  it('needs a session and refuses unknown query fields', async () => {
    expect((await ctx.app.inject({ url: '/api/grid-worker/history' })).statusCode).toBe(401);
    const bad = await ctx.app.inject({ url: '/api/grid-worker/history?mine=true', headers: await ctx.as('grid_lhc01') });
    expect(bad.statusCode).toBe(400);
    const citizen = await ctx.app.inject({ url: '/api/grid-worker/history', headers: await ctx.as('citizen') });
    expect(citizen.statusCode).toBe(403);
  });
});
