import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe('unit tree and geography', () => {
  it('seeds the district with 11 streets, 80 community-level units and their grids', async () => {
    const res = await ctx.app.inject({ url: '/api/units/500103', headers: await ctx.as('leader') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toBe('渝中区');
    expect(body.counts.street).toBe(11);
    expect(body.counts.community).toBe(80);
    expect(body.counts.grid).toBeGreaterThan(500);
    expect(body.counts.zone).toBe(5);
    expect(body.counts.command_post).toBe(5);
  });

  it('gives grids 14-digit codes under their community, marked approximate', async () => {
    const res = await ctx.app.inject({ url: '/api/units?parent=500103003016', headers: await ctx.as('jfb_op') });
    const grids = res.json().items as Array<{ code: string; kind: string; approximate: boolean; path: string }>;
    expect(grids.length).toBeGreaterThan(0);
    for (const g of grids) {
      expect(g.kind).toBe('grid');
      expect(g.code).toMatch(/^500103003016\d{2}$/);
      expect(g.approximate).toBe(true);
      expect(g.path).toBe(`/500103/500103003/500103003016/${g.code}/`);
    }
  });

  it.each([
    ['解放碑', 106.5771, 29.5576, '500103003'],
    ['朝天门', 106.5853, 29.5669, '500103010'],
    ['时代天街', 106.5163, 29.5384, '500103012'],
  ])('places the %s zone centre in its street through the spatial index', async (_n, lng, lat, street) => {
    const res = await ctx.app.inject({ url: `/api/geo/locate?lng=${lng}&lat=${lat}`, headers: await ctx.as('grid_lhc01') });
    expect(res.statusCode).toBe(200);
    expect(res.json().streetCode).toBe(street);
    expect(res.json().gridCode).toMatch(new RegExp(`^${street}\\d{5}$`));
  });

  it('rejects a point outside the district with a clear message in the user\'s language', async () => {
    const h = await ctx.as('grid_lhc01');
    const zh = await ctx.app.inject({ url: '/api/geo/locate?lng=116.397&lat=39.908', headers: h });
    expect(zh.statusCode).toBe(422);
    expect(zh.json().error.code).toBe('OUTSIDE_DISTRICT');
    expect(zh.json().error.message).toContain('不在渝中区辖区内');
    const en = await ctx.app.inject({ url: '/api/geo/locate?lng=116.397&lat=39.908', headers: { ...h, 'x-locale': 'en' } });
    expect(en.json().error.message).toContain('outside Yuzhong District');
  });

  it('serves the map layers with approximate geometry flagged', async () => {
    const res = await ctx.app.inject({ url: '/api/geo/streets', headers: await ctx.as('leader') });
    const fc = res.json();
    expect(fc.features).toHaveLength(11);
    expect(fc.features.every((f: { properties: { approximate: boolean } }) => f.properties.approximate)).toBe(true);
  });

  it('publishes the working-day calendar with 2026 Spring Festival and its make-up days', async () => {
    const res = await ctx.app.inject({ url: '/api/calendar/2026', headers: await ctx.as('leader') });
    const days = res.json().days as Array<{ date: string; kind: string; name?: string }>;
    expect(days.find((d) => d.date === '2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' });
    expect(days.some((d) => d.kind === 'makeup-workday' && d.date.startsWith('2026-02'))).toBe(true);
    expect((await ctx.app.inject({ url: '/api/calendar/2031', headers: await ctx.as('leader') })).statusCode).toBe(404);
  });
});
