import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillTicks } from '../scripts/drill/generator.js';
import { drillZonesOf, type ApiZone } from '../scripts/drill/zones.js';
import { launchBrowser, signInPage, apiClient } from './browser.js';
import { startTestServer } from './server.js';

// 复盘 in a real browser: an operation runs while the drill's evening (the 解放碑 surge at its end) is fed through the
// readings API, shifted so that its midnight is now — the red alert's playbook tasks the posts, the district
// commander acknowledges it and a measure is done. Then the commander opens the replay on the big screen, scrubs to
// the peak and sees 解放碑 red on its card and the map with the alert among the events; the report lists every alert.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

const SHOTS = 'docs/screenshots';
const JFB = 'ZONE-JFB';
const MINUTE = 60_000;
/** The evening's 19:00, so that its minute 302 (00:02, just past the surge's red) is the present minute. */
const EVENING = Math.floor(Date.now() / MINUTE) * MINUTE - 302 * MINUTE;

const { call } = apiClient(() => server.base);

const COMMANDER: [string, string] = ['commander', 'demo123'];
const OPERATOR: [string, string] = ['district_op', 'demo123'];
let operationId = '';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const now = Date.now();
  const op = await call(COMMANDER, 'POST', '/api/operations', {
    name: '2026 年新年夜安全保障行动', templateCode: 'new-year-eve',
    period: {
      startsAt: new Date(now - 10 * 86_400_000).toISOString(), duringStartsAt: new Date(EVENING).toISOString(),
      duringEndsAt: new Date(now + 5 * MINUTE).toISOString(), endsAt: new Date(now + 12 * 3_600_000).toISOString(),
    },
  });
  operationId = op.id;

  // The evening up to 00:01 for every zone, the surge at 解放碑; one gate reading every 30 s, no faults.
  const zones = drillZonesOf((await call(OPERATOR, 'GET', '/api/crowd/zones?geometry=true')).items as ApiZone[]);
  let batch: unknown[] = [];
  for (const tick of drillTicks({ zones, start: EVENING, fromMinute: 0, untilMinute: 301, scenario: 'surge', surgeZone: JFB, gateIntervalS: 30, seed: 5, clean: true, runId: 'aa' })) {
    batch.push(...tick.readings);
    if (batch.length >= 3000) {
      await call(OPERATOR, 'POST', '/api/crowd/readings', batch);
      batch = [];
    }
  }
  if (batch.length) await call(OPERATOR, 'POST', '/api/crowd/readings', batch);

  // The red alert: its playbook runs by itself; the commander acknowledges it and the post reports a measure done.
  const red = (await call(COMMANDER, 'GET', `/api/crowd/alerts?zone=${JFB}&kind=density&minTier=red`)).items[0];
  expect(red).toBeTruthy();
  let run: { tasks: Array<{ id: string; unitCode: string }> } | null = null;
  for (let i = 0; i < 100 && !run; i++) {
    run = await call(COMMANDER, 'GET', `/api/crowd/alerts/${red.id}/playbook`).catch(() => null);
    if (!run) await new Promise((r) => setTimeout(r, 100));
  }
  expect(run?.tasks.length).toBeGreaterThan(0);
  await call(COMMANDER, 'POST', `/api/crowd/alerts/${red.id}/ack`, { note: '立即启动限流' });
  const task = run!.tasks.find((x) => x.unitCode === 'CP-JFB')!;
  await call(COMMANDER, 'POST', `/api/operation-tasks/${task.id}/start`, {});
  await call(COMMANDER, 'POST', `/api/operation-tasks/${task.id}/complete`, { note: '民族路口、八一路口限流，单向通行' });
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const card = (page: Page, zone: string) => page.locator(`[data-testid=zone-card][data-zone="${zone}"]`);
const mapTiers = async (page: Page) => (await page.getAttribute('[data-testid=zone-map]', 'data-tiers')) ?? '';

