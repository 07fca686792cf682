import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian chromium with the flags this sandbox needs (no network beyond localhost); Playwright gives each launch a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A signed-in page in its own browser context (its own session cookie): opens `path`, is sent to the sign-in page,
 * signs in and comes back. Console errors and page errors go to `errors` (the tests assert there are none).
 */
export async function signInPage(browser: Browser, base: string, o: {
  username: string; password?: string; path: string; errors: string[];
  context?: Parameters<Browser['newContext']>[0]; contexts?: BrowserContext[];
}): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...o.context });
  o.contexts?.push(context);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') o.errors.push(`${o.username}: ${m.text()}`); });
  page.on('pageerror', (e) => o.errors.push(`${o.username}: ${e.message}`));
  await page.goto(`${base}${o.path}`);
  await page.waitForURL(/\/\?next=/);
  await page.fill('#username', o.username);
  await page.fill('#password', o.password ?? 'demo123');
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.pathname.startsWith(o.path));
  return page;
}

/**
 * The tests' API client for set-up and checks: signs each account in once (bearer token) and calls as it; an answer
 * of 300 or more is thrown with its body. `base` is read at call time (the server starts in beforeAll).
 */
export function apiClient(base: () => string) {
  const tokens = new Map<string, string>();
  async function token(username: string, password: string): Promise<string> {
    let tk = tokens.get(username);
    if (!tk) {
      const res = await fetch(`${base()}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      tk = ((await res.json()) as { token: string }).token;
      tokens.set(username, tk);
    }
    return tk;
  }
  async function call(user: [string, string], method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${base()}${path}`, {
      method, headers: { authorization: `Bearer ${await token(...user)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  }
  return { token, call };
}
