import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, signInPage } from './browser.js';
import { startTestServer } from './server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SHOTS = 'docs/screenshots';
// A point in grid 50010300301601 (莲花池社区第1网格, 解放碑街道).
const JFB = { lng: 106.576478, lat: 29.561311 };

async function token(username: string): Promise<string> {
  const res = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo123' }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function report(bearer: string, body: Record<string, unknown>): Promise<{ id: string; ref: string }> {
  const res = await fetch(`${server.base}/api/cases`, {
    method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; ref: string };
}

/** A signed-in console page for the user (own browser context, so own session cookie), collecting console errors. */
function signIn(username: string, errors: string[]): Promise<Page> {
  return signInPage(browser, server.base, { username, path: '/console', errors, context: { viewport: { width: 1440, height: 900 } } });
}

/** No list or page is loading any more (for screenshots). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-spin-blur').length === 0);
}

// antd puts a space between the two characters of a two-character Chinese button label ("立 案"); an icon
// adds its own name in front ("save 保存视图").
const button = (page: Page, label: string) => page.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s?')}$`) });
const submitDialog = (page: Page) => page.locator('.ant-modal-footer button[type=submit]').click();
const stateTag = (page: Page, text: string) => page.locator('.ant-card').first().getByText(text, { exact: true });

describe('command console', () => {
  it('district operator registers and dispatches a case; the department accepts and handles it', async () => {
    const errors: string[] = [];
    const pages: Page[] = [];
    // On failure: what each page showed, for the person reading the CI log.
    onTestFailed(async () => {
      for (const [n, p] of pages.entries()) await p.screenshot({ path: `${tmpdir()}/console-e2e-failed-${n}.png` }).catch(() => undefined);
      console.error('console e2e failed; screenshots in', tmpdir(), errors);
    });
    const grid = await token('grid_lhc01');
    const kase = await report(grid, {
      categoryCode: 'E0101', description: '民族路人行道上有暴露垃圾堆放，影响行人通行', ...JFB, address: '解放碑民族路 88 号',
      reporterName: '李女士', reporterPhone: '13912345678',
    });
    // A few more cases, so the inbox looks like a working day.
    const more = [
      ['E0102', '楼顶私自搭建彩钢棚', 106.5771, 29.5576], ['E0104', '道路上有油污和泥土', 106.5853, 29.5669],
      ['E0101', '垃圾桶满溢未清运', 106.5737, 29.5527], ['E0108', '餐馆油烟直排扰民', 106.5163, 29.5384],
    ] as const;
    for (const [categoryCode, description, lng, lat] of more) await report(grid, { categoryCode, description, lng, lat });

    // District operator: the inbox, a filter, a saved view.
    const op = await signIn('district_op', errors);
    pages.push(op);
    await op.waitForURL(/\/console\/cases/);
    await op.getByRole('link', { name: kase.ref }).waitFor();
    await op.getByText(`共 ${more.length + 1} 条`).waitFor();
    await settled(op);
    mkdirSync(SHOTS, { recursive: true });
    await op.screenshot({ path: `${SHOTS}/console-inbox.png` });

    await op.getByPlaceholder('编号 / 描述 / 地址').fill('民族路');
    await op.getByPlaceholder('编号 / 描述 / 地址').press('Enter');
    await op.waitForURL(/q=%E6%B0%91%E6%97%8F%E8%B7%AF/);
    await op.getByText('共 1 条').waitFor();
    await button(op, '保存视图').click();
    await op.getByLabel('视图名称').fill('民族路待立案');
    await op.getByLabel('视图名称').press('Enter');
    await op.getByText('已保存视图“民族路待立案”').waitFor();
    const views = await fetch(`${server.base}/api/saved-views`, { headers: { authorization: `Bearer ${await token('district_op')}` } });
    expect(((await views.json()) as { items: Array<{ name: string; filters: unknown }> }).items)
      .toEqual([expect.objectContaining({ name: '民族路待立案', filters: { q: '民族路' } })]);

    // Open the case, register it, dispatch it to the suggested unit.
    await op.getByRole('link', { name: kase.ref }).click();
    await op.waitForURL(new RegExp(`/console/cases/${kase.id}$`));
    await stateTag(op, '待立案').waitFor();
    await op.getByText('李女士 139****5678').waitFor();
    await button(op, '立案').click();
    await submitDialog(op);
    await stateTag(op, '待派遣').waitFor();
    await button(op, '派遣').click();
    await op.locator('.ant-modal').getByTitle('区城市管理局 (推荐)').waitFor();
    await submitDialog(op);
    await stateTag(op, '待签收').waitFor();

    // The department's handler: the case is in their inbox (mine by default); accept, then feed back with a photo.
    const handler = await signIn('cgj_handler', errors);
    pages.push(handler);
    await handler.waitForURL(/\/console\/cases/);
    expect(await handler.getByRole('checkbox', { name: '只看待我处理' }).isChecked()).toBe(true);
    await handler.getByRole('link', { name: kase.ref }).click();
    await button(handler, '签收').click();
    await submitDialog(handler);
    await stateTag(handler, '处置中').waitFor();
    await button(handler, '处置反馈').click();
    await handler.locator('.ant-modal textarea').fill('已清运垃圾并冲洗路面');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8f4e' } }).jpeg().toBuffer();
    await handler.locator('.ant-modal input[type=file]').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: photo });
    await submitDialog(handler);
    await handler.getByText('处置反馈成功').waitFor();
    // Fed back, the case goes to the centre for verification; the department still reads it, with no actions left.
    await stateTag(handler, '待核查').waitFor();
    expect(await button(handler, '处置反馈').count()).toBe(0);
    await handler.context().close();

    // The operator's open detail page follows live, without a reload.
    await stateTag(op, '待核查').waitFor({ timeout: 15_000 });
    await op.getByText('已清运垃圾并冲洗路面').waitFor();
    await op.getByText('照片 (1)').waitFor();
    await settled(op);
    await op.screenshot({ path: `${SHOTS}/console-case.png` });

    // 401s are the visits before sign-in (the console sends the visitor to the sign-in page).
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 180_000);
});
