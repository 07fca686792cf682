import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMissingPlaybooks } from '../src/modules/playbooks/playbooks-repository.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';
import { waitUntil } from './support/wait.js';

// 处置措施: an alert's tier turns the zone's measures into tasks for its posts in the running operation — orange and
// red by themselves, blue and yellow with one click — once per alert; outside an operation there is nobody to task.
let ctx: TestContext;
let sbtPost: Headers;
beforeAll(async () => {
  ctx = await createTestContext();
  await createUser(ctx, { username: 'sbt_post', password: 'password123', grants: [{ role: 'district_commander', unitCode: 'CP-SBT' }] });
  sbtPost = await login(ctx, 'sbt_post', 'password123');
  // 1,000 m²: blue at 2,000 persons, yellow 3,000, orange 4,000, red 5,000.
  for (const code of ['ZONE-CTM', 'ZONE-SBT']) {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/crowd/zones/${code}`, headers: await ctx.as('district_op'), payload: { areaM2: 1000 } });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => ctx?.close());

const HOUR = 3_600_000;
const T0 = Date.parse('2024-12-31T21:00:00+08:00');
let seq = 0;
const step = (zone: string, m: number, delta: number) =>
  ({ id: `p-${++seq}`, zone, source: 'gate', gate: `${zone}-G1`, at: new Date(T0 + m * 60_000).toISOString(), in: Math.max(0, delta), out: Math.max(0, -delta) });

async function send(readings: unknown[]) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/readings', headers: await ctx.as('district_op'), payload: readings as object });
  expect(res.statusCode, res.body).toBe(200);
}

async function latestAlert(zone: string): Promise<{ id: string; tier: string }> {
  const res = await ctx.app.inject({ url: `/api/crowd/alerts?zone=${zone}&kind=density&limit=1`, headers: await ctx.as('commander') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0];
}

const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: object) =>
  ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('playbooks', () => {
  it('has the default measures for every key zone and tier; orange and red run by themselves', async () => {
    const res = await call('GET', '/api/playbooks?zone=ZONE-CTM', await ctx.as('commander'));
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ tier: string; auto: boolean; measures: Array<{ kind: string; gate?: string }> }>;
    expect(items.map((i) => [i.tier, i.auto])).toEqual([['blue', false], ['yellow', false], ['orange', true], ['red', true]]);
    expect(items[2]!.measures.map((m) => m.kind)).toContain('close_gate');
    expect(items[2]!.measures.find((m) => m.kind === 'close_gate')!.gate).toMatch(/^ZONE-CTM-G\d+$/);
  });

  it('refuses a click while no operation is running: the measures would have no post', async () => {
    await send([step('ZONE-SBT', 0, 2100)]);
    const alert = await latestAlert('ZONE-SBT');
    expect(alert.tier).toBe('blue');
    const res = await call('POST', `/api/crowd/alerts/${alert.id}/playbook`, sbtPost);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.message).toContain('没有进行中的行动');
  });

  it('turns an orange alert into tasks for the zone\'s command post and the transport task force by itself, once', async () => {
    const now = Date.now();
    const op = await call('POST', '/api/operations', await ctx.as('commander'), {
      name: '新年夜安全保障行动', templateCode: 'new-year-eve',
      period: { startsAt: new Date(now - 48 * HOUR).toISOString(), duringStartsAt: new Date(now - HOUR).toISOString(), duringEndsAt: new Date(now + 5 * HOUR).toISOString(), endsAt: new Date(now + 12 * HOUR).toISOString() },
    });
    expect(op.statusCode, op.body).toBe(201);

    await send([step('ZONE-CTM', 0, 4100)]);
    const alert = await latestAlert('ZONE-CTM');
    expect(alert.tier).toBe('orange');
    type Run = { auto: boolean; tasks: Array<{ unitCode: string; state: string; title: string }> };
    const run = await waitUntil(async () => {
      const r = await call('GET', `/api/crowd/alerts/${alert.id}/playbook`, await ctx.as('commander'));
      return r.statusCode === 200 ? r.json() as Run : undefined;
    }, { what: 'the automatic playbook run' });
    expect(run.auto).toBe(true);
    expect(new Set(run.tasks.map((x) => x.unitCode))).toEqual(new Set(['CP-CTM', 'TF-JTYS']));
    expect(run.tasks.every((x) => x.state === 'pending' && x.title.startsWith('【朝天门·橙色预警】'))).toBe(true);
    // The post sees them among its operation tasks; a click now changes nothing.
    const again = await call('POST', `/api/crowd/alerts/${alert.id}/playbook`, await ctx.as('commander'));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().tasks).toHaveLength(run.tasks.length);
    const tasks = await call('GET', `/api/operations/${op.json().id}/tasks?limit=500`, await ctx.as('commander'));
    const fromPlaybook = tasks.json().items.filter((x: { title: string }) => x.title.startsWith('【朝天门'));
    expect(fromPlaybook).toHaveLength(run.tasks.length);
  });

  it('runs a blue playbook with one click by the zone\'s post; other streets cannot see the alert', async () => {
    const alert = await latestAlert('ZONE-SBT');
    // The list says who may acknowledge (and so take measures): the zone's post yes, a leader who only watches no.
    const listed = async (h: Headers) => (await call('GET', '/api/crowd/alerts?zone=ZONE-SBT&kind=density&limit=1', h)).json().items[0];
    expect(await listed(sbtPost)).toMatchObject({ canAct: true, canAck: true });
    expect(await listed(await ctx.as('leader'))).toMatchObject({ canAct: false, canAck: false });
    expect((await call('POST', `/api/crowd/alerts/${alert.id}/playbook`, await ctx.as('jfb_op'))).statusCode).toBe(404);
    const res = await call('POST', `/api/crowd/alerts/${alert.id}/playbook`, sbtPost);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().auto).toBe(false);
    expect(res.json().tasks.map((x: { unitCode: string }) => x.unitCode).sort()).toEqual(['500103008', 'CP-SBT'].sort());
  });

  it('edits a playbook with its version; a stale or bad edit is refused', async () => {
    const op = await ctx.as('district_op');
    const body = { version: 1, auto: true, measures: [{ kind: 'broadcast', title: '广播提示', target: 'command_post', limitMinutes: 5 }] };
    const ok = await call('PUT', '/api/playbooks/ZONE-SBT/blue', op, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, auto: true });
    expect((await call('PUT', '/api/playbooks/ZONE-SBT/blue', op, body)).statusCode).toBe(409);
    expect((await call('PUT', '/api/playbooks/ZONE-SBT/purple', op, body)).statusCode).toBe(400);
    expect((await call('PUT', '/api/playbooks/ZONE-SBT/blue', op, { ...body, version: 2, measures: [] })).statusCode).toBe(400);
    expect((await call('PUT', '/api/playbooks/ZONE-SBT/blue', await ctx.as('jfb_op'), { ...body, version: 2 })).statusCode).toBe(403);
  });

  it('tells each reader whether they may edit a zone\'s measures', async () => {
    const mine = async (h: Headers, zone: string) => (await call('GET', `/api/playbooks?zone=${zone}`, h)).json().items[0].canManage;
    expect(await mine(await ctx.as('commander'), 'ZONE-HYD')).toBe(true);
    expect(await mine(sbtPost, 'ZONE-SBT')).toBe(true);
    expect(await mine(await ctx.as('leader'), 'ZONE-HYD')).toBe(false);
    expect((await call('GET', '/api/playbooks?zone=ZONE-HYD', sbtPost)).statusCode).toBe(404);
  });

  it('removes a tier and creates it again, each guarded by the version; the defaults never come back by themselves', async () => {
    const op = await ctx.as('district_op');
    const tiers = async () => ((await call('GET', '/api/playbooks?zone=ZONE-HYD', op)).json().items as Array<{ tier: string; version: number }>);
    const blue = (await tiers()).find((x) => x.tier === 'blue')!;
    expect((await call('DELETE', `/api/playbooks/ZONE-HYD/blue?version=${blue.version + 1}`, op)).statusCode).toBe(409);
    expect((await call('DELETE', `/api/playbooks/ZONE-HYD/blue?version=${blue.version}`, await ctx.as('jfb_op'))).statusCode).toBe(403);
    const removed = await call('DELETE', `/api/playbooks/ZONE-HYD/blue?version=${blue.version}`, op);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await tiers()).map((x) => x.tier)).toEqual(['yellow', 'orange', 'red']);
    expect((await call('DELETE', `/api/playbooks/ZONE-HYD/blue?version=${blue.version + 1}`, op)).statusCode).toBe(404);
    expect((await call('PUT', '/api/playbooks/ZONE-HYD/blue', op, { version: blue.version + 1, auto: false, measures: [{ kind: 'broadcast', title: '广播', target: 'command_post', limitMinutes: 5 }] })).statusCode).toBe(404);
    // The start-up defaults fill only tiers that never had a row: a removed tier stays removed across restarts.
    expect(await insertMissingPlaybooks(ctx.platform.database.db, [{ zone: 'ZONE-HYD', tier: 'blue', auto: false, measures: [] }])).toBe(0);
    expect((await tiers()).map((x) => x.tier)).toEqual(['yellow', 'orange', 'red']);

    const body = {
      zone: 'ZONE-HYD', tier: 'blue', auto: true, onForecast: true,
      measures: [
        { kind: 'limit_flow', title: '洪崖洞入口分批放行', target: 'command_post', gate: 'ZONE-HYD-G1', limitMinutes: 10 },
        { kind: 'metro_skip', title: '请求小什字站限流', target: 'TF-JTYS', limitMinutes: 15 },
      ],
    };
    const created = await call('POST', '/api/playbooks', op, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ zone: 'ZONE-HYD', tier: 'blue', auto: true, onForecast: true, version: blue.version + 2, updatedBy: '区中心值班员' });
    expect((await tiers()).map((x) => x.tier)).toEqual(['blue', 'yellow', 'orange', 'red']);
    const again = await call('POST', '/api/playbooks', op, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已有处置措施');
    // A command post creates for its own zone only (here: its blue tier still has measures); outside it, 404.
    expect((await call('POST', '/api/playbooks', sbtPost, { ...body, zone: 'ZONE-SBT', measures: [body.measures[1]] })).statusCode).toBe(409);
    expect((await call('POST', '/api/playbooks', sbtPost, body)).statusCode).toBe(404);
    expect((await call('POST', '/api/playbooks', await ctx.as('leader'), body)).statusCode).toBe(403);
    const audit = await call('GET', '/api/audit?targetType=crowd_zone&targetId=ZONE-HYD&limit=10', await ctx.as('admin'));
    expect(audit.json().items.map((a: { action: string }) => a.action).slice(0, 2)).toEqual(['playbook.create', 'playbook.remove']);
  });

  it('refuses measures that name a gate of another zone or a unit that does not exist', async () => {
    const op = await ctx.as('district_op');
    const { version } = (await call('GET', '/api/playbooks?zone=ZONE-HYD', op)).json().items.find((x: { tier: string }) => x.tier === 'yellow');
    const res = await call('PUT', '/api/playbooks/ZONE-HYD/yellow', op, {
      version, auto: false,
      measures: [
        { kind: 'close_gate', title: '关闭入口', target: 'command_post', gate: 'ZONE-JFB-G1', limitMinutes: 5 },
        { kind: 'reinforce', title: '增派警力', target: 'TF-NOPE', limitMinutes: 5 },
      ],
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([
      ['body.measures.0.gate', 'unknown_gate'], ['body.measures.1.target', 'unknown_unit'],
    ]);
    expect(res.json().error.fields[0].message).toContain('洪崖洞');
    const en = await ctx.app.inject({ method: 'PUT', url: '/api/playbooks/ZONE-HYD/yellow', headers: { ...op, 'x-locale': 'en' }, payload: {
      version, auto: false, measures: [{ kind: 'reinforce', title: 'More staff', target: 'TF-NOPE', limitMinutes: 5 }],
    } });
    expect(en.json().error.fields[0].message).toBe('Unit TF-NOPE does not exist or is inactive');
    // Nothing was saved: the version stands.
    expect((await call('GET', '/api/playbooks?zone=ZONE-HYD', op)).json().items.find((x: { tier: string }) => x.tier === 'yellow').version).toBe(version);
  });
  it('says per zone, those without measures too, whether the reader may edit them: a street\'s manager only its own', async () => {
    // 解放碑街道's administrator manages its zones (解放碑, 洪崖洞) and reads the others through a district grant.
    await createUser(ctx, { username: 'jfb_admin', password: 'password123', grants: [{ role: 'admin', unitCode: '500103003' }, { role: 'leader', unitCode: '500103' }] });
    const jfbAdmin = await login(ctx, 'jfb_admin', 'password123');
    const op = await ctx.as('district_op');
    // 时代天街 (another street) loses all its measures: its tab still needs to know who may create them.
    for (const x of (await call('GET', '/api/playbooks?zone=ZONE-SDTJ', op)).json().items as Array<{ tier: string; version: number }>) {
      expect((await call('DELETE', `/api/playbooks/ZONE-SDTJ/${x.tier}?version=${x.version}`, op)).statusCode).toBe(204);
    }
    type List = { items: Array<{ zone: string; canManage: boolean }>; zones: Array<{ code: string; canManage: boolean }> };
    const rights = (l: List) => Object.fromEntries(l.zones.map((z) => [z.code, z.canManage]));
    const all = (await call('GET', '/api/playbooks', jfbAdmin)).json() as List;
    expect(rights(all)).toEqual({ 'ZONE-CTM': false, 'ZONE-HYD': true, 'ZONE-JFB': true, 'ZONE-SBT': false, 'ZONE-SDTJ': false });
    expect(all.items.some((i) => i.zone === 'ZONE-SDTJ')).toBe(false);
    expect(all.items.every((i) => i.canManage === rights(all)[i.zone])).toBe(true);
    expect(rights((await call('GET', '/api/playbooks', op)).json())['ZONE-SDTJ']).toBe(true);
    const one = (await call('GET', '/api/playbooks?zone=ZONE-SDTJ', jfbAdmin)).json() as List;
    expect(one).toEqual({ items: [], zones: [{ code: 'ZONE-SDTJ', canManage: false }] });
    expect(rights((await call('GET', '/api/playbooks?zone=ZONE-JFB', jfbAdmin)).json())).toEqual({ 'ZONE-JFB': true });
    // What the answer says is what the writes allow.
    const body = { zone: 'ZONE-SDTJ', tier: 'blue', auto: false, measures: [{ kind: 'broadcast', title: '广播提示', target: 'command_post', limitMinutes: 5 }] };
    expect((await call('POST', '/api/playbooks', jfbAdmin, body)).statusCode).toBe(403);
    expect((await call('POST', '/api/playbooks', op, body)).statusCode).toBe(201);
  });
});
