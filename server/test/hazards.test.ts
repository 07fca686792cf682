import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

// 隐患排查治理 through the real API on the real database: checklists, the rectification loop from 登记 to 销号
// (with a failed re-inspection), 五落实 and automatic supervision of 重大 findings, scope, the deadline sweep,
// inspection rounds with their tasks and progress, the ledger export, and bad input.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const JFB = '500103003';
const LHC = '500103003016';
const LHC_GRID = '50010300301601';
const AT_LHC = { lng: 106.576478, lat: 29.561311 };
const AT_QXG = { lng: 106.566478, lat: 29.549284 };

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown, status = 200) {
  const res = await call(method, url, user, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}

async function report(body: Record<string, unknown> = {}, user = 'grid_lhc01') {
  return ok('POST', '/api/hazards', user, {
    sector: 'fire', grade: 'ordinary', description: '商场二楼安全出口被货物堵塞', subjectName: '某某百货', ...AT_LHC, ...body,
  }, 201) as Promise<{ id: string; ref: string; state: string; supervised: boolean; gridCode: string; streetCode: string }>;
}

const detail = (id: string, user = 'admin') => ok('GET', `/api/hazards/${id}`, user);

async function photo(id: string, stage: 'report' | 'handle', user: string) {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: stage === 'report' ? 200 : 30, g: 90, b: 30 } } }).jpeg().toBuffer();
  return ctx.app.inject({
    method: 'POST', url: `/api/work-items/${id}/attachments?stage=${stage}&name=${stage}.jpg`, payload: jpeg,
    headers: { ...await ctx.as(user), 'content-type': 'image/jpeg' },
  });
}

const ordinaryPlan = { responsiblePerson: '李经理', responsiblePhone: '13900000000', measures: '清理堵塞货物，设置禁止堆放标识', deadline: { amount: 3, unit: 'workDay' } };
const fullPlan = { ...ordinaryPlan, funding: 35000, contingencyPlan: '营业期间专人值守疏散通道，发生火情按预案疏散', interimMeasures: '划定警戒区，限制人流' };

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.platform.database.db, query);
  return Number(row!.n);
}