describe('after-action (复盘)', () => {
  it('replays the night: scrubbing to the peak shows 解放碑 red with its alert; the report lists every alert', async () => {
    const errors: string[] = [];
    const replay = await call(COMMANDER, 'GET', `/api/operations/${operationId}/replay`);
    const jfb = replay.zones.find((z: { code: string }) => z.code === JFB) as { tier: Array<number | null> };
    const reds = jfb.tier.flatMap((level, k) => (level === 4 ? [k] : []));
    expect(reds.length).toBeGreaterThan(0);
    const peak = reds[Math.floor(reds.length / 2)]!;

    // Without an operation the screen offers the operations to replay; the commander picks this one.
    const wall = await signInPage(browser, server.base, {
      username: 'commander', path: '/screen/operation/replay', errors, context: { viewport: { width: 1920, height: 1080 } }, contexts,
    });
    await wall.click(`a[href$="operation=${operationId}"]`);
    await wall.waitForSelector('[data-testid=replay-screen][data-ready="1"]', { timeout: 20_000 });
    await expect.poll(() => wall.locator('[data-testid=zone-card]').count()).toBe(5);
    expect(await wall.textContent('h1')).toBe('行动复盘 · 大屏回放');
    // 19:00 of the evening: nobody there yet at 解放碑, nothing has happened.
    expect(await card(wall, JFB).getAttribute('data-tier')).toBe('normal');
    expect(await wall.locator('[data-testid=replay-event]').count()).toBe(0);

    // Scrub: a click on the scrubber's rail at the peak's minute.
    const rail = await wall.locator('.rp-slider').boundingBox();
    const points = replay.window.points as number;
    await wall.mouse.click(rail!.x + (rail!.width * peak) / (points - 1), rail!.y + rail!.height / 2);
    await expect.poll(async () => Math.abs(Number(await wall.getAttribute('[data-testid=replay-screen]', 'data-index')) - peak)).toBeLessThanOrEqual(1);
    await expect.poll(() => card(wall, JFB).getAttribute('data-tier')).toBe('red');
    expect(await card(wall, JFB).locator('[data-testid=zone-tier]').textContent()).toBe('一级 红');
    await expect.poll(() => mapTiers(wall)).toContain(`${JFB}:red`);
    await wall.locator('[data-testid=replay-event][data-kind=alert_raised][data-tier=red]').first().waitFor({ timeout: 5000 });
    // Other zones at their own level of the evening; the earlier alerts of 解放碑 are in the list too.
    expect(await card(wall, 'ZONE-CTM').getAttribute('data-tier')).not.toBe('red');
    expect(await wall.locator('[data-testid=replay-event][data-kind=alert_raised][data-tier=orange]').count()).toBeGreaterThan(0);

    // Play at 60×: the minutes move on by themselves; the acknowledgement and the measures come up.
    await wall.click('[data-speed="60"]');
    await wall.click('[data-testid=replay-play]');
    await expect.poll(async () => Number(await wall.getAttribute('[data-testid=replay-screen]', 'data-index')), { timeout: 8000 }).toBeGreaterThan(peak + 2);
    await wall.click('[data-testid=replay-play]');
    await wall.click('[data-testid=replay-peak]');
    await expect.poll(() => card(wall, JFB).getAttribute('data-tier')).toBe('red');
    // The last minute: everything is in the list, the measure done by the post among it.
    await wall.locator('.rp-slider .ant-slider-handle').focus();
    await wall.keyboard.press('End');
    await wall.locator('[data-testid=replay-event][data-kind=alert_acknowledged]').first().waitFor({ timeout: 5000 });
    await wall.locator('[data-testid=replay-event][data-kind=task_done]').first().waitFor({ timeout: 5000 });
    // Play at the last minute starts the night again from its first.
    expect(await wall.getAttribute('[data-testid=replay-screen]', 'data-index')).toBe(String(points - 1));
    await wall.click('[data-testid=replay-play]');
    await expect.poll(async () => Number(await wall.getAttribute('[data-testid=replay-screen]', 'data-index'))).toBeLessThan(5);
    await wall.click('[data-testid=replay-play]');
    expect(await wall.textContent('[data-testid=replay-pdf]')).toBe('PDF 版');
    // For the picture: the minute the post reported its measure done, just after the peak.
    const done = replay.events.find((e: { kind: string }) => e.kind === 'task_done') as { at: string };
    const k = Math.floor((Date.parse(done.at) - Date.parse(replay.window.from)) / MINUTE);
    await wall.locator('.rp-slider .ant-slider-handle').focus();
    await wall.keyboard.press('End');
    for (let i = points - 1; i > k; i--) await wall.keyboard.press('ArrowLeft');
    await expect.poll(() => wall.getAttribute('[data-testid=replay-screen]', 'data-index')).toBe(String(k));
    await wall.mouse.move(0, 0);
    await wall.waitForTimeout(800);
    await wall.screenshot({ path: `${SHOTS}/operation-replay.png` });

    // The report: every alert of the operation as a row, the red one acknowledged by the commander.
    const alerts = await call(COMMANDER, 'GET', '/api/crowd/alerts?limit=500');
    const report = await wall.context().newPage();
    await report.setViewportSize({ width: 1280, height: 2000 });
    await report.goto(`${server.base}/api/operations/${operationId}/report`);
    await report.waitForSelector('section[data-table=alerts]');
    expect(await report.locator('section[data-table=alerts] tbody tr[data-row]').count()).toBe(alerts.total);
    const alertText = await report.locator('section[data-table=alerts]').textContent();
    expect(alertText).toContain('一级 红');
    expect(alertText).toContain('立即启动限流');
    expect(await report.locator('section[data-table=tasks]').textContent()).toContain('民族路口、八一路口限流');
    await report.screenshot({ path: `${SHOTS}/operation-report.png` });
    const pdf = await report.request.get(`${server.base}/api/operations/${operationId}/report.pdf`);
    expect(pdf.status()).toBe(200);
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (process.env.AFTER_ACTION_PDF) (await import('node:fs')).writeFileSync(process.env.AFTER_ACTION_PDF, bytes);

    // The console's operation page links to both.
    const consolePage = await wall.context().newPage();
    await consolePage.goto(`${server.base}/console/operations/${operationId}`);
    const links = consolePage.locator('[data-testid=after-action] a');
    await links.first().waitFor({ timeout: 10_000 });
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      `/screen/operation/replay?operation=${operationId}`, `/api/operations/${operationId}/report?lang=zh-CN`, `/api/operations/${operationId}/report.pdf?lang=zh-CN`,
    ]);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
