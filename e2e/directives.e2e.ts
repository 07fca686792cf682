import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInPage } from './browser.js';
import { startTestServer } from './server.js';

// 政令一键智达 through the faces, as people do it: the district operator writes a directive on the console and
// sends it to every street; the 解放碑 operator signs on the console and forwards it to the street's grids; the
// 七星岗 operator signs with one tap on the phone. The operator's progress tree and the big screen's directive
// panel follow each step without a reload.
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

const JFB = '500103003';
const QXG = '500103001';

function signIn(username: string, path: string, opts: Parameters<Browser['newContext']>[0], errors: string[]): Promise<Page> {
  return signInPage(browser, server.base, { username, path, errors, context: opts, contexts });
}

const submitDialog = (page: Page) => page.locator('.ant-modal-footer button[type=submit]').click();
/** A unit's row in the directive's progress tree: its own receipt's state. */
const treeState = (page: Page, code: string) => page.locator(`[data-testid=progress-tree] tr:has([data-code="${code}"]) [data-testid=tree-receipt]`).getAttribute('data-state');
/** A street's row on the big screen: [signed, receipts] rolled up over its subtree. */
async function screenRow(page: Page, code: string): Promise<[number, number]> {
  const row = page.locator(`[data-testid=screen-directives] tr[data-code="${code}"]`);
  return [Number(await row.getAttribute('data-signed')), Number(await row.getAttribute('data-total'))];
}

describe('a directive through the faces', () => {
  it('district issues to all streets → two streets sign (console and phone), one forwards to its grids; tree and screen follow live', async () => {
    const errors: string[] = [];

    // The big screen on the wall before anything is sent: with no active directive it shows the 24-hour trend.
    const screen = await signIn('leader', '/screen', { viewport: { width: 1920, height: 1080 } }, errors);
    await screen.waitForSelector('[data-testid=trend24h]');
    await screen.evaluate(() => { (window as unknown as { cyNoReload: boolean }).cyNoReload = true; });

    // 1 The district operator writes the directive and sends it to every street.
    const op = await signIn('district_op', '/console/directives/new', { viewport: { width: 1440, height: 900 } }, errors);
    await op.fill('[data-testid=directive-title]', '关于做好元旦期间城市运行保障工作的通知');
    await op.fill('[data-testid=directive-body]', '请各街道于今日内完成辖区重点点位排查，落实值班值守，并反馈落实情况。');
    await op.click('[data-testid=add-all-streets]');
    await expect.poll(() => op.textContent('[data-testid=target-count]')).toContain('11');
    await op.click('[data-testid=issue]');
    await op.click('[data-testid=confirm-issue]');
    await op.waitForURL(/\/console\/directives\/[0-9a-f-]{36}$/);
    await op.getByText('已下达至 11 个单位').waitFor();
    // The compose page's heading may still be on screen for a moment: wait for the directive's number.
    await expect.poll(async () => (await op.locator('h4').first().textContent())?.trim()).toMatch(/^ZL\d{12}$/);
    const ref = (await op.locator('h4').first().textContent())!.trim();
    await expect.poll(() => treeState(op, JFB)).toBe('pending');
    await expect.poll(() => op.locator('[data-testid=progress-tree] [data-testid=tree-unit]').count()).toBe(12);

    // The screen picks the new directive up: eleven streets, none signed.
    await screen.waitForSelector(`[data-testid=screen-directives][data-ref="${ref}"]`, { timeout: 5000 });
    await expect.poll(() => screenRow(screen, JFB), { timeout: 5000 }).toEqual([0, 1]);

    // 2 解放碑's operator signs on the console, then forwards to every grid of the street.
    const jfb = await signIn('jfb_op', '/console/receipts', { viewport: { width: 1440, height: 900 } }, errors);
    await jfb.getByRole('link', { name: new RegExp(`^${ref}-`) }).click();
    await jfb.waitForURL(/\/console\/receipts\/[0-9a-f-]{36}$/);
    await jfb.click('[data-testid=receipt-sign]');
    await submitDialog(jfb);
    await expect.poll(() => jfb.getAttribute('[data-testid=receipt-state]', 'data-state')).toBe('signed');

    // The operator's tree follows without a reload; so does the screen.
    await expect.poll(() => treeState(op, JFB), { timeout: 5000 }).toBe('signed');
    await expect.poll(() => screenRow(screen, JFB), { timeout: 5000 }).toEqual([1, 1]);

    await jfb.click('[data-testid=receipt-forward]');
    await jfb.locator('.ant-modal [data-testid=add-grids-under]').click();
    await expect.poll(() => jfb.locator('.ant-modal [data-testid=target-count]').textContent()).toMatch(/\d+/);
    const grids = Number(/(\d+)/.exec((await jfb.locator('.ant-modal [data-testid=target-count]').textContent())!)![1]);
    expect(grids).toBeGreaterThan(5);
    await submitDialog(jfb);
    await jfb.getByText(`已转发至 ${grids} 个单位`).waitFor();
    await expect.poll(() => jfb.getAttribute('[data-testid=receipt-state]', 'data-state')).toBe('forwarded');

    // The tree: 解放碑 is forwarded and now opens onto its communities, each onto its grids, a level loaded at a time.
    await expect.poll(() => treeState(op, JFB), { timeout: 5000 }).toBe('forwarded');
    const rowsUnder = (code: string) => op.locator(`[data-testid=progress-tree] [data-testid=tree-unit][data-code^="${code}"]`);
    await op.locator(`[data-testid=progress-tree] tr:has([data-code="${JFB}"]) .ant-table-row-expand-icon`).click();
    await expect.poll(() => rowsUnder(JFB).count(), { timeout: 5000 }).toBeGreaterThan(2);
    const community = (await rowsUnder(JFB).nth(1).getAttribute('data-code'))!;
    await op.locator(`[data-testid=progress-tree] tr:has([data-code="${community}"]) .ant-table-row-expand-icon`).click();
    await expect.poll(() => op.locator(`[data-testid=progress-tree] tr:has([data-code^="${community}"]) [data-testid=tree-receipt][data-state=pending]`).count(), { timeout: 5000 })
      .toBeGreaterThan(0);
    // The screen counts the street's grids under it.
    await expect.poll(() => screenRow(screen, JFB), { timeout: 5000 }).toEqual([1, grids + 1]);

    // 3 七星岗's operator signs on the phone with one tap.
    const phone = await signIn('qxg_op', '/m/receipts', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }, errors);
    const card = phone.locator(`[data-testid=receipt-card][data-ref^="${ref}-"]`);
    await card.locator('[data-testid=quick-sign]').click();
    await phone.getByText('已签收').first().waitFor();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 5000 }).toBe('signed');

    await expect.poll(() => treeState(op, QXG), { timeout: 5000 }).toBe('signed');
    await expect.poll(() => screenRow(screen, QXG), { timeout: 5000 }).toEqual([1, 1]);
    await expect.poll(() => op.locator('[data-testid=directive-counts]').textContent(), { timeout: 5000 }).toContain(`2/ ${11 + grids}`);

    expect(await screen.evaluate(() => (window as unknown as { cyNoReload?: boolean }).cyNoReload)).toBe(true);
    // 401s are the visits before sign-in (each face sends the visitor to the sign-in page).
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 240_000);
});
