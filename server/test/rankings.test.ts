import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

// 动态晾晒 on a hand-built example, driven through the real APIs (directives, responsibility lists, cases):
//
//   签收及时率 (sign)       解放碑 subtree: 解放碑 S1 on time, 莲花池第1网格 S1 late                 1/2 = 50 %
//                           七星岗: S1 unsigned past its deadline, S2 and S3 on time                2/3 = 66.67 %
//                           区城管局: S1 on time                                                     1/1 = 100 %
//   反馈落实及时率 (report) 解放碑: S1 on time                                                       1/1 = 100 %
//                           七星岗: S3 unreported past the directive's report deadline             0/1 = 0 %
//                           区城管局: S1 reported late                                               0/1 = 0 %
//   节点按期完成率          解放碑: M1 done on time                                                  1/1 = 100 %
//                           七星岗: M2 done late, M3 open past its due date                         0/2 = 0 %
//                           区城管局: none                                                            —
//   事件综合评价            解放碑: case A closed on time: every indicator 100                        100
//                           七星岗: case B registered and dispatched, still open: 结案率 0, 按期结案率 0,
//                             派遣准确率 100, 按时立案率 100, the rest without a value:
//                             (20·0 + 20·0 + 10·100 + 10·100) / 60                                   33.33
//                           区城管局 (both cases): 结案 1/2 = 50, 按期结案 50, 按期处置 100, 返工率 0 → 100,
//                             处置时长 100; department weights 20/20/30/20/0/0/10:
//                             (20·50 + 20·50 + 30·100 + 20·100 + 10·100) / 100                       80
//   overall (weights 20/20/30/30):
//     解放碑  (20·50 + 20·100 + 30·100 + 30·100) / 100                = 90
//     七星岗  (20·66.67 + 20·0 + 30·0 + 30·33.33) / 100               = 23.33
//     区城管局 (20·100 + 20·0 + 30·80) / 70 (no milestones: weight spread) = 62.86
//   every other street and department: nothing to count → "—", unranked.

