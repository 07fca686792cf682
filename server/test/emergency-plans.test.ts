import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';

// 预案与资源 on the real database: the seeded crowd-crush plan, activation at a level (exactly that level's measures
// become operation tasks for the right posts, in an operation or standalone), plan creation, resource requests
// approved with specific resources, scope and bad input.
let ctx: TestContext;
const headers = new Map<string, Headers>();
let plan: { id: string; levels: number[] };
let op: string;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [username, role, unitCode] of [['tf_jtys', 'department_handler', 'TF-JTYS'], ['cp_jfb', 'district_commander', 'CP-JFB']] as const) {
    await createUser(ctx, { username, grants: [{ role, unitCode }] });
    headers.set(username, await login(ctx, username, 'password123'));
  }
  const list = (await call('GET', '/api/emergency-plans', 'district_op')).json();
  plan = list.items.find((p: { code: string }) => p.code === 'YA-XNY-YJCT');
  const now = Date.now();
  const res = await call('POST', '/api/operations', 'district_op', {
    name: '新年夜安全保障行动', templateCode: 'new-year-eve',
    period: { startsAt: iso(now - 48 * HOUR), duringStartsAt: iso(now - HOUR), duringEndsAt: iso(now + 5 * HOUR), endsAt: iso(now + 12 * HOUR) },
  });
  op = res.json().id;
});
afterAll(async () => ctx?.close());

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: headers.get(user) ?? await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

type Made = { id: string; ref: string; level: number; tasks: number; operationId: string | null; unitCode: string; taskList: Array<{ id: string; unitCode: string; title: string; deadlineAt: string }> };

