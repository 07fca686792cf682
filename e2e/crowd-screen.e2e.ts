import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillTicks, type DrillTick } from '../scripts/drill/generator.js';
import { drillZonesOf, type ApiZone } from '../scripts/drill/zones.js';
import { launchBrowser, signInPage } from './browser.js';
import { startTestServer } from './server.js';

// 跨年夜 operation screen in a real browser: the district commander watches /screen/operation while the drill's
// surge at 解放碑 is fed through the readings API; the zone's card and map turn orange, then red, without a reload,
// and the red alert appears unacknowledged. The 解放碑 command post's commander acknowledges it on their own screen;
// both screens show who acknowledged it.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const tokens = new Map<string, string>();

const JFB = 'ZONE-JFB';
const POST_USER = { username: 'cp_jfb_duty', displayName: '解放碑指挥部值班长', password: 'duty-pass-2024' };
const EVENING = Date.parse('2024-12-31T19:00:00+08:00');

async function token(username: string, password: string): Promise<string> {
  let tk = tokens.get(username);
  if (!tk) {
    const res = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    tk = ((await res.json()) as { token: string }).token;
    tokens.set(username, tk);
  }
  return tk;
}

async function call(user: [string, string], method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.base}${path}`, {
    method, headers: { authorization: `Bearer ${await token(...user)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const ADMIN: [string, string] = ['admin', 'admin123'];
const OPERATOR: [string, string] = ['district_op', 'demo123'];

/** Sends the drill's readings in batches (as the sensors' gateway would) until `until` (simulated time). */
async function feedUntil(ticks: Iterator<DrillTick>, until: number): Promise<void> {
  let batch: unknown[] = [];
  const flush = async () => {
    if (batch.length) await call(OPERATOR, 'POST', '/api/crowd/readings', batch);
    batch = [];
  };
  for (;;) {
    const next = ticks.next();
    if (next.done) break;
    batch.push(...next.value.readings);
    if (batch.length >= 2000) await flush();
    if (next.value.sendAt >= until) break;
  }
  await flush();
}

async function signIn(username: string, password: string, errors: string[]): Promise<Page> {
  const page = await signInPage(browser, server.base, { username, password, path: '/screen/operation', errors, context: { viewport: { width: 1920, height: 1080 } }, contexts });
  await page.waitForSelector('[data-testid=operation-screen][data-ready="1"]', { timeout: 20_000 });
  return page;
}

const card = (page: Page, zone: string) => page.locator(`[data-testid=zone-card][data-zone="${zone}"]`);
const mapTiers = async (page: Page) => (await page.getAttribute('[data-testid=zone-map]', 'data-tiers')) ?? '';
const redAlert = (page: Page) => page.locator(`[data-testid=alert-row][data-zone="${JFB}"][data-kind=density][data-tier=red]`);

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // The 解放碑 command post (CP-JFB) is staffed by a commander of its own: their scope is the post and its zone.
  await call(ADMIN, 'POST', '/api/users', { ...POST_USER, grants: [{ role: 'district_commander', unitCode: 'CP-JFB' }] });
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('operation screen (客流安全)', () => {
  it('follows the 解放碑 surge live to orange and red, and the command post acknowledges the red alert', async () => {
    const errors: string[] = [];
    const wall = await signIn('commander', 'demo123', errors);
    await wall.evaluate(() => { (window as unknown as { cyNoReload: boolean }).cyNoReload = true; });
    await expect.poll(() => wall.locator('[data-testid=zone-card]').count()).toBe(5);
    expect(await card(wall, JFB).getAttribute('data-tier')).toBe('normal');
    expect(await wall.textContent('h1')).toBe('重点区域客流安全监测');

    // The drill's surge at 解放碑 from 22:00 (Beijing time), one gate reading every 30 s per gate, no faults.
    const zones = drillZonesOf((await call(OPERATOR, 'GET', '/api/crowd/zones?geometry=true')).items as ApiZone[], [JFB]);
    const ticks = drillTicks({
      zones, start: EVENING, fromMinute: 180, untilMinute: 300, scenario: 'surge', surgeZone: JFB, gateIntervalS: 30, seed: 3, clean: true, runId: 'e2e',
    });

    // 23:48: past 4 persons/m² → 二级 橙 on the card and the map, the curve follows 解放碑, the alert is listed.
    await feedUntil(ticks, EVENING + 288 * 60_000);
    await expect.poll(() => card(wall, JFB).getAttribute('data-tier'), { timeout: 5000 }).toBe('orange');
    expect(await card(wall, JFB).locator('[data-testid=zone-tier]').textContent()).toBe('二级 橙');
    await expect.poll(() => mapTiers(wall), { timeout: 5000 }).toContain(`${JFB}:orange`);
    await expect.poll(() => wall.getAttribute('[data-testid=zone-trend]', 'data-zone')).toBe(JFB);
    await wall.locator(`[data-testid=alert-row][data-zone="${JFB}"][data-kind=density][data-tier=orange]`).waitFor({ timeout: 5000 });

    // 23:59: past 5 persons/m² → 一级 红; the red alert is in force and not yet acknowledged (it blinks).
    await feedUntil(ticks, EVENING + 299 * 60_000);
    await expect.poll(() => card(wall, JFB).getAttribute('data-tier'), { timeout: 5000 }).toBe('red');
    await expect.poll(() => mapTiers(wall), { timeout: 5000 }).toContain(`${JFB}:red`);
    await redAlert(wall).waitFor({ timeout: 5000 });
    expect(await redAlert(wall).getAttribute('data-state')).toBe('open');
    expect(await redAlert(wall).getAttribute('class')).toContain('op-blink');
    // The forecast warned before the present density turned red.
    expect(await wall.locator(`[data-testid=alert-row][data-zone="${JFB}"][data-kind=forecast][data-tier=red]`).count()).toBe(1);
    // The forecast's error over the last hour is on screen.
    await expect.poll(() => wall.textContent('[data-testid=zone-mae]')).toMatch(/±/);
    expect(await wall.evaluate(() => (window as unknown as { cyNoReload?: boolean }).cyNoReload)).toBe(true);

    // The command post's own screen: only its zone; it acknowledges the red alert there.
    const post = await signIn(POST_USER.username, POST_USER.password, errors);
    await expect.poll(() => post.locator('[data-testid=zone-card]').count()).toBe(1);
    expect(await card(post, JFB).getAttribute('data-tier')).toBe('red');
    await redAlert(post).locator('[data-testid=alert-ack]').click();
    await post.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => redAlert(post).getAttribute('data-state'), { timeout: 5000 }).toBe('acknowledged');
    expect(await redAlert(post).locator('[data-testid=alert-acked]').textContent()).toContain(POST_USER.displayName);
    expect(await redAlert(post).locator('[data-testid=alert-acked]').textContent()).toContain('解放碑现场指挥部');

    // The wall display learns it over the stream: acknowledged by the post, no longer blinking.
    await expect.poll(() => redAlert(wall).getAttribute('data-state'), { timeout: 5000 }).toBe('acknowledged');
    expect(await redAlert(wall).getAttribute('class')).not.toContain('op-blink');
    expect(await redAlert(wall).locator('[data-testid=alert-acked]').textContent()).toContain(POST_USER.displayName);
    const stored = await call(OPERATOR, 'GET', `/api/crowd/alerts?zone=${JFB}&kind=density&minTier=red`);
    expect(stored.items[0]).toMatchObject({ state: 'acknowledged', ack: { by: POST_USER.displayName, unit: 'CP-JFB' } });

    // The first visit, before sign-in, is a 401 by design.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
