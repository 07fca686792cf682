import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';

// 值班表 on the real database: a prepared roster whose gaps and absences were worked out by hand, check-in by the
// person, by a centre operator for them, and refused to anyone else; shifts added within scope; the export.
let ctx: TestContext;
const headers = new Map<string, Headers>();
const ids = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestContext();
  for (const [username, role, unitCode] of [
    ['tf_rq', 'department_handler', 'TF-RQ'], ['tf_rq2', 'department_handler', 'TF-RQ'], ['cp_jfb', 'district_commander', 'CP-JFB'],
  ] as const) {
    ids.set(username, await createUser(ctx, { username, grants: [{ role, unitCode }] }));
    headers.set(username, await login(ctx, username, 'password123'));
  }
});
afterAll(async () => ctx?.close());

const MIN = 60_000;
const HOUR = 60 * MIN;
const JFB = '500103003';

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: headers.get(user) ?? await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

type Shift = { id: string; postId: string; personName: string; status: string; late: boolean; startsAt: string; endsAt: string; checkedInByName: string | null };
type RosterPost = { id: string; unitCode: string; shifts: Shift[]; gaps: Array<{ startsAt: string; endsAt: string; minutes: number }> };

/**
 * The during phase runs from T0 = now − 3 h to now + 3 h (minute-aligned). Prepared shifts, by hand:
 *   CP-JFB  S1 [T0, T0+2h] 张伟 (no account)  → absent (started 3 h ago, never checked in)
 *           S2 [T0+1h30, T0+4h] cp_jfb        → absent until checked in
 *           S3 [T0+5h, T0+6h]                 → scheduled
 *           covered: [T0, T0+4h] ∪ [T0+5h, T0+6h] → one gap [T0+4h, T0+5h], 60 min
 *   TF-RQ   S4 [now−10m, now+2h] tf_rq        → due (inside the 15 min grace)
 *           gaps [T0, now−10m] (170 min) and [now+2h, T0+6h] (60 min)
 *   every other post: the whole phase, 360 min.
 */