let ctx: TestContext;
const JFB = '500103003';
const QXG = '500103001';
const LHC_GRID = '50010300301601';
const ids: Record<string, string> = {};
const day = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const FROM = day(-1);
const TO = day(1);
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function call(method: 'GET' | 'POST' | 'PUT', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

async function ok<T = any>(method: 'GET' | 'POST' | 'PUT', url: string, user: string, payload?: unknown): Promise<T> {
  const res = await call(method, url, user, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json() as T;
}

const db = () => ctx.platform.database.db;
const pastDeadline = (id: string) => db().execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes', deadline_at = now() - interval '1 minute' WHERE id = ${id}`);

async function receiptOf(directiveId: string, unit: string): Promise<string> {
  const list = await ok('GET', `/api/receipts?directiveId=${directiveId}&limit=50`, 'admin');
  return list.items.find((i: { unitCode: string }) => i.unitCode === unit).id;
}

async function caseSteps(id: string, steps: Array<[string, string, Record<string, unknown>?]>) {
  for (const [path, user, payload] of steps) await ok('POST', `/api/cases/${id}/${path}`, user, payload ?? {});
}

type Figure = { numerator: number; denominator: number; items: number; value: number | null; display: string; weight: number };
type Row = { level: string; rank: number | null; code: string; score: number | null; display: string; figures: Record<string, Figure> };

async function publish(body: Record<string, unknown> = { from: FROM, to: TO }) {
  const out = await ok<{ id: string; units: number }>('POST', '/api/rankings', 'admin', body);
  const detail = await ok('GET', `/api/rankings/${out.id}`, 'leader');
  return { id: out.id, detail, row: (code: string) => (detail.rows as Row[]).find((r) => r.code === code)! };
}

const fig = (f: Figure) => [f.numerator, f.denominator, f.value];

beforeAll(async () => {
  ctx = await createTestContext();
  const directive = (title: string, units: string[], extra: Record<string, unknown> = {}) => ok('POST', '/api/directives', 'district_op', {
    title, body: '请按要求落实。', targets: { units }, signBy: { amount: 2, unit: 'hour' }, ...extra,
  });
  const s1 = await directive('防汛隐患排查部署', [JFB, LHC_GRID, QXG, 'D-CGJ'], { requires: { report: true, forward: false }, reportBy: { at: inHours(48) } });
  const s2 = await directive('文明城区创建', [QXG]);
  const s3 = await directive('节前安全检查', [QXG], { requires: { report: true, forward: false }, reportBy: { at: inHours(1) } });
  ids.s1Jfb = await receiptOf(s1.id, JFB);
  ids.s1Grid = await receiptOf(s1.id, LHC_GRID);
  ids.s1Qxg = await receiptOf(s1.id, QXG);
  ids.s1Cgj = await receiptOf(s1.id, 'D-CGJ');
  ids.s2Qxg = await receiptOf(s2.id, QXG);
  ids.s3Qxg = await receiptOf(s3.id, QXG);

  await ok('POST', `/api/receipts/${ids.s1Jfb}/sign`, 'jfb_op', {});
  await ok('POST', `/api/receipts/${ids.s1Jfb}/report`, 'jfb_op', { text: '已部署落实' });
  await pastDeadline(ids.s1Grid);
  await ok('POST', `/api/receipts/${ids.s1Grid}/sign`, 'grid_lhc01', {});
  await pastDeadline(ids.s1Qxg);
  await ok('POST', `/api/receipts/${ids.s1Cgj}/sign`, 'cgj_handler', {});
  await pastDeadline(ids.s1Cgj);
  await ok('POST', `/api/receipts/${ids.s1Cgj}/report`, 'cgj_handler', { text: '已完成排查' });
  await ok('POST', `/api/receipts/${ids.s2Qxg}/sign`, 'qxg_op', {});
  await ok('POST', `/api/receipts/${ids.s3Qxg}/sign`, 'qxg_op', {});
  await db().execute(sql`UPDATE directives SET report_deadline_at = now() - interval '1 minute' WHERE id = ${s3.id}`);

  const list = await ok('POST', '/api/responsibility-lists', 'district_op', {
    title: '第12次区政府常务会议议定事项', source: { kind: 'meeting', ref: '第12次常务会' },
    tasks: [
      { title: '解放碑步行街外摆整治', ownerUnit: JFB, responsible: { name: '王五' }, milestones: [{ name: '完成整治', due: { at: inHours(4) } }] },
      { title: '十八梯片区消防通道整治', ownerUnit: QXG, responsible: { name: '张三' }, milestones: [
        { name: '完成排查', due: { at: inHours(4) } }, { name: '完成整改', due: { at: inHours(5) } },
      ] },
    ],
  });
  const detail = await ok('GET', `/api/responsibility-lists/${list.id}`, 'district_op');
  const milestones = (owner: string) => detail.tasks.find((t: { ownerUnit: string }) => t.ownerUnit === owner).milestones.map((m: { id: string }) => m.id) as string[];
  [ids.m1] = milestones(JFB);
  [ids.m2, ids.m3] = milestones(QXG);
  await ok('POST', `/api/milestones/${ids.m1}/progress`, 'jfb_op', { progress: 100, text: '已完成整治' });
  for (const id of [ids.m2!, ids.m3!]) {
    await db().execute(sql`UPDATE milestones SET due_at = now() - interval '1 minute' WHERE id = ${id}`);
    await pastDeadline(id);
  }
  await ok('POST', `/api/milestones/${ids.m2}/progress`, 'qxg_op', { progress: 100, text: '排查完成' });

  ids.caseA = (await ok('POST', '/api/cases', 'grid_lhc01', { categoryCode: 'E0101', description: '人行道上有暴露垃圾', lng: 106.576478, lat: 29.561311 })).id;
  await caseSteps(ids.caseA, [
    ['register', 'jfb_op'], ['dispatch', 'jfb_op'], ['accept', 'cgj_handler'], ['handle', 'cgj_handler', { note: '已清运' }],
    ['verify', 'grid_lhc01', { note: '现场已清理' }], ['close', 'jfb_op'],
  ]);
  ids.caseB = (await ok('POST', '/api/cases', 'grid_lhc01', { categoryCode: 'E0101', description: '路边垃圾堆放', lng: 106.57, lat: 29.554 })).id;
  await caseSteps(ids.caseB, [['register', 'qxg_op'], ['dispatch', 'qxg_op']]);
}, 180_000);
afterAll(async () => ctx?.close());

describe('ranking formula (动态晾晒)', () => {
  it('scores streets and departments as computed by hand', async () => {
    const { detail, row } = await publish();
    expect(detail).toMatchObject({ from: FROM, to: TO, trigger: 'manual', weightsVersion: 1, label: null,
      weights: { sign_on_time_rate: 20, report_on_time_rate: 20, milestone_on_time_rate: 30, case_score: 30 } });
    const jfb = row(JFB);
    expect(jfb).toMatchObject({ level: 'street', rank: 1, score: 90, display: '90.0' });
    expect(fig(jfb.figures.sign_on_time_rate!)).toEqual([1, 2, 50]);
    expect(fig(jfb.figures.report_on_time_rate!)).toEqual([1, 1, 100]);
    expect(fig(jfb.figures.milestone_on_time_rate!)).toEqual([1, 1, 100]);
    expect(jfb.figures.case_score).toMatchObject({ value: 100, items: 1, display: '100.0' });

    const qxg = row(QXG);
    expect(qxg).toMatchObject({ level: 'street', rank: 2, score: 23.33 });
    expect(fig(qxg.figures.sign_on_time_rate!)).toEqual([2, 3, 66.67]);
    expect(qxg.figures.sign_on_time_rate!.display).toBe('66.7%');
    expect(fig(qxg.figures.report_on_time_rate!)).toEqual([0, 1, 0]);
    expect(fig(qxg.figures.milestone_on_time_rate!)).toEqual([0, 2, 0]);
    expect(qxg.figures.case_score).toMatchObject({ value: 33.33, items: 1 });

    const cgj = row('D-CGJ');
    expect(cgj).toMatchObject({ level: 'department', rank: 1, score: 62.86 });
    expect(fig(cgj.figures.sign_on_time_rate!)).toEqual([1, 1, 100]);
    expect(fig(cgj.figures.report_on_time_rate!)).toEqual([0, 1, 0]);
    expect(cgj.figures.milestone_on_time_rate).toMatchObject({ numerator: 0, denominator: 0, items: 0, value: null, display: '—' });
    expect(cgj.figures.case_score).toMatchObject({ value: 80, items: 2 });

    // Nothing to count: no score, no rank, listed after the ranked ones.
    const dp = row('500103012');
    expect(dp).toMatchObject({ rank: null, score: null, display: '—' });
    const streets = (detail.rows as Row[]).filter((r) => r.level === 'street');
    expect(streets.map((r) => r.code).slice(0, 2)).toEqual([JFB, QXG]);
    expect(streets.slice(2).every((r) => r.rank === null)).toBe(true);
    expect((detail.rows as Row[]).filter((r) => r.level === 'department').length).toBe(21);
  });

  it('takes the case score from the evaluation module (same composite as its own ranking)', async () => {
    const ev = async (level: string) => (await ok('GET', `/api/evaluation/rankings?level=${level}&from=${FROM}&to=${TO}`, 'admin')).items as Array<{ code: string; composite: number | null }>;
    const { row } = await publish();
    for (const [level, code] of [['street', JFB], ['street', QXG], ['department', 'D-CGJ']] as const) {
      expect(row(code).figures.case_score!.value).toBe((await ev(level)).find((r) => r.code === code)!.composite);
    }
  });

  it('opens each figure as the items it counted, late ones first', async () => {
    const { id } = await publish();
    const sign = await ok('GET', `/api/rankings/${id}/items?level=street&unit=${JFB}&indicator=sign_on_time_rate`, 'leader');
    expect(sign.total).toBe(2);
    expect(sign.items.map((i: { id: string; inNumerator: boolean }) => [i.id, i.inNumerator])).toEqual([[ids.s1Grid, false], [ids.s1Jfb, true]]);
    expect(sign.items[0]).toMatchObject({ kind: 'receipt', ownerUnit: LHC_GRID, numerator: 0, denominator: 1 });
    const ms = await ok('GET', `/api/rankings/${id}/items?level=street&unit=${QXG}&indicator=milestone_on_time_rate`, 'leader');
    expect(ms.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.m2, ids.m3].sort());
    const cases = await ok('GET', `/api/rankings/${id}/items?level=department&unit=D-CGJ&indicator=case_score`, 'leader');
    expect(cases.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.caseA, ids.caseB].sort());
    const a = cases.items.find((i: { id: string }) => i.id === ids.caseA);
    expect(a).toMatchObject({ kind: 'case', inNumerator: null, parts: { closed_rate: [1, 1], rework_rate: [0, 1] } });
  });
});

