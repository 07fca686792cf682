import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

// 政令一键智达 through the real API on the real database: fan-out by level, subtree and role; sign, forward,
// report and the roll-up; amend (re-sign) and recall; the deadline sweep on receipts; scope; bad input.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const JFB = '500103003';
const QXG = '500103001';
const LHC_GRID = '50010300301601';
const LHC = '500103003016';

async function call(method: 'GET' | 'POST', url: string, user: string, payload?: unknown, locale?: string) {
  const headers = { ...await ctx.as(user), ...(locale ? { 'x-locale': locale } : {}) };
  return ctx.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function issue(body: Record<string, unknown>, user = 'district_op') {
  const res = await call('POST', '/api/directives', user, { title: '新年夜安全稳定工作部署', body: '各单位做好新年夜安全稳定工作。', signBy: { amount: 2, unit: 'hour' }, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string; receipts: number };
}

async function receiptsOf(directiveId: string, user = 'admin', extra = '') {
  const res = await call('GET', `/api/receipts?directiveId=${directiveId}&limit=500${extra}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Array<{ id: string; unitCode: string; state: string; warnLevel: string; parentId: string | null; signedVersion: number | null }> };
}

async function receiptAt(directiveId: string, unit: string, user = 'admin') {
  const r = (await receiptsOf(directiveId, user)).items.find((i) => i.unitCode === unit);
  expect(r, `receipt at ${unit}`).toBeDefined();
  return r!;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.platform.database.db, query);
  return Number(row!.n);
}

describe('fan-out', () => {
  it('sends one receipt to each of the 11 streets, as work items with a timeline and a push per unit', async () => {
    const d = await issue({ targets: { levels: [{ kind: 'street', under: '500103' }] } });
    expect(d.receipts).toBe(11);
    expect(d.ref).toMatch(/^ZL\d{12}$/);
    const list = await receiptsOf(d.id);
    expect(list.total).toBe(11);
    expect(new Set(list.items.map((i) => i.state))).toEqual(new Set(['pending']));
    const db = ctx.platform.database.db;
    expect(await count(sql`SELECT count(*)::int AS n FROM work_items w JOIN receipts r ON r.id = w.id
      WHERE r.directive_id = ${d.id} AND w.kind = 'receipt' AND w.owner_unit = r.unit_code AND w.deadline_at > now() AND w.warn_at < w.deadline_at`)).toBe(11);
    expect(await count(sql`SELECT count(*)::int AS n FROM work_item_timeline t JOIN receipts r ON r.id = t.item_id
      WHERE r.directive_id = ${d.id} AND t.action = 'create'`)).toBe(11);
    // Each street's stream sees a directive.issued push that names its path.
    const [ev] = await queryRows<{ paths: string[] }>(db, sql`SELECT array_agg(p) AS paths FROM events e, unnest(e.also_paths) p
      WHERE e.type = 'directive.issued' AND e.subject_id = ${d.id}`);
    expect(ev!.paths).toHaveLength(11);
    expect(ev!.paths).toContain(`/500103/${JFB}/`);
  });

  it('sends to every grid of 解放碑街道, its grid count', async () => {
    const grids = await count(sql`SELECT count(*)::int AS n FROM units WHERE kind = 'grid' AND active AND path LIKE ${`/500103/${JFB}/%`}`);
    expect(grids).toBeGreaterThan(10);
    const d = await issue({ targets: { levels: [{ kind: 'grid', under: JFB }] } });
    expect(d.receipts).toBe(grids);
    // A street centre may do the same for its own grids.
    const own = await issue({ targets: { levels: [{ kind: 'grid', under: JFB }] } }, 'jfb_op');
    expect(own.receipts).toBe(grids);
  });

  it('adds named departments and role holders, each unit once', async () => {
    const d = await issue({ targets: { units: ['D-CGJ', 'D-YJJ', 'D-CGJ'], roles: [{ role: 'grid_worker', under: JFB }, { role: 'department_handler' }] } });
    const units = (await receiptsOf(d.id)).items.map((i) => i.unitCode).sort();
    expect(units).toContain('D-CGJ');
    expect(units).toContain('D-YJJ');
    expect(units).toContain(LHC_GRID);
    expect(new Set(units).size).toBe(units.length);
  });
});

describe('sign, forward, report and the roll-up', () => {
  it('runs street sign → forward to a grid → grid signs and reports → street reports, rolled up per node', async () => {
    const d = await issue({
      targets: { levels: [{ kind: 'street', under: '500103' }] }, requires: { report: true, forward: true }, reportBy: { amount: 3, unit: 'workDay' },
    });
    const mine = await call('GET', '/api/receipts?mine=true&limit=500', 'jfb_op');
    const street = (mine.json().items as Array<{ id: string; directiveId: string; unitCode: string }>).find((i) => i.directiveId === d.id)!;
    expect(street.unitCode).toBe(JFB);

    const signed = await call('POST', `/api/receipts/${street.id}/sign`, 'jfb_op', { note: '收到' });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().state).toBe('signed');
    expect(signed.json().deadlineAt).not.toBeNull(); // the report clock runs

    const fwd = await call('POST', `/api/receipts/${street.id}/forward`, 'jfb_op', { targets: { units: [LHC_GRID] } });
    expect(fwd.statusCode, fwd.body).toBe(200);
    expect(fwd.json()).toMatchObject({ state: 'forwarded', forwarded: 1 });
    // Forwarding the same unit again makes nothing new.
    expect((await call('POST', `/api/receipts/${street.id}/forward`, 'jfb_op', { targets: { units: [LHC_GRID] } })).statusCode).toBe(400);
    // Only sub-units: another street is unknown from here.
    expect((await call('POST', `/api/receipts/${street.id}/forward`, 'jfb_op', { targets: { units: [QXG] } })).statusCode).toBe(422);

    const gridMine = await call('GET', '/api/receipts?mine=true', 'grid_lhc01');
    const grid = (gridMine.json().items as Array<{ id: string; directiveId: string; parentId: string }>).find((i) => i.directiveId === d.id)!;
    expect(grid.parentId).toBe(street.id);
    expect((await call('POST', `/api/receipts/${grid.id}/sign`, 'grid_lhc01', {})).json().state).toBe('signed');
    const rep = await call('POST', `/api/receipts/${grid.id}/report`, 'grid_lhc01', { text: '已完成网格内巡查', figures: { 巡查点位: 12, 出动人员: 3 } });
    expect(rep.statusCode, rep.body).toBe(200);
    expect(rep.json().state).toBe('done');
    expect((await call('POST', `/api/receipts/${street.id}/report`, 'jfb_op', { text: '街道已部署落实' })).json().state).toBe('done');

    const top = await call('GET', `/api/directives/${d.id}/progress`, 'district_op');
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json().node.counts).toMatchObject({ total: 12, signed: 2, reported: 2, forwarded: 1, pending: 10 });
    const jfbNode = top.json().children.find((c: { code: string }) => c.code === JFB);
    expect(jfbNode).toMatchObject({ hasChildren: true, receipt: { state: 'done' }, counts: { total: 2, reported: 2 } });
    const down = await call('GET', `/api/directives/${d.id}/progress?under=${JFB}`, 'district_op');
    expect(down.json().children).toEqual([expect.objectContaining({ code: LHC, receipt: null, hasChildren: true, counts: expect.objectContaining({ total: 1, reported: 1 }) })]);

    const detail = await call('GET', `/api/receipts/${grid.id}`, 'grid_lhc01');
    expect(detail.json()).toMatchObject({ state: 'done', reportText: '已完成网格内巡查', reportFigures: { 巡查点位: 12 }, allowedActions: [] });
    expect(detail.json().timeline.map((t: { action: string }) => t.action)).toEqual(['create', 'sign', 'report']);
    expect((await call('GET', `/api/receipts/${street.id}`, 'jfb_op')).json().children).toEqual([expect.objectContaining({ unitCode: LHC_GRID, state: 'done' })]);

    const list = await call('GET', '/api/directives?limit=50', 'district_op');
    expect(list.json().items.find((i: { id: string }) => i.id === d.id).progress).toMatchObject({ total: 12, reported: 2 });
  });

  it('exports the receipt list to .xlsx', async () => {
    const d = await issue({ targets: { levels: [{ kind: 'street', under: '500103' }] } });
    const res = await call('GET', `/api/directives/${d.id}/receipts.xlsx`, 'district_op');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2 + 11);
    expect(ws.getRow(2).getCell(1).value).toBe('签收单号');
    expect(ws.getRow(3).getCell(4).value).toBe('待签收');
  });
});

describe('amend and recall', () => {
  it('sends signed receipts back to re-sign with the diff, then the new version is signed', async () => {
    const d = await issue({ targets: { units: [JFB, QXG] } });
    const jfb = await receiptAt(d.id, JFB);
    await call('POST', `/api/receipts/${jfb.id}/sign`, 'jfb_op', {});
    const amended = await call('POST', `/api/directives/${d.id}/amend`, 'district_op', { title: '新年夜安全稳定工作部署（修订）', signBy: { amount: 1, unit: 'workDay' }, note: '调整时限' });
    expect(amended.statusCode, amended.body).toBe(200);
    expect(amended.json()).toEqual({ version: 2, receipts: 2 });
    const detail = (await call('GET', `/api/receipts/${jfb.id}`, 'jfb_op')).json();
    expect(detail).toMatchObject({ state: 'resign', version: 2, signedVersion: 1, title: '新年夜安全稳定工作部署（修订）', allowedActions: ['sign'] });
    expect(detail.changesSinceSigned).toEqual([{ version: 2, note: '调整时限', changes: [
      { field: 'title', from: '新年夜安全稳定工作部署', to: '新年夜安全稳定工作部署（修订）' },
      { field: 'signBy', from: { amount: 2, unit: 'hour' }, to: { amount: 1, unit: 'workDay' } },
    ] }]);
    const resigned = await call('POST', `/api/receipts/${jfb.id}/sign`, 'jfb_op', {});
    expect(resigned.json().state).toBe('signed');
    expect((await call('GET', `/api/receipts/${jfb.id}`, 'jfb_op')).json()).toMatchObject({ signedVersion: 2, changesSinceSigned: [] });
    const full = (await call('GET', `/api/directives/${d.id}`, 'district_op')).json();
    expect(full.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(full.canManage).toBe(true);
    // Nothing changed → 400; a street cannot amend the district's directive.
    expect((await call('POST', `/api/directives/${d.id}/amend`, 'district_op', { title: '新年夜安全稳定工作部署（修订）', note: '再改' })).statusCode).toBe(400);
    expect((await call('POST', `/api/directives/${d.id}/amend`, 'jfb_op', { title: '改', note: '越权' })).statusCode).toBe(400);
    expect((await call('POST', `/api/directives/${d.id}/amend`, 'jfb_op', { title: '越权修改', note: '越权' })).statusCode).toBe(403);
  });

  it('recalls: open receipts close as recalled, done ones stay done, nothing can be signed after', async () => {
    const d = await issue({ targets: { units: [JFB, QXG] }, requires: { report: true, forward: false }, reportBy: { at: inHours(48) } });
    const jfb = await receiptAt(d.id, JFB);
    const qxg = await receiptAt(d.id, QXG);
    await call('POST', `/api/receipts/${jfb.id}/sign`, 'jfb_op', {});
    expect((await call('POST', `/api/receipts/${jfb.id}/forward`, 'jfb_op', { targets: { units: [LHC_GRID] } })).statusCode).toBe(409);
    await call('POST', `/api/receipts/${jfb.id}/report`, 'jfb_op', { text: '已落实' });
    const recalled = await call('POST', `/api/directives/${d.id}/recall`, 'district_op', { reason: '部署调整，另行通知' });
    expect(recalled.statusCode, recalled.body).toBe(200);
    expect(recalled.json()).toEqual({ receipts: 1 });
    const states = Object.fromEntries((await receiptsOf(d.id)).items.map((i) => [i.unitCode, i.state]));
    expect(states).toEqual({ [JFB]: 'done', [QXG]: 'recalled' });
    const late = await call('POST', `/api/receipts/${qxg.id}/sign`, 'qxg_op', {});
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('当前状态“已撤回”不能执行“签收”，可执行：—');
    expect((await call('POST', `/api/directives/${d.id}/recall`, 'district_op', { reason: '再撤一次' })).statusCode).toBe(409);
    expect((await call('POST', `/api/directives/${d.id}/amend`, 'district_op', { title: '撤回后修改', note: '不行' })).statusCode).toBe(409);
    expect((await call('GET', `/api/directives/${d.id}`, 'district_op')).json()).toMatchObject({ state: 'recalled', recallReason: '部署调整，另行通知' });
  });
});

describe('deadlines', () => {
  it('warns at 75 % and turns red at the deadline through the closed-loop sweep, escalating to the parent unit', async () => {
    const d = await issue({ targets: { units: [LHC_GRID] }, signBy: { amount: 1, unit: 'hour' } });
    const r = await receiptAt(d.id, LHC_GRID);
    const sweepAt = (at: Date) => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep({ ...uow, now: at }));
    await sweepAt(new Date(Date.now() + 50 * 60_000));
    expect((await receiptAt(d.id, LHC_GRID)).warnLevel).toBe('yellow');
    await sweepAt(new Date(Date.now() + 2 * 3_600_000));
    await sweepAt(new Date(Date.now() + 3 * 3_600_000));
    const detail = (await call('GET', `/api/receipts/${r.id}`, 'grid_lhc01')).json();
    expect(detail.warnLevel).toBe('red');
    expect(detail.timeline.filter((t: { action: string }) => t.action === 'overdue')).toHaveLength(1);
    const db = ctx.platform.database.db;
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE type = 'receipt.warn' AND subject_id = ${r.id} AND unit_path = ${`/500103/${JFB}/${LHC}/${LHC_GRID}/`}`)).toBe(1);
    const [row] = await queryRows<{ escalated_to: string }>(db, sql`SELECT escalated_to FROM work_items WHERE id = ${r.id}`);
    expect(row!.escalated_to).toBe(LHC);
    expect((await call('GET', `/api/directives/${d.id}`, 'district_op')).json().progress).toMatchObject({ overdue: 1 });
    // Signed late: the receipt remembers it.
    await call('POST', `/api/receipts/${r.id}/sign`, 'grid_lhc01', {});
    const [late] = await queryRows<{ sign_late: boolean }>(db, sql`SELECT sign_late FROM receipts WHERE id = ${r.id}`);
    expect(late!.sign_late).toBe(false); // wall clock is still before the deadline; only the sweep ran ahead
  });

  it('takes a supervision order on a receipt from above', async () => {
    const d = await issue({ targets: { units: [JFB] } });
    const r = await receiptAt(d.id, JFB);
    const res = await call('POST', `/api/receipts/${r.id}/supervise`, 'leader', { note: '请今日内签收' });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await call('GET', `/api/receipts/${r.id}`, 'jfb_op')).json();
    expect(detail.supervised).toBe(true);
    expect(detail.supervision[0]).toMatchObject({ level: 'district', issuerUnit: '500103' });
    expect((await call('POST', `/api/receipts/${r.id}/supervise`, 'grid_lhc01', { note: '越权督办' })).statusCode).toBe(403);
  });
});

