import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startTestServer } from './server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  mkdirSync('docs/screenshots', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// grid_lhc01's grid (莲花池社区第1网格, 解放碑街道) contains this point.
const IN_GRID = { longitude: 106.576478, latitude: 29.561311 };

const tokens = new Map<string, string>();
async function call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<T> {
  let token = tokens.get(user);
  if (!token) {
    const r = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo123' }),
    });
    token = ((await r.json()) as { token: string }).token;
    tokens.set(user, token);
  }
  const isImage = body instanceof Buffer;
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': isImage ? 'image/jpeg' : 'application/json' }) },
    body: body === undefined ? undefined : isImage ? new Uint8Array(body) : JSON.stringify(body),
  });
  const data = await res.json() as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

const photo = (r: number, g: number, b: number) => sharp({ create: { width: 640, height: 480, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();

async function phone(allowLocation = true): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    ...(allowLocation ? { geolocation: IN_GRID, permissions: ['geolocation'] } : { permissions: [] }),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.base);
  await page.fill('#username', 'grid_lhc01');
  await page.fill('#password', 'demo123');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/m$/);
  return { context, page, errors };
}

/** Fills the report form: category by search, description, address, one photo; the phone's position is used. */
async function fillReport(page: Page, description: string) {
  await page.click('[data-testid=tab-report]');
  await page.waitForSelector('[data-testid=location-grid]');
  expect(await page.textContent('[data-testid=location-grid]')).toContain('莲花池社区第1网格');
  await page.click('[data-testid=category-picker]');
  await page.fill('[data-testid=category-search] input', '暴露');
  await page.click('[data-testid=category-E0101]');
  await page.fill('[data-testid=report-description]', description);
  await page.fill('[data-testid=report-address]', '民族路 1 号旁');
  await page.setInputFiles('[data-testid=report-photos] input[type=file]', { name: 'site.jpg', mimeType: 'image/jpeg', buffer: await photo(200, 120, 60) });
  await page.waitForSelector('[data-testid=report-photos] .m-photo img');
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('grid worker on a phone (360 × 740)', () => {
  it('reports a case with a photo, finds it in history, then verifies the fix with a photo', async () => {
    const { context, page, errors } = await phone();
    await fillReport(page, '人行道上有一堆生活垃圾，已影响通行');
    await noHorizontalScroll(page);
    await page.screenshot({ path: 'docs/screenshots/mobile-report.png' });

    await page.click('[data-testid=report-submit]');
    await page.waitForSelector('[data-testid=report-done]');
    const ref = /AJ\d{14}/.exec((await page.textContent('[data-testid=report-done]'))!)![0];
    expect(await page.textContent('[data-testid=report-done]')).toContain('已上传 1 张照片');

    await page.click('[data-testid=tab-history]');
    await page.waitForSelector(`[data-testid=case-card][data-ref="${ref}"]`);
    expect(await page.textContent(`[data-testid=case-card][data-ref="${ref}"]`)).toContain('我上报');

    // The centre registers and dispatches, the city management bureau accepts and feeds back with a photo.
    const [kase] = (await call<{ items: Array<{ id: string }> }>('district_op', 'GET', `/api/cases?q=${ref}`)).items;
    const id = kase!.id;
    expect((await call('grid_lhc01', 'GET', `/api/cases/${id}/attachments`)).items).toHaveLength(1);
    await call('district_op', 'POST', `/api/cases/${id}/register`, {});
    await call('district_op', 'POST', `/api/cases/${id}/dispatch`, { unitCode: 'D-CGJ' });
    await call('cgj_handler', 'POST', `/api/cases/${id}/accept`, {});
    await call('cgj_handler', 'POST', `/api/cases/${id}/attachments?stage=handle&name=after.jpg`, await photo(90, 170, 90));
    await call('cgj_handler', 'POST', `/api/cases/${id}/handle`, { note: '已清运完毕' });

    // A second case in the grid, reported by the street centre, also waits for the worker's check.
    const other = await call<{ id: string }>('jfb_op', 'POST', '/api/cases',
      { categoryCode: 'E0104', description: '路面有大片油污', lng: 106.5766, lat: 29.5613, address: '民族路 5 号' });
    await call('district_op', 'POST', `/api/cases/${other.id}/register`, {});
    await call('district_op', 'POST', `/api/cases/${other.id}/dispatch`, { unitCode: 'D-CGJ' });
    await call('cgj_handler', 'POST', `/api/cases/${other.id}/accept`, {});
    await call('cgj_handler', 'POST', `/api/cases/${other.id}/handle`, { note: '已冲洗' });

    // The tasks appear live (no reload) on 任务.
    await page.click('[data-testid=tab-tasks]');
    await page.waitForSelector(`[data-testid=case-card][data-ref="${ref}"]`, { timeout: 15_000 });

    await expect.poll(() => page.locator('[data-testid=case-card]').count()).toBe(2);
    await expect.poll(() => page.textContent('[data-testid=tab-tasks]')).toContain('2');
    await noHorizontalScroll(page);
    await page.screenshot({ path: 'docs/screenshots/mobile-tasks.png' });

    await page.click(`[data-testid=case-card][data-ref="${ref}"]`);
    await page.waitForSelector('[data-testid=verify-panel]');
    await page.waitForSelector('[data-testid=photos-report] img');
    await page.waitForSelector('[data-testid=photos-handle] img');
    await noHorizontalScroll(page);
    await page.setInputFiles('[data-testid=verify-photos] input[type=file]', { name: 'check.jpg', mimeType: 'image/jpeg', buffer: await photo(60, 160, 220) });
    await page.waitForSelector('[data-testid=verify-photos] .m-photo img');
    await page.click('[data-testid=verify-pass]');
    await expect.poll(() => page.textContent('[data-testid=case-state]'), { timeout: 15_000 }).toBe('待结案');
    await page.waitForSelector('[data-testid=photos-verify] img');

    const detail = await call<{ state: string; timeline: Array<{ action: string }> }>('district_op', 'GET', `/api/cases/${id}`);
    expect(detail.state).toBe('verified');
    expect(detail.timeline.map((t) => t.action)).toContain('verify');
    const stages = (await call<{ items: Array<{ stage: string }> }>('district_op', 'GET', `/api/cases/${id}/attachments`)).items.map((a) => a.stage);
    expect(stages.sort()).toEqual(['handle', 'report', 'verify']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the created case and the form when a photo upload fails, and retries only the upload', async () => {
    const { context, page, errors } = await phone();
    let failures = 0;
    await page.route('**/api/work-items/*/attachments*', async (route) => {
      if (route.request().method() === 'POST' && failures === 0) {
        failures++;
        await route.abort('internetdisconnected');
        return;
      }
      await route.continue();
    });
    await fillReport(page, '弱网测试：照片第一次上传失败');
    await page.click('[data-testid=report-submit]');
    await page.waitForSelector('[data-testid=upload-failed]');
    const ref = /AJ\d{14}/.exec((await page.textContent('[data-testid=upload-failed]'))!)![0];
    expect(await page.textContent('[data-testid=report-photos]')).toContain('上传失败');
    // The typed text is still there; the case is not created a second time on retry.
    expect(await page.inputValue('[data-testid=report-description]')).toBe('弱网测试：照片第一次上传失败');

    await page.click('[data-testid=retry-upload]');
    await page.waitForSelector('[data-testid=report-done]');
    expect(await page.textContent('[data-testid=report-done]')).toContain(ref);

    const found = await call<{ total: number; items: Array<{ id: string }> }>('district_op', 'GET', '/api/cases?q=弱网测试');
    expect(found.total).toBe(1);
    expect((await call('grid_lhc01', 'GET', `/api/cases/${found.items[0]!.id}/attachments`)).items).toHaveLength(1);
    expect(failures).toBe(1);
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await context.close();
  });

  it('returns a poorly fixed case for rework with a reason', async () => {
    const kase = await call<{ id: string; ref: string }>('jfb_op', 'POST', '/api/cases',
      { categoryCode: 'E0101', description: '绿化带里有建筑垃圾', lng: 106.5765, lat: 29.5612 });
    await call('district_op', 'POST', `/api/cases/${kase.id}/register`, {});
    await call('district_op', 'POST', `/api/cases/${kase.id}/dispatch`, { unitCode: 'D-CGJ' });
    await call('cgj_handler', 'POST', `/api/cases/${kase.id}/accept`, {});
    await call('cgj_handler', 'POST', `/api/cases/${kase.id}/handle`, { note: '已清理' });

    const { context, page, errors } = await phone();
    await page.click(`[data-testid=case-card][data-ref="${kase.ref}"]`);
    await page.click('[data-testid=verify-fail]');
    await page.click('[data-testid=rework-submit]');
    await page.waitForSelector('text=请填写不通过原因');
    await page.fill('[data-testid=rework-reason]', '现场仍有建筑垃圾未清运');
    await page.click('[data-testid=rework-submit]');
    await expect.poll(() => page.textContent('[data-testid=case-state]'), { timeout: 15_000 }).toBe('待签收');
    expect(await page.locator('[data-testid=verify-panel]').count()).toBe(0);

    const detail = await call<{ state: string; ownerUnit: string; reworkCount: number; timeline: Array<{ action: string; note: string | null }> }>('district_op', 'GET', `/api/cases/${kase.id}`);
    expect(detail).toMatchObject({ state: 'dispatched', ownerUnit: 'D-CGJ', reworkCount: 1 });
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'rework', note: '现场仍有建筑垃圾未清运' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('falls back to typed coordinates or the map when the phone will not give its position', async () => {
    const { context, page, errors } = await phone(false);
    await page.click('[data-testid=tab-report]');
    await page.waitForSelector('text=定位权限被拒绝');
    // Typed coordinates outside Yuzhong: the server's 422 message is shown on the form.
    await page.click('button:has-text("手动输入")');
    await page.fill('.ant-drawer-open input >> nth=0', '106.4');
    await page.fill('.ant-drawer-open input >> nth=1', '29.5');
    await page.click('.ant-drawer-open button:has-text("确")');
    await expect.poll(() => page.textContent('[data-testid=location-error]')).toContain('不在渝中区辖区内');
    // A tap on 解放碑 on the map places the case there.
    await page.click('[data-testid=open-map]');
    const map = page.locator('[data-testid=map-picker]');
    await map.waitFor();
    await page.waitForTimeout(500); // the drawer slides in
    const [box, label] = [(await map.boundingBox())!, (await map.locator('text', { hasText: '解放碑' }).boundingBox())!];
    await map.click({ position: { x: label.x - box.x + label.width / 2, y: label.y - box.y + label.height / 2 } });
    await expect.poll(() => page.textContent('.ant-drawer-open')).toContain('解放碑街道');
    await page.click('.ant-drawer-open button.ant-btn-primary');
    expect(await page.textContent('[data-testid=location-grid]')).toContain('解放碑街道');
    await noHorizontalScroll(page);
    // Without a category the form says so and nothing is sent.
    await page.click('[data-testid=report-submit]');
    await page.waitForSelector('text=请选择案件类别');
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
    await context.close();
  });
});
