import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from './browser.js';
import { startTestServer } from './server.js';

// The whole loop through the three faces, as the people do it: the grid worker on a phone reports, the
// district operator registers and dispatches on the console, the department handles, the grid worker
// verifies, the operator closes — while the big screen follows every step without a reload.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const IN_GRID = { longitude: 106.576478, latitude: 29.561311 };
const photo = (r: number, g: number, b: number) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();

function signIn(username: string, path: string, opts: Parameters<Browser['newContext']>[0], errors: string[]): Promise<Page> {
  return signInPage(browser, server.base, { username, path, errors, context: opts, contexts });
}

// antd spaces two-character Chinese button labels ("立 案").
const button = (page: Page, label: string) => page.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s?')}$`) });
const submitDialog = (page: Page) => page.locator('.ant-modal-footer button[type=submit]').click();
const stateTag = (page: Page, text: string) => page.locator('.ant-card').first().getByText(text, { exact: true });

/** Marker counts per colour class on the big screen's map (overdue, warning, inProgress, closedToday). */
async function markerCounts(page: Page): Promise<Record<string, number>> {
  const raw = (await page.getAttribute('[data-testid=screen-map]', 'data-counts')) ?? '';
  return Object.fromEntries(raw.split(' ').filter(Boolean).map((kv) => { const [k, v] = kv.split(':'); return [k!, Number(v)]; }));
}

async function openCaseOnConsole(page: Page, ref: string): Promise<void> {
  await page.waitForURL(/\/console\/cases/);
  await page.getByPlaceholder('编号 / 描述 / 地址').fill(ref);
  await page.getByPlaceholder('编号 / 描述 / 地址').press('Enter');
  await page.getByRole('link', { name: ref }).click();
  await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
}

describe('one case through every face', () => {
  it('grid worker reports → operator registers and dispatches → department handles → worker verifies → operator closes; the screen follows live', async () => {
    const errors: string[] = [];

    // The big screen, open on the wall before anything happens.
    const screen = await signIn('leader', '/screen', { viewport: { width: 1920, height: 1080 } }, errors);
    await screen.waitForSelector('[data-testid=screen-map][data-markers]:not([data-markers=""])');
    await screen.evaluate(() => { (window as unknown as { cyNoReload: boolean }).cyNoReload = true; });
    const before = await markerCounts(screen);

    // 1 The grid worker reports on the phone, with the phone's position and a photo.
    const phone = await signIn('grid_lhc01', '/m', {
      viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, geolocation: IN_GRID, permissions: ['geolocation'],
    }, errors);
    await phone.click('[data-testid=tab-report]');
    await phone.waitForSelector('[data-testid=location-grid]');
    await phone.click('[data-testid=category-picker]');
    await phone.fill('[data-testid=category-search] input', '暴露');
    await phone.click('[data-testid=category-E0101]');
    await phone.fill('[data-testid=report-description]', '民族路人行道上有暴露垃圾，影响通行');
    await phone.fill('[data-testid=report-address]', '民族路 18 号');
    await phone.setInputFiles('[data-testid=report-photos] input[type=file]', { name: 'site.jpg', mimeType: 'image/jpeg', buffer: await photo(200, 120, 60) });
    await phone.waitForSelector('[data-testid=report-photos] .m-photo img');
    await phone.click('[data-testid=report-submit]');
    await phone.waitForSelector('[data-testid=report-done]');
    const ref = /AJ\d{14}/.exec((await phone.textContent('[data-testid=report-done]'))!)![0];

    // The screen shows it within 2 s: a new in-progress (blue) marker and a feed entry.
    await screen.waitForFunction((r) => document.querySelector('[data-testid=screen-feed]')?.textContent?.includes(r), ref, { timeout: 2000 });
    await expect.poll(() => markerCounts(screen), { timeout: 2000, interval: 50 }).toMatchObject({ inProgress: before.inProgress! + 1 });

    // 2 The district operator registers it and dispatches it to the suggested unit.
    const op = await signIn('district_op', '/console', { viewport: { width: 1440, height: 900 } }, errors);
    await openCaseOnConsole(op, ref);
    await stateTag(op, '待立案').waitFor();
    await button(op, '立案').click();
    await submitDialog(op);
    await stateTag(op, '待派遣').waitFor();
    await button(op, '派遣').click();
    await op.locator('.ant-modal').getByTitle('区城市管理局 (推荐)').waitFor();
    await submitDialog(op);
    await stateTag(op, '待签收').waitFor();

    // 3 The department's handler accepts and feeds back.
    const handler = await signIn('cgj_handler', '/console', { viewport: { width: 1440, height: 900 } }, errors);
    await handler.getByRole('link', { name: ref }).click();
    await button(handler, '签收').click();
    await submitDialog(handler);
    await stateTag(handler, '处置中').waitFor();
    await button(handler, '处置反馈').click();
    await handler.locator('.ant-modal textarea').fill('已清运垃圾并冲洗路面');
    await submitDialog(handler);
    await handler.getByText('处置反馈成功').waitFor();

    // 4 The grid worker sees the task arrive and verifies on site with a photo.
    await phone.click('[data-testid=tab-tasks]');
    await phone.click(`[data-testid=case-card][data-ref="${ref}"]`, { timeout: 15_000 });
    await phone.waitForSelector('[data-testid=verify-panel]');
    await phone.setInputFiles('[data-testid=verify-photos] input[type=file]', { name: 'check.jpg', mimeType: 'image/jpeg', buffer: await photo(60, 160, 220) });
    await phone.waitForSelector('[data-testid=verify-photos] .m-photo img');
    await phone.click('[data-testid=verify-pass]');
    await expect.poll(() => phone.textContent('[data-testid=case-state]'), { timeout: 15_000 }).toBe('待结案');

    // 5 The operator's open page follows live; they close the case.
    await stateTag(op, '待结案').waitFor({ timeout: 15_000 });
    await button(op, '结案').click();
    await submitDialog(op);
    await stateTag(op, '已结案').waitFor();
    const timeline = await op.textContent('body');
    for (const step of ['上报', '立案', '派遣', '签收', '处置反馈', '核查通过', '结案']) expect(timeline).toContain(step);

    // The marker turned from blue (in progress) to green (closed today), without a reload of the screen.
    await expect.poll(() => markerCounts(screen), { timeout: 2000, interval: 50 })
      .toMatchObject({ inProgress: before.inProgress!, closedToday: before.closedToday! + 1 });
    expect(await screen.evaluate(() => (window as unknown as { cyNoReload?: boolean }).cyNoReload)).toBe(true);

    // 401s are the visits before sign-in (each face sends the visitor to the sign-in page).
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 240_000);
});