describe('checklists', () => {
  it('seeds the seven sectors of the brief with 6–10 lines each, readable by a grid worker', async () => {
    const body = await ok('GET', '/api/hazards/checklists', 'grid_lhc01');
    expect(body.sectors.map((s: { code: string }) => s.code)).toEqual(['transport', 'construction', 'tourism', 'fire', 'gas', 'hazmat', 'industry']);
    expect(body.sectors.map((s: { name: string }) => s.name)).toEqual(['交通运输', '建筑工地', '文化旅游', '消防', '燃气', '危化品', '工贸']);
    for (const s of body.sectors) {
      expect(s.items.length).toBeGreaterThanOrEqual(6);
      expect(s.items.length).toBeLessThanOrEqual(10);
    }
    expect(body.canManage).toBe(false);
  });

  it('lets the district centre add, edit and retire a line; a street centre may not', async () => {
    const added = await ok('POST', '/api/hazards/checklists', 'district_op', { sector: 'gas', title: '瓶装液化气钢瓶在检验有效期内', basis: 'GB 5842', majorHint: false }, 201);
    expect(added).toMatchObject({ sector: 'gas', seq: 8, active: true, updatedBy: '区中心值班员' });
    const changed = await ok('PATCH', `/api/hazards/checklists/${added.id}`, 'admin', { titleEn: 'LPG cylinders within their test date', active: false });
    expect(changed).toMatchObject({ active: false, titleEn: 'LPG cylinders within their test date' });
    const gas = (await ok('GET', '/api/hazards/checklists?sector=gas', 'admin')).sectors[0];
    expect(gas.items.some((i: { id: number }) => i.id === added.id)).toBe(false);
    const all = (await ok('GET', '/api/hazards/checklists?sector=gas&includeInactive=true', 'admin')).sectors[0];
    expect(all.items.some((i: { id: number }) => i.id === added.id)).toBe(true);
    expect((await call('POST', '/api/hazards/checklists', 'jfb_op', { sector: 'gas', title: '街道自定检查项' })).statusCode).toBe(403);
    expect((await call('POST', '/api/hazards/checklists', 'grid_lhc01', { sector: 'gas', title: 'x' })).statusCode).toBe(403);
    expect((await call('PATCH', '/api/hazards/checklists/999999', 'admin', { active: false })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/hazards/checklists/${added.id}`, 'admin', {})).statusCode).toBe(400);
    expect((await call('POST', '/api/hazards/checklists', 'admin', { sector: 'weather', title: '暴雨' })).statusCode).toBe(400);
  });
});

describe('the rectification loop', () => {
  it('runs 登记 → 交办 → 方案 → 整改 → 复查不通过 → 整改 → 复查通过 → 销号, with photos before and after', async () => {
    const fire = (await ok('GET', '/api/hazards/checklists?sector=fire', 'grid_lhc01')).sectors[0].items[0];
    const f = await report({ checklistItemId: fire.id, sector: undefined });
    expect(f).toMatchObject({ state: 'found', supervised: false, gridCode: LHC_GRID, streetCode: JFB });
    expect(f.ref).toMatch(/^YH\d{12}$/);
    expect((await photo(f.id, 'report', 'grid_lhc01')).statusCode).toBe(201);

    let d = await detail(f.id, 'grid_lhc01');
    expect(d).toMatchObject({ sector: 'fire', sectorName: '消防', source: 'patrol', ownerUnit: JFB, inspectUnit: LHC_GRID, checklistTitle: fire.title });
    expect(d.legalBasis).toBe(fire.basis);
    expect(d.allowedActions).toEqual([]);
    const centre = await detail(f.id, 'jfb_op');
    expect(centre.allowedActions).toEqual(expect.arrayContaining(['assign', 'cancel', 'supervise']));
    // The street centre can hand it to any department, or keep it at the street, but not to another street.
    const targets = centre.assignableUnits.map((u: { code: string }) => u.code);
    expect(targets[0]).toBe(JFB);
    expect(targets).toEqual(expect.arrayContaining(['D-CGJ', 'D-XFJY']));
    expect(targets).not.toContain('500103001');
    expect(d.assignableUnits).toEqual([]);

    expect((await call('POST', `/api/hazards/${f.id}/close`, 'jfb_op', {})).statusCode).toBe(409);
    const assigned = await ok('POST', `/api/hazards/${f.id}/assign`, 'jfb_op', { unitCode: 'D-CGJ', note: '请区城管局督促整改' });
    expect(assigned).toMatchObject({ state: 'assigned', ownerUnit: 'D-CGJ' });
    expect((await detail(f.id, 'cgj_handler')).allowedActions).toEqual(['plan']);

    const planned = await ok('POST', `/api/hazards/${f.id}/plan`, 'cgj_handler', ordinaryPlan);
    expect(planned.state).toBe('rectifying');
    expect(new Date(planned.deadlineAt).getTime()).toBeGreaterThan(Date.now());
    // Before the report, a re-inspection is not possible: 409 names what is.
    const early = await call('POST', `/api/hazards/${f.id}/reinspect`, 'grid_lhc01', { result: 'pass' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.params.allowedActions).toEqual(['reportRectified']);

    expect((await photo(f.id, 'handle', 'cgj_handler')).statusCode).toBe(201);
    const rectified = await ok('POST', `/api/hazards/${f.id}/report-rectified`, 'cgj_handler', { note: '货物已清理，设置禁止堆放标识' });
    expect(rectified).toMatchObject({ state: 'rectified', ownerUnit: LHC_GRID });

    // Only the inspecting unit re-inspects.
    expect((await call('POST', `/api/hazards/${f.id}/reinspect`, 'cgj_handler', { result: 'pass' })).statusCode).toBe(403);
    const noNote = await call('POST', `/api/hazards/${f.id}/reinspect`, 'grid_lhc01', { result: 'fail' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.fields[0].field).toBe('body.note');
    const failed = await ok('POST', `/api/hazards/${f.id}/reinspect`, 'grid_lhc01', { result: 'fail', note: '通道内仍有纸箱堆放', deadline: { amount: 1, unit: 'workDay' } });
    expect(failed).toMatchObject({ state: 'rectifying', ownerUnit: 'D-CGJ' });

    await ok('POST', `/api/hazards/${f.id}/report-rectified`, 'cgj_handler', { note: '已全部清理' });
    const passed = await ok('POST', `/api/hazards/${f.id}/reinspect`, 'grid_lhc01', { result: 'pass', note: '复查合格' });
    expect(passed).toMatchObject({ state: 'accepted', ownerUnit: JFB });
    const closed = await ok('POST', `/api/hazards/${f.id}/close`, 'jfb_op', { note: '同意销号' });
    expect(closed.state).toBe('closed');

    d = await detail(f.id, 'cgj_handler'); // the rectifying unit keeps reading what it fixed
    expect(d.timeline.map((e: { action: string }) => e.action).filter((a: string) => a !== 'attach')).toEqual([
      'create', 'assign', 'plan', 'reportRectified', 'reinspectFail', 'reportRectified', 'reinspectPass', 'close',
    ]);
    expect(d.reinspection).toMatchObject({ result: 'pass', failed: 1, reinspectorName: '莲花池社区第1网格网格员' });
    expect(d.plan).toMatchObject({ responsiblePerson: '李经理', measures: ordinaryPlan.measures, funding: null });
    expect(d.photos.map((p: { stage: string }) => p.stage)).toEqual(['report', 'handle']);
    // …and its photos, though the finding is no longer where it works or with it.
    for (const ph of d.photos as Array<{ thumbUrl: string }>) {
      expect((await ctx.app.inject({ url: ph.thumbUrl, headers: await ctx.as('cgj_handler') })).statusCode).toBe(200);
    }
    expect((await ctx.app.inject({ url: d.photos[0].thumbUrl, headers: await ctx.as('qxg_op') })).statusCode).toBe(404);
    expect(d.closedOutAt).not.toBeNull();
    expect(d.allowedActions).toEqual([]);
    // A closed finding takes no more photos; every step was an event on topic 'hazard'.
    expect((await photo(f.id, 'handle', 'jfb_op')).statusCode).toBe(409);
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE subject_id = ${f.id} AND type LIKE 'hazard.%' AND type <> 'hazard.attachment'`)).toBe(8);
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE subject_id = ${f.id} AND type = 'hazard.attachment'`)).toBe(2);
  });

  it('requires the five in place for a 重大 finding, which the district supervises from the start', async () => {
    const f = await report({ grade: 'major', sector: 'gas', description: '地下室餐饮店违规使用瓶装液化气', subjectName: '某火锅店' });
    expect(f.supervised).toBe(true);
    let d = await detail(f.id);
    expect(d.supervision).toEqual([expect.objectContaining({ level: 'district', issuerUnit: '500103' })]);
    expect(d.supervisionLevel).toBe('district');
    expect(d.fiveInPlace).toEqual(['responsiblePerson', 'measures', 'funding', 'deadline', 'contingencyPlan']);
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'supervise']);

    await ok('POST', `/api/hazards/${f.id}/assign`, 'district_op', { unitCode: 'D-CGJ' });
    // Without the plan, nothing proceeds.
    expect((await call('POST', `/api/hazards/${f.id}/report-rectified`, 'cgj_handler', { note: '已整改' })).statusCode).toBe(409);
    const partial = await call('POST', `/api/hazards/${f.id}/plan`, 'cgj_handler', { ...ordinaryPlan, funding: 0 });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.fields.map((x: { field: string }) => x.field)).toEqual(['body.funding', 'body.contingencyPlan']);
    expect(partial.json().error.fields[0].message).toContain('资金');
    const en = await ctx.app.inject({ method: 'POST', url: `/api/hazards/${f.id}/plan`, headers: { ...await ctx.as('cgj_handler'), 'x-locale': 'en' }, payload: {} });
    expect(en.json().error.fields).toHaveLength(5);
    expect(en.json().error.fields[2].message).toContain('funding');
    expect((await detail(f.id)).state).toBe('assigned');

    await ok('POST', `/api/hazards/${f.id}/plan`, 'cgj_handler', fullPlan);
    await ok('POST', `/api/hazards/${f.id}/report-rectified`, 'cgj_handler', { note: '已改用管道燃气并安装报警器' });
    const passed = await ok('POST', `/api/hazards/${f.id}/reinspect`, 'grid_lhc01', { result: 'pass' });
    // A 重大 finding is closed out by the district that supervises it, not by the street.
    expect(passed.ownerUnit).toBe('500103');
    expect((await call('POST', `/api/hazards/${f.id}/close`, 'jfb_op', {})).statusCode).toBe(403);
    await ok('POST', `/api/hazards/${f.id}/close`, 'district_op', {});
    d = await detail(f.id);
    expect(d.plan).toMatchObject({ funding: 35000, contingencyPlan: fullPlan.contingencyPlan, interimMeasures: fullPlan.interimMeasures });
  });

  it('takes a supervision order from above and cancels a mistaken finding', async () => {
    const f = await report({ description: '消火栓箱被广告牌遮挡' });
    const sup = await call('POST', `/api/hazards/${f.id}/supervise`, 'leader', { note: '请尽快交办' });
    expect(sup.statusCode, sup.body).toBe(201);
    expect((await detail(f.id)).supervisionLevel).toBe('district');
    expect((await call('POST', `/api/hazards/${f.id}/supervise`, 'grid_lhc01', { note: '自己督办' })).statusCode).toBe(403);
    const cancelled = await ok('POST', `/api/hazards/${f.id}/cancel`, 'jfb_op', { reason: '重复登记' });
    expect(cancelled.state).toBe('cancelled');
    expect((await call('POST', `/api/hazards/${f.id}/supervise`, 'leader', { note: '再督办' })).statusCode).toBe(409);
  });
});

describe('scope', () => {
  it('hides a finding from another street (404) and lists only what is in scope', async () => {
    const f = await report({ description: '楼道内电动车充电' });
    expect((await call('GET', `/api/hazards/${f.id}`, 'qxg_op')).statusCode).toBe(404);
    expect((await call('POST', `/api/hazards/${f.id}/assign`, 'qxg_op', { unitCode: '500103001' })).statusCode).toBe(404);
    expect((await photo(f.id, 'report', 'qxg_op')).statusCode).toBe(404);
    // A department inspecting in the street photographs its own finding there, though the finding is not its unit's.
    const byDept = await report({ description: '临街商铺液化气瓶存放不规范' }, 'cgj_handler');
    expect((await photo(byDept.id, 'report', 'cgj_handler')).statusCode).toBe(201);
    expect((await photo(byDept.id, 'report', 'qxg_op')).statusCode).toBe(404);
    const theirs = await ok('GET', '/api/hazards?limit=200', 'qxg_op');
    expect(theirs.items.some((h: { id: string }) => h.id === f.id)).toBe(false);
    const mine = await ok('GET', '/api/hazards?mine=true&limit=200', 'grid_lhc01');
    expect(mine.items.every((h: { finderName: string }) => h.finderName === '莲花池社区第1网格网格员')).toBe(true);
    expect(mine.items.some((h: { id: string }) => h.id === f.id)).toBe(true);
    // A street may hand it to itself or a department, not to another street or a grid.
    expect((await call('POST', `/api/hazards/${f.id}/assign`, 'jfb_op', { unitCode: '500103001' })).statusCode).toBe(422);
    expect((await call('POST', `/api/hazards/${f.id}/assign`, 'jfb_op', { unitCode: LHC_GRID })).statusCode).toBe(422);
    await ok('POST', `/api/hazards/${f.id}/assign`, 'jfb_op', { unitCode: JFB });
  });

  it('filters the ledger by grade, state, sector and text', async () => {
    const f = await report({ grade: 'major', sector: 'construction', description: '工地塔吊未经检验投入使用', subjectName: '某建设项目' });
    const q = await ok('GET', `/api/hazards?grade=major&sector=construction&state=found,assigned&q=${encodeURIComponent('塔吊')}`, 'jfb_op');
    expect(q.items.map((h: { id: string }) => h.id)).toEqual([f.id]);
    expect(q.items[0]).toMatchObject({ grade: 'major', supervised: true, gridName: '莲花池社区第1网格', streetName: '解放碑街道' });
    expect((await ok('GET', `/api/hazards?ref=1`.replace('ref=1', `q=${f.ref}`), 'jfb_op')).total).toBe(1);
  });
});

describe('deadlines', () => {
  it('turns a finding yellow at 75 % and red at the deadline through the closed-loop sweep', async () => {
    const f = await report({ description: '疏散指示标志不亮' });
    const [w] = await queryRows<{ warn_at: string; deadline_at: string }>(ctx.platform.database.db, sql`SELECT warn_at, deadline_at FROM work_items WHERE id = ${f.id}`);
    const sweepAt = (at: Date) => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep({ ...uow, now: at }));
    await sweepAt(new Date(new Date(w!.warn_at).getTime() + 60_000));
    expect((await detail(f.id)).warnLevel).toBe('yellow');
    expect((await ok('GET', '/api/hazards?warn=yellow&limit=200', 'jfb_op')).items.some((h: { id: string }) => h.id === f.id)).toBe(true);
    await sweepAt(new Date(new Date(w!.deadline_at).getTime() + 60_000));
    const d = await detail(f.id);
    expect(d.warnLevel).toBe('red');
    expect(d.timeline.filter((e: { action: string }) => e.action === 'warn' || e.action === 'overdue').map((e: { action: string }) => e.action)).toEqual(['warn', 'overdue']);
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE type = 'hazard.overdue' AND subject_id = ${f.id}`)).toBe(1);
    // Assigned, the plan clock starts clean.
    expect((await ok('POST', `/api/hazards/${f.id}/assign`, 'jfb_op', { unitCode: 'D-CGJ' })).warnLevel).toBe('none');
  });
});

