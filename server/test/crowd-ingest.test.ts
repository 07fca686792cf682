import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrowdIngest } from '../src/modules/crowd/ingest.js';
import { sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';

// 客流监测 through the real API on the real database: zones and gates as registered at start, occupancy and density
// arithmetic, idempotency on the reading id, out-of-order and late readings, fusion with camera and mobile estimates,
// refusals with reasons and counts, NDJSON, and ingest with a sensor's API token.
let ctx: TestContext;
let post: Headers;
beforeAll(async () => {
  ctx = await createTestContext();
  await createUser(ctx, { username: 'hyd_post', password: 'password123', grants: [{ role: 'district_commander', unitCode: 'CP-HYD' }] });
  post = await login(ctx, 'hyd_post', 'password123');
});
afterAll(async () => ctx?.close());

// A New Year's Eve in the past: event time is the readings' own, the server's clock only refuses the future.
const T0 = Date.parse('2024-12-31T20:00:00+08:00');
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000).toISOString();
let seq = 0;
const gate = (zone: string, g: number, minutes: number, inCount: number, outCount = 0, seconds = 30) =>
  ({ id: `t-${++seq}`, zone, source: 'gate', gate: `${zone}-G${g}`, at: at(minutes, seconds), in: inCount, out: outCount });

async function send(readings: unknown[], headers?: Headers, contentType?: string) {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/crowd/readings', headers: { ...(headers ?? await ctx.as('district_op')), ...(contentType ? { 'content-type': contentType } : {}) },
    payload: contentType ? (readings as string[]).join('\n') : readings as object,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { accepted: number; duplicates: number; rejected: number; refusals: Array<{ index: number; id: string | null; reason: string; field?: string; message: string }> };
}

