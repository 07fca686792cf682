import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

// 监督一览无余 over a prepared set of items of three kinds, turned yellow and red by the real deadline sweep
// (run once, three hours ahead of the clock):
//
//   item                                   owner            clock          at sweep (now + 3 h 5 min)
//   receipt of directive A                 莲花池第1网格    sign 1 h       red       (解放碑 subtree, 莲花池社区)
//   receipt of directive A                 七星岗街道       sign 1 h       red
//   receipt of directive B                 解放碑街道       sign 4 h       yellow    (75 % = 3 h)
//   receipt of directive B                 区城管局         sign 4 h       yellow
//   milestone of task 1                    七星岗街道       due + 4 h      yellow
//   milestone of task 2                    区城管局         due + 2 h      red
//   case reported in 莲花池第1网格          解放碑街道       register       red       (owned by the street until registered)
//   receipt of directive C                 大坪街道         sign 8 h       none      (not on the board)

let ctx: TestContext;
const JFB = '500103003';
const QXG = '500103001';
const DP = '500103012';
const LHC = '500103003016';
const LHC_GRID = '50010300301601';
const ids: Record<string, string> = {};

async function call(method: 'GET' | 'POST', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

async function ok<T = any>(method: 'GET' | 'POST', url: string, user: string, payload?: unknown): Promise<T> {
  const res = await call(method, url, user, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json() as T;
}

async function receiptOf(directiveId: string, unit: string): Promise<string> {
  const list = await ok('GET', `/api/receipts?directiveId=${directiveId}&limit=50`, 'admin');
  return list.items.find((i: { unitCode: string }) => i.unitCode === unit).id;
}

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  ctx = await createTestContext();
  const base = { body: '请按要求落实。', requires: { report: false, forward: true } };
  const a = await ok('POST', '/api/directives', 'district_op', { ...base, title: '防汛隐患排查部署', targets: { units: [LHC_GRID, QXG] }, signBy: { amount: 1, unit: 'hour' } });
  const b = await ok('POST', '/api/directives', 'district_op', { ...base, title: '新年夜安保部署', targets: { units: [JFB, 'D-CGJ'] }, signBy: { amount: 4, unit: 'hour' } });
  const c = await ok('POST', '/api/directives', 'district_op', { ...base, title: '文明城区创建', targets: { units: [DP] }, signBy: { amount: 8, unit: 'hour' } });
  ids.aGrid = await receiptOf(a.id, LHC_GRID);
  ids.aQxg = await receiptOf(a.id, QXG);
  ids.bJfb = await receiptOf(b.id, JFB);
  ids.bCgj = await receiptOf(b.id, 'D-CGJ');
  ids.cDp = await receiptOf(c.id, DP);
  const list = await ok('POST', '/api/responsibility-lists', 'district_op', {
    title: '第12次区政府常务会议议定事项', source: { kind: 'meeting', ref: '第12次常务会' },
    tasks: [
      { title: '十八梯片区消防通道整治', ownerUnit: QXG, responsible: { name: '张三' }, milestones: [{ name: '完成排查', due: { at: inHours(4) } }] },
      { title: '解放碑步行街占道清理', ownerUnit: 'D-CGJ', responsible: { name: '李四' }, milestones: [{ name: '完成清理', due: { at: inHours(2) } }] },
    ],
  });
  ids.list = list.id;
  const detail = await ok('GET', `/api/responsibility-lists/${list.id}`, 'district_op');
  const milestoneOf = (owner: string) => detail.tasks.find((t: { ownerUnit: string }) => t.ownerUnit === owner).milestones[0].id as string;
  ids.mQxg = milestoneOf(QXG);
  ids.mCgj = milestoneOf('D-CGJ');
  ids.case = (await ok('POST', '/api/cases', 'grid_lhc01', { categoryCode: 'E0101', description: '人行道上有暴露垃圾', lng: 106.576478, lat: 29.561311 })).id;

  const at = new Date(Date.now() + (3 * 60 + 5) * 60_000);
  await ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep({ ...uow, now: at }));
  await ok('POST', `/api/receipts/${ids.aQxg}/supervise`, 'leader', { note: '请七星岗街道立即签收', deadlineAt: inHours(-1) });
  await ok('POST', `/api/milestones/${ids.mCgj}/supervise`, 'leader', { note: '区城管局务必本周完成' });
}, 120_000);
afterAll(async () => ctx?.close());

type Row = { code: string; self: boolean; red: number; yellow: number; byKind: Record<string, { red: number; yellow: number }> };