describe('snapshots', () => {
  it('keeps a published ranking reproducible from its stored items, whatever happens to the items later', async () => {
    const before = await publish();
    expect(await ok('GET', `/api/rankings/${before.id}/check`, 'leader')).toEqual({ consistent: true, differences: [] });
    // The items move on: 七星岗 signs S1 (late), completes M3, the open case closes…
    await ok('POST', `/api/receipts/${ids.s1Qxg}/sign`, 'qxg_op', {});
    await ok('POST', `/api/milestones/${ids.m3}/progress`, 'qxg_op', { progress: 100, text: '整改完成' });
    await caseSteps(ids.caseB, [['accept', 'cgj_handler'], ['handle', 'cgj_handler', { note: '已清运' }], ['verify', 'qxg_op'], ['close', 'qxg_op']]);
    // …the published figures stay, and still add up from the stored items.
    const again = await ok('GET', `/api/rankings/${before.id}`, 'leader');
    expect(again.rows).toEqual(before.detail.rows);
    expect(await ok('GET', `/api/rankings/${before.id}/check`, 'leader')).toEqual({ consistent: true, differences: [] });
    // Tampering with a stored figure shows.
    await db().execute(sql`UPDATE ranking_rows SET score = 99 WHERE run_id = ${before.id} AND unit_code = ${QXG}`);
    const check = await ok('GET', `/api/rankings/${before.id}/check`, 'leader');
    expect(check).toMatchObject({ consistent: false, differences: [{ level: 'street', unit: QXG, field: 'score', published: 99, recomputed: 23.33 }] });
    // A new publication sees the items as they are now.
    const now = await publish();
    expect(fig(now.row(QXG).figures.sign_on_time_rate!)).toEqual([2, 3, 66.67]); // S1 now signed, late
    expect(fig(now.row(QXG).figures.milestone_on_time_rate!)).toEqual([0, 2, 0]); // M3 done, late
  });

  it('keeps the history: every publication listed, newest first, each with its own weights', async () => {
    const list = await ok('GET', '/api/rankings?limit=100', 'jfb_op');
    expect(list.total).toBeGreaterThanOrEqual(4);
    const times = list.items.map((r: { publishedAt: string }) => Date.parse(r.publishedAt));
    expect(times).toEqual([...times].sort((a: number, b: number) => b - a));
    expect((await ok('GET', '/api/rankings/latest', 'jfb_op')).id).toBe(list.items[0].id);
  });
});

