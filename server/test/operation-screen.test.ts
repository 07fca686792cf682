import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';
import { waitUntil } from './support/wait.js';

// The operation screen's read models on the real database: who holds each post now (on duty, due, absent, a gap),
// the measures under way (a playbook's first, with the posts and clocks, done counted), scope, and the inspection
// rounds of the operation's period with their findings, rectified and closed out.
let ctx: TestContext;
const headers = new Map<string, Headers>();
let cpCtm: string;

beforeAll(async () => {
  ctx = await createTestContext();
  cpCtm = await createUser(ctx, { username: 'cp_ctm', grants: [{ role: 'district_commander', unitCode: 'CP-CTM' }] });
  headers.set('cp_ctm', await login(ctx, 'cp_ctm', 'password123'));
  const res = await ctx.app.inject({ method: 'PATCH', url: '/api/crowd/zones/ZONE-CTM', headers: await ctx.as('district_op'), payload: { areaM2: 1000 } });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => ctx?.close());

const MIN = 60_000;
const HOUR = 60 * MIN;

async function call(method: 'GET' | 'POST', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: headers.get(user) ?? await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

async function ok(method: 'GET' | 'POST', url: string, user: string, payload?: unknown, status = 200) {
  const res = await call(method, url, user, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}

type Named = { code: string; name: string; nameEn: string | null };
type Post = {
  unitCode: string; kind: string; unit: Named; zone: Named | null; state: string; current: { personName: string; status: string; late: boolean } | null;
  gapNow: unknown; gaps: number; openTasks: number; overdueTasks: number;
};
type Summary = {
  operation: { id: string; currentPhase: string };
  duty: { summary: Record<string, number>; posts: Post[] };
  measures: {
    totals: Record<string, number>; bySource: Array<{ source: string; pending: number; inProgress: number; done: number; overdue: number }>;
    items: Array<{
      id: string; title: string; measure: string; zone: Named | null; tier: string | null; state: string; source: string; unitCode: string; postName: string; overdue: boolean;
    }>;
  };
};

describe('operation screen summary', () => {
  let op: string;
  const summary = async (user = 'commander') => (await ok('GET', `/api/operations/${op}/screen-summary`, user)) as Summary;
  const post = (s: Summary, unit: string) => s.duty.posts.find((p) => p.unitCode === unit)!;

  beforeAll(async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    op = (await ok('POST', '/api/operations', 'commander', {
      name: '新年夜安全保障行动', templateCode: 'new-year-eve',
      period: { startsAt: new Date(now - 48 * HOUR).toISOString(), duringStartsAt: new Date(now - HOUR).toISOString(), duringEndsAt: new Date(now + 5 * HOUR).toISOString(), endsAt: new Date(now + 12 * HOUR).toISOString() },
    }, 201)).id;
    const tree = (await ok('GET', `/api/operations/${op}`, 'commander')).postTree as Array<{ id: string; unitCode: string }>;
    const postId = new Map(tree.map((p) => [p.unitCode, p.id]));
    const shift = async (unit: string, from: number, to: number, personName: string, userId?: string) => (await ok('POST', `/api/operations/${op}/shifts`, 'commander', {
      postId: postId.get(unit), personName, userId: userId ?? null, startsAt: new Date(now + from).toISOString(), endsAt: new Date(now + to).toISOString(),
    }, 201)).id as string;
    // CP-JFB: checked in (by the centre for the person, in time); CP-CTM: the post's own commander, 40 min in, not checked in;
    // CP-HYD: began 5 min ago; TF-JTYS: only from an hour on (a gap now); every other post: nobody.
    const jfb = await shift('CP-JFB', -10 * MIN, 4 * HOUR, '王建国');
    await ok('POST', `/api/duty-shifts/${jfb}/check-in`, 'commander', {});
    await shift('CP-CTM', -40 * MIN, 3 * HOUR, '李明', cpCtm);
    await shift('CP-HYD', -5 * MIN, 3 * HOUR, '周强');
    await shift('TF-JTYS', HOUR, 5 * HOUR, '吴涛');
  });

  it('says who holds each post now: on duty, due, absent, or a gap', async () => {
    const s = await summary();
    expect(s.operation).toMatchObject({ id: op, currentPhase: 'during' });
    expect(s.duty.posts).toHaveLength(24);
    expect(post(s, 'CP-JFB')).toMatchObject({ state: 'on_duty', current: { personName: '王建国', status: 'on_duty', late: false }, gapNow: null });
    expect(post(s, 'CP-CTM')).toMatchObject({ state: 'absent', current: { personName: '李明', status: 'absent' } });
    expect(post(s, 'CP-HYD')).toMatchObject({ state: 'due', current: { personName: '周强' } });
    expect(post(s, 'TF-JTYS')).toMatchObject({ state: 'gap', current: null, gaps: 1 });
    expect(post(s, 'CP-SBT')).toMatchObject({ state: 'gap', current: null, gaps: 1 });
    expect(s.duty.summary).toMatchObject({ posts: 24, onDuty: 1, due: 1, absent: 1, gapNow: 21, idle: 0, late: 0 });
    // Each post names its unit, and a command post its zone, as fields (the screen labels posts by them).
    expect(post(s, 'CP-JFB')).toMatchObject({ kind: 'command_post', zone: { code: 'ZONE-JFB', name: '解放碑', nameEn: 'Jiefangbei Pedestrian Area' }, unit: { code: 'CP-JFB' } });
    expect(post(s, '500103003')).toMatchObject({ kind: 'street_sub_command', zone: null, unit: { code: '500103003', name: '解放碑街道', nameEn: 'Jiefangbei Subdistrict' } });
    expect(post(s, 'TF-JTYS')).toMatchObject({ zone: null, unit: { name: '交通运输专班', nameEn: 'Transport Task Force' } });

    // The absent commander checks in on their own: late, and on duty from now on.
    const ctm = (await ok('GET', '/api/duty-shifts/mine', 'cp_ctm')).items[0];
    await ok('POST', `/api/duty-shifts/${ctm.id}/check-in`, 'cp_ctm', {});
    expect(post(await summary(), 'CP-CTM')).toMatchObject({ state: 'on_duty', current: { late: true } });
  });

  it('lists the measures under way, a playbook\'s first, and counts them done as the post works them', async () => {
    // An orange alert at 朝天门 (1,000 m²: 4,100 persons) runs the zone's playbook by itself.
    await ok('POST', '/api/crowd/readings', 'district_op', [{
      id: 'scr-1', zone: 'ZONE-CTM', source: 'gate', gate: 'ZONE-CTM-G1', at: new Date(Date.now() - MIN).toISOString(), in: 4100, out: 0,
    }]);
    const s = await waitUntil(async () => {
      const x = await summary();
      return x.measures.bySource.find((b) => b.source === 'playbook')!.pending > 0 ? x : undefined;
    }, { what: 'the playbook\'s tasks' });
    const playbook = s.measures.items.filter((i) => i.source === 'playbook');
    expect(new Set(playbook.map((i) => i.unitCode))).toEqual(new Set(['CP-CTM', 'TF-JTYS']));
    // They lead the list; the phases' tasks follow, those of the before phase already overdue.
    expect(s.measures.items.slice(0, playbook.length).every((i) => i.source === 'playbook')).toBe(true);
    expect(playbook.every((i) => i.state === 'pending' && !i.overdue && i.title.startsWith('【朝天门·橙色预警】'))).toBe(true);
    // The zone and tier come as fields, and the measure without the title's 【zone·tier】 head.
    for (const i of playbook) {
      expect(i).toMatchObject({ zone: { code: 'ZONE-CTM', name: '朝天门', nameEn: 'Chaotianmen Square' }, tier: 'orange' });
      expect(i.title).toBe(`【朝天门·橙色预警】${i.measure}`);
      expect(i.measure).not.toContain('】');
    }
    const phaseTask = s.measures.items.find((i) => i.source === 'template')!;
    expect(phaseTask).toMatchObject({ zone: null, tier: null, measure: phaseTask.title });
    expect(playbook.find((i) => i.unitCode === 'CP-CTM')!.postName).toBe('朝天门现场指挥部');
    const template = s.measures.bySource.find((b) => b.source === 'template')!;
    expect(template.overdue).toBeGreaterThan(0);
    expect(s.measures.totals.open).toBe(s.measures.bySource.reduce((n, b) => n + b.pending + b.inProgress, 0));
    expect(s.measures.items.length).toBeLessThanOrEqual(40);

    // On the phone, the post's own list puts the measures first (due in minutes), then the phases' tasks.
    const phoneList = await ok('GET', '/api/operation-tasks?mine=true&open=true', 'cp_ctm');
    const sources = (phoneList.items as Array<{ source: string }>).map((x) => x.source);
    expect(sources.slice(0, 3)).toEqual(['playbook', 'playbook', 'playbook']);
    expect(sources.slice(3).every((x) => x !== 'playbook')).toBe(true);

    // The command post starts one measure and completes another.
    const mine = playbook.filter((i) => i.unitCode === 'CP-CTM');
    await ok('POST', `/api/operation-tasks/${mine[0]!.id}/start`, 'cp_ctm', {});
    await ok('POST', `/api/operation-tasks/${mine[1]!.id}/complete`, 'cp_ctm', { note: '已关闭' });
    const after = await summary();
    expect(after.measures.bySource.find((b) => b.source === 'playbook')).toMatchObject({ inProgress: 1, done: 1, pending: playbook.length - 2 });
    expect(after.measures.items.find((i) => i.id === mine[0]!.id)!.state).toBe('in_progress');
    expect(after.measures.items.some((i) => i.id === mine[1]!.id)).toBe(false);
    expect(post(after, 'CP-CTM').openTasks).toBeGreaterThan(0);
  });

  it('shows a post only its own part, and nothing to whom the operation is not visible', async () => {
    const s = await summary('cp_ctm');
    // The street sub-command under it in the post tree is the street's unit, not the command post's.
    expect(s.duty.posts.map((p) => p.unitCode)).toEqual(['CP-CTM']);
    expect(new Set(s.measures.items.map((i) => i.unitCode))).toEqual(new Set(['CP-CTM']));
    expect(s.duty.summary).toMatchObject({ posts: 1, onDuty: 1 });
    // A post's task counts are those of the task list the reader sees.
    const open = await ok('GET', `/api/operations/${op}/tasks?state=pending,in_progress&limit=500`, 'cp_ctm');
    expect(open.total).toBeGreaterThan(0);
    expect(s.duty.posts[0]!.openTasks).toBe(open.total);
    const all = await summary();
    const tasks = (await ok('GET', `/api/operations/${op}/tasks?state=pending,in_progress&limit=500`, 'commander')).items as Array<{ postId: string }>;
    for (const p of all.duty.posts as Array<Post & { id: string }>) expect(p.openTasks, p.unitCode).toBe(tasks.filter((k) => k.postId === p.id).length);
    expect((await call('GET', `/api/operations/${op}/screen-summary`, 'grid_lhc01')).statusCode).toBe(404);
    expect((await call('GET', '/api/operations/00000000-0000-4000-8000-000000000000/screen-summary', 'commander')).statusCode).toBe(404);
    const running = await ok('GET', '/api/operations?running=true', 'commander');
    expect(running.items.map((o: { id: string }) => o.id)).toEqual([op]);
  });
});

describe('inspection rounds of a period', () => {
  const day = (offset: number) => new Date(Date.now() + 8 * HOUR + offset * 86_400_000).toISOString().slice(0, 10);
  const AT_LHC = { lng: 106.576478, lat: 29.561311 };

  it('lists the rounds overlapping the period with findings by grade, rectified and closed out', async () => {
    const round = await ok('POST', '/api/hazards/rounds', 'jfb_op', {
      name: '新年夜前人员密集场所专项排查', sectors: ['fire', 'gas'], startsOn: day(0), endsOn: day(3), targets: { units: ['50010300301601'] },
    }, 201);
    const task = (await ok('GET', '/api/hazards/tasks?mine=true&state=open', 'grid_lhc01')).items.find((x: { roundId: string }) => x.roundId === round.id);
    const report = async (grade: string, description: string) => (await ok('POST', '/api/hazards', 'grid_lhc01', {
      taskId: task.taskId, sector: 'fire', grade, description, ...AT_LHC,
    }, 201)).id as string;
    const ordinary = await report('ordinary', '商场安全出口被货物堵塞');
    await report('major', '地下商场疏散通道上锁');
    await ok('POST', `/api/hazards/tasks/${task.taskId}/complete`, 'grid_lhc01', { note: '已排查' });
    await ok('POST', `/api/hazards/${ordinary}/assign`, 'jfb_op', { unitCode: 'D-CGJ' });
    await ok('POST', `/api/hazards/${ordinary}/plan`, 'cgj_handler', { responsiblePerson: '李经理', measures: '清理货物', deadline: { amount: 3, unit: 'workDay' } });
    await ok('POST', `/api/hazards/${ordinary}/report-rectified`, 'cgj_handler', { note: '已清理' });

    const overlapping = await ok('GET', `/api/hazards/rounds?from=${day(-2)}&to=${day(1)}`, 'commander');
    expect(overlapping.items.find((r: { id: string }) => r.id === round.id)?.progress).toEqual({
      tasks: 1, done: 1, overdue: 0, findings: 2, major: 1, open: 2, rectified: 1, closed: 0,
    });
    expect((await ok('GET', `/api/hazards/rounds?from=${day(4)}&to=${day(6)}`, 'commander')).items.some((r: { id: string }) => r.id === round.id)).toBe(false);
    expect((await ok('GET', `/api/hazards/rounds?from=${day(-5)}&to=${day(-1)}`, 'commander')).items.some((r: { id: string }) => r.id === round.id)).toBe(false);
    expect((await call('GET', '/api/hazards/rounds?from=tomorrow', 'commander')).statusCode).toBe(400);
  });
});
