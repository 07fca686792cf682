import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

// 责任单 through the real API on the real database: issue with tasks and milestones as work items; scope;
// progress to done (late or not) and the task completing by itself; the deadline sweep; reschedule; cancel;
// supervision; bad input; the Excel ledgers.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const DISTRICT = '/500103/';
const JFB = '500103003';
const QXG = '500103001';
const LHC_GRID = '50010300301601';
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

async function call(method: 'GET' | 'POST', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

interface Milestone { id: string; name: string; state: string; warnLevel: string; dueAt: string; doneAt: string | null; doneLate: boolean | null; progress: number; supervised: boolean }
interface Task { id: string; title: string; state: string; ownerUnit: string; warnLevel: string; progress: number; responsible: { name: string; phone: string | null }; canReport: boolean; canSupervise: boolean; supervised: boolean; milestones: Milestone[] }

const TASKS = [
  {
    title: '解放碑步行街外摆整治', ownerUnit: JFB, description: '按例会要求完成外摆规范', responsible: { name: '张伟', phone: '13912345678' },
    milestones: [{ name: '摸底排查', due: { at: inDays(10) } }, { name: '集中整治', due: { amount: 15, unit: 'workDay' } }],
  },
  { title: '七星岗老旧小区加装电梯', ownerUnit: QXG, responsible: { name: '李娜' }, milestones: [{ name: '方案报批', due: { at: inDays(20) } }] },
  { title: '占道经营执法', ownerUnit: 'D-CGJ', responsible: { name: '王强', phone: '023-63891234' }, milestones: [{ name: '专项行动', due: { amount: 30, unit: 'day' } }] },
];

async function issue(body: Record<string, unknown> = {}, user = 'district_op') {
  const res = await call('POST', '/api/responsibility-lists', user, { title: '第12次区城市运行例会议定事项', source: { kind: 'meeting', ref: '区城运例会〔2025〕12号' }, tasks: TASKS, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string; tasks: number; milestones: number };
}

async function detail(id: string, user = 'district_op') {
  const res = await call('GET', `/api/responsibility-lists/${id}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { canManage: boolean; state: string; counts: Record<string, number>; tasks: Task[] };
}

const taskOf = async (listId: string, owner: string) => (await detail(listId)).tasks.find((t) => t.ownerUnit === owner)!;

async function progress(id: string, user: string, body: Record<string, unknown>) {
  return call('POST', `/api/milestones/${id}/progress`, user, { text: '按计划推进，已完成阶段工作', ...body });
}

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<T>(ctx.platform.database.db, query);
  return row!;
}

const sweepAt = (at: Date) => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep({ ...uow, now: at }));

/** Time passes for one milestone: its clock moved so that it fell due `hoursAgo` hours ago. */
async function fallDue(id: string, hoursAgo: number) {
  const due = new Date(Date.now() - hoursAgo * 3_600_000);
  const db = ctx.platform.database.db;
  await db.execute(sql`UPDATE work_items SET stage_started_at = ${new Date(due.getTime() - 4 * 86_400_000)},
    warn_at = ${new Date(due.getTime() - 86_400_000)}, deadline_at = ${due} WHERE id = ${id}`);
  await db.execute(sql`UPDATE milestones SET due_at = ${due} WHERE id = ${id}`);
}

describe('issue', () => {
  it('makes a task work item per task and a milestone work item per milestone, owned by the task\'s unit', async () => {
    const list = await issue();
    expect(list).toMatchObject({ tasks: 3, milestones: 4 });
    expect(list.ref).toMatch(/^ZR\d{12}$/);
    const d = await detail(list.id);
    expect(d.canManage).toBe(true);
    expect(d.state).toBe('open');
    expect(d.counts).toMatchObject({ tasks: 3, openTasks: 3, milestones: 4, completedMilestones: 0, overdue: 0 });
    expect(d.tasks.map((t) => t.ownerUnit)).toEqual([JFB, QXG, 'D-CGJ']);
    expect(d.tasks[0]!.responsible).toEqual({ name: '张伟', phone: '13912345678' });

    // The contract the weekly ranking reads.
    const ms = await queryRows<{ kind: string; owner_unit: string; deadline_at: string; due_at: string; warn_at: string; created_at: string; closed_at: string | null; progress: number; task_owner: string }>(
      ctx.platform.database.db, sql`SELECT w.kind, w.owner_unit, w.deadline_at, m.due_at, w.warn_at, w.created_at, w.closed_at, m.progress, t.owner_unit AS task_owner
        FROM milestones m JOIN work_items w ON w.id = m.id JOIN tasks t ON t.id = m.task_id WHERE m.list_id = ${list.id} ORDER BY t.seq, m.seq`);
    expect(ms).toHaveLength(4);
    for (const m of ms) {
      expect(m).toMatchObject({ kind: 'milestone', closed_at: null, progress: 0 });
      expect(m.owner_unit).toBe(m.task_owner);
      expect(new Date(m.deadline_at).getTime()).toBe(new Date(m.due_at).getTime());
    }
    // An instant: the yellow line at 75 % of the span from creation.
    const first = ms[0]!;
    const span = new Date(first.deadline_at).getTime() - new Date(first.created_at).getTime();
    expect(Math.abs(new Date(first.warn_at).getTime() - new Date(first.created_at).getTime() - span * 0.75)).toBeLessThan(1000);
    // Working days: due and yellow line on the working calendar.
    const clock = ctx.platform.loop.clock('milestone', new Date(ms[1]!.created_at), { amount: 15, unit: 'workDay' });
    expect(new Date(ms[1]!.deadline_at).getTime()).toBe(clock.deadlineAt.getTime());
    expect(new Date(ms[1]!.warn_at).getTime()).toBe(clock.warnAt.getTime());

    const tasks = await queryRows<{ kind: string; state: string; owner_unit: string; home_path: string }>(ctx.platform.database.db,
      sql`SELECT w.kind, w.state, w.owner_unit, w.home_path FROM tasks t JOIN work_items w ON w.id = t.id WHERE t.list_id = ${list.id} ORDER BY t.seq`);
    expect(tasks.map((t) => [t.kind, t.state, t.owner_unit, t.home_path])).toEqual([
      ['task', 'open', JFB, DISTRICT], ['task', 'open', QXG, DISTRICT], ['task', 'open', 'D-CGJ', DISTRICT],
    ]);
    // Events: the issuer's stream and the owner's (also_paths).
    const ev = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM events e JOIN milestones m ON m.id::text = e.subject_id
      WHERE m.list_id = ${list.id} AND e.type = 'milestone.create' AND e.unit_path = ${DISTRICT} AND cardinality(e.also_paths) = 1`);
    expect(ev.n).toBe(4);
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM events WHERE type = 'task.list-issued' AND subject_id = ${list.id}`)).n).toBe(1);
  });

  it('refuses bad input with field detail', async () => {
    const bad = async (body: Record<string, unknown>, user = 'district_op') => {
      const res = await call('POST', '/api/responsibility-lists', user, { title: '例会事项', source: { kind: 'meeting' }, tasks: TASKS, ...body });
      return { status: res.statusCode, fields: (res.json().error?.fields ?? []) as Array<{ field: string }> };
    };
    expect((await bad({ tasks: [] })).status).toBe(400);
    expect((await bad({ extra: 1 })).status).toBe(400);
    expect((await bad({ source: { kind: 'rumour' } })).status).toBe(400);
    const past = await bad({ tasks: [{ ...TASKS[0], milestones: [{ name: '已过期节点', due: { at: inDays(-1) } }] }] });
    expect(past).toEqual({ status: 400, fields: [expect.objectContaining({ field: 'body.tasks.0.milestones.0.due' })] });
    const beyond = await bad({ tasks: [{ ...TASKS[0], milestones: [{ name: '远期节点', due: { amount: 1000, unit: 'workDay' } }] }] });
    expect(beyond.status).toBe(400);
    // A street cannot give another street a task.
    const outside = await bad({ tasks: [TASKS[0], { ...TASKS[1] }] }, 'jfb_op');
    expect(outside).toEqual({ status: 422, fields: [expect.objectContaining({ field: 'body.tasks.1.ownerUnit' })] });
    expect((await bad({ tasks: [{ ...TASKS[0], ownerUnit: 'NOPE' }] })).status).toBe(422);
    expect((await bad({}, 'grid_lhc01')).status).toBe(403);
    expect((await bad({ issuerUnit: JFB })).status).toBe(422);
  });
});

describe('scope', () => {
  it('shows the issuer every task, an owner its own tasks, and nothing to another street', async () => {
    const district = await issue();
    const street = await issue({ title: '解放碑街道周例会事项', tasks: [{ ...TASKS[0], ownerUnit: LHC_GRID }] }, 'jfb_op');

    const jfb = await detail(district.id, 'jfb_op');
    expect(jfb.canManage).toBe(false);
    expect(jfb.tasks.map((t) => t.ownerUnit)).toEqual([JFB]);
    expect(jfb.tasks[0]!.responsible.phone).toBe('139****5678');
    expect(jfb.counts).toMatchObject({ tasks: 1, milestones: 2 });

    const qxgLists = (await call('GET', '/api/responsibility-lists?limit=200', 'qxg_op')).json().items.map((l: { id: string }) => l.id);
    expect(qxgLists).toContain(district.id);
    expect(qxgLists).not.toContain(street.id);
    expect((await call('GET', `/api/responsibility-lists/${street.id}`, 'qxg_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/responsibility-lists/${street.id}/tasks.xlsx`, 'qxg_op')).statusCode).toBe(404);
    const gridTask = (await detail(street.id, 'jfb_op')).tasks[0]!;
    const m = gridTask.milestones[0]!;
    expect((await call('GET', `/api/milestones/${m.id}`, 'qxg_op')).statusCode).toBe(404);
    expect((await progress(m.id, 'qxg_op', { progress: 10 })).statusCode).toBe(404);
    expect((await call('POST', `/api/tasks/${gridTask.id}/cancel`, 'qxg_op', { reason: '越权撤销' })).statusCode).toBe(404);
    // The grid sees its own task; the district (above the issuer) sees the street's list.
    expect((await detail(street.id, 'grid_lhc01')).tasks).toHaveLength(1);
    expect((await detail(street.id, 'district_op')).canManage).toBe(true);

    const mine = await call('GET', '/api/tasks?mine=true&state=open&limit=200', 'grid_lhc01');
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as Array<Task & { list: { id: string; ref: string } }>;
    expect(items.some((t) => t.list.id === street.id && t.canReport && t.milestones.length === 2)).toBe(true);
    expect(items.every((t) => t.ownerUnit === LHC_GRID)).toBe(true);
    const page = await call('GET', `/api/tasks?listId=${district.id}&limit=2`, 'district_op');
    expect(page.json()).toMatchObject({ total: 3 });
    expect(page.json().items).toHaveLength(2);
  });
});