async function activate(body: Record<string, unknown>, user = 'district_op') {
  const res = await call('POST', `/api/emergency-plans/${plan.id}/activate`, user, { reason: '解放碑人流密度持续上升', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Made;
}

const pairs = (m: Made) => m.taskList.map((t) => `${t.unitCode} ${t.title}`).sort();

describe('the seeded plan', () => {
  it('is the New Year\'s Eve crowd-crush plan with four levels, readable by a street', async () => {
    expect(plan).toMatchObject({ levels: [1, 2, 3, 4] });
    const detail = await call('GET', `/api/emergency-plans/${plan.id}`, 'jfb_op');
    expect(detail.statusCode, detail.body).toBe(200);
    const d = detail.json();
    expect(d).toMatchObject({ name: '新年夜大型群众性活动拥挤踩踏事件现场处置方案', kind: 'onsite', canActivate: false });
    expect(d.levels.map((l: { level: number; name: string }) => l.name)).toEqual(['一级响应', '二级响应', '三级响应', '四级响应']);
    expect(d.levels[0].condition).toEqual({ tier: 'red' });
    const titles = d.levels.flatMap((l: { measures: Array<{ title: string }> }) => l.measures.map((m) => m.title));
    for (const t of ['入口限流', '实施单向通行', '关闭1号、2号入口，只出不进', '请求轨道交通甩站', '广播疏导', '增派警力']) expect(titles).toContain(t);
    expect(d.resources.length).toBeGreaterThan(0);
  });
});

describe('activation', () => {
  it('at level 2 in the operation for 解放碑: exactly that level\'s measures, for the zone\'s posts, due after their limits', async () => {
    const before = Date.now();
    const a = await activate({ level: 2, operationId: op, zoneCode: 'ZONE-JFB' });
    expect(a).toMatchObject({ level: 2, tasks: 6, operationId: op, zoneCode: 'ZONE-JFB', unitCode: '500103' });
    expect(pairs(a)).toEqual([
      '500103 【二级响应】增派警力',
      'CP-JFB 【二级响应】广播疏导，分区分批疏散',
      'CP-JFB 【二级响应】关闭1号、2号入口，只出不进',
      'TF-JTYS 【二级响应】周边道路交通管制，开辟应急通道',
      'TF-JTYS 【二级响应】请求轨道交通甩站',
      'TF-XF 【二级响应】医疗救护组和消防救援力量前移待命',
    ].sort());
    const closeOff = a.taskList.find((t) => t.title.includes('关闭'))!;
    const due = new Date(closeOff.deadlineAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 5 * 60_000);
    expect(due).toBeLessThan(Date.now() + 5 * 60_000 + 1000);

    // They are operation tasks of the running phase, from the plan, at the posts of the operation.
    const tasks = (await call('GET', `/api/operations/${op}/tasks?source=plan&limit=100`, 'district_op')).json();
    expect(tasks.total).toBe(6);
    expect(tasks.items.every((t: { phase: string; sourceRef: string; postId: string | null }) => t.phase === 'during' && t.sourceRef === a.id && t.postId)).toBe(true);
    // The command post sees its own two and can act on them.
    const cp = (await call('GET', `/api/operations/${op}/tasks?source=plan`, 'cp_jfb')).json();
    expect(cp.items.map((t: { unitCode: string }) => t.unitCode)).toEqual(['CP-JFB', 'CP-JFB']);
    expect((await call('POST', `/api/operation-tasks/${cp.items[0].id}/complete`, 'cp_jfb', { note: '已关闭民族路口、邹容路口' })).statusCode).toBe(200);

    // Recorded, and pushed on the stream.
    const detail = (await call('GET', `/api/emergency-plans/${plan.id}`, 'district_op')).json();
    expect(detail.activations[0]).toMatchObject({ id: a.id, level: 2, reason: '解放碑人流密度持续上升', activatedByName: '区中心值班员', tasks: 6 });
    const [ev] = await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM events
      WHERE type = 'plan.activated' AND payload->>'activationId' = ${a.id} AND payload->>'level' = '2'`);
    expect(Number(ev!.n)).toBe(1);
  });

  it('at level 3 for 十八梯: its command post and its street', async () => {
    const a = await activate({ level: 3, operationId: op, zoneCode: 'ZONE-SBT' });
    expect(pairs(a)).toEqual([
      '500103008 【三级响应】增派网格员和志愿者维持秩序',
      'CP-SBT 【三级响应】实施单向通行',
      'CP-SBT 【三级响应】入口限流',
      'CP-SBT 【三级响应】广播疏导',
      'TF-JTYS 【三级响应】请求轨道交通加开班次，周边站点限流',
    ].sort());
  });

  it('standalone at level 4 without a zone: every command post and every street with a key zone', async () => {
    const a = await activate({ level: 4 });
    expect(a.operationId).toBeNull();
    expect(a.tasks).toBe(5 * 2 + 4);
    expect(new Set(a.taskList.filter((t) => t.title.includes('网格员')).map((t) => t.unitCode)))
      .toEqual(new Set(['500103003', '500103010', '500103008', '500103012']));
    const [row] = await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM operation_tasks
      WHERE source_ref = ${a.id} AND operation_id IS NULL AND source_kind = 'plan' AND issuer_path = '/500103/'`);
    expect(Number(row!.n)).toBe(14);
    // The street sees its standalone task and may complete it.
    const mine = (await call('GET', '/api/operation-tasks?mine=true&open=true', 'jfb_op')).json();
    const t = mine.items.find((x: { sourceRef: string }) => x.sourceRef === a.id);
    expect(t).toMatchObject({ unitCode: '500103003', phase: null, operationId: null });
    expect((await call('POST', `/api/operation-tasks/${t.id}/complete`, 'jfb_op', {})).statusCode).toBe(200);
  });

  it('lets a command post activate for its own zone only; a street not at all', async () => {
    const own = await activate({ level: 4, operationId: op, zoneCode: 'ZONE-JFB' }, 'cp_jfb');
    expect(own.unitCode).toBe('CP-JFB');
    expect((await call('POST', `/api/emergency-plans/${plan.id}/activate`, 'cp_jfb', { level: 4, reason: '越权启动', zoneCode: 'ZONE-CTM' })).statusCode).toBe(403);
    expect((await call('POST', `/api/emergency-plans/${plan.id}/activate`, 'jfb_op', { level: 4, reason: '越权启动' })).statusCode).toBe(403);
  });

  it('refuses bad input with the field', async () => {
    const field = async (body: Record<string, unknown>, status = 400) => {
      const res = await call('POST', `/api/emergency-plans/${plan.id}/activate`, 'district_op', { reason: '测试', level: 2, ...body });
      expect(res.statusCode, res.body).toBe(status);
      return res.json().error.fields?.[0]?.field;
    };
    expect(await field({ level: 5 })).toBe('body.level');
    expect(await field({ zoneCode: 'CP-JFB' })).toBe('body.zoneCode');
    expect(await field({ reason: '' })).toBe('body.reason');
    expect(await field({ operationId: '00000000-0000-4000-8000-000000000000' }, 404)).toBeUndefined();
    expect((await call('POST', '/api/emergency-plans/00000000-0000-4000-8000-000000000000/activate', 'district_op', { level: 2, reason: '测试' })).statusCode).toBe(404);
  });
});

describe('plans', () => {
  const body = {
    code: 'YA-TEST-01', name: '新年夜燃气泄漏专项处置方案', kind: 'special', eventType: 'accident',
    levels: [{ level: 4, name: '四级响应', trigger: '接报燃气泄漏', measures: [{ title: '关阀断气', postKind: 'task_force', unitCode: 'TF-RQ', timeLimitMinutes: 15 }] }],
  };
  it('creates a structured plan; checks its units; refuses a second with the same code', async () => {
    const made = await call('POST', '/api/emergency-plans', 'district_op', body);
    expect(made.statusCode, made.body).toBe(201);
    expect((await call('POST', '/api/emergency-plans', 'district_op', body)).statusCode).toBe(409);
    const bad = async (patch: Record<string, unknown>, field: string) => {
      const res = await call('POST', '/api/emergency-plans', 'district_op', { ...body, code: 'YA-TEST-02', ...patch });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields[0].field).toBe(field);
    };
    await bad({ levels: [{ ...body.levels[0], measures: [{ title: '关阀断气', postKind: 'task_force', timeLimitMinutes: 15 }] }] }, 'body.levels.0.measures.0.unitCode');
    await bad({ levels: [{ ...body.levels[0], measures: [{ title: '关阀断气', postKind: 'task_force', unitCode: 'D-CGJ', timeLimitMinutes: 15 }] }] }, 'body.levels.0.measures.0.unitCode');
    await bad({ levels: [body.levels[0], body.levels[0]] }, 'body.levels');
    await bad({ kind: 'overall' }, 'body.kind');
    expect((await call('POST', '/api/emergency-plans', 'jfb_op', { ...body, code: 'YA-TEST-03' })).statusCode).toBe(403);
  });
});

