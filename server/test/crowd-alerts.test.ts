import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, type Headers } from './http-helpers.js';
import { SseClient } from './support/sse-client.js';

// Tiered alerts (四级 蓝/黄/橙/红) on the real database: band crossings with hysteresis, the forecast on a known curve
// and its error, the forecast-triggered alert (预警) before the band is reached, acknowledgement by the command post,
// and every alert on the stream within a second.
let ctx: TestContext;
let base: string;
let sbtPost: Headers;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
  await createUser(ctx, { username: 'sbt_post', password: 'password123', grants: [{ role: 'district_commander', unitCode: 'CP-SBT' }] });
  sbtPost = await login(ctx, 'sbt_post', 'password123');
  // Small zones make round numbers: 1,000 m² → blue at 2,000 persons, yellow 3,000, orange 4,000, red 5,000;
  // a tier is left 300 persons (0.3/m²) below its band, after 5 minutes at the least.
  for (const code of ['ZONE-HYD', 'ZONE-SBT']) {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/crowd/zones/${code}`, headers: await ctx.as('district_op'), payload: { areaM2: 1000 } });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => ctx?.close());

const T0 = Date.parse('2024-12-31T21:00:00+08:00');
const at = (minutes: number, seconds = 30) => new Date(T0 + minutes * 60_000 + seconds * 1000).toISOString();
let seq = 0;

/** One gate reading at minute `m` that changes the occupancy by `delta`. */
const step = (zone: string, m: number, delta: number) =>
  ({ id: `a-${++seq}`, zone, source: 'gate', gate: `${zone}-G1`, at: at(m), in: Math.max(0, delta), out: Math.max(0, -delta) });

async function send(readings: unknown[]) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/crowd/readings', headers: await ctx.as('district_op'), payload: readings as object });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().rejected, res.body).toBe(0);
}

interface Alert { id: string; kind: string; tier: string; level: number; at: string; occupancy: number; forecast15: number | null; active: boolean; clearReason: string | null; state: string; ack: any }

async function alerts(zone: string, extra = ''): Promise<Alert[]> {
  const res = await ctx.app.inject({ url: `/api/crowd/alerts?zone=${zone}&limit=500${extra}`, headers: await ctx.as('commander') });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Alert[]).reverse();
}

async function live(zone: string) {
  return (await ctx.app.inject({ url: `/api/crowd/zones/${zone}`, headers: await ctx.as('commander') })).json().live;
}

describe('band crossings with hysteresis', () => {
  it('raises blue once while the crowd hovers at the band, and lowers it only below band − margin after the dwell', async () => {
    await send([step('ZONE-HYD', 0, 2050)]);
    expect((await live('ZONE-HYD')).tier).toBe('blue');
    // Ten minutes between 1,950 and 2,050: inside the margin, no new alert, no flapping.
    for (let m = 1; m <= 9; m++) await send([step('ZONE-HYD', m, m % 2 ? -100 : 100)]);
    let density = (await alerts('ZONE-HYD', '&kind=density'));
    expect(density.map((a) => [a.tier, a.active])).toEqual([['blue', true]]);
    // 1,600 is below 2,000 − 300 and the tier has been held ten minutes: lowered.
    await send([step('ZONE-HYD', 10, -350)]);
    expect((await live('ZONE-HYD')).tier).toBeNull();
    density = await alerts('ZONE-HYD', '&kind=density');
    expect(density.map((a) => [a.tier, a.active, a.clearReason])).toEqual([['blue', false, 'lowered']]);

    // Back over the band: a new alert. Dropping at once does not clear it before five minutes have passed.
    await send([step('ZONE-HYD', 11, 450)]);
    await send([step('ZONE-HYD', 12, -450)]);
    await send([step('ZONE-HYD', 14, 0)]);
    expect((await live('ZONE-HYD')).tier).toBe('blue');
    await send([step('ZONE-HYD', 15, 0)]);
    expect((await live('ZONE-HYD')).tier).toBe('blue');
    await send([step('ZONE-HYD', 16, 0)]);
    expect((await live('ZONE-HYD')).tier).toBeNull();

    // Straight from normal to orange: one orange alert, not three.
    await send([step('ZONE-HYD', 20, 2500)]);
    density = await alerts('ZONE-HYD', '&kind=density');
    expect(density.map((a) => [a.tier, a.active, a.occupancy])).toEqual([['blue', false, 2050], ['blue', false, 2050], ['orange', true, 4100]]);
    const z = await live('ZONE-HYD');
    expect(z).toMatchObject({ tier: 'orange', tierLevel: 3, tierSince: at(20), occupancy: 4100, density: 4.1 });
  });
});

describe('forecast', () => {
  it('forecasts a steady build-up exactly, warns (预警) on the forecast long before the band, and shows its error', async () => {
    const sse = await SseClient.open(`${base}/api/stream?topics=crowd`, sbtPost);
    await sse.ready();
    // +100 persons a minute from 21:00: 100, 200, 300 … From minute 4 (five minutes of data) there is a forecast, and
    // its 15-minute line already reaches 2,000.
    const sentAt: number[] = [];
    for (let m = 0; m <= 40; m++) {
      sentAt[m] = Date.now();
      await send([step('ZONE-SBT', m, 100)]);
      if (m === 4) {
        const first = await sse.waitForEvent((e) => e.type === 'crowd.alert' && (e.payload as any).action === 'raised', 1000, 'the forecast alert');
        const event = JSON.parse(first.data);
        expect(event.payload.alert).toMatchObject({ kind: 'forecast', tier: 'blue', occupancy: 500, forecast15: 2000, zone: { code: 'ZONE-SBT', name: '十八梯' } });
        expect(Date.parse(event.createdAt) - sentAt[4]!).toBeLessThan(1000);
      }
      if (m === 29) {
        const z = await live('ZONE-SBT');
        expect(z).toMatchObject({ occupancy: 3000, inRate: 100, outRate: 0 });
        expect(z.forecast.in15).toMatchObject({ occupancy: 4500, density: 4.5, level: 3 });
        expect(z.forecast.in30).toMatchObject({ occupancy: 6000, level: 4 });
        expect(z.forecast).toMatchObject({ mae15: 0, samples15: 10, mae30: null, samples30: 0 });
      }
    }
    const z = await live('ZONE-SBT');
    expect(z.forecast).toMatchObject({ mae15: 0, samples15: 21, mae30: 0, samples30: 6 });

    const list = await alerts('ZONE-SBT');
    const when = (kind: string, tier: string) => list.find((a) => a.kind === kind && a.tier === tier)!;
    // Each forecast alert comes 15 minutes before its band is reached.
    expect(when('forecast', 'blue').at).toBe(at(4));
    expect(when('density', 'blue').at).toBe(at(19));
    expect(when('forecast', 'yellow').at).toBe(at(14));
    expect(when('density', 'yellow').at).toBe(at(29));
    expect(when('forecast', 'red').at).toBe(at(34));
    expect(list.map((a) => `${a.kind}:${a.tier}:${a.clearReason ?? 'active'}`)).toEqual([
      'forecast:blue:superseded', 'forecast:yellow:superseded', 'density:blue:superseded', 'forecast:orange:superseded',
      'density:yellow:superseded', 'forecast:red:active', 'density:orange:active',
    ]);

    // The series shows, for each minute, what had been forecast for it: on a straight line, exactly what came.
    const series = (await ctx.app.inject({ url: `/api/crowd/zones/ZONE-SBT/series?from=${encodeURIComponent(at(0, 0))}`, headers: sbtPost })).json();
    const p29 = series.points.find((p: any) => p.minute === at(29, 0));
    expect(p29).toMatchObject({ occupancy: 3000, forecast15: 3000, forecast30: null });
    const p40 = series.points.at(-1);
    expect(p40).toMatchObject({ occupancy: 4100, forecast15: 4100, forecast30: 4100 });
    expect(series.projection.map((p: any) => p.occupancy)).toEqual([4100, 5600, 7100]);

    // Every raised alert reached the post's stream; the big screen also got the zone's figures.
    await sse.waitFor((m) => m.event === 'crowd.alert' && JSON.parse(m.data).payload.alert?.tier === 'orange' && JSON.parse(m.data).payload.alert?.kind === 'density', 2000, 'orange');
    const raised = sse.events.filter((e) => e.type === 'crowd.alert' && (e.payload as any).action === 'raised');
    expect(raised).toHaveLength(list.length);
    expect(sse.events.some((e) => e.type === 'crowd.zone' && (e.payload as any).code === 'ZONE-SBT')).toBe(true);
    sse.close();
  });
});

describe('acknowledgement', () => {
  it('is done once by the zone\'s post (or a centre over the zone), and reaches the stream', async () => {
    const [open] = await alerts('ZONE-SBT', '&state=open&active=true&kind=density');
    expect(open).toBeDefined();
    const sse = await SseClient.open(`${base}/api/stream?topics=crowd`, await ctx.as('commander'));
    await sse.ready();
    const ack = (headers: Headers, note?: string) => ctx.app.inject({ method: 'POST', url: `/api/crowd/alerts/${open!.id}/ack`, headers, payload: note ? { note } : {} });
    expect((await ack(await ctx.as('qxg_op'))).statusCode).toBe(404);
    expect((await ack(await ctx.as('grid_lhc01'))).statusCode).toBe(403);
    const res = await ack(sbtPost, '已启动限流，南进北出');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'acknowledged', ack: { by: 'sbt_post', unit: 'CP-SBT', note: '已启动限流，南进北出' } });
    const again = await ack(await ctx.as('district_op'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已签收');
    await sse.waitForEvent((e) => e.type === 'crowd.alert' && (e.payload as any).action === 'acknowledged' && (e.payload as any).alert.id === open!.id, 1000, 'ack');
    sse.close();
    expect((await alerts('ZONE-SBT', '&state=open')).every((a) => a.id !== open!.id)).toBe(true);
  });
});