describe('progress', () => {
  it('keeps a milestone open below 100 %, closes it at 100 %, and completes the task with its last milestone', async () => {
    const list = await issue();
    const task = await taskOf(list.id, JFB);
    const [m1, m2] = task.milestones;
    const half = await progress(m1!.id, 'jfb_op', { progress: 50, figures: { 已排查点位: 36 } });
    expect(half.statusCode, half.body).toBe(200);
    expect(half.json()).toMatchObject({ state: 'open', progress: 50, taskCompleted: false });
    // Not a unit above the owner: a grid worker under it cannot report for the street, another street cannot see it.
    expect((await progress(m1!.id, 'grid_lhc01', { progress: 60 })).statusCode).toBe(404);
    expect((await progress(m1!.id, 'leader', { progress: 60 })).statusCode).toBe(403);

    const done = await progress(m1!.id, 'jfb_op', { progress: 100, text: '摸底排查完成，共 36 处' });
    expect(done.json()).toMatchObject({ state: 'completed', progress: 100, taskCompleted: false });
    const row = await one<{ done_at: string | null; done_late: boolean; closed_at: string | null; deadline_at: string | null }>(sql`SELECT m.done_at, m.done_late,
      w.closed_at, w.deadline_at FROM milestones m JOIN work_items w ON w.id = m.id WHERE m.id = ${m1!.id}`);
    expect(row.done_at).not.toBeNull();
    expect(row.closed_at).not.toBeNull();
    expect(row.deadline_at).not.toBeNull();
    expect(row.done_late).toBe(false);
    expect((await progress(m1!.id, 'jfb_op', { progress: 100 })).statusCode).toBe(409);

    const last = await progress(m2!.id, 'jfb_op', { progress: 80, complete: true });
    expect(last.json()).toMatchObject({ state: 'completed', progress: 100, taskCompleted: true });
    const after = (await taskOf(list.id, JFB));
    expect(after).toMatchObject({ state: 'completed', progress: 100, canReport: false });
    const timeline = await queryRows<{ action: string; data: { lastMilestone?: string } }>(ctx.platform.database.db,
      sql`SELECT action, data FROM work_item_timeline WHERE item_id = ${task.id} ORDER BY id`);
    expect(timeline.map((e) => e.action)).toEqual(['create', 'complete']);
    expect(timeline[1]!.data.lastMilestone).toBe(m2!.id);

    const m = (await call('GET', `/api/milestones/${m1!.id}`, 'district_op')).json();
    expect(m.reports.map((r: { progress: number }) => r.progress)).toEqual([50, 100]);
    expect(m.reports[0].figures).toEqual({ 已排查点位: 36 });
    expect(m.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'progress', 'complete']);
    expect(m.allowedActions).toEqual([]);
    expect((await detail(list.id)).counts).toMatchObject({ completedTasks: 1, completedMilestones: 2, lateMilestones: 0 });
  });

  it('completes the task exactly once when its last two milestones complete at the same time', async () => {
    const list = await issue();
    const task = await taskOf(list.id, JFB);
    const results = await Promise.all(task.milestones.map((m) => progress(m.id, 'jfb_op', { progress: 100 })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(results.filter((r) => r.json().taskCompleted)).toHaveLength(1);
    expect((await taskOf(list.id, JFB)).state).toBe('completed');
  });

  it('takes photos uploaded to the milestone and refuses others', async () => {
    const list = await issue();
    const m = (await taskOf(list.id, JFB)).milestones[0]!;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 30, g: 120, b: 200 } } }).jpeg().toBuffer();
    const up = await ctx.app.inject({
      method: 'POST', url: `/api/work-items/${m.id}/attachments?stage=report&name=site.jpg`, payload: jpeg,
      headers: { ...await ctx.as('jfb_op'), 'content-type': 'image/jpeg' },
    });
    expect(up.statusCode, up.body).toBe(201);
    const bad = await progress(m.id, 'jfb_op', { progress: 30, attachmentIds: [crypto.randomUUID()] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.attachmentIds');
    expect((await progress(m.id, 'jfb_op', { progress: 30, attachmentIds: [up.json().id] })).statusCode).toBe(200);
    expect((await progress(m.id, 'jfb_op', { progress: 101 })).statusCode).toBe(400);
    expect((await progress(m.id, 'jfb_op', { progress: 30, text: '' })).statusCode).toBe(400);
  });
});