describe('resources and requests', () => {
  type Res = { id: string; code: string; type: string; status: string; zoneCode: string | null; assignedUnit: string | null };
  async function resources(query: string, user = 'district_op') {
    const res = await call('GET', `/api/resources?limit=500${query}`, user);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Res[]; total: number };
  }

  it('seeds resources at the five zones', async () => {
    const all = await resources('');
    expect(all.total).toBe(29);
    expect(new Set(all.items.map((r) => r.zoneCode).filter(Boolean))).toEqual(new Set(['ZONE-JFB', 'ZONE-CTM', 'ZONE-HYD', 'ZONE-SBT', 'ZONE-SDTJ']));
    expect((await resources('', 'jfb_op')).total).toBe(0);
  });

  it('runs a request: the post asks, the centre assigns specific resources, the post confirms; then they come back', async () => {
    const ask = await call('POST', '/api/resource-requests', 'tf_jtys', {
      unitCode: 'TF-JTYS', operationId: op, resourceType: 'police_squad', quantity: 2, reason: '小什字站出站口客流激增，需要警力疏导',
    });
    expect(ask.statusCode, ask.body).toBe(201);
    const req = ask.json();
    expect(req).toMatchObject({ state: 'pending', unitCode: 'TF-JTYS', quantity: 2, allowedActions: [] });
    expect(req.ref).toMatch(/^ZY\d{11}$/);
    const police = (await resources('&type=police_squad&status=available')).items;
    const ambulance = (await resources('&type=ambulance')).items[0]!;

    // The wrong kind of resource: refused, and nothing moved.
    const wrong = await call('POST', `/api/resource-requests/${req.id}/approve`, 'district_op', { resourceIds: [police[0]!.id, ambulance.id] });
    expect(wrong.statusCode).toBe(409);
    expect((await resources('&status=assigned')).total).toBe(0);
    expect((await call('POST', `/api/resource-requests/${req.id}/approve`, 'district_op', { resourceIds: police.slice(0, 3).map((r) => r.id) })).statusCode).toBe(400);
    expect((await call('POST', `/api/resource-requests/${req.id}/approve`, 'tf_jtys', { resourceIds: [police[0]!.id] })).statusCode).toBe(403);

    const ok = await call('POST', `/api/resource-requests/${req.id}/approve`, 'district_op', { resourceIds: [police[0]!.id, police[1]!.id], note: '调派两个机动小队' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'approved', decidedByName: '区中心值班员', allowedActions: ['fulfil'] });
    expect(ok.json().resources.map((r: { status: string }) => r.status)).toEqual(['assigned', 'assigned']);
    const assigned = (await resources('&status=assigned')).items;
    expect(assigned.map((r) => r.assignedUnit)).toEqual(['TF-JTYS', 'TF-JTYS']);
    expect((await call('POST', `/api/resource-requests/${req.id}/approve`, 'district_op', { resourceIds: [police[2]!.id] })).statusCode).toBe(409);

    const arrived = await call('POST', `/api/resource-requests/${req.id}/fulfil`, 'tf_jtys', { note: '两个小队已到小什字站' });
    expect(arrived.json()).toMatchObject({ state: 'fulfilled', allowedActions: [] });

    // After the night the centre returns them.
    const back = await call('PATCH', `/api/resources/${police[0]!.id}`, 'district_op', { status: 'available' });
    expect(back.json()).toMatchObject({ status: 'available', assignedRequestId: null, assignedUnit: null });
    const [row] = await queryRows<{ released_at: string | null }>(ctx.platform.database.db, sql`SELECT released_at FROM resource_assignments WHERE resource_id = ${police[0]!.id}`);
    expect(row!.released_at).not.toBeNull();
  });

  it('rejects with a reason; keeps requests in scope; refuses bad input', async () => {
    const ask = await call('POST', '/api/resource-requests', 'jfb_op', { unitCode: '500103003', resourceType: 'barrier', quantity: 1, reason: '八一路口需要铁马' });
    expect(ask.statusCode, ask.body).toBe(201);
    const id = ask.json().id;
    expect((await call('POST', `/api/resource-requests/${id}/reject`, 'district_op', { note: '' })).statusCode).toBe(400);
    expect((await call('POST', `/api/resource-requests/${id}/reject`, 'district_op', { note: '现场已有护栏，请就近调整' })).json().state).toBe('rejected');
    expect((await call('POST', `/api/resource-requests/${id}/fulfil`, 'jfb_op', {})).statusCode).toBe(409);

    const jfb = (await call('GET', '/api/resource-requests', 'jfb_op')).json();
    expect(jfb.items.map((r: { unitCode: string }) => r.unitCode)).toEqual(['500103003']);
    expect((await call('GET', '/api/resource-requests', 'district_op')).json().total).toBe(2);

    const post = (body: Record<string, unknown>, user = 'jfb_op') => call('POST', '/api/resource-requests', user, { unitCode: '500103003', resourceType: 'barrier', quantity: 1, reason: '需要', ...body });
    expect((await post({ unitCode: '500103001' })).statusCode).toBe(422);
    expect((await post({ resourceType: 'tank' })).statusCode).toBe(400);
    expect((await post({ quantity: 0 })).statusCode).toBe(400);
    expect((await post({ neededBy: iso(Date.now() - HOUR) })).json().error.fields[0].field).toBe('body.neededBy');
    expect((await call('PATCH', '/api/resources/00000000-0000-4000-8000-000000000000', 'district_op', { status: 'available' })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/resources/${(await resources('')).items[0]!.id}`, 'district_op', { status: 'assigned' })).statusCode).toBe(400);
    expect((await call('PATCH', `/api/resources/${(await resources('')).items[0]!.id}`, 'jfb_op', { status: 'out_of_service' })).statusCode).toBe(403);
    const created = await call('POST', '/api/resources', 'district_op', { code: 'R-TEST-01', name: '备用发电车', type: 'lighting', lng: 106.57, lat: 29.55 });
    expect(created.statusCode, created.body).toBe(201);
    expect((await call('POST', '/api/resources', 'district_op', { code: 'R-TEST-01', name: '备用发电车', type: 'lighting' })).statusCode).toBe(409);
    expect((await call('POST', '/api/resources', 'district_op', { code: 'R-TEST-02', name: '备用发电车', type: 'lighting', lng: 106.57 })).statusCode).toBe(400);
  });
});
