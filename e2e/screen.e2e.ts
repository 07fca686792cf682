import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../server/src/platform/access/actor.js';
import { launchBrowser } from './browser.js';
import { startTestServer } from './server.js';

// 一屏掌控 in a real browser: a leader watches the district screen while the centre reports, registers and a
// case turns overdue through the API; each change shows without a reload within 2 s. Then a street screen.

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const tokens = new Map<string, string>();

async function token(user: string): Promise<string> {
  let tk = tokens.get(user);
  if (!tk) {
    const res = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: user === 'admin' ? 'admin123' : 'demo123' }),
    });
    expect(res.status).toBe(200);
    tk = ((await res.json()) as { token: string }).token;
    tokens.set(user, tk);
  }
  return tk;
}

async function call(user: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.base}${path}`, {
    method, headers: { authorization: `Bearer ${await token(user)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

// Points inside each street (the approximate polygons), deterministic.
type Ring = number[][];
function inside([x, y]: number[], ring: Ring): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!; const [xj, yj] = ring[j]!;
    if ((yi! > y!) !== (yj! > y!) && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) c = !c;
  }
  return c;
}
function pointsIn(ring: Ring, n: number, seed: number): number[][] {
  const xs = ring.map((p) => p[0]!); const ys = ring.map((p) => p[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const out: number[][] = [];
  while (out.length < n) {
    const p = [x0 + rnd() * (x1 - x0), y0 + rnd() * (y1 - y0)];
    if (inside(p, ring)) out.push([Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6]);
  }
  return out;
}

const CATEGORIES = ['E0101', 'E0101', 'E0103', 'E0104', 'E0303', 'E0402', 'C0101', 'C0108', 'C0302', 'E0203'];

async function seedCases(): Promise<void> {
  const streets = JSON.parse(readFileSync(new URL('../data/yuzhong/streets.geojson', import.meta.url), 'utf8')) as {
    features: Array<{ properties: { code: string }; geometry: { coordinates: Ring[] } }>;
  };
  let k = 0;
  const ids: string[] = [];
  for (const [i, f] of streets.features.entries()) {
    const n = 3 + ((i * 7) % 6);
    for (const [lng, lat] of pointsIn(f.geometry.coordinates[0]!, n, 1000 + i)) {
      const c = await call('district_op', 'POST', '/api/cases', {
        categoryCode: CATEGORIES[k++ % CATEGORIES.length], description: '大屏演示案件', lng, lat, channel: 'hotline',
      });
      ids.push(c.id);
    }
  }
  // Most are registered and dispatched; some handled and closed; a few go past their yellow line or deadline.
  for (const [i, id] of ids.entries()) {
    if (i % 5 === 4) continue;
    await call('district_op', 'POST', `/api/cases/${id}/register`, {});
    await call('district_op', 'POST', `/api/cases/${id}/dispatch`, { unitCode: 'D-CGJ' });
    if (i % 4 === 0) {
      await call('cgj_handler', 'POST', `/api/cases/${id}/accept`, {});
      await call('cgj_handler', 'POST', `/api/cases/${id}/handle`, { note: '已处置' });
      await call('district_op', 'POST', `/api/cases/${id}/verify`, {});
      await call('district_op', 'POST', `/api/cases/${id}/close`, {});
    }
  }
  const db = server.platform.database.db;
  const late = ids.filter((_, i) => i % 5 !== 4 && i % 4 !== 0);
  for (const [j, id] of late.entries()) {
    if (j % 4 === 0) await db.execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes', deadline_at = now() - interval '1 minute' WHERE id = ${id}`);
    else if (j % 4 === 1) await db.execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes' WHERE id = ${id}`);
  }
  await sweep();
}

const sweep = () => server.platform.runner.run({ actor: SYSTEM_ACTOR }, (uow) => server.platform.loop.sweep(uow));

const counts = async (page: Page) => {
  const raw = (await page.getAttribute('[data-testid=screen-map]', 'data-counts')) ?? '';
  return Object.fromEntries(raw.split(' ').filter(Boolean).map((kv) => { const [k, v] = kv.split(':'); return [k!, Number(v)]; }));
};
const kpi = async (page: Page, key: string) => Number(await page.textContent(`[data-kpi=${key}] b`));

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await seedCases();
  mkdirSync(new URL('../docs/screenshots/', import.meta.url), { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('big screen (一屏掌控)', () => {
  it('follows reports, registration and lateness live, then drills into a street', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(`${e.message}\n${e.stack ?? ''}`));
    await page.goto(`${server.base}/screen`);
    await page.waitForURL(/\/\?next=/);
    await page.fill('#username', 'leader');
    await page.fill('#password', 'demo123');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/screen$/);
    await page.waitForSelector('.cy-screen[data-ready="1"]', { timeout: 20_000 });
    await expect.poll(() => page.textContent('h1')).toContain('渝中区');

    const before = await counts(page);
    const openBefore = await kpi(page, 'open');
    const overdueBefore = await kpi(page, 'overdue');
    expect(before.overdue).toBeGreaterThan(0);
    expect(before.closedToday).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'docs/screenshots/screen-district.png' });

    // A new report: a blue marker, a feed entry and one more open case, without a reload.
    const t0 = Date.now();
    const created = await call('district_op', 'POST', '/api/cases', { categoryCode: 'E0101', description: '解放碑步行街暴露垃圾', lng: 106.576478, lat: 29.561311, channel: 'hotline' });
    await page.waitForFunction((ref) => document.querySelector('[data-testid=screen-feed]')?.textContent?.includes(ref), created.ref, { timeout: 2000 });
    await expect.poll(() => counts(page), { timeout: 2000 - (Date.now() - t0), interval: 50 }).toMatchObject({ inProgress: before.inProgress! + 1 });
    const reportMs = Date.now() - t0;
    await expect.poll(() => kpi(page, 'open'), { timeout: 2000 }).toBe(openBefore + 1);

    // Registered by the district operator: the feed says so.
    const t1 = Date.now();
    await call('district_op', 'POST', `/api/cases/${created.id}/register`, {});
    await page.waitForFunction(() => document.querySelector('[data-testid=screen-feed] li .cy-action')?.textContent === '立案', undefined, { timeout: 2000 });
    const registerMs = Date.now() - t1;

    // Past its deadline (the sweep marks it red): the marker turns red and the overdue figure grows.
    await call('district_op', 'POST', `/api/cases/${created.id}/dispatch`, { unitCode: 'D-CGJ' });
    await server.platform.database.db.execute(sql`UPDATE work_items SET warn_at = now() - interval '2 minutes', deadline_at = now() - interval '1 minute' WHERE id = ${created.id}`);
    const t2 = Date.now();
    await sweep();
    await expect.poll(() => counts(page), { timeout: 2000, interval: 50 }).toMatchObject({ overdue: before.overdue! + 1, inProgress: before.inProgress! });
    const overdueMs = Date.now() - t2;
    await expect.poll(() => kpi(page, 'overdue'), { timeout: 2000 }).toBe(overdueBefore + 1);
    console.log(`screen live updates: report ${reportMs} ms, register ${registerMs} ms, overdue ${overdueMs} ms`);

    // Drill into 解放碑 from the ranking: its grids and cases, and a way back.
    await page.click('.cy-ranking tr[data-code="500103003"]');
    await page.waitForURL(/\/screen\/street\/500103003$/);
    await page.waitForSelector('.cy-screen[data-unit="500103003"][data-ready="1"]', { timeout: 20_000 });
    await expect.poll(() => page.textContent('h1')).toContain('解放碑街道');
    expect(await page.textContent('.cy-ranking h2')).toContain('网格');
    const street = await counts(page);
    expect(street.overdue).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'docs/screenshots/screen-street.png' });
    await page.click('[data-testid=screen-back]');
    await page.waitForURL(/\/screen\/?$/);
    await page.waitForSelector('.cy-screen[data-unit="500103"]');
    // The first visit, before sign-in, is a 401 by design.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('keeps a street operator on their street, and rotates in kiosk mode', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await ctx.newPage();
    await page.goto(`${server.base}/`);
    await page.fill('#username', 'jfb_op');
    await page.fill('#password', 'demo123');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console/);
    await page.goto(`${server.base}/screen`);
    await page.waitForSelector('.cy-screen[data-unit="500103003"][data-ready="1"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid=screen-back]').count()).toBe(0);
    await page.goto(`${server.base}/screen/street/500103001`);
    await expect.poll(() => page.textContent('body')).toContain('当前账号没有可查看的区域');
    await ctx.close();

    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await kiosk.goto(`${server.base}/`);
    await kiosk.fill('#username', 'leader');
    await kiosk.fill('#password', 'demo123');
    await kiosk.click('button[type=submit]');
    await kiosk.waitForURL(/\/screen$/);
    await kiosk.goto(`${server.base}/screen?kiosk=1&rotate=5`);
    await kiosk.waitForSelector('.cy-screen.cy-kiosk[data-unit="500103"]', { timeout: 20_000 });
    expect(await kiosk.locator('.cy-head-right button').count()).toBe(0);
    await kiosk.waitForURL(/\/screen\/street\/500103001\?kiosk=1&rotate=5$/, { timeout: 8000 });
    await kiosk.waitForSelector('.cy-screen[data-unit="500103001"]');
  });
});