describe('deadlines', () => {
  it('turns a milestone yellow then red through the closed-loop sweep, escalating to the owner\'s parent', async () => {
    const list = await issue({ tasks: [{ ...TASKS[0], milestones: [{ name: '摸底排查', due: { at: inDays(8) } }] }] });
    const m = (await taskOf(list.id, JFB)).milestones[0]!;
    await sweepAt(new Date(Date.now() + 7 * 86_400_000));
    expect((await taskOf(list.id, JFB)).milestones[0]!.warnLevel).toBe('yellow');
    await sweepAt(new Date(Date.now() + 9 * 86_400_000));
    const task = await taskOf(list.id, JFB);
    expect(task.milestones[0]!.warnLevel).toBe('red');
    expect(task.warnLevel).toBe('red');
    expect((await one<{ escalated_to: string }>(sql`SELECT escalated_to FROM work_items WHERE id = ${m.id}`)).escalated_to).toBe('500103');
    const ev = await one<{ unit_path: string; also_paths: string[] }>(sql`SELECT unit_path, also_paths FROM events WHERE type = 'milestone.overdue' AND subject_id = ${m.id}`);
    expect(ev).toEqual({ unit_path: DISTRICT, also_paths: [`${DISTRICT}${JFB}/`] });
    expect((await detail(list.id)).counts).toMatchObject({ overdue: 1 });
    const red = await call('GET', `/api/tasks?listId=${list.id}&warn=red`, 'district_op');
    expect(red.json().total).toBe(1);
  });

  it('marks a milestone completed after its due date as done late', async () => {
    const list = await issue({ tasks: [{ ...TASKS[0], milestones: [{ name: '摸底排查', due: { at: inDays(3) } }] }] });
    const m = (await taskOf(list.id, JFB)).milestones[0]!;
    await fallDue(m.id, 2);
    await sweepAt(new Date());
    const done = await progress(m.id, 'jfb_op', { progress: 100 });
    expect(done.json()).toMatchObject({ state: 'completed', warnLevel: 'red', taskCompleted: true });
    const after = (await taskOf(list.id, JFB)).milestones[0]!;
    expect(after).toMatchObject({ state: 'completed', doneLate: true, progress: 100 });
    expect((await detail(list.id)).counts).toMatchObject({ lateMilestones: 1, overdue: 0 });
  });

  it('lets the issuer reschedule a milestone with a reason: a fresh clock, back to normal', async () => {
    const list = await issue();
    const m = (await taskOf(list.id, JFB)).milestones[0]!;
    await fallDue(m.id, 1);
    await sweepAt(new Date());
    expect((await taskOf(list.id, JFB)).milestones[0]!.warnLevel).toBe('red');
    const to = inDays(7);
    expect((await call('POST', `/api/milestones/${m.id}/reschedule`, 'jfb_op', { due: { at: to }, reason: '越权调整' })).statusCode).toBe(403);
    const past = await call('POST', `/api/milestones/${m.id}/reschedule`, 'district_op', { due: { at: inDays(-2) }, reason: '改到过去' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields[0].field).toBe('body.due');
    expect((await call('POST', `/api/milestones/${m.id}/reschedule`, 'district_op', { due: { at: to } })).statusCode).toBe(400);
    const res = await call('POST', `/api/milestones/${m.id}/reschedule`, 'district_op', { due: { at: to }, reason: '汛期影响，顺延一周' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'open', warnLevel: 'none', deadlineAt: new Date(to).toISOString() });
    const after = (await taskOf(list.id, JFB)).milestones[0]!;
    expect(after).toMatchObject({ warnLevel: 'none', dueAt: new Date(to).toISOString() });
    const row = await one<{ escalated_to: string | null; due_spec: { at: string } }>(sql`SELECT w.escalated_to, m.due_spec FROM work_items w
      JOIN milestones m ON m.id = w.id WHERE w.id = ${m.id}`);
    expect(row).toEqual({ escalated_to: null, due_spec: { at: to } });
    const timeline = (await call('GET', `/api/milestones/${m.id}`, 'jfb_op')).json().timeline as Array<{ action: string; note: string; data: { toDueAt: string } }>;
    expect(timeline.at(-1)).toMatchObject({ action: 'reschedule', note: '汛期影响，顺延一周', data: { toDueAt: new Date(to).toISOString() } });
  });
});

describe('cancel and supervise', () => {
  it('cancels a task with its open milestones; only the issuer may', async () => {
    const list = await issue();
    const task = await taskOf(list.id, QXG);
    expect((await call('POST', `/api/tasks/${task.id}/cancel`, 'qxg_op', { reason: '不是本单位下发' })).statusCode).toBe(403);
    const res = await call('POST', `/api/tasks/${task.id}/cancel`, 'district_op', { reason: '纳入市级项目统一实施' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('cancelled');
    const after = await taskOf(list.id, QXG);
    expect(after.state).toBe('cancelled');
    expect(after.milestones.map((m) => m.state)).toEqual(['cancelled']);
    expect((await progress(after.milestones[0]!.id, 'qxg_op', { progress: 20 })).statusCode).toBe(409);
    expect((await call('POST', `/api/tasks/${task.id}/cancel`, 'district_op', { reason: '再撤一次' })).statusCode).toBe(409);
    expect((await detail(list.id)).counts).toMatchObject({ tasks: 3, cancelledTasks: 1, milestones: 3 });
  });

  it('takes supervision orders on a task and a milestone from above, not from the owner itself', async () => {
    const list = await issue();
    const task = await taskOf(list.id, JFB);
    const m = task.milestones[0]!;
    const res = await call('POST', `/api/tasks/${task.id}/supervise`, 'leader', { note: '请加快推进外摆整治' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call('POST', `/api/milestones/${m.id}/supervise`, 'district_op', { note: '本节点请按期完成', deadlineAt: inDays(5) })).statusCode).toBe(201);
    const after = await taskOf(list.id, JFB);
    expect(after.supervised).toBe(true);
    expect(after.milestones[0]!.supervised).toBe(true);
    const detailed = (await call('GET', `/api/milestones/${m.id}`, 'jfb_op')).json();
    expect(detailed.supervision[0]).toMatchObject({ level: 'district', issuerUnit: '500103', note: '本节点请按期完成' });
    expect(task).toMatchObject({ canSupervise: true });
    expect((await detail(list.id, 'jfb_op')).tasks[0]).toMatchObject({ canSupervise: false });
    expect((await call('POST', `/api/tasks/${task.id}/supervise`, 'jfb_op', { note: '自己督办自己' })).statusCode).toBe(403);
    expect((await call('POST', `/api/tasks/${task.id}/supervise`, 'grid_lhc01', { note: '越权督办' })).statusCode).toBe(403);
    expect((await call('POST', `/api/tasks/${task.id}/supervise`, 'leader', { note: '' })).statusCode).toBe(400);
    await progress(m.id, 'jfb_op', { progress: 100 });
    expect((await call('POST', `/api/milestones/${m.id}/supervise`, 'leader', { note: '已完成的节点' })).statusCode).toBe(409);
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM events WHERE type = 'task.supervise' AND subject_id = ${task.id}`)).n).toBe(1);
  });
});

describe('export', () => {
  it('exports a list as .xlsx, one row per milestone, phones masked for non-issuers', async () => {
    const list = await issue();
    const res = await call('GET', `/api/responsibility-lists/${list.id}/tasks.xlsx`, 'district_op');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2 + 4);
    expect(ws.getRow(2).getCell(1).value).toBe('序号');
    expect(ws.getRow(3).getCell(2).value).toBe('解放碑步行街外摆整治');
    expect(ws.getRow(3).getCell(5).value).toBe('13912345678');
    expect(ws.getRow(3).getCell(9).value).toBe('推进中');

    const street = await call('GET', `/api/responsibility-lists/${list.id}/tasks.xlsx`, 'jfb_op');
    const swb = new ExcelJS.Workbook();
    await swb.xlsx.load(street.rawPayload as unknown as ArrayBuffer);
    expect(swb.worksheets[0]!.rowCount).toBe(2 + 2);
    expect(swb.worksheets[0]!.getRow(3).getCell(5).value).toBe('139****5678');

    const all = await call('GET', '/api/responsibility-lists/export.xlsx?source=meeting', 'district_op');
    expect(all.statusCode).toBe(200);
    const lwb = new ExcelJS.Workbook();
    await lwb.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
    const total = (await call('GET', '/api/responsibility-lists?source=meeting&limit=1', 'district_op')).json().total as number;
    expect(lwb.worksheets[0]!.rowCount).toBe(2 + total);
    expect(lwb.worksheets[0]!.getRow(2).getCell(1).value).toBe('责任单编号');
  });
});

describe('the largest list the schema allows', () => {
  it('200 tasks × 20 milestones are written, all or nothing (more rows than one statement may carry)', async () => {
    const tasks = Array.from({ length: 200 }, (_, i) => ({
      title: `批量任务 ${i + 1}`, ownerUnit: [JFB, QXG, 'D-CGJ'][i % 3], responsible: { name: '张伟' },
      milestones: Array.from({ length: 20 }, (_, j) => ({ name: `节点 ${j + 1}`, due: { amount: j + 1, unit: 'day' } })),
    }));
    const res = await call('POST', '/api/responsibility-lists', 'district_op', { title: '全年重点任务', source: { kind: 'plan' }, tasks });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(res.json()).toMatchObject({ tasks: 200, milestones: 4000 });
    const list = await detail(res.json().id as string);
    expect(list.tasks).toHaveLength(200);
    expect(list.tasks.every((t) => t.milestones.length === 20)).toBe(true);
  }, 60_000);
});