describe('inspection rounds', () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const later = new Date(Date.now() + 8 * 3_600_000 + 10 * 86_400_000).toISOString().slice(0, 10);

  it('gives each target unit a task, shows progress per unit, and counts findings against tasks', async () => {
    const grids = await count(sql`SELECT count(*)::int AS n FROM units WHERE kind = 'grid' AND active AND parent_code = ${LHC}`);
    const round = await ok('POST', '/api/hazards/rounds', 'jfb_op', {
      name: '新年夜前消防燃气安全专项排查', sectors: ['fire', 'gas'], startsOn: today, endsOn: later, targets: { levels: [{ kind: 'grid', under: LHC }] },
    }, 201);
    expect(round.tasks).toBe(grids);
    expect(round.ref).toMatch(/^PC\d{12}$/);
    expect(await count(sql`SELECT count(*)::int AS n FROM events WHERE type = 'hazard.roundIssued' AND subject_id = ${round.id}`)).toBe(1);

    const tasks = await ok('GET', '/api/hazards/tasks?mine=true&state=open', 'grid_lhc01');
    const task = tasks.items.find((x: { roundId: string }) => x.roundId === round.id);
    expect(task).toMatchObject({ unitCode: LHC_GRID, state: 'open', findings: 0, sectors: ['fire', 'gas'] });

    const wrongSector = await call('POST', '/api/hazards', 'grid_lhc01', { taskId: task.taskId, sector: 'transport', grade: 'ordinary', description: '公交站台破损', ...AT_LHC });
    expect(wrongSector.statusCode).toBe(400);
    expect(wrongSector.json().error.fields[0].field).toBe('body.sector');
    const f = await report({ taskId: task.taskId, sector: 'gas', description: '餐馆燃气软管老化' });
    expect((await detail(f.id)).source).toBe('round');
    await report({ taskId: task.taskId, grade: 'major', description: '安全出口上锁' });

    let progress = await ok('GET', `/api/hazards/rounds/${round.id}`, 'jfb_op');
    expect(progress.progress).toMatchObject({ tasks: grids, done: 0, findings: 2, major: 1, open: 2, closed: 0 });
    const mine = progress.targetPage.items.find((x: { unitCode: string }) => x.unitCode === LHC_GRID);
    expect(mine).toMatchObject({ findings: 2, major: 1, state: 'open', overdue: false });
    expect(progress.targetPage.total).toBe(grids);

    const done = await ok('POST', `/api/hazards/tasks/${task.taskId}/complete`, 'grid_lhc01', { note: '排查点位 15 处，发现隐患 2 处' });
    expect(done).toMatchObject({ state: 'done', doneNote: '排查点位 15 处，发现隐患 2 处' });
    expect((await call('POST', `/api/hazards/tasks/${task.taskId}/complete`, 'grid_lhc01', {})).statusCode).toBe(409);
    progress = await ok('GET', `/api/hazards/rounds/${round.id}?state=done`, 'jfb_op');
    expect(progress.progress.done).toBe(1);
    expect(progress.targetPage.items.map((x: { unitCode: string }) => x.unitCode)).toEqual([LHC_GRID]);

    // The grid sees the round and its own progress; another street does not see it at all.
    const gridView = await ok('GET', `/api/hazards/rounds/${round.id}`, 'grid_lhc01');
    expect(gridView.progress.tasks).toBe(1);
    expect((await call('GET', `/api/hazards/rounds/${round.id}`, 'qxg_op')).statusCode).toBe(404);
    expect((await ok('GET', '/api/hazards/rounds', 'jfb_op')).items[0]).toMatchObject({ id: round.id, progress: { findings: 2 } });
    const byRound = await ok('GET', `/api/hazards?roundId=${round.id}`, 'jfb_op');
    expect(byRound.total).toBe(2);
    expect(byRound.items[0].roundName).toBe('新年夜前消防燃气安全专项排查');
  });

  it('refuses rounds without targets, past periods, unknown sectors and units outside the sender', async () => {
    const base = { name: '专项排查', sectors: ['fire'], startsOn: today, endsOn: later, targets: { units: [LHC_GRID] } };
    expect((await call('POST', '/api/hazards/rounds', 'jfb_op', { ...base, targets: { units: ['500103001'] } })).statusCode).toBe(422);
    expect((await call('POST', '/api/hazards/rounds', 'jfb_op', { ...base, sectors: ['weather'] })).statusCode).toBe(400);
    expect((await call('POST', '/api/hazards/rounds', 'jfb_op', { ...base, startsOn: '2024-01-01', endsOn: '2024-01-02' })).statusCode).toBe(400);
    expect((await call('POST', '/api/hazards/rounds', 'jfb_op', { ...base, endsOn: '2020-01-01' })).statusCode).toBe(400);
    expect((await call('POST', '/api/hazards/rounds', 'jfb_op', { ...base, targets: { levels: [{ kind: 'street', under: LHC_GRID }] } })).statusCode).toBe(400);
    expect((await call('POST', '/api/hazards/rounds', 'grid_lhc01', base)).statusCode).toBe(403);
  });
});

