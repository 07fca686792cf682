import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/access/actor.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { postsOfZone, runningOperations } from '../src/modules/operations/operations-repository.js';
import { createOperationTasks } from '../src/modules/operations/tasks-service.js';
import { loadTemplates } from '../src/modules/operations/templates.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';

// 行动 through the real API on the real database: the New Year's Eve operation from its template (phases, post tree,
// tasks with owners and deadlines), people on posts, the task loop and the deadline sweep, scope and bad input.
let ctx: TestContext;
const users = new Map<string, Headers>();

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [username, role, unitCode] of [
    ['tf_rq', 'department_handler', 'TF-RQ'], ['tf_xf', 'department_handler', 'TF-XF'], ['cp_jfb', 'district_commander', 'CP-JFB'],
  ] as const) {
    await createUser(ctx, { username, grants: [{ role, unitCode }] });
    users.set(username, await login(ctx, username, 'password123'));
  }
});
afterAll(async () => ctx?.close());

const JFB = '500103003';
const HOUR = 3_600_000;

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) {
  const headers = users.get(user) ?? await ctx.as(user);
  return ctx.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** The coming New Year's Eve (Beijing), far enough ahead that every phase lies in the future. */
function nextEve(): string {
  return `${new Date().getUTCFullYear() + 1}-12-31`;
}

async function create(body: Record<string, unknown>, user = 'district_op') {
  const res = await call('POST', '/api/operations', user, { name: '新年夜安全保障行动', templateCode: 'new-year-eve', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string; posts: number; tasks: number };
}

/** An operation whose 'during' phase is running now. */
function runningPeriod() {
  const now = Date.now();
  return {
    startsAt: new Date(now - 48 * HOUR).toISOString(), duringStartsAt: new Date(now - HOUR).toISOString(),
    duringEndsAt: new Date(now + 5 * HOUR).toISOString(), endsAt: new Date(now + 12 * HOUR).toISOString(),
  };
}

type Task = { id: string; ref: string; title: string; unitCode: string; phase: string; deadlineAt: string; state: string; warnLevel: string; allowedActions: string[] };

async function tasksOf(id: string, user = 'district_op', query = '') {
  const res = await call('GET', `/api/operations/${id}/tasks?limit=500${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Task[]; total: number };
}

describe('templates', () => {
  it('lists the New Year\'s Eve template with its 24 posts and 93 tasks', async () => {
    const res = await call('GET', '/api/operation-templates', 'jfb_op');
    expect(res.statusCode, res.body).toBe(200);
    const nye = res.json().items.find((x: { code: string }) => x.code === 'new-year-eve');
    expect(nye).toMatchObject({ anchor: '12-31', phases: { before: -264, duringStart: 18, duringEnd: 26, afterEnd: 36 }, taskCount: 93 });
    expect(nye.posts).toHaveLength(24);
    expect(nye.tasksByPhase).toEqual({ before: 47, during: 27, after: 19 });
  });
});

describe('create from the template', () => {
  it('makes the phases, the post tree and the phased tasks with the right owners and deadlines', async () => {
    const eve = nextEve();
    const year = Number(eve.slice(0, 4));
    const op = await create({
      anchorDate: eve,
      posts: [{ unitCode: '500103', person: { name: '王建国', phone: '13900000001' }, deputy: { name: '李明', phone: '13900000002' } }],
    });
    expect(op).toMatchObject({ posts: 24, tasks: 93 });
    expect(op.ref).toMatch(/^XD\d{11}$/);

    const detail = (await call('GET', `/api/operations/${op.id}`, 'district_op')).json();
    expect(detail.phases).toEqual([
      { phase: 'before', startsAt: new Date(`${year}-12-20T00:00:00+08:00`).toISOString(), endsAt: new Date(`${year}-12-31T18:00:00+08:00`).toISOString() },
      { phase: 'during', startsAt: new Date(`${year}-12-31T18:00:00+08:00`).toISOString(), endsAt: new Date(`${year + 1}-01-01T02:00:00+08:00`).toISOString() },
      { phase: 'after', startsAt: new Date(`${year + 1}-01-01T02:00:00+08:00`).toISOString(), endsAt: new Date(`${year + 1}-01-01T12:00:00+08:00`).toISOString() },
    ]);
    expect(detail.currentPhase).toBe('before');
    expect(detail.canManage).toBe(true);
    const tree = detail.postTree as Array<{ id: string; parentId: string | null; kind: string; unitCode: string; person: { name: string } | null; deputy: { name: string } | null }>;
    const byUnit = new Map(tree.map((p) => [p.unitCode, p]));
    const command = byUnit.get('500103')!;
    expect(command).toMatchObject({ kind: 'command', parentId: null, person: { name: '王建国', phone: '13900000001' }, deputy: { name: '李明' } });
    expect(tree.filter((p) => p.kind === 'command_post').map((p) => p.parentId)).toEqual(Array(5).fill(command.id));
    expect(tree.filter((p) => p.kind === 'task_force')).toHaveLength(7);
    expect(tree.filter((p) => p.kind === 'street_sub_command')).toHaveLength(11);
    expect(byUnit.get(JFB)!.parentId).toBe(byUnit.get('CP-JFB')!.id);
    expect(detail.unstaffedPosts).toBe(23);
    expect(detail.taskCounts.map((c: { phase: string; total: number; pending: number }) => [c.phase, c.total, c.pending]).sort())
      .toEqual([['after', 19, 19], ['before', 47, 47], ['during', 27, 27]]);

    const { items, total } = await tasksOf(op.id);
    expect(total).toBe(93);
    const find = (title: string) => items.filter((t) => t.title.startsWith(title));
    const beijing = (s: string) => new Date(s).toISOString();
    // 前期: the gas check belongs to the gas task force, 72 h before the before phase ends.
    expect(find('燃气安全检查')).toEqual([expect.objectContaining({ unitCode: 'TF-RQ', phase: 'before', deadlineAt: beijing(`${year}-12-28T18:00:00+08:00`), state: 'pending' })]);
    // 中期: 解放碑's one-way routes belong to its command post, an hour into the night.
    expect(find('解放碑核心区实施单向通行')).toEqual([expect.objectContaining({ unitCode: 'CP-JFB', phase: 'during', deadlineAt: beijing(`${year}-12-31T19:00:00+08:00`) })]);
    // 后期: clearing and refuse collection, one task per street, by 06:00.
    const clear = find('清场与垃圾清运');
    expect(clear).toHaveLength(11);
    expect(new Set(clear.map((t) => t.unitCode)).size).toBe(11);
    expect(clear.every((t) => t.unitCode.startsWith('500103') && t.phase === 'after' && t.deadlineAt === beijing(`${year + 1}-01-01T06:00:00+08:00`))).toBe(true);
    expect(find('现场踏勘').map((t) => t.unitCode).sort()).toEqual(['CP-CTM', 'CP-HYD', 'CP-JFB', 'CP-SBT', 'CP-SDTJ']);

    // Work items: kind, owner, clock from the phase's start with the yellow line at 75 %.
    const db = ctx.platform.database.db;
    const [w] = await queryRows<{ kind: string; owner_unit: string; stage_started_at: string; warn_at: string; deadline_at: string }>(db, sql`SELECT w.kind,
      w.owner_unit, w.stage_started_at, w.warn_at, w.deadline_at FROM work_items w WHERE w.id = ${find('清场与垃圾清运')[0]!.id}`);
    expect(w!.kind).toBe('operation_task');
    const started = new Date(w!.stage_started_at).getTime();
    expect(started).toBe(new Date(`${year + 1}-01-01T02:00:00+08:00`).getTime());
    expect(new Date(w!.warn_at).getTime()).toBe(started + 3 * HOUR);
    const [ev] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM events e JOIN operation_tasks t ON t.id::text = e.subject_id
      WHERE e.type = 'operation_task.create' AND t.operation_id = ${op.id}`);
    expect(Number(ev!.n)).toBe(93);
  });

  it('sets person and deputy on a post; a street names its own, and only its own', async () => {
    const op = await create({ anchorDate: nextEve() });
    const tree = (await call('GET', `/api/operations/${op.id}`, 'district_op')).json().postTree as Array<{ id: string; unitCode: string }>;
    const post = (code: string) => tree.find((p) => p.unitCode === code)!.id;
    const users = (await call('GET', '/api/users?limit=500', 'admin')).json().items as Array<{ id: string; username: string }>;
    const cpUser = users.find((u) => u.username === 'cp_jfb')!.id;

    const set = await call('PATCH', `/api/operations/${op.id}/posts/${post('CP-JFB')}`, 'district_op', {
      person: { name: '陈刚', phone: '13900000011', userId: cpUser }, deputy: { name: '赵磊', phone: '13900000012' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ unitCode: 'CP-JFB', person: { name: '陈刚', userId: cpUser }, deputy: { name: '赵磊', phone: '13900000012', userId: null } });
    // Only the deputy changes; the person stays.
    const deputy = await call('PATCH', `/api/operations/${op.id}/posts/${post('CP-JFB')}`, 'district_op', { deputy: null });
    expect(deputy.json()).toMatchObject({ person: { name: '陈刚' }, deputy: null });

    expect((await call('PATCH', `/api/operations/${op.id}/posts/${post(JFB)}`, 'jfb_op', { person: { name: '周平', phone: '13900000013' } })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/operations/${op.id}/posts/${post('CP-JFB')}`, 'jfb_op', { person: { name: '越权' } })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/operations/${op.id}/posts/${post(JFB)}`, 'qxg_op', { person: { name: '越权' } })).statusCode).toBe(404);
    // A task force reads its post but does not name people.
    expect((await call('PATCH', `/api/operations/${op.id}/posts/${post('TF-RQ')}`, 'tf_rq', { person: { name: '越权' } })).statusCode).toBe(403);

    const bad = await call('PATCH', `/api/operations/${op.id}/posts/${post('CP-JFB')}`, 'district_op', { person: { name: '陈刚', userId: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.person.userId');
    expect((await call('PATCH', `/api/operations/${op.id}/posts/${post('CP-JFB')}`, 'district_op', {})).statusCode).toBe(400);
    expect((await call('PATCH', `/api/operations/${op.id}/posts/${post('CP-JFB')}`, 'district_op', { person: { name: '陈刚', phone: 'call me' } })).statusCode).toBe(400);
  });
});

describe('scope', () => {
  it('shows a street its own post and tasks only, and a bureau outside the operation nothing', async () => {
    const op = await create({ anchorDate: nextEve() });
    const street = await call('GET', `/api/operations/${op.id}`, 'jfb_op');
    expect(street.statusCode, street.body).toBe(200);
    expect(street.json().postTree.map((p: { unitCode: string }) => p.unitCode)).toEqual([JFB]);
    expect(street.json().canManage).toBe(false);
    const tasks = await tasksOf(op.id, 'jfb_op');
    expect(tasks.total).toBe(4);
    expect(new Set(tasks.items.map((t) => t.unitCode))).toEqual(new Set([JFB]));
    expect((await call('GET', '/api/operations?limit=100', 'jfb_op')).json().items.map((o: { id: string }) => o.id)).toContain(op.id);

    const tf = await tasksOf(op.id, 'tf_rq');
    expect(new Set(tf.items.map((t) => t.unitCode))).toEqual(new Set(['TF-RQ']));

    expect((await call('GET', `/api/operations/${op.id}`, 'cgj_handler')).statusCode).toBe(404);
    expect((await call('GET', `/api/operations/${op.id}/tasks`, 'cgj_handler')).statusCode).toBe(404);
    expect((await call('GET', '/api/operations', 'cgj_handler')).json().total).toBe(0);
    const other = tf.items[0]!;
    expect((await call('GET', `/api/operation-tasks/${other.id}`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/operation-tasks/${other.id}`, 'tf_xf')).statusCode).toBe(404);
  });
});

describe('the task loop', () => {
  it('starts and completes a task at its post; the command cancels and supervises; others may not', async () => {
    const op = await create({ period: runningPeriod() });
    const detail = (await call('GET', `/api/operations/${op.id}`, 'district_op')).json();
    expect(detail.currentPhase).toBe('during');
    const { items } = await tasksOf(op.id, 'district_op', '&unit=TF-RQ&phase=during');
    const task = items[0]!;
    // The centre acts from above too (the closed loop's rule), and alone cancels and supervises.
    expect(task.allowedActions).toEqual(['start', 'complete', 'cancel', 'supervise']);
    expect((await tasksOf(op.id, 'tf_rq', '&phase=during')).items[0]!.allowedActions).toEqual(['start', 'complete']);

    const started = await call('POST', `/api/operation-tasks/${task.id}/start`, 'tf_rq', { note: '抢修队已集结' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().state).toBe('in_progress');
    expect((await call('POST', `/api/operation-tasks/${task.id}/start`, 'tf_rq', {})).statusCode).toBe(409);
    expect((await call('POST', `/api/operation-tasks/${task.id}/complete`, 'tf_xf', {})).statusCode).toBe(404);
    expect((await call('POST', `/api/operation-tasks/${task.id}/complete`, 'jfb_op', {})).statusCode).toBe(404);
    const done = await call('POST', `/api/operation-tasks/${task.id}/complete`, 'tf_rq', { note: '解放碑、洪崖洞周边待命，未发生险情' });
    expect(done.json().state).toBe('done');
    const full = (await call('GET', `/api/operation-tasks/${task.id}`, 'tf_rq')).json();
    expect(full).toMatchObject({ state: 'done', resultNote: '解放碑、洪崖洞周边待命，未发生险情', doneLate: false, allowedActions: [], operation: { id: op.id } });
    expect(full.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'start', 'complete']);

    // The street cannot cancel its own task: the command gave it.
    const street = (await tasksOf(op.id, 'jfb_op', '&phase=during')).items[0]!;
    expect((await call('POST', `/api/operation-tasks/${street.id}/cancel`, 'jfb_op', { reason: '不需要' })).statusCode).toBe(403);
    expect((await call('POST', `/api/operation-tasks/${street.id}/supervise`, 'jfb_op', { note: '越权督办' })).statusCode).toBe(403);
    const sup = await call('POST', `/api/operation-tasks/${street.id}/supervise`, 'commander', { note: '请22时前全员到岗' });
    expect(sup.statusCode, sup.body).toBe(201);
    const supervised = (await call('GET', `/api/operation-tasks/${street.id}`, 'jfb_op')).json();
    expect(supervised.supervised).toBe(true);
    expect(supervised.supervision[0]).toMatchObject({ level: 'district', issuerUnit: '500103' });
    const cancelled = await call('POST', `/api/operation-tasks/${street.id}/cancel`, 'district_op', { reason: '合并到区级任务' });
    expect(cancelled.json().state).toBe('cancelled');
    expect((await call('POST', `/api/operation-tasks/${street.id}/complete`, 'jfb_op', {})).statusCode).toBe(409);
    expect((await call('POST', `/api/operation-tasks/${street.id}/supervise`, 'commander', { note: '再督办' })).statusCode).toBe(409);
  });

  it('warns at 75 % and turns red at the deadline through the sweep, escalating to the district', async () => {
    const op = await create({ period: runningPeriod() });
    const add = await call('POST', `/api/operations/${op.id}/tasks`, 'district_op', {
      title: '朝天门码头增设临时隔离栏', unitCode: 'CP-CTM', deadlineAt: new Date(Date.now() + HOUR).toISOString(),
    });
    expect(add.statusCode, add.body).toBe(201);
    const id = add.json().id as string;
    const sweepAt = (at: Date) => ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => ctx.platform.loop.sweep({ ...uow, now: at }));
    await sweepAt(new Date(Date.now() + 50 * 60_000));
    expect((await call('GET', `/api/operation-tasks/${id}`, 'district_op')).json().warnLevel).toBe('yellow');
    await sweepAt(new Date(Date.now() + 2 * HOUR));
    const red = (await call('GET', `/api/operation-tasks/${id}`, 'district_op')).json();
    expect(red).toMatchObject({ warnLevel: 'red', phase: 'during', source: 'manual', unitCode: 'CP-CTM' });
    expect(red.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'warn', 'overdue']);
    const [row] = await queryRows<{ escalated_to: string }>(ctx.platform.database.db, sql`SELECT escalated_to FROM work_items WHERE id = ${id}`);
    expect(row!.escalated_to).toBe('500103');
    // The post's red tasks: this one, and the template's that were already due when the operation was made.
    const reds = await tasksOf(op.id, 'district_op', '&unit=CP-CTM&warn=red');
    expect(reds.items.map((t) => t.id)).toContain(id);
    expect((await call('GET', `/api/operations/${op.id}`, 'district_op')).json().postTree.find((p: { unitCode: string }) => p.unitCode === 'CP-CTM').overdueTasks).toBe(reds.total);
    // The phone: the post's own open tasks.
    const mine = (await call('GET', '/api/operation-tasks?mine=true&open=true', 'cp_jfb')).json();
    expect(mine.items.every((t: Task) => t.unitCode === 'CP-JFB')).toBe(true);
  });

  it('exports the tasks to .xlsx', async () => {
    const op = await create({ anchorDate: nextEve() });
    const res = await call('GET', `/api/operations/${op.id}/tasks.xlsx?phase=after`, 'district_op');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2 + 19);
    expect(ws.getRow(2).getCell(4).value).toBe('任务');
    expect(ws.getRow(3).getCell(2).value).toBe('后期');
  });
});

describe('for other modules', () => {
  it('lets a playbook find the running operation and a zone\'s posts, and create tasks for them', async () => {
    const op = await create({ period: runningPeriod() });
    const db = ctx.platform.database.db;
    expect((await runningOperations(db, new Date())).map((o) => o.id)).toContain(op.id);
    const posts = await postsOfZone(db, op.id, 'ZONE-JFB');
    expect(posts.map((p) => p.unit_code)).toEqual(['CP-JFB', JFB]);
    const deps = { loop: ctx.platform.loop, templates: loadTemplates() };
    const made = await ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => createOperationTasks(uow, deps, op.id, [
      { title: '解放碑人流橙色预警：民族路口限流', unitCode: posts[0]!.unit_code, deadlineAt: new Date(Date.now() + 10 * 60_000), source: { kind: 'playbook', ref: 'alert-1' } },
    ]));
    expect(made).toEqual([expect.objectContaining({ unitCode: 'CP-JFB', phase: 'during' })]);
    const task = (await call('GET', `/api/operation-tasks/${made[0]!.id}`, 'cp_jfb')).json();
    expect(task).toMatchObject({ source: 'playbook', sourceRef: 'alert-1', state: 'pending', allowedActions: ['start', 'complete'] });
    // A unit without a post in the operation is refused, and nothing is written.
    await expect(ctx.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => createOperationTasks(uow, deps, op.id, [{ title: '某项任务', unitCode: 'D-CGJ' }])))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('bad input', () => {
  it('answers 4xx with the field, never 500', async () => {
    const base = { name: '新年夜', templateCode: 'new-year-eve' };
    const post = (body: unknown, user = 'district_op') => call('POST', '/api/operations', user, body);
    const field = async (body: unknown) => {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.fields[0].field as string;
    };
    expect(await field({ ...base, templateCode: 'no-such', anchorDate: nextEve() })).toBe('body.templateCode');
    expect(await field({ ...base })).toBe('body.anchorDate');
    expect(await field({ ...base, anchorDate: '2020-12-31' })).toBe('body.anchorDate');
    expect(await field({ ...base, anchorDate: '31/12/2030' })).toBe('body.anchorDate');
    const p = runningPeriod();
    expect(await field({ ...base, period: { ...p, duringEndsAt: p.duringStartsAt } })).toBe('body.period');
    expect(await field({ ...base, anchorDate: nextEve(), posts: [{ unitCode: 'D-CGJ', person: { name: '某人' } }] })).toBe('body.posts.0.unitCode');
    expect((await post({ ...base, anchorDate: nextEve(), extra: 1 })).statusCode).toBe(400);
    // A street commands no district-wide template; a task force may not create operations at all.
    expect((await post({ ...base, anchorDate: nextEve() }, 'jfb_op')).statusCode).toBe(400);
    expect((await post({ ...base, anchorDate: nextEve() }, 'tf_rq')).statusCode).toBe(403);

    const op = await create({ period: runningPeriod() });
    const addTask = (body: unknown) => call('POST', `/api/operations/${op.id}/tasks`, 'district_op', body);
    expect((await addTask({ title: '某项任务', unitCode: 'D-CGJ' })).json().error.fields[0].field).toBe('body.unitCode');
    expect((await addTask({ title: '某项任务', unitCode: 'TF-RQ', deadlineAt: new Date(Date.now() - HOUR).toISOString() })).json().error.fields[0].field).toBe('body.deadlineAt');
    expect((await addTask({ title: '某项任务', unitCode: 'TF-RQ', phase: 'later' })).statusCode).toBe(400);
    expect((await call('POST', `/api/operations/${op.id}/tasks`, 'jfb_op', { title: '某项任务', unitCode: JFB })).statusCode).toBe(403);
    expect((await call('GET', '/api/operations/not-a-uuid', 'district_op')).statusCode).toBe(400);
    expect((await call('GET', '/api/operations/00000000-0000-4000-8000-000000000000', 'district_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/operations/${op.id}/tasks?state=sleeping`, 'district_op')).statusCode).toBe(400);
    expect((await call('POST', '/api/operation-tasks/00000000-0000-4000-8000-000000000000/start', 'tf_rq', {})).statusCode).toBe(404);
  });
});
