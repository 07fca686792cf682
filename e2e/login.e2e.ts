import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
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

describe('sign-in', () => {
  it('refuses a wrong password in Chinese, then takes each role to its face', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.base}/console`);
    await page.waitForURL(/\/\?next=/);
    await page.fill('#username', 'district_op');
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('body')).toContain('用户名或密码错误');
    await page.fill('#password', 'demo123');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console$/);

    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(server.base);
    await phone.fill('#username', 'grid_lhc01');
    await phone.fill('#password', 'demo123');
    await phone.click('button[type=submit]');
    await phone.waitForURL(/\/m$/);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