describe('notifications', () => {
  it('lets a webhook subscribe to every hazard event', async () => {
    const res = await call('POST', '/api/webhooks', 'admin', { name: '隐患推送', url: 'http://127.0.0.1:9/hook', topics: ['hazard.', 'hazard.reinspectFail'] });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('ledger export', () => {
  it('exports the findings in scope with the five in place, as the list filters them', async () => {
    const list = await ok('GET', '/api/hazards?grade=major&limit=200', 'jfb_op');
    const res = await call('GET', '/api/hazards.xlsx?grade=major', 'jfb_op');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['隐患编号', '隐患等级', '整改资金（元）', '应急预案', '复查结果', '销号时间', '督办级别']));
    expect(ws.rowCount - 1).toBe(list.total);
    expect(ws.getRow(2).getCell(3).value).toBe('重大');
  });
});

describe('bad input', () => {
  it('answers 4xx with the field, never 500', async () => {
    const bad = async (body: Record<string, unknown>, status: number, field?: string) => {
      const res = await call('POST', '/api/hazards', 'grid_lhc01', { sector: 'fire', grade: 'ordinary', description: '测试隐患', ...AT_LHC, ...body });
      expect(res.statusCode, res.body).toBe(status);
      if (field) expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ grade: 'severe' }, 400, 'body.grade');
    await bad({ extra: 1 }, 400);
    await bad({ sector: 'weather' }, 400, 'body.sector');
    await bad({ sector: undefined }, 400);
    await bad({ checklistItemId: 999999 }, 400, 'body.checklistItemId');
    const gas = (await ok('GET', '/api/hazards/checklists?sector=gas', 'admin')).sectors[0].items[0];
    await bad({ checklistItemId: gas.id }, 400, 'body.checklistItemId');
    await bad({ creditCode: 'not-a-code' }, 400, 'body.creditCode');
    await bad({ lng: 116.4, lat: 39.9 }, 422);
    await bad({ taskId: crypto.randomUUID() }, 400, 'body.taskId');
    await bad({ inspectUnit: 'D-XFJY' }, 422);
    expect((await call('POST', '/api/hazards', 'leader', { sector: 'fire', grade: 'ordinary', description: '领导发现', ...AT_LHC })).statusCode).toBe(403);
    expect((await call('GET', '/api/hazards/not-a-uuid', 'admin')).statusCode).toBe(400);
    expect((await call('GET', `/api/hazards/${crypto.randomUUID()}`, 'admin')).statusCode).toBe(404);
    expect((await call('GET', '/api/hazards?state=nonsense', 'admin')).statusCode).toBe(400);

    const f = await report({ description: '灭火器过期', ...AT_QXG }, 'district_op');
    await ok('POST', `/api/hazards/${f.id}/assign`, 'district_op', { unitCode: 'D-XFJY' });
    const past = await call('POST', `/api/hazards/${f.id}/plan`, 'district_op', { ...ordinaryPlan, deadline: { at: '2020-01-01T00:00:00+08:00' } });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields[0].field).toBe('body.deadline');
    expect((await call('POST', `/api/hazards/${f.id}/plan`, 'district_op', { ...ordinaryPlan, deadline: { amount: 3, unit: 'hour' } })).statusCode).toBe(400);
    expect((await call('POST', `/api/hazards/${f.id}/plan`, 'district_op', { ...ordinaryPlan, funding: -1 })).statusCode).toBe(400);
    expect((await call('POST', `/api/hazards/${f.id}/reinspect`, 'district_op', { result: 'maybe' })).statusCode).toBe(400);
    expect((await call('POST', `/api/hazards/${f.id}/assign`, 'district_op', { unitCode: 'NOPE' })).statusCode).toBe(422);
  });
});
