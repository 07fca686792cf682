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

describe('landing page', () => {
  it('signs in, lists the 11 streets and shows a change made elsewhere live', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(server.base);
    await expect.poll(() => page.textContent('h1')).toContain('渝中区');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('form button');
    await expect.poll(() => page.textContent('#login-error')).toContain('用户名或密码错误');
    await page.fill('input[name=password]', 'admin123');
    await page.click('form button');
    await page.waitForSelector('#streets tr');
    expect(await page.locator('#streets tr').count()).toBe(11);

    // A change through the API (another operator) reaches the open page over SSE without a reload.
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin123' }),
    });
    const { token } = (await login.json()) as { token: string };
    await page.waitForTimeout(300);
    const patch = await fetch(`${server.base}/api/units/500103003`, {
      method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ population: 61234 }),
    });
    expect(patch.status).toBe(200);
    await expect.poll(() => page.textContent('#feed'), { timeout: 5000 }).toContain('61234');
    await page.screenshot({ path: 'docs/screenshots/landing.png' });

    await page.click('#lang');
    await expect.poll(() => page.textContent('h1')).toContain('Yuzhong');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