describe('urging (催办) and report photos', () => {
  it('urges the units below that have not signed, one push each, never the urger\'s own receipt', async () => {
    const d = await issue({ targets: { levels: [{ kind: 'street', under: '500103' }] }, requires: { report: true, forward: true }, reportBy: { amount: 3, unit: 'workDay' } });
    const jfb = await receiptAt(d.id, JFB);
    await call('POST', `/api/receipts/${jfb.id}/sign`, 'jfb_op', {});
    const res = await call('POST', `/api/directives/${d.id}/urge`, 'district_op', { what: 'sign', note: '请尽快签收' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().urged).toBe(10);
    expect(await count(sql`SELECT count(*)::int AS n FROM work_item_timeline t JOIN receipts r ON r.id = t.item_id
      WHERE r.directive_id = ${d.id} AND t.action = 'urge'`)).toBe(10);
    const [ev] = await queryRows<{ paths: string[] }>(ctx.platform.database.db, sql`SELECT array_agg(p) AS paths FROM events e, unnest(e.also_paths) p
      WHERE e.type = 'directive.urged' AND e.subject_id = ${d.id}`);
    expect(ev!.paths).toHaveLength(10);
    expect(ev!.paths).not.toContain(`/500103/${JFB}/`);
    // 催反馈: only the signed street; a street urges its own grids (after forwarding), not itself.
    expect((await call('POST', `/api/directives/${d.id}/urge`, 'district_op', { what: 'report' })).json().urged).toBe(1);
    await call('POST', `/api/receipts/${jfb.id}/forward`, 'jfb_op', { targets: { units: [LHC_GRID] } });
    expect((await call('POST', `/api/directives/${d.id}/urge`, 'jfb_op', {})).json().urged).toBe(1);
    // One receipt: from above only, and only while open.
    const grid = await receiptAt(d.id, LHC_GRID);
    expect((await call('POST', `/api/receipts/${grid.id}/urge`, 'jfb_op', { note: '请签收' })).statusCode).toBe(204);
    expect((await call('POST', `/api/receipts/${jfb.id}/urge`, 'jfb_op', {})).statusCode).toBe(403);
    expect((await call('GET', `/api/receipts/${grid.id}`, 'grid_lhc01')).json().timeline.map((e: { action: string }) => e.action)).toContain('urge');
    // Sign-only directives have nothing to report.
    const signOnly = await issue({ targets: { units: [JFB] } });
    expect((await call('POST', `/api/directives/${signOnly.id}/urge`, 'district_op', { what: 'report' })).statusCode).toBe(400);
  });

  it('reports execution with photos uploaded to the receipt; photos of other items are refused', async () => {
    const d = await issue({ targets: { units: [JFB, QXG] }, requires: { report: true, forward: false }, reportBy: { amount: 3, unit: 'workDay' } });
    const r = await receiptAt(d.id, JFB);
    await call('POST', `/api/receipts/${r.id}/sign`, 'jfb_op', {});
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
    const up = await ctx.app.inject({
      method: 'POST', url: `/api/work-items/${r.id}/attachments?stage=handle&name=site.jpg`, payload: jpeg,
      headers: { ...await ctx.as('jfb_op'), 'content-type': 'image/jpeg' },
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ itemId: r.id, stage: 'handle' });
    // Another street cannot see the receipt, so cannot add to it either.
    const headers = await ctx.as('qxg_op');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/work-items/${r.id}/attachments`, payload: jpeg, headers: { ...headers, 'content-type': 'image/jpeg' } })).statusCode).toBe(404);
    expect((await call('GET', `/api/attachments/${up.json().id}/thumb`, 'qxg_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/work-items/${r.id}/attachments`, 'district_op')).json().items).toHaveLength(1);
    const other = await receiptAt(d.id, QXG);
    const bad = await call('POST', `/api/receipts/${r.id}/report`, 'jfb_op', { text: '已完成排查', attachmentIds: [crypto.randomUUID()] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.attachmentIds');
    const ok = await call('POST', `/api/receipts/${r.id}/report`, 'jfb_op', { text: '已完成排查', figures: { 排查点位: 12 }, attachmentIds: [up.json().id] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('done');
    expect((await call('POST', `/api/receipts/${other.id}/urge`, 'district_op', {})).statusCode).toBe(204);
  });
});

describe('scope', () => {
  it('shows a street its own and its sub-units\' receipts, not another street\'s; the issuer sees all', async () => {
    const d = await issue({ targets: { levels: [{ kind: 'street', under: '500103' }, { kind: 'grid', under: JFB }, { kind: 'grid', under: QXG }] } });
    const jfbGrids = await count(sql`SELECT count(*)::int AS n FROM units WHERE kind = 'grid' AND active AND path LIKE ${`/500103/${JFB}/%`}`);
    const qxgGrids = await count(sql`SELECT count(*)::int AS n FROM units WHERE kind = 'grid' AND active AND path LIKE ${`/500103/${QXG}/%`}`);
    expect(d.receipts).toBe(11 + jfbGrids + qxgGrids);
    const seen = await receiptsOf(d.id, 'jfb_op');
    expect(seen.total).toBe(1 + jfbGrids);
    expect(seen.items.every((i) => i.unitCode.startsWith(JFB))).toBe(true);
    expect((await receiptsOf(d.id, 'district_op')).total).toBe(d.receipts);
    const mine = await call('GET', `/api/receipts?mine=true&directiveId=${d.id}`, 'jfb_op');
    expect(mine.json().items.map((i: { unitCode: string }) => i.unitCode)).toEqual([JFB]);

    const qxgReceipt = await receiptAt(d.id, QXG);
    expect((await call('GET', `/api/receipts/${qxgReceipt.id}`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('POST', `/api/receipts/${qxgReceipt.id}/sign`, 'jfb_op', {})).statusCode).toBe(404);
    // A grid worker may not sign the street's receipt above it.
    const jfbReceipt = await receiptAt(d.id, JFB);
    expect((await call('POST', `/api/receipts/${jfbReceipt.id}/sign`, 'grid_lhc01', {})).statusCode).toBe(404);

    const asStreet = (await call('GET', `/api/directives/${d.id}`, 'jfb_op')).json();
    expect(asStreet.progress.total).toBe(1 + jfbGrids);
    expect(asStreet.canManage).toBe(false);
    expect(asStreet.tree.node).toMatchObject({ code: JFB, counts: expect.objectContaining({ total: 1 + jfbGrids }) });
    expect((await call('GET', `/api/directives/${d.id}/progress?under=${QXG}`, 'jfb_op')).statusCode).toBe(422);

    // A directive of 七星岗's own never shows up for 解放碑.
    const qxgOwn = await issue({ targets: { levels: [{ kind: 'grid', under: QXG }] } }, 'qxg_op');
    expect((await call('GET', `/api/directives/${qxgOwn.id}`, 'jfb_op')).statusCode).toBe(404);
    const listed = (await call('GET', '/api/directives?limit=200', 'jfb_op')).json().items.map((i: { id: string }) => i.id);
    expect(listed).toContain(d.id);
    expect(listed).not.toContain(qxgOwn.id);
  });
});

describe('bad input', () => {
  it('answers 4xx and writes nothing', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM directives`);
    const base = { title: '测试政令', body: '正文', signBy: { amount: 1, unit: 'workDay' } };
    const cases: Array<[string, Record<string, unknown>, number, string?]> = [
      ['district_op', { ...base }, 400],
      ['district_op', { ...base, targets: {} }, 400],
      ['district_op', { ...base, targets: { units: ['NO-SUCH'] } }, 422, 'UNKNOWN_UNIT'],
      ['jfb_op', { ...base, targets: { units: [QXG] } }, 422, 'UNKNOWN_UNIT'],
      ['jfb_op', { ...base, targets: { levels: [{ kind: 'grid', under: QXG }] } }, 422, 'UNKNOWN_UNIT'],
      ['district_op', { ...base, targets: { units: [JFB] }, requires: { report: true, forward: true } }, 400, 'VALIDATION_FAILED'],
      ['district_op', { ...base, targets: { units: [JFB] }, signBy: { at: '2020-01-01T00:00:00+08:00' } }, 400, 'VALIDATION_FAILED'],
      ['district_op', { ...base, targets: { units: [JFB] }, signBy: { amount: 1, unit: 'fortnight' } }, 400],
      ['district_op', { ...base, targets: { units: [JFB] }, extra: 1 }, 400],
      ['district_op', { ...base, title: '', targets: { units: [JFB] } }, 400],
      ['district_op', { ...base, targets: { levels: [{ kind: 'grid', under: 'D-CGJ' }] } }, 400, 'VALIDATION_FAILED'],
      ['grid_lhc01', { ...base, targets: { units: [LHC_GRID] } }, 403, 'FORBIDDEN'],
      ['cgj_handler', { ...base, targets: { units: [JFB] } }, 403, 'FORBIDDEN'],
    ];
    for (const [user, body, status, code] of cases) {
      const res = await call('POST', '/api/directives', user, body);
      expect([JSON.stringify(body), res.statusCode], res.body).toEqual([JSON.stringify(body), status]);
      if (code) expect(res.json().error.code).toBe(code);
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM directives`)).toBe(before);
    const en = await call('POST', '/api/directives', 'district_op', { ...base, targets: { units: [JFB] }, requires: { report: true } }, 'en');
    expect(en.json().error).toMatchObject({ message: 'The request has invalid fields; see the details', fields: [{ field: 'body.reportBy', code: 'required', message: 'Set a report deadline when a report is required' }] });
    expect((await call('GET', '/api/receipts/not-a-uuid', 'jfb_op')).statusCode).toBe(400);
    expect((await call('GET', `/api/receipts/${crypto.randomUUID()}`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', '/api/receipts?state=bogus', 'jfb_op')).statusCode).toBe(400);
    const d = await issue({ targets: { units: [JFB] } });
    const r = await receiptAt(d.id, JFB);
    expect((await call('POST', `/api/receipts/${r.id}/report`, 'jfb_op', { text: '未签收先反馈' })).statusCode).toBe(409);
    await call('POST', `/api/receipts/${r.id}/sign`, 'jfb_op', {});
    expect((await call('POST', `/api/receipts/${r.id}/sign`, 'jfb_op', {})).statusCode).toBe(409);
    expect((await call('POST', `/api/receipts/${r.id}/report`, 'jfb_op', { text: 'x' })).statusCode).toBe(400);
  });
});