describe('a prepared roster', () => {
  let op: string;
  let T0: number;
  const s = new Map<string, Shift>();
  let posts: Map<string, string>;

  beforeAll(async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    T0 = now - 3 * HOUR;
    const res = await call('POST', '/api/operations', 'district_op', {
      name: '值班测试行动', templateCode: 'new-year-eve',
      period: { startsAt: new Date(T0 - 24 * HOUR).toISOString(), duringStartsAt: new Date(T0).toISOString(), duringEndsAt: new Date(T0 + 6 * HOUR).toISOString(), endsAt: new Date(T0 + 12 * HOUR).toISOString() },
    });
    expect(res.statusCode, res.body).toBe(201);
    op = res.json().id;
    const tree = (await call('GET', `/api/operations/${op}`, 'district_op')).json().postTree as Array<{ id: string; unitCode: string }>;
    posts = new Map(tree.map((p) => [p.unitCode, p.id]));
    const add = async (key: string, unit: string, from: number, to: number, person: string, user?: string) => {
      const r = await call('POST', `/api/operations/${op}/shifts`, 'district_op', {
        postId: posts.get(unit), personName: person, personPhone: '13900001111', userId: user ? ids.get(user) : null,
        startsAt: new Date(from).toISOString(), endsAt: new Date(to).toISOString(),
      });
      expect(r.statusCode, r.body).toBe(201);
      s.set(key, r.json());
    };
    await add('S1', 'CP-JFB', T0, T0 + 2 * HOUR, '张伟');
    await add('S2', 'CP-JFB', T0 + 90 * MIN, T0 + 4 * HOUR, '陈刚', 'cp_jfb');
    await add('S3', 'CP-JFB', T0 + 5 * HOUR, T0 + 6 * HOUR, '赵磊');
    await add('S4', 'TF-RQ', now - 10 * MIN, now + 2 * HOUR, '刘洋', 'tf_rq');
  });

  async function roster(user = 'district_op') {
    const res = await call('GET', `/api/operations/${op}/roster`, user);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return { ...body, byUnit: new Map((body.posts as RosterPost[]).map((p) => [p.unitCode, p])) };
  }
  const at = (ms: number) => new Date(ms).toISOString();

  it('finds the gaps of the during phase and who is absent, as worked out by hand', async () => {
    const r = await roster();
    expect(r.window).toEqual({ startsAt: at(T0), endsAt: at(T0 + 6 * HOUR) });
    expect(r.graceMinutes).toBe(15);
    const cp = r.byUnit.get('CP-JFB')!;
    expect(cp.gaps).toEqual([{ startsAt: at(T0 + 4 * HOUR), endsAt: at(T0 + 5 * HOUR), minutes: 60 }]);
    expect(cp.shifts.map((x: Shift) => [x.personName, x.status])).toEqual([['张伟', 'absent'], ['陈刚', 'absent'], ['赵磊', 'scheduled']]);
    const tf = r.byUnit.get('TF-RQ')!;
    const now = T0 + 3 * HOUR;
    expect(tf.gaps).toEqual([
      { startsAt: at(T0), endsAt: at(now - 10 * MIN), minutes: 170 },
      { startsAt: at(now + 2 * HOUR), endsAt: at(T0 + 6 * HOUR), minutes: 60 },
    ]);
    expect(tf.shifts[0]).toMatchObject({ personName: '刘洋', status: 'due' });
    expect(r.byUnit.get('TF-XF')!.gaps).toEqual([{ startsAt: at(T0), endsAt: at(T0 + 6 * HOUR), minutes: 360 }]);
    // 24 posts: 22 wholly uncovered, CP-JFB with one gap, TF-RQ with two.
    expect(r.summary).toEqual({ posts: 24, shifts: 4, onDuty: 0, due: 1, absent: 2, gaps: 25, gapMinutes: 22 * 360 + 60 + 230, postsWithGaps: 24 });
    const detail = (await call('GET', `/api/operations/${op}`, 'district_op')).json();
    expect(detail.roster).toEqual(r.summary);
  });

  it('lets the person check in, an operator check in for them, and nobody else', async () => {
    // Another member of the same task force may not check in for 刘洋.
    const other = await call('POST', `/api/duty-shifts/${s.get('S4')!.id}/check-in`, 'tf_rq2', {});
    expect(other.statusCode).toBe(403);
    // Another post cannot even see the shift.
    expect((await call('POST', `/api/duty-shifts/${s.get('S4')!.id}/check-in`, 'jfb_op', {})).statusCode).toBe(404);

    const mine = (await call('GET', '/api/duty-shifts/mine', 'tf_rq')).json().items as Array<Shift & { canCheckIn: boolean; operationId: string }>;
    expect(mine).toEqual([expect.objectContaining({ id: s.get('S4')!.id, operationId: op, status: 'due', canCheckIn: true })]);
    const self = await call('POST', `/api/duty-shifts/${s.get('S4')!.id}/check-in`, 'tf_rq', { note: '已到燃气抢修点' });
    expect(self.statusCode, self.body).toBe(200);
    expect(self.json()).toMatchObject({ status: 'on_duty', late: false, checkedInByName: 'tf_rq' });
    expect((await call('POST', `/api/duty-shifts/${s.get('S4')!.id}/check-in`, 'tf_rq', {})).statusCode).toBe(409);

    // The centre checks 陈刚 in (he phoned in): late, since his shift began 90 minutes ago.
    const forHim = await call('POST', `/api/duty-shifts/${s.get('S2')!.id}/check-in`, 'district_op', {});
    expect(forHim.statusCode, forHim.body).toBe(200);
    expect(forHim.json()).toMatchObject({ status: 'on_duty', late: true, checkedInByName: '区中心值班员' });
    // Over shifts and far-off ones are closed for check-in.
    expect((await call('POST', `/api/duty-shifts/${s.get('S1')!.id}/check-in`, 'district_op', {})).statusCode).toBe(409);
    expect((await call('POST', `/api/duty-shifts/${s.get('S3')!.id}/check-in`, 'district_op', {})).statusCode).toBe(409);

    expect((await call('POST', `/api/duty-shifts/${s.get('S3')!.id}/check-out`, 'district_op', {})).statusCode).toBe(409);
    const out = await call('POST', `/api/duty-shifts/${s.get('S2')!.id}/check-out`, 'cp_jfb', {});
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().status).toBe('off_duty');

    const r = await roster();
    expect(r.summary).toMatchObject({ onDuty: 1, due: 0, absent: 1 });
    expect(r.byUnit.get('CP-JFB')!.shifts.map((x: Shift) => x.status)).toEqual(['absent', 'off_duty', 'scheduled']);
  });

  it('adds shifts within scope and the period; removes only those not yet begun', async () => {
    const base = { personName: '周平', startsAt: at(T0 + 4 * HOUR), endsAt: at(T0 + 5 * HOUR) };
    // A street rosters its own post; not the command post next door.
    const own = await call('POST', `/api/operations/${op}/shifts`, 'jfb_op', { ...base, postId: posts.get(JFB) });
    expect(own.statusCode, own.body).toBe(201);
    expect((await call('POST', `/api/operations/${op}/shifts`, 'jfb_op', { ...base, postId: posts.get('CP-JFB') })).statusCode).toBe(404);
    expect((await call('POST', `/api/operations/${op}/shifts`, 'tf_rq', { ...base, postId: posts.get('TF-RQ') })).statusCode).toBe(403);
    // The street sees its own post only, with the hour now covered.
    const street = await roster('jfb_op');
    expect([...street.byUnit.keys()]).toEqual([JFB]);
    expect(street.byUnit.get(JFB)!.gaps.map((g: { minutes: number }) => g.minutes)).toEqual([240, 60]);

    const field = async (body: Record<string, unknown>) => {
      const res = await call('POST', `/api/operations/${op}/shifts`, 'district_op', { ...base, postId: posts.get('TF-XF'), ...body });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.fields[0].field;
    };
    expect(await field({ endsAt: base.startsAt })).toBe('body.endsAt');
    expect(await field({ startsAt: at(T0 - 30 * HOUR), endsAt: at(T0 - 29 * HOUR) })).toBe('body.startsAt');
    expect(await field({ startsAt: at(T0), endsAt: at(T0 + 25 * HOUR) })).toBe('body.endsAt');
    expect(await field({ userId: '00000000-0000-4000-8000-000000000000' })).toBe('body.userId');
    expect(await field({ personName: '' })).toBe('body.personName');
    expect((await call('POST', `/api/operations/${op}/shifts`, 'district_op', { ...base, postId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);

    expect((await call('DELETE', `/api/duty-shifts/${own.json().id}`, 'jfb_op')).statusCode).toBe(204);
    expect((await call('DELETE', `/api/duty-shifts/${s.get('S4')!.id}`, 'district_op')).statusCode).toBe(409);
    // An absence stays on record.
    expect((await call('DELETE', `/api/duty-shifts/${s.get('S1')!.id}`, 'district_op')).statusCode).toBe(409);
  });

  it('exports the roster with gaps and absences', async () => {
    const res = await call('GET', `/api/operations/${op}/roster.xlsx`, 'district_op');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows = ws.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1, 7));
    expect(rows.filter((r) => r[1] === '空岗')).toHaveLength(25);
    expect(rows.find((r) => r[1] === '张伟')![5]).toBe('缺岗');
  });
});