async function zone(code: string, user = 'commander') {
  const res = await ctx.app.inject({ url: `/api/crowd/zones/${code}`, headers: await ctx.as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function reset(code: string) {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/crowd/zones/${code}/reset`, headers: await ctx.as('district_op') });
  expect(res.statusCode, res.body).toBe(200);
}

describe('zones and gates', () => {
  it('registers the five key zones at start with usable area, capacity from the red band, gates and their post', async () => {
    const res = await ctx.app.inject({ url: '/api/crowd/zones', headers: await ctx.as('commander') });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<Record<string, any>>;
    expect(items.map((z) => z.code).sort()).toEqual(['ZONE-CTM', 'ZONE-HYD', 'ZONE-JFB', 'ZONE-SBT', 'ZONE-SDTJ']);
    const jfb = items.find((z) => z.code === 'ZONE-JFB')!;
    expect(jfb).toMatchObject({ name: '解放碑', areaM2: 100000, capacity: 500000, capacityDerived: true, bands: { blue: 2, yellow: 3, orange: 4, red: 5 } });
    expect(jfb.post).toEqual({ code: 'CP-JFB', name: '解放碑现场指挥部' });
    expect(jfb.flow.gates).toBe(8);
    // 90 m of level gates at 78 persons/min per metre.
    expect(jfb.flow.exitPerMin).toBe(90 * 78);
    const detail = await zone('ZONE-CTM');
    expect(detail.geometry.type).toBe('Polygon');
    expect(detail.gates.find((g: any) => g.code === 'ZONE-CTM-G1')).toMatchObject({ kind: 'stairs', widthM: 20, flowPerMin: 20 * 53 });
  });

  it('edits area, capacity, bands and gates; capacity follows the area until it is set by hand', async () => {
    const op = await ctx.as('district_op');
    let res = await ctx.app.inject({ method: 'PATCH', url: '/api/crowd/zones/ZONE-SDTJ', headers: op, payload: { areaM2: 50000, hysteresis: { minDwellMinutes: 3 } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ areaM2: 50000, capacity: 250000, capacityDerived: true, hysteresis: { marginDensity: 0.3, minDwellMinutes: 3 } });
    res = await ctx.app.inject({ method: 'PATCH', url: '/api/crowd/zones/ZONE-SDTJ', headers: op, payload: { capacity: 120000, bands: { blue: 1.5, yellow: 2.5, orange: 3.5, red: 4.5 } } });
    expect(res.json()).toMatchObject({ capacity: 120000, capacityDerived: false, bands: { blue: 1.5, red: 4.5 } });
    res = await ctx.app.inject({ method: 'PATCH', url: '/api/crowd/zones/ZONE-SDTJ', headers: op, payload: { bands: { blue: 3, yellow: 2, orange: 4, red: 5 } } });
    expect(res.statusCode).toBe(400);
    res = await ctx.app.inject({ method: 'PATCH', url: '/api/crowd/zones/ZONE-SDTJ', headers: op, payload: { capacity: null } });
    expect(res.json()).toMatchObject({ capacity: 225000, capacityDerived: true });
    // One-way gates for the night (南进北出): G1 in only, G2 out only, a new G7; the rest become inactive.
    res = await ctx.app.inject({
      method: 'PUT', url: '/api/crowd/zones/ZONE-SDTJ/gates', headers: op,
      payload: { gates: [
        { code: 'ZONE-SDTJ-G1', name: '大坪正街口（只进）', widthM: 12, direction: 'in' },
        { code: 'ZONE-SDTJ-G2', name: '轨道站口（只出）', widthM: 10, direction: 'out' },
        { code: 'ZONE-SDTJ-G7', name: '临时疏散口', widthM: 6, direction: 'out', kind: 'stairs', location: [106.517, 29.539] },
      ] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().flow).toEqual({ entryPerMin: 12 * 78, exitPerMin: 10 * 78 + 6 * 53, gates: 3 });
    expect(res.json().gates.filter((g: any) => !g.active)).toHaveLength(4);
    // A gate code belongs to one zone.
    res = await ctx.app.inject({ method: 'PUT', url: '/api/crowd/zones/ZONE-SBT/gates', headers: op, payload: { gates: [{ code: 'ZONE-SDTJ-G7', name: 'x', widthM: 2, direction: 'both' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('body.gates');
    // Readings for an inactive gate are refused; the one-way gate still counts what it counted.
    const out = await send([gate('ZONE-SDTJ', 3, 0, 10), gate('ZONE-SDTJ', 7, 0, 0, 4)]);
    expect(out).toMatchObject({ accepted: 1, rejected: 1, refusals: [{ index: 0, reason: 'unknown_gate', field: 'gate' }] });
  });

  it('keeps settings to those who manage the zone, and zones to those whose scope holds them', async () => {
    let res = await ctx.app.inject({ method: 'PATCH', url: '/api/crowd/zones/ZONE-JFB', headers: await ctx.as('jfb_op'), payload: { areaM2: 1 } });
    expect(res.statusCode).toBe(403);
    res = await ctx.app.inject({ url: '/api/crowd/zones', headers: await ctx.as('jfb_op') });
    expect(res.json().items.map((z: any) => z.code).sort()).toEqual(['ZONE-HYD', 'ZONE-JFB']);
    res = await ctx.app.inject({ url: '/api/crowd/zones/ZONE-CTM', headers: await ctx.as('jfb_op') });
    expect(res.statusCode).toBe(404);
    // The command post sees its own zone (it lies under the district, the zone under a street).
    res = await ctx.app.inject({ url: '/api/crowd/zones', headers: post });
    expect(res.json().items.map((z: any) => z.code)).toEqual(['ZONE-HYD']);
    res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/readings', headers: await ctx.as('jfb_op'), payload: [gate('ZONE-JFB', 1, 0, 1)] });
    expect(res.statusCode).toBe(403);
  });
  it('registers another unit of kind zone (area from the polygon by default), and only such units, once', async () => {
    const db = ctx.platform.database.db;
    await db.execute(sql`INSERT INTO units (code, name, kind, parent_code, path, depth, approximate)
      VALUES ('ZONE-TEST', '测试广场', 'zone', '500103003', '/500103/500103003/ZONE-TEST/', 2, true)`);
    const square = { type: 'Polygon', coordinates: [[[106.57, 29.55], [106.571, 29.55], [106.571, 29.551], [106.57, 29.551], [106.57, 29.55]]] };
    const op = await ctx.as('district_op');
    let res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/zones', headers: op, payload: { code: 'ZONE-TEST', geometry: square, gates: [{ code: 'ZONE-TEST-G1', name: '东门', widthM: 4, direction: 'in' }] } });
    expect(res.statusCode, res.body).toBe(201);
    // About 96.8 m × 111.2 m at this latitude.
    expect(res.json().areaM2).toBeGreaterThan(10_500);
    expect(res.json().areaM2).toBeLessThan(11_000);
    expect(res.json()).toMatchObject({ post: null, flow: { entryPerMin: 312, exitPerMin: 0 }, live: { occupancy: 0, tier: null } });
    res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/zones', headers: op, payload: { code: 'ZONE-TEST', geometry: square } });
    expect(res.statusCode).toBe(409);
    res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/zones', headers: op, payload: { code: '500103003', geometry: square } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('body.code');
  });
});

describe('several instances', () => {
  it('reloads a zone another instance wrote since (the row\'s version), so no reading is lost or counted twice', async () => {
    await reset('ZONE-SDTJ');
    const actor = { kind: 'system' as const, userId: null, username: 'system', displayName: '系统', locale: 'zh-CN' as const, grants: [] };
    const a = new CrowdIngest(ctx.platform.runner, ctx.platform.log, { maxBatch: 3 });
    const b = new CrowdIngest(ctx.platform.runner, ctx.platform.log, { maxBatch: 3 });
    let total = 0;
    for (let m = 0; m < 6; m++) {
      const batch = [gate('ZONE-SDTJ', 1, m, 10 + m), gate('ZONE-SDTJ', 2, m, 5), gate('ZONE-SDTJ', 1, m, 1, 0, 50), gate('ZONE-SDTJ', 2, m, 2, 1, 50)];
      total += 10 + m + 5 + 1 + 2 - 1;
      const [x, y] = await Promise.all([(m % 2 ? a : b).submit(actor, batch.slice(0, 2)), (m % 2 ? b : a).submit(actor, batch.slice(2))]);
      expect(x.accepted + y.accepted).toBe(4);
    }
    // A resend through the other instance is a duplicate there too.
    expect((await a.submit(actor, [gate('ZONE-SDTJ', 1, 9, 1), { ...gate('ZONE-SDTJ', 1, 9, 1), id: `t-${seq - 1}` }])).duplicates).toBe(1);
    total += 1;
    expect((await zone('ZONE-SDTJ')).live.occupancy).toBe(total);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('occupancy and density', () => {
  it('sums gate counts per minute: occupancy, density, rates and the minute series', async () => {
    await reset('ZONE-HYD');
    const out = await send([gate('ZONE-HYD', 1, 0, 300, 0, 10), gate('ZONE-HYD', 2, 0, 200, 50, 40), gate('ZONE-HYD', 3, 1, 100, 30, 20)]);
    expect(out).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    const z = await zone('ZONE-HYD');
    expect(z.live).toMatchObject({ occupancy: 520, density: Math.round((520 / 29998) * 100) / 100, inRate: 120, outRate: 16, netRate: 104, asOf: at(1, 20) });
    expect(z.live.utilisation).toBe(Math.round((520 / z.capacity) * 100) / 100);
    expect(z.readings).toEqual({ accepted: 3, duplicates: 0, rejected: 0 });
    const series = (await ctx.app.inject({ url: `/api/crowd/zones/ZONE-HYD/series?from=${encodeURIComponent(at(-10))}`, headers: post })).json();
    expect(series.points.map((p: any) => [p.minute, p.in, p.out, p.occupancy])).toEqual([[at(0), 500, 50, 450], [at(1), 100, 30, 520]]);
    expect(series.projection[0]).toMatchObject({ at: at(1, 20), occupancy: 520 });
  });

  it('is idempotent on the reading id: a resent batch, or a duplicate inside one, counts once', async () => {
    await reset('ZONE-HYD');
    const batch = [gate('ZONE-HYD', 1, 0, 40), gate('ZONE-HYD', 2, 0, 60)];
    expect(await send(batch)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await send([...batch, batch[0]])).toMatchObject({ accepted: 0, duplicates: 3 });
    const again = gate('ZONE-HYD', 3, 0, 5);
    expect(await send([again, again])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await zone('ZONE-HYD')).live.occupancy).toBe(105);
    expect((await zone('ZONE-HYD')).readings).toMatchObject({ accepted: 3, duplicates: 4 });
  });

  it('applies out-of-order and late readings by their timestamp', async () => {
    await reset('ZONE-HYD');
    await send([gate('ZONE-HYD', 1, 3, 30), gate('ZONE-HYD', 1, 1, 10)]);
    await send([gate('ZONE-HYD', 1, 2, 20, 5)]);
    const series = async () => (await ctx.app.inject({ url: `/api/crowd/zones/ZONE-HYD/series?from=${encodeURIComponent(at(-10))}`, headers: post })).json().points
      .map((p: any) => [p.minute, p.occupancy]);
    expect(await series()).toEqual([[at(1), 10], [at(2), 25], [at(3), 55]]);
    // Ninety-four minutes late, still in the window: its minute and every minute after it change.
    await send([gate('ZONE-HYD', 2, 4, 0, 0)]);
    await send([gate('ZONE-HYD', 2, 95, 1, 0)]);
    await send([gate('ZONE-HYD', 3, 1, 100, 0)]);
    expect((await series()).slice(0, 3)).toEqual([[at(1), 110], [at(2), 125], [at(3), 155]]);
    expect((await zone('ZONE-HYD')).live.occupancy).toBe(156);
  });

  it('refuses readings older than two hours behind the zone\'s latest, unless already received (a duplicate)', async () => {
    await reset('ZONE-JFB');
    const first = gate('ZONE-JFB', 1, 0, 50);
    await send([first]);
    await send([gate('ZONE-JFB', 1, 200, 5)]);
    const out = await send([first, gate('ZONE-JFB', 2, 0, 7)]);
    expect(out).toMatchObject({ accepted: 0, duplicates: 1, refusals: [{ index: 1, reason: 'too_late', field: 'at' }] });
    expect((await zone('ZONE-JFB')).live.occupancy).toBe(55);
  });

  it('starts from the first estimate, then corrects gate drift with camera and mobile estimates (complementary filter)', async () => {
    await reset('ZONE-SBT');
    const cmd = await ctx.as('commander');
    // Counting began with people already there: the gates say 100, the cameras see 2,000 (1,000 heads on half the area).
    const out = await send([
      gate('ZONE-SBT', 1, 0, 100),
      { id: `t-${++seq}`, zone: 'ZONE-SBT', source: 'camera', at: at(0, 50), count: 1000, coverage: 0.5 },
    ]);
    expect(out.accepted).toBe(2);
    // The zone's first estimate sets the level.
    expect((await zone('ZONE-SBT')).live.occupancy).toBe(2000);
    // Then estimates only pull: 2,000 + 50 = 2,050, and 0.1 × (1,670 − 2,050) → 2,012.
    await send([gate('ZONE-SBT', 2, 1, 50), { id: `t-${++seq}`, zone: 'ZONE-SBT', source: 'mobile', at: at(1, 10), count: 1670 }]);
    expect((await zone('ZONE-SBT')).live.occupancy).toBe(2012);
    // 2,012 + 0.3 × (2,600 − 2,012) → 2,188.
    await send([{ id: `t-${++seq}`, zone: 'ZONE-SBT', source: 'camera', at: at(2, 0), count: 1300, coverage: 0.5 }]);
    expect((await zone('ZONE-SBT')).live.occupancy).toBe(2188);
    const series = (await ctx.app.inject({ url: `/api/crowd/zones/ZONE-SBT/series?from=${encodeURIComponent(at(-1))}`, headers: cmd })).json();
    expect(series.points.map((p: any) => [p.occupancy, p.camera, p.mobile])).toEqual([[2000, 2000, null], [2012, null, 1670], [2188, 2600, null]]);
  });
});

describe('bad readings', () => {
  it('refuses each bad reading with a reason, takes the rest, and counts refusals per zone and reason', async () => {
    await reset('ZONE-CTM');
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const out = await send([
      gate('ZONE-CTM', 1, 0, 10),
      'not an object',
      { ...gate('ZONE-CTM', 1, 0, 1), in: -5 },
      { ...gate('ZONE-CTM', 1, 0, 1), colour: 'red' },
      gate('ZONE-NOPE', 1, 0, 1),
      gate('ZONE-CTM', 99, 0, 1),
      { ...gate('ZONE-CTM', 2, 0, 1), at: future },
      gate('ZONE-CTM', 2, 0, 25_000),
      { id: `t-${++seq}`, zone: 'ZONE-CTM', source: 'camera', at: at(0), count: 10_000_000 },
      { id: `t-${++seq}`, zone: 'ZONE-CTM', source: 'camera', at: at(0) },
      { id: `t-${++seq}`, zone: 'ZONE-CTM', source: 'mobile', at: at(0), count: 5, gate: 'ZONE-CTM-G1' },
    ]);
    expect(out.accepted).toBe(1);
    expect(out.refusals.map((r) => [r.index, r.reason, r.field ?? null])).toEqual([
      [1, 'malformed', null], [2, 'invalid', 'in'], [3, 'invalid', 'colour'], [4, 'unknown_zone', null], [5, 'unknown_gate', 'gate'],
      [6, 'future', 'at'], [7, 'implausible', null], [8, 'implausible', null], [9, 'invalid', 'count'], [10, 'invalid', 'gate'],
    ]);
    expect(out.refusals[0]!.message).toBe('不是有效的 JSON 对象');
    const z = await zone('ZONE-CTM');
    expect(z.readings).toEqual({ accepted: 1, duplicates: 0, rejected: 8 });
    const rej = (await ctx.app.inject({ url: '/api/crowd/rejections', headers: await ctx.as('commander') })).json().items as any[];
    const ctm = Object.fromEntries(rej.filter((r) => r.zone === 'ZONE-CTM').map((r) => [r.reason, r.count]));
    expect(ctm).toEqual({ invalid: 4, unknown_gate: 1, future: 1, implausible: 2 });
    expect(rej.find((r) => r.zone === null && r.reason === 'unknown_zone')).toMatchObject({ count: 1, lastSample: { zone: 'ZONE-NOPE' } });
    // A street centre sees its zones' counters, not the district's unknown-zone ones.
    const street = (await ctx.app.inject({ url: '/api/crowd/rejections', headers: await ctx.as('jfb_op') })).json().items as any[];
    expect(street.every((r) => r.zone === 'ZONE-JFB' || r.zone === 'ZONE-HYD')).toBe(true);
  });

  it('takes NDJSON, with a bad line refused as malformed', async () => {
    await reset('ZONE-CTM');
    const lines = [JSON.stringify(gate('ZONE-CTM', 1, 0, 7)), '{"id": broken', '', JSON.stringify(gate('ZONE-CTM', 2, 0, 3))];
    const out = await send(lines, undefined, 'application/x-ndjson');
    expect(out).toMatchObject({ accepted: 2, rejected: 1, refusals: [{ index: 1, reason: 'malformed' }] });
    expect((await zone('ZONE-CTM')).live.occupancy).toBe(10);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/readings', headers: { ...await ctx.as('district_op'), 'content-type': 'application/json' }, payload: '{"not":"an array"}' });
    expect(res.statusCode).toBe(400);
  });

  it('refuses readings for zones outside the sender\'s scope; a sensor sends with the post\'s API token', async () => {
    const tok = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: post, payload: { name: '洪崖洞闸机网关' } });
    expect(tok.statusCode, tok.body).toBe(201);
    const sensor = { authorization: `Bearer ${tok.json().token}` };
    await reset('ZONE-HYD');
    const out = await send([gate('ZONE-HYD', 1, 0, 12), gate('ZONE-JFB', 1, 0, 12)], sensor);
    expect(out).toMatchObject({ accepted: 1, refusals: [{ index: 1, reason: 'out_of_scope' }] });
    expect((await zone('ZONE-HYD')).live.occupancy).toBe(12);
  });
});