describe('supervision board (监督一览无余)', () => {
  it('prepared what it meant to: levels after the sweep', async () => {
    const rows = await queryRows<{ id: string; kind: string; warn_level: string; owner_unit: string }>(ctx.platform.database.db,
      sql`SELECT id, kind, warn_level, owner_unit FROM work_items WHERE kind IN ('receipt', 'milestone', 'case')`);
    const level = Object.fromEntries(rows.map((r) => [r.id, r.warn_level]));
    expect([ids.aGrid, ids.aQxg, ids.mCgj, ids.case].map((id) => level[id!])).toEqual(['red', 'red', 'red', 'red']);
    expect([ids.bJfb, ids.bCgj, ids.mQxg].map((id) => level[id!])).toEqual(['yellow', 'yellow', 'yellow']);
    expect(level[ids.cDp!]).toBe('none');
    expect(rows.find((r) => r.id === ids.case)!.owner_unit).toBe(JFB);
  });

  it('gives the district its streets and departments, red and yellow per kind, most red first', async () => {
    const b = await ok('GET', '/api/supervision/board', 'district_op');
    expect(b.unit).toMatchObject({ code: '500103', kind: 'district', parentCode: null });
    expect(b.totals).toEqual({
      red: 4, yellow: 3,
      byKind: { receipt: { red: 2, yellow: 2 }, milestone: { red: 1, yellow: 1 }, case: { red: 1, yellow: 0 } },
    });
    const units = b.units as Row[];
    expect(units[0]).toMatchObject({ code: '500103', self: true, red: 0, yellow: 0 });
    const of = (code: string) => units.find((u) => u.code === code)!;
    expect(of(JFB)).toMatchObject({ red: 2, yellow: 1, byKind: { receipt: { red: 1, yellow: 1 }, case: { red: 1, yellow: 0 } }, hasChildren: true });
    expect(of(QXG)).toMatchObject({ red: 1, yellow: 1, byKind: { receipt: { red: 1, yellow: 0 }, milestone: { red: 0, yellow: 1 } } });
    expect(of('D-CGJ')).toMatchObject({ red: 1, yellow: 1, byKind: { receipt: { red: 0, yellow: 1 }, milestone: { red: 1, yellow: 0 } } });
    expect(of(DP)).toMatchObject({ red: 0, yellow: 0, byKind: {} });
    // Every street and department has a row; the most overdue come first.
    expect(units.filter((u) => !u.self).length).toBeGreaterThanOrEqual(32);
    expect(units.slice(1, 4).map((u) => u.code)).toEqual([JFB, QXG, 'D-CGJ'].sort((x, y) => of(y).red - of(x).red || of(y).yellow - of(x).yellow || x.localeCompare(y)));
  });

  it('breaks a street down by community, with the street\'s own items as its own row', async () => {
    const b = await ok('GET', `/api/supervision/board?under=${JFB}`, 'district_op');
    expect(b.unit).toMatchObject({ code: JFB, parentCode: '500103' });
    expect(b.totals).toMatchObject({ red: 2, yellow: 1 });
    const units = b.units as Row[];
    expect(units[0]).toMatchObject({ code: JFB, self: true, red: 1, yellow: 1, byKind: { case: { red: 1, yellow: 0 }, receipt: { red: 0, yellow: 1 } } });
    expect(units[1]).toMatchObject({ code: LHC, self: false, red: 1, yellow: 0, byKind: { receipt: { red: 1, yellow: 0 } } });
  });

  it('lists red before yellow, longest overdue first, filtered by kind, level and unit', async () => {
    const all = await ok('GET', '/api/supervision/items?limit=50', 'district_op');
    expect(all.total).toBe(7);
    expect(all.items.map((i: { warnLevel: string }) => i.warnLevel)).toEqual(['red', 'red', 'red', 'red', 'yellow', 'yellow', 'yellow']);
    const deadlines = all.items.slice(0, 4).map((i: { deadlineAt: string }) => Date.parse(i.deadlineAt));
    expect(deadlines).toEqual([...deadlines].sort((x: number, y: number) => x - y));
    const grid = all.items.find((i: { id: string }) => i.id === ids.aGrid);
    expect(grid).toMatchObject({ kind: 'receipt', ownerUnit: LHC_GRID, groupCode: JFB, groupName: '解放碑街道', escalatedTo: LHC, supervised: false, openOrders: 0 });
    expect(all.items.find((i: { id: string }) => i.id === ids.aQxg)).toMatchObject({ supervised: true, openOrders: 1 });

    const page = await ok('GET', '/api/supervision/items?limit=2&offset=2', 'district_op');
    expect(page.total).toBe(7);
    expect(page.items.map((i: { id: string }) => i.id)).toEqual(all.items.slice(2, 4).map((i: { id: string }) => i.id));

    const milestones = await ok('GET', '/api/supervision/items?kind=milestone', 'district_op');
    expect(milestones.items.map((i: { id: string }) => i.id)).toEqual([ids.mCgj, ids.mQxg]);
    expect(milestones.items.map((i: { listId: string }) => i.listId)).toEqual([ids.list, ids.list]); // the page each links to
    expect(all.items.find((i: { id: string }) => i.id === ids.case).listId).toBeNull();
    const yellowJfb = await ok('GET', `/api/supervision/items?unit=${JFB}&level=yellow`, 'district_op');
    expect(yellowJfb.items.map((i: { id: string }) => i.id)).toEqual([ids.bJfb]);
    const own = await ok('GET', `/api/supervision/items?unit=${JFB}&own=true`, 'district_op');
    expect(own.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.bJfb, ids.case].sort());
  });

  it('counts items turning yellow and red per day from the sweep\'s timeline rows', async () => {
    const tr = await ok('GET', '/api/supervision/trend', 'district_op');
    expect(tr.days).toHaveLength(30);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(tr.days.at(-1)).toEqual({ day: today, yellow: 7, red: 4 }); // every red item crossed its yellow line in the same sweep
    expect(tr.days.slice(0, -1).every((d: { yellow: number; red: number }) => d.yellow === 0 && d.red === 0)).toBe(true);
    expect(tr.byKind).toEqual({ receipt: { yellow: 4, red: 2 }, milestone: { yellow: 2, red: 1 }, case: { yellow: 1, red: 1 } });
    const street = await ok('GET', `/api/supervision/trend?under=${JFB}&days=7&kind=receipt`, 'district_op');
    expect(street.days).toHaveLength(7);
    expect(street.days.at(-1)).toMatchObject({ yellow: 2, red: 1 });
  });

  it('shows who is supervising what: open orders with the issuer and the item', async () => {
    const o = await ok('GET', '/api/supervision/orders', 'district_op');
    expect(o.total).toBe(2);
    expect(o.items[0]).toMatchObject({
      level: 'district', issuerUnit: '500103', note: '区城管局务必本周完成', overdue: false,
      item: { id: ids.mCgj, kind: 'milestone', ownerUnit: 'D-CGJ', warnLevel: 'red', state: 'open', listId: ids.list },
    });
    expect(o.items[1]).toMatchObject({ overdue: true, item: { id: ids.aQxg, kind: 'receipt', ownerUnit: QXG, state: 'pending' } });
    expect((await ok('GET', '/api/supervision/orders?kind=receipt', 'district_op')).total).toBe(1);
    // 七星岗 sees the order on its receipt, 解放碑 sees none.
    expect((await ok('GET', '/api/supervision/orders', 'qxg_op')).items.map((i: { item: { id: string } }) => i.item.id)).toEqual([ids.aQxg]);
    expect((await ok('GET', '/api/supervision/orders', 'jfb_op')).total).toBe(0);
  });

  it('exports the filtered list to .xlsx', async () => {
    const res = await call('GET', '/api/supervision/items.xlsx?level=red', 'district_op');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2 + 4);
    expect(ws.getRow(1).getCell(1).value).toBe('渝中区 红黄灯事项清单（红灯（超期））');
    expect(ws.getRow(2).getCell(1).value).toBe('预警');
    expect(ws.getRow(3).getCell(1).value).toBe('红灯（超期）');
  });
});