describe('weights', () => {
  it('change the order from the next publication on; the earlier one keeps its weights', async () => {
    const first = await publish();
    expect([first.row(JFB).rank, first.row(QXG).rank]).toEqual([1, 2]);
    const v = await ok('PUT', '/api/rankings/weights', 'admin', {
      weights: { sign_on_time_rate: 100, report_on_time_rate: 0, milestone_on_time_rate: 0, case_score: 0 }, note: '本周只看签收',
    });
    expect(v.version).toBe(2);
    const second = await publish();
    expect(second.detail.weightsVersion).toBe(2);
    expect(second.row(QXG)).toMatchObject({ rank: 1, score: 66.67 });
    expect(second.row(JFB)).toMatchObject({ rank: 2, score: 50 });
    expect((await ok('GET', `/api/rankings/${first.id}`, 'leader')).weightsVersion).toBe(1);
    const w = await ok('GET', '/api/rankings/weights', 'jfb_op');
    expect(w.current).toMatchObject({ version: 2, note: '本周只看签收', createdByName: '系统管理员' });
    expect(w.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    await ok('PUT', '/api/rankings/weights', 'admin', { weights: { sign_on_time_rate: 20, report_on_time_rate: 20, milestone_on_time_rate: 30, case_score: 30 } });
  });
});

describe('publication', () => {
  it('announces ranking.published on the stream to every ranked unit, and audits it', async () => {
    const { id } = await publish();
    const [ev] = await queryRows<{ unit_path: string; also_paths: string[]; payload: { leaders: Record<string, Array<{ code: string }>> } }>(db(),
      sql`SELECT unit_path, also_paths, payload FROM events WHERE type = 'ranking.published' AND subject_id = ${id}`);
    expect(ev!.unit_path).toBe('/500103/');
    expect(ev!.also_paths).toContain(`/500103/${JFB}/`);
    expect(ev!.payload.leaders.street!.map((l) => l.code)).toEqual([JFB, QXG]);
    const [audit] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ranking.publish' AND target_id = ${id}`);
    expect(Number(audit!.n)).toBe(1);
  });

  it('publishes last week every Monday 09:00 Beijing through the scheduler, once, and schedules the next', async () => {
    const [timer] = await queryRows<{ id: number; dedupe_key: string; due_at: string; payload: { from: string; to: string } }>(db(),
      sql`SELECT id, dedupe_key, due_at, payload FROM timers WHERE kind = 'ranking.weekly' AND state = 'pending'`);
    const due = new Date(timer!.due_at);
    const beijing = new Date(due.getTime() + 8 * 3_600_000);
    expect([beijing.getUTCDay(), beijing.getUTCHours(), beijing.getUTCMinutes()]).toEqual([1, 9, 0]);
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect(due.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(timer!.payload.to).toBe(beijing.toISOString().slice(0, 10));
    // The Monday comes: the timer fires (once, however often the scheduler ticks).
    await db().execute(sql`UPDATE timers SET due_at = now() - interval '1 second' WHERE id = ${timer!.id}`);
    await ctx.platform.scheduler.tick();
    await ctx.platform.scheduler.tick();
    const runs = await queryRows<{ id: string; period_from: string }>(db(),
      sql`SELECT id, to_char(period_from, 'YYYY-MM-DD') AS period_from FROM ranking_runs WHERE trigger = 'schedule'`);
    expect(runs.map((r) => r.period_from)).toEqual([timer!.payload.from]);
    const detail = await ok('GET', `/api/rankings/${runs[0]!.id}`, 'leader');
    expect(detail).toMatchObject({ trigger: 'schedule', from: timer!.payload.from, to: timer!.payload.to, publishedByName: '系统' });
    expect(detail.label).toMatch(/^\d{4}-W\d{2}$/);
    const [next] = await queryRows<{ due_at: string; payload: { from: string } }>(db(),
      sql`SELECT due_at, payload FROM timers WHERE kind = 'ranking.weekly' AND state = 'pending'`);
    expect(new Date(next!.due_at).getTime() - due.getTime()).toBe(7 * 86_400_000);
    expect(next!.payload.from).toBe(timer!.payload.to);
  });

  it('exports a ranking to .xlsx, a sheet per level', async () => {
    const { id } = await publish();
    const res = await call('GET', `/api/rankings/${id}/export.xlsx`, 'jfb_op');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['街道', '部门']);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2 + 11);
    expect(ws.getRow(2).getCell(4).value).toBe('综合得分');
    expect([ws.getRow(3).getCell(1).value, ws.getRow(3).getCell(2).value, ws.getRow(3).getCell(4).value]).toEqual([1, JFB, 90]);
    expect([ws.getRow(3).getCell(5).value, ws.getRow(3).getCell(6).value]).toEqual([50, '1/2']);
  });
});

