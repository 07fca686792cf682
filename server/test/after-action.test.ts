import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';
import { waitUntil } from './support/wait.js';

// 复盘: a New Year's Eve operation running now; a surge at 解放碑 in the last 40 minutes (1,000 m²: blue at 2,000
// persons, yellow 3,000, orange 4,000, red 5,000) raises alerts whose playbooks task the posts; the red alert is
// acknowledged, a measure done, the crowd-crush plan activated and a hazard found. The replay scrubs the night minute
// by minute with its events in order; the report (HTML and PDF) lists every alert, task, activation and hazard.
let ctx: TestContext;
let opId: string;
let redAlertId: string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const JFB = 'ZONE-JFB';
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = Date.now();
/** The surge's first minute: 40 minutes ago, on a whole minute. */
const T0 = Math.floor((NOW - 40 * MINUTE) / MINUTE) * MINUTE;
/** Persons in the zone at the end of minute m: +260 a minute to 5,200 at m = 19, then −280 a minute to 1,000 at m = 34. */
const occupancyAt = (m: number) => (m <= 19 ? 260 * (m + 1) : 5200 - 280 * (m - 19));

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: await ctx.as(user), ...(payload !== undefined ? { payload: payload as object } : {}) });
}

async function ok<T = any>(method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown, status = 200): Promise<T> {
  const res = await call(method, url, user, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json() as T;
}

beforeAll(async () => {
  ctx = await createTestContext();
  await ok('PATCH', `/api/crowd/zones/${JFB}`, 'district_op', { areaM2: 1000 });
  const op = await ok('POST', '/api/operations', 'commander', {
    name: '新年夜安全保障行动（复盘测试）', templateCode: 'new-year-eve',
    period: { startsAt: iso(NOW - 48 * HOUR), duringStartsAt: iso(NOW - 2 * HOUR), duringEndsAt: iso(NOW + 4 * HOUR), endsAt: iso(NOW + 12 * HOUR) },
  }, 201);
  opId = op.id;

  // The surge, one batch a minute as the gateway sends it.
  for (let m = 0; m <= 34; m++) {
    const delta = occupancyAt(m) - (m === 0 ? 0 : occupancyAt(m - 1));
    await ok('POST', '/api/crowd/readings', 'district_op', [{
      id: `aa-${m}`, zone: JFB, source: 'gate', gate: `${JFB}-G1`, at: iso(T0 + m * MINUTE + 30_000), in: Math.max(0, delta), out: Math.max(0, -delta),
    }]);
  }
  const red = (await ok('GET', `/api/crowd/alerts?zone=${JFB}&kind=density&minTier=red`, 'commander')).items[0];
  redAlertId = red.id;
  // The red playbook runs by itself (a durable subscriber): wait for its tasks, then handle the night.
  const run = await waitUntil(async () => {
    const r = await call('GET', `/api/crowd/alerts/${red.id}/playbook`, 'commander');
    return r.statusCode === 200 ? r.json() as { tasks: Array<{ id: string; unitCode: string }> } : undefined;
  }, { what: 'the red playbook run' });
  await ok('POST', `/api/crowd/alerts/${red.id}/ack`, 'commander', { note: '已启动限流' });
  const first = run.tasks.find((x) => x.unitCode === 'CP-JFB')!;
  await ok('POST', `/api/operation-tasks/${first.id}/start`, 'commander', {});
  await ok('POST', `/api/operation-tasks/${first.id}/complete`, 'commander', { note: '民族路口已限流' });
  const plans = await ok('GET', '/api/emergency-plans', 'district_op');
  const plan = plans.items.find((p: { code: string }) => p.code === 'YA-XNY-YJCT');
  await ok('POST', `/api/emergency-plans/${plan.id}/activate`, 'district_op', { level: 2, operationId: opId, zoneCode: JFB, reason: '解放碑人流密度超过 5 人/m²' }, 201);
  await ok('POST', '/api/hazards', 'grid_lhc01', {
    sector: 'fire', grade: 'ordinary', description: '商场二楼安全出口被货物堵塞', subjectName: '某某百货', lng: 106.576478, lat: 29.561311,
  }, 201);
}, 60_000);
afterAll(async () => ctx?.close());

type Replay = {
  window: { from: string; to: string; step: number; points: number };
  partial: boolean;
  zones: Array<{ code: string; occupancy: Array<number | null>; density: Array<number | null>; tier: Array<number | null>; peak: { occupancy: number; at: string } | null; maxTier: { level: number } | null }>;
  events: Array<{ at: string; kind: string; id: string; ref: string | null; tier: string | null; zone: string | null; source: string | null; by: string | null }>;
  totals: Record<string, number>;
};

describe('replay', () => {
  it('gives each zone one point a minute over the night, the tiers as the alert rules held them, and the events in order', async () => {
    const r = await ok<Replay>('GET', `/api/operations/${opId}/replay`, 'commander');
    expect(r.window.points).toBe(360);
    expect(r.partial).toBe(false);
    expect(r.zones.map((z) => z.code)).toEqual(['ZONE-JFB', 'ZONE-CTM', 'ZONE-HYD', 'ZONE-SBT', 'ZONE-SDTJ']);
    const jfb = r.zones.find((z) => z.code === JFB)!;
    expect(jfb.occupancy).toHaveLength(360);
    const k0 = (T0 - Date.parse(r.window.from)) / MINUTE;
    expect(jfb.occupancy[k0 - 1]).toBeNull();
    for (let m = 0; m <= 34; m++) expect(jfb.occupancy[k0 + m]).toBe(occupancyAt(m));
    // No reading, no change: the last level stays until now; later minutes are still to come.
    const nowIndex = Math.floor((NOW - Date.parse(r.window.from)) / MINUTE);
    expect(jfb.occupancy[nowIndex - 1]).toBe(1000);
    expect(jfb.occupancy[nowIndex + 2]).toBeNull();
    expect(jfb.density[k0 + 19]).toBe(5.2);
    expect(jfb.tier.slice(k0 + 6, k0 + 20)).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4]);
    // Red is left below 4.7/m² after 5 minutes' dwell: 4,640 persons at m = 21 is still red (dwell), 4,360 at m = 22 …
    expect(jfb.tier[k0 + 21]).toBe(4);
    expect(jfb.tier[k0 + 34]).toBe(0);
    expect(jfb.peak).toMatchObject({ occupancy: 5200, at: iso(T0 + 19 * MINUTE) });
    expect(jfb.maxTier?.level).toBe(4);
    expect(r.zones.find((z) => z.code === 'ZONE-CTM')!.occupancy.every((x) => x === null)).toBe(true);

    const at = r.events.map((e) => e.at);
    expect([...at].sort()).toEqual(at);
    const kinds = new Set(r.events.map((e) => e.kind));
    for (const k of ['alert_raised', 'alert_acknowledged', 'task_created', 'task_started', 'task_done', 'plan_activated', 'hazard_found']) expect(kinds).toContain(k);
    const raised = r.events.filter((e) => e.kind === 'alert_raised' && e.zone === JFB && e.id === redAlertId);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.tier).toBe('red');
    const acked = r.events.find((e) => e.kind === 'alert_acknowledged' && e.id === redAlertId)!;
    expect(acked.by).toBe('区指挥长');
    expect(r.events.indexOf(raised[0]!)).toBeLessThan(r.events.indexOf(acked));
    // The density alerts rose blue → yellow → orange → red in event time.
    expect(r.events.filter((e) => e.kind === 'alert_raised' && e.zone === JFB).map((e) => e.tier)).toEqual(expect.arrayContaining(['blue', 'yellow', 'orange', 'red']));
    const measures = r.events.filter((e) => e.kind === 'task_created' && e.source === 'playbook');
    expect(measures.length).toBeGreaterThanOrEqual(2);
    expect(r.events.filter((e) => e.kind === 'task_created' && e.source === 'template')).toHaveLength(0);
    expect(r.totals).toMatchObject({ acknowledged: 1, activations: 1, hazards: 1 });
    expect(r.totals.measuresDone).toBe(1);
  });

  it('takes a step of minutes, keeping each step\'s highest level', async () => {
    const r = await ok<Replay>('GET', `/api/operations/${opId}/replay?step=5`, 'commander');
    expect(r.window).toMatchObject({ step: 5, points: 72 });
    const jfb = r.zones.find((z) => z.code === JFB)!;
    expect(Math.max(...jfb.occupancy.map((x) => x ?? 0))).toBe(5200);
    expect(Math.max(...jfb.tier.map((x) => x ?? 0))).toBe(4);
    const from = iso(T0 - 10 * MINUTE);
    const to = iso(T0 + 50 * MINUTE);
    const part = await ok<Replay>('GET', `/api/operations/${opId}/replay?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, 'commander');
    expect(part.window.points).toBe(60);
    expect(part.events.every((e) => e.at >= from && e.at < to)).toBe(true);
  });

  it('refuses bad parameters with 400', async () => {
    const bad = async (qs: string, field?: string) => {
      const res = await call('GET', `/api/operations/${opId}/replay?${qs}`, 'commander');
      expect(res.statusCode, `${qs}: ${res.body}`).toBe(400);
      if (field) expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
      return res.json().error;
    };
    await bad('step=0');
    await bad('step=abc');
    await bad('step=61');
    await bad('from=yesterday');
    await bad('color=red');
    await bad(`from=${encodeURIComponent(iso(NOW - 30 * MINUTE))}&to=${encodeURIComponent(iso(NOW - 40 * MINUTE))}`, 'querystring.to');
    await bad(`from=${encodeURIComponent(iso(NOW - 72 * HOUR))}`, 'querystring.from');
    const many = await bad(`from=${encodeURIComponent(iso(NOW - 47 * HOUR))}`, 'querystring.step');
    expect(many.fields[0].message).toContain('1440');
    // The request's language, the whole answer through: its message and its fields'.
    const en = await ctx.app.inject({
      url: `/api/operations/${opId}/replay?from=${encodeURIComponent(iso(NOW - 72 * HOUR))}`, headers: { ...await ctx.as('commander'), 'x-locale': 'en' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields[0].message).toBe('The time must lie within the operation\'s period');
    expect(en.json().error.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect((await call('GET', '/api/operations/not-a-uuid/replay', 'commander')).statusCode).toBe(400);
    expect((await call('GET', `/api/operations/${opId}/report?lang=fr`, 'commander')).statusCode).toBe(400);
  });
});

describe('scope', () => {
  it('shows a post or street only its part of the night, and nothing to a unit outside the operation', async () => {
    for (const path of ['replay', 'report', 'report.pdf']) {
      expect((await call('GET', `/api/operations/${opId}/${path}`, 'cgj_handler')).statusCode, path).toBe(404);
      expect((await call('GET', `/api/operations/00000000-0000-4000-8000-000000000000/${path}`, 'commander')).statusCode, path).toBe(404);
    }
    // 七星岗 holds a street post in the operation but 解放碑 is another street's: its zone, alerts and measures stay hidden.
    const other = await ok<Replay>('GET', `/api/operations/${opId}/replay`, 'qxg_op');
    expect(other.partial).toBe(true);
    expect(other.zones.map((z) => z.code)).not.toContain(JFB);
    expect(other.events.filter((e) => e.zone === JFB || e.source === 'playbook')).toEqual([]);
    const html = (await call('GET', `/api/operations/${opId}/report`, 'qxg_op')).body;
    expect(html).toContain('本报告仅含您辖区内');
    expect(html.slice(html.indexOf('data-table="alerts"'))).toMatch(/^[^]*?本次行动没有告警/);
    expect(html).not.toContain('民族路口已限流');
    // 解放碑's own street sees its zones (解放碑, 洪崖洞) and the alerts there.
    const own = await ok<Replay>('GET', `/api/operations/${opId}/replay`, 'jfb_op');
    expect(own.zones.map((z) => z.code)).toEqual([JFB, 'ZONE-HYD']);
    expect(own.events.some((e) => e.kind === 'alert_raised' && e.id === redAlertId)).toBe(true);
  });
});

/** The text a PDF shows: pdfkit writes one embedded font whose ToUnicode map turns the glyph ids in the page streams back into characters. */
function pdfText(pdf: Buffer): { text: string; pages: number } {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (let at = raw.indexOf('>>\nstream\n'); at >= 0; at = raw.indexOf('>>\nstream\n', at + 1)) {
    const start = at + '>>\nstream\n'.length;
    const end = raw.indexOf('\nendstream', start);
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not deflated (or not text): skip.
    }
  }
  const glyphs = new Map<number, string>();
  for (const s of streams.filter((x) => x.includes('beginbfrange'))) {
    for (const [, from, list] of s.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      [...list!.matchAll(/<([0-9a-f ]+)>/gi)].forEach((u, i) => {
        glyphs.set(parseInt(from!, 16) + i, String.fromCharCode(...u[1]!.split(' ').map((h) => parseInt(h, 16))));
      });
    }
  }
  let text = '';
  for (const s of streams.filter((x) => x.includes(' TJ'))) {
    for (const [, arr] of s.matchAll(/\[([^\]]*)\] TJ/g)) {
      for (const [, hex] of arr!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let i = 0; i < hex!.length; i += 4) text += glyphs.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '';
      }
    }
  }
  return { text: text.replace(/\s+/g, ''), pages: (raw.match(/\/Type \/Page\b/g) ?? []).length };
}

describe('report', () => {
  it('prints every alert, measure, plan activation and hazard with its handling (HTML)', async () => {
    const res = await call('GET', `/api/operations/${opId}/report`, 'commander');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html).toContain('<h1>行动复盘报告</h1>');
    expect(html).toContain('@page { size: A4 landscape');
    expect(html).toContain('thead { display: table-header-group; }');

    const alerts = await ok('GET', `/api/crowd/alerts?zone=${JFB}&limit=500`, 'commander');
    const section = (key: string) => html.slice(html.indexOf(`data-table="${key}"`), html.indexOf('</section>', html.indexOf(`data-table="${key}"`)));
    expect(alerts.total).toBeGreaterThanOrEqual(4);
    expect(section('alerts').match(/<tr data-row=/g)).toHaveLength(alerts.total);
    expect(section('alerts')).toContain('一级 红');
    expect(section('alerts')).toContain('区指挥长');
    expect(section('alerts')).toContain('已启动限流');

    const tasks = await ok('GET', `/api/operations/${opId}/tasks?limit=500`, 'commander');
    expect(tasks.total).toBeGreaterThan(93);
    expect(section('tasks').match(/<tr data-row=/g)).toHaveLength(tasks.total);
    for (const k of tasks.items as Array<{ ref: string }>) expect(section('tasks')).toContain(k.ref);
    expect(section('tasks')).toContain('民族路口已限流');
    expect(section('activations').match(/<tr data-row=/g)).toHaveLength(1);
    expect(section('activations')).toContain('二级响应');
    const hazards = await ok('GET', '/api/hazards?limit=50', 'district_op');
    expect(section('hazards').match(/<tr data-row=/g)).toHaveLength(hazards.total);
    expect(section('hazards')).toContain(hazards.items[0].ref);
    expect(section('zones')).toContain('5,200');

    const en = (await call('GET', `/api/operations/${opId}/report?lang=en`, 'commander')).body;
    expect(en).toContain('<h1>After-action report</h1>');
    expect(en).toContain('Level 1 red');
  });

  it('gives the same report as a PDF with the Chinese text embedded and every row on its pages', async () => {
    const res = await call('GET', `/api/operations/${opId}/report.pdf`, 'commander');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('.pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/FontFile2');
    const { text, pages } = pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(text).toContain('行动复盘报告');
    const alerts = await ok('GET', `/api/crowd/alerts?zone=${JFB}&limit=500`, 'commander');
    expect(text).toContain(`告警与预警明细（${alerts.total}条）`);
    expect(text).toContain('已启动限流');
    const tasks = await ok('GET', `/api/operations/${opId}/tasks?limit=500`, 'commander');
    for (const k of tasks.items as Array<{ ref: string }>) expect(text).toContain(k.ref);
    const hazards = await ok('GET', '/api/hazards?limit=50', 'district_op');
    expect(text).toContain(hazards.items[0].ref);
    expect(text).toContain('第1页');
  }, 30_000);

  it('cuts a cell taller than a page with "…" so the rows stay on their pages (2,000-character note and description)', async () => {
    const before = pdfText((await call('GET', `/api/operations/${opId}/report.pdf`, 'commander')).rawPayload);
    const filler = '因现场人流过大，民族路口至八一路口的引导栏需要整体后移并加派警力维持秩序。'.repeat(60);
    const long = (head: string) => `${head}${filler.slice(0, 2000 - head.length - 6)}此处为结尾。`;
    const tasks = await ok('GET', `/api/operations/${opId}/tasks?limit=500`, 'commander');
    const pending = (tasks.items as Array<{ id: string; state: string }>).find((k) => k.state === 'pending')!;
    await ok('POST', `/api/operation-tasks/${pending.id}/cancel`, 'commander', { reason: long('取消原因开头') });
    await ok('POST', '/api/hazards', 'grid_lhc01', {
      sector: 'fire', grade: 'ordinary', description: long('隐患描述开头'), subjectName: '某某商场', lng: 106.576478, lat: 29.561311,
    }, 201);
    const html = (await call('GET', `/api/operations/${opId}/report`, 'commander')).body;
    expect(html).toContain(long('隐患描述开头'));

    const started = Date.now();
    const res = await call('GET', `/api/operations/${opId}/report.pdf`, 'commander');
    const ms = Date.now() - started;
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const { text, pages } = pdfText(res.rawPayload);
    // Uncut, the two cells alone would run to about seven more pages (and draw their rows' other cells on the wrong one).
    expect(pages).toBeLessThanOrEqual(before.pages + 1);
    expect(text).toContain('取消原因开头');
    expect(text).toContain('隐患描述开头');
    expect(text).toContain('…');
    expect(text).toContain('完整内容见HTML版报告');
    expect(text).not.toContain('此处为结尾');
    expect(ms, 'PDF time').toBeLessThan(20_000);
  }, 60_000);
});