describe('scope', () => {
  it('gives a street its own subtree only: counts, lists, trend and 404 elsewhere', async () => {
    const b = await ok('GET', '/api/supervision/board', 'jfb_op');
    expect(b.unit).toMatchObject({ code: JFB, parentCode: null });
    expect(b.totals).toMatchObject({ red: 2, yellow: 1 });
    const items = await ok('GET', '/api/supervision/items?limit=50', 'jfb_op');
    expect(items.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.aGrid, ids.bJfb, ids.case].sort());
    expect((await call('GET', `/api/supervision/board?under=${QXG}`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', '/api/supervision/board?under=500103', 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/supervision/items?unit=D-CGJ`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/supervision/items.xlsx?unit=${QXG}`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/supervision/trend?under=${QXG}`, 'jfb_op')).statusCode).toBe(404);
    const tr = await ok('GET', '/api/supervision/trend', 'jfb_op');
    expect(tr.days.at(-1)).toMatchObject({ yellow: 3, red: 2 });
    // A community of its own: fine.
    expect((await ok('GET', `/api/supervision/board?under=${LHC}`, 'jfb_op')).totals.red).toBe(1);
  });

  it('refuses those without supervision:read', async () => {
    expect((await call('GET', '/api/supervision/board', 'cgj_handler')).statusCode).toBe(403);
    expect((await call('GET', '/api/supervision/items', 'grid_lhc01')).statusCode).toBe(403);
  });
});

describe('bad input', () => {
  it('answers 4xx with the field', async () => {
    const cases: Array<[string, number]> = [
      ['/api/supervision/items?kind=bogus', 400], ['/api/supervision/items?level=green', 400], ['/api/supervision/items?limit=0', 400],
      ['/api/supervision/items?limit=1000', 400], ['/api/supervision/items?extra=1', 400], ['/api/supervision/board?under=NO_SUCH', 400],
      ['/api/supervision/board?under=NOSUCH', 404], ['/api/supervision/trend?days=3', 400], ['/api/supervision/orders?offset=-1', 400],
    ];
    for (const [url, status] of cases) {
      const res = await call('GET', url, 'district_op');
      expect([url, res.statusCode], res.body).toEqual([url, status]);
    }
    const res = await call('GET', '/api/supervision/items?kind=bogus', 'district_op');
    expect(res.json().error.fields[0].field).toBe('query.kind');
  });
});