describe('scope and bad input', () => {
  it('shows every unit the table, but the items behind a figure only inside one\'s scope', async () => {
    const { id } = await publish();
    expect((await call('GET', `/api/rankings/${id}`, 'jfb_op')).statusCode).toBe(200);
    expect((await call('GET', `/api/rankings/${id}/items?level=street&unit=${JFB}&indicator=sign_on_time_rate`, 'jfb_op')).statusCode).toBe(200);
    expect((await call('GET', `/api/rankings/${id}/items?level=street&unit=${QXG}&indicator=sign_on_time_rate`, 'jfb_op')).statusCode).toBe(404);
    expect((await call('GET', `/api/rankings/${id}`, 'cgj_handler')).statusCode).toBe(403);
  });

  it('answers 4xx and publishes nothing', async () => {
    const [before] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM ranking_runs`);
    const posts: Array<[string, Record<string, unknown>, number, string?]> = [
      ['admin', { from: FROM }, 400],
      ['admin', { from: TO, to: FROM }, 400, 'body.to'],
      ['admin', { from: FROM, to: day(30) }, 400, 'body.to'],
      ['admin', { from: '2020-01-01', to: TO }, 400, 'body.from'],
      ['admin', { from: '2024-02-30', to: TO }, 400],
      ['admin', { from: FROM, to: TO, extra: 1 }, 400],
      ['jfb_op', { from: FROM, to: TO }, 403],
      ['leader', {}, 403],
    ];
    for (const [user, body, status, field] of posts) {
      const res = await call('POST', '/api/rankings', user, body);
      expect([JSON.stringify(body), res.statusCode], res.body).toEqual([JSON.stringify(body), status]);
      if (field) expect(res.json().error.fields[0].field).toBe(field);
    }
    const [after] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM ranking_runs`);
    expect(after!.n).toBe(before!.n);

    const weights = { sign_on_time_rate: 20, report_on_time_rate: 20, milestone_on_time_rate: 30, case_score: 30 };
    const puts: Array<[Record<string, unknown>, number, string?]> = [
      [{ weights: { ...weights, sign_on_time_rate: 0, report_on_time_rate: 0, milestone_on_time_rate: 0, case_score: 0 } }, 400, 'body.weights'],
      [{ weights: { ...weights, case_score: 101 } }, 400],
      [{ weights: { ...weights, case_score: undefined } }, 400],
      [{ weights: { ...weights, bogus: 5 } }, 400],
    ];
    for (const [body, status, field] of puts) {
      const res = await call('PUT', '/api/rankings/weights', 'admin', body);
      expect([JSON.stringify(body), res.statusCode], res.body).toEqual([JSON.stringify(body), status]);
      if (field) expect(res.json().error.fields[0].field).toBe(field);
    }
    expect((await call('PUT', '/api/rankings/weights', 'jfb_op', { weights })).statusCode).toBe(403);
    expect((await call('GET', '/api/rankings/not-a-uuid', 'leader')).statusCode).toBe(400);
    expect((await call('GET', `/api/rankings/${crypto.randomUUID()}`, 'leader')).statusCode).toBe(404);
    const { id } = await publish();
    expect((await call('GET', `/api/rankings/${id}/items?level=street&unit=${JFB}&indicator=bogus`, 'leader')).statusCode).toBe(400);
    expect((await call('GET', `/api/rankings/${id}/items?level=grid&unit=${JFB}&indicator=case_score`, 'leader')).statusCode).toBe(400);
    expect((await call('GET', `/api/rankings/${id}/items?level=street&unit=NOSUCH&indicator=case_score`, 'leader')).statusCode).toBe(404);
  });
});
