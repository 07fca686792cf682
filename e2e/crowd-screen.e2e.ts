import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillTicks, type DrillTick } from '../scripts/drill/generator.js';
import { drillZonesOf, type ApiZone } from '../scripts/drill/zones.js';
import { launchBrowser, signInPage, apiClient } from './browser.js';
import { startTestServer } from './server.js';

// 跨年夜 operation screen in a real browser: the district commander watches /screen/operation while the drill's
// evening (the surge at 解放碑) is fed through the readings API during a running operation; the zone's card and map
// turn orange, then red, without a reload, and the red alert appears unacknowledged. The playbooks turn both alerts
// into tasks for the posts by themselves: they appear under "measures under way" on the wall. The 解放碑 command
// post's commander acknowledges the red alert on their own screen; both screens show who acknowledged it. Then, on
// the phone, the same person checks in (the wall's posts on duty follows), finds the measures among their post's
// tasks, starts one and completes it — the wall's measures follow each step. Second: the playbook editor.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

const JFB = 'ZONE-JFB';
const POST_USER = { username: 'cp_jfb_duty', displayName: '解放碑指挥部值班长', password: 'duty-pass-2024' };
const EVENING = Date.parse('2024-12-31T19:00:00+08:00');
const MIN = 60_000;
const SHOTS = 'docs/screenshots';

const { token, call } = apiClient(() => server.base);

const ADMIN: [string, string] = ['admin', 'admin123'];
const OPERATOR: [string, string] = ['district_op', 'demo123'];
const COMMANDER: [string, string] = ['commander', 'demo123'];
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The operation running now (its during phase began 10 minutes ago), every post staffed: the 解放碑 command post by
 * the test's duty user (not yet checked in), the others checked in by the centre — except one absent, one due and
 * two posts nobody is scheduled at. And an inspection round of its period with a few findings.
 */
async function stageOperation(dutyUserId: string): Promise<string> {
  const now = Math.floor(Date.now() / MIN) * MIN;
  const op = await call(COMMANDER, 'POST', '/api/operations', {
    name: '2024年新年夜安全保障行动', templateCode: 'new-year-eve',
    period: { startsAt: iso(now - 48 * 60 * MIN), duringStartsAt: iso(now - 10 * MIN), duringEndsAt: iso(now + 5 * 60 * MIN), endsAt: iso(now + 12 * 60 * MIN) },
    posts: [{ unitCode: 'CP-JFB', person: { name: POST_USER.displayName, phone: '13900001111', userId: dutyUserId } }],
  });
  const tree = (await call(COMMANDER, 'GET', `/api/operations/${op.id}`)).postTree as Array<{ id: string; unitCode: string }>;
  const people = ['王建国', '李明', '周强', '吴涛', '郑华', '孙丽', '陈刚', '赵磊', '刘洋', '黄敏', '杨帆', '何军', '马超', '罗平', '梁静', '宋伟', '唐亮', '韩雪', '冯涛', '曹阳', '彭飞', '曾勇', '萧然', '田野'];
  for (const [i, p] of tree.entries()) {
    if (p.unitCode === 'TF-GM' || p.unitCode === '500103004') continue; // nobody scheduled: gaps
    const mine = p.unitCode === 'CP-JFB';
    const absent = p.unitCode === '500103001';
    const due = p.unitCode === 'TF-WHP';
    const shift = await call(COMMANDER, 'POST', `/api/operations/${op.id}/shifts`, {
      postId: p.id, personName: mine ? POST_USER.displayName : people[i]!, userId: mine ? dutyUserId : null,
      startsAt: iso(now - (absent ? 40 : due ? 5 : 10) * MIN), endsAt: iso(now + (p.unitCode === '500103012' ? 3 : 5) * 60 * MIN),
    });
    if (!mine && !absent && !due) await call(COMMANDER, 'POST', `/api/duty-shifts/${shift.id}/check-in`, {});
  }
  // The before phase's work is done (as it would be by the night).
  const before = (await call(COMMANDER, 'GET', `/api/operations/${op.id}/tasks?phase=before&limit=500`)).items as Array<{ id: string }>;
  for (const x of before) await call(COMMANDER, 'POST', `/api/operation-tasks/${x.id}/complete`, { note: '已完成' });
  const day = (d: number) => new Date(now + 8 * 60 * MIN + d * 86_400_000).toISOString().slice(0, 10);
  const round = await call(OPERATOR, 'POST', '/api/hazards/rounds', {
    name: '新年夜重点区域人员密集场所消防燃气排查', sectors: ['fire', 'gas'], startsOn: day(0), endsOn: day(3), targets: { levels: [{ kind: 'grid', under: '500103003' }] },
  });
  const grid: [string, string] = ['grid_lhc01', 'demo123'];
  const task = (await call(grid, 'GET', '/api/hazards/tasks?mine=true&state=open')).items.find((x: { roundId: string }) => x.roundId === round.id);
  const found: string[] = [];
  for (const [k, d] of ['商场安全出口被货物堵塞', '餐馆燃气软管老化', '临时舞台消防通道占用', '燃气表间堆放杂物'].entries()) {
    found.push((await call(grid, 'POST', '/api/hazards', { taskId: task.taskId, sector: k % 2 ? 'gas' : 'fire', grade: k === 2 ? 'major' : 'ordinary', description: d, lng: 106.576478, lat: 29.561311 })).id);
  }
  await call(['jfb_op', 'demo123'], 'POST', `/api/hazards/${found[0]}/assign`, { unitCode: 'D-CGJ' });
  await call(['cgj_handler', 'demo123'], 'POST', `/api/hazards/${found[0]}/plan`, { responsiblePerson: '李经理', measures: '清理货物', deadline: { amount: 3, unit: 'workDay' } });
  await call(['cgj_handler', 'demo123'], 'POST', `/api/hazards/${found[0]}/report-rectified`, { note: '已清理' });
  const targets = (await call(OPERATOR, 'GET', `/api/hazards/rounds/${round.id}?limit=200`)).targetPage.items as Array<{ taskId: string }>;
  for (const [k, x] of targets.entries()) if (k % 4 !== 3) await call(OPERATOR, 'POST', `/api/hazards/tasks/${x.taskId}/complete`, { note: '已排查' });
  return op.id as string;
}

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

async function phone(username: string, password: string, errors: string[]): Promise<Page> {
  return signInPage(browser, server.base, { username, password, path: '/m/duty', errors, context: { viewport: { width: 360, height: 780 } }, contexts });
}

const card = (page: Page, zone: string) => page.locator(`[data-testid=zone-card][data-zone="${zone}"]`);
const mapTiers = async (page: Page) => (await page.getAttribute('[data-testid=zone-map]', 'data-tiers')) ?? '';
const redAlert = (page: Page) => page.locator(`[data-testid=alert-row][data-zone="${JFB}"][data-kind=density][data-tier=red]`);
const measures = (page: Page) => page.locator('[data-testid=measure-row][data-source=playbook]');
const dutyPost = (page: Page, unit: string) => page.locator(`[data-testid=duty-post][data-unit="${unit}"]`);

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  // The 解放碑 command post (CP-JFB) is staffed by a commander of its own: their scope is the post and its zone.
  const user = await call(ADMIN, 'POST', '/api/users', { ...POST_USER, grants: [{ role: 'district_commander', unitCode: 'CP-JFB' }] });
  await stageOperation(user.id);
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('operation screen (客流安全)', () => {
  it('follows the 解放碑 surge live to orange and red; the playbooks task the posts; the command post acknowledges and works the measures', async () => {
    const errors: string[] = [];
    const wall = await signIn('commander', 'demo123', errors);
    await wall.evaluate(() => { (window as unknown as { cyNoReload: boolean }).cyNoReload = true; });
    await expect.poll(() => wall.locator('[data-testid=zone-card]').count()).toBe(5);
    expect(await card(wall, JFB).getAttribute('data-tier')).toBe('normal');
    expect(await wall.textContent('h1')).toBe('重点区域客流安全监测');
    // The running operation's posts: the 解放碑 command post's shift has begun, its person not yet checked in.
    expect(await wall.textContent('[data-testid=operation-name]')).toContain('2024年新年夜安全保障行动');
    await expect.poll(() => dutyPost(wall, 'CP-JFB').getAttribute('data-state')).toBe('due');
    expect(await dutyPost(wall, '500103001').getAttribute('data-state')).toBe('absent');
    expect(await dutyPost(wall, 'TF-GM').getAttribute('data-state')).toBe('gap');
    // A command post goes by its zone, any other post by its unit (fields of the summary, not cut from the post's title).
    expect(await dutyPost(wall, 'CP-JFB').locator('.op-post-label').textContent()).toBe('解放碑');
    expect(await dutyPost(wall, '500103001').locator('.op-post-label').textContent()).toBe('七星岗街道');
    expect(await measures(wall).count()).toBe(0);
    await wall.locator('[data-testid=inspection-round]').first().waitFor();

    // The drill's evening from 21:00 (Beijing time), the surge at 解放碑, one gate reading every 30 s per gate, no faults.
    const zones = drillZonesOf((await call(OPERATOR, 'GET', '/api/crowd/zones?geometry=true')).items as ApiZone[]);
    const ticks = drillTicks({
      zones, start: EVENING, fromMinute: 120, untilMinute: 300, scenario: 'surge', surgeZone: JFB, gateIntervalS: 30, seed: 3, clean: true, runId: 'e2e',
    });

    // 23:48: past 4 persons/m² → 二级 橙 on the card and the map, the curve follows 解放碑, the alert is listed.
    await feedUntil(ticks, EVENING + 288 * 60_000);
    await expect.poll(() => card(wall, JFB).getAttribute('data-tier'), { timeout: 5000 }).toBe('orange');
    expect(await card(wall, JFB).locator('[data-testid=zone-tier]').textContent()).toBe('二级 橙');
    await expect.poll(() => mapTiers(wall), { timeout: 5000 }).toContain(`${JFB}:orange`);
    await expect.poll(() => wall.getAttribute('[data-testid=zone-trend]', 'data-zone')).toBe(JFB);
    await wall.locator(`[data-testid=alert-row][data-zone="${JFB}"][data-kind=density][data-tier=orange]`).waitFor({ timeout: 5000 });
    // The orange playbook ran by itself: its measures are under way on the wall (the command post's three and the
    // transport task force's metro request), none started yet.
    await expect.poll(() => measures(wall).count(), { timeout: 10_000 }).toBe(4);
    expect(await wall.textContent('[data-testid=measures-playbook]')).toContain('0/4');

    // 23:59: past 5 persons/m² → 一级 红; the red alert is in force and not yet acknowledged (it blinks).
    await feedUntil(ticks, EVENING + 299 * 60_000);
    await expect.poll(() => card(wall, JFB).getAttribute('data-tier'), { timeout: 5000 }).toBe('red');
    await expect.poll(() => mapTiers(wall), { timeout: 5000 }).toContain(`${JFB}:red`);
    await redAlert(wall).waitFor({ timeout: 5000 });
    expect(await redAlert(wall).getAttribute('data-state')).toBe('open');
    expect(await redAlert(wall).getAttribute('class')).toContain('op-blink');
    // …and the red one: five more.
    await expect.poll(() => measures(wall).count(), { timeout: 10_000 }).toBe(9);
    expect(await measures(wall).first().textContent()).toContain('解放碑');
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

    // On the phone, the command post's person checks in; the wall's posts on duty follows.
    const mobile = await phone(POST_USER.username, POST_USER.password, errors);
    await mobile.locator('[data-testid=shift-card] [data-testid=check-in]').click();
    await expect.poll(() => mobile.locator('[data-testid=shift-card]').getAttribute('data-status'), { timeout: 5000 }).toBe('on_duty');
    await expect.poll(() => dutyPost(wall, 'CP-JFB').getAttribute('data-state'), { timeout: 5000 }).toBe('on_duty');

    // The post's tasks include the six measures both playbooks gave it, marked as such.
    const given = mobile.locator('[data-testid=duty-task][data-source=playbook]');
    await expect.poll(() => given.count(), { timeout: 5000 }).toBe(6);
    expect(await given.first().textContent()).toMatch(/【解放碑·(橙|红)色预警】/);
    await mobile.screenshot({ path: '/tmp/cy-e2e-duty-phone.png' });
    const doneBefore = Number(await wall.getAttribute('[data-testid=measures-done]', 'data-n'));
    const first = given.first();
    const id = (await first.getAttribute('data-id'))!;
    // Start it: the wall shows it being worked…
    await first.locator('[data-testid=task-start]').click();
    await expect.poll(() => mobile.locator(`[data-testid=duty-task][data-id="${id}"]`).getAttribute('data-state'), { timeout: 5000 }).toBe('in_progress');
    await expect.poll(() => wall.getAttribute(`[data-testid=measure-row][data-id="${id}"]`, 'data-state'), { timeout: 5000 }).toBe('in_progress');
    // …complete it: it leaves the measures under way, and the done count goes up by one.
    await mobile.locator(`[data-testid=duty-task][data-id="${id}"] [data-testid=task-done]`).click();
    await expect.poll(() => mobile.locator(`[data-testid=duty-task][data-id="${id}"]`).count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => wall.locator(`[data-testid=measure-row][data-id="${id}"]`).count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => wall.getAttribute('[data-testid=measures-done]', 'data-n'), { timeout: 5000 }).toBe(String(doneBefore + 1));
    expect(await wall.textContent('[data-testid=measures-playbook]')).toContain('1/9');
    expect(await measures(wall).count()).toBe(8);
    const task = await call(OPERATOR, 'GET', `/api/operation-tasks/${id}`);
    expect(task).toMatchObject({ state: 'done', source: 'playbook', unitCode: 'CP-JFB' });
    expect(task.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'start', 'complete']);

    expect(await wall.evaluate(() => (window as unknown as { cyNoReload?: boolean }).cyNoReload)).toBe(true);
    await wall.mouse.move(0, 0);
    await wall.screenshot({ path: `${SHOTS}/screen-operation.png` });

    // The first visit, before sign-in, is a 401 by design.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 180_000);

  it('edits a zone\'s playbook in the console: a measure, automatic run, and a stale save refused', async () => {
    const errors: string[] = [];
    const page = await signInPage(browser, server.base, { username: 'commander', path: '/console/operations', errors, context: { viewport: { width: 1440, height: 900 } }, contexts });
    await page.click('[data-testid=open-playbooks]');
    await page.waitForURL(/\/console\/operations\/playbooks/);
    await page.click(`[data-testid=zone-tab-${JFB}]`);
    const tier = (name: string) => page.locator(`[data-testid=tier-card][data-zone="${JFB}"][data-tier=${name}]`);
    await tier('orange').waitFor();
    const before = (await call(OPERATOR, 'GET', `/api/playbooks?zone=${JFB}`)).items as Array<{ tier: string; version: number; auto: boolean; measures: Array<{ title: string; gate?: string }> }>;

    // The yellow tier runs by itself from now on.
    expect(await tier('yellow').getAttribute('data-auto')).toBe('0');
    await tier('yellow').locator('[data-testid=auto-switch]').click();
    await expect.poll(() => tier('yellow').getAttribute('data-auto'), { timeout: 5000 }).toBe('1');

    // The orange tier: a new wording for the first measure and one more measure, a broadcast.
    await tier('orange').locator('[data-testid=edit-playbook]').click();
    await tier('orange').locator('[data-testid=measure-title]').first().fill('入口限流：分批放行，每批不超过 500 人，外围蓄客');
    await tier('orange').locator('[data-testid=add-measure]').click();
    await tier('orange').locator('[data-testid=measure-title]').last().fill('大屏滚动发布实时人数，引导游客错峰前往洪崖洞');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}/playbook-editor.png`, fullPage: true });
    await tier('orange').locator('[data-testid=save-playbook]').click();
    await expect.poll(async () => (await call(OPERATOR, 'GET', `/api/playbooks?zone=${JFB}`)).items.find((p: { tier: string }) => p.tier === 'orange').version, { timeout: 5000 })
      .toBe(before.find((p) => p.tier === 'orange')!.version + 1);
    const orange = (await call(OPERATOR, 'GET', `/api/playbooks?zone=${JFB}`)).items.find((p: { tier: string }) => p.tier === 'orange');
    expect(orange.measures.map((m: { title: string }) => m.title)).toEqual([
      '入口限流：分批放行，每批不超过 500 人，外围蓄客', ...before.find((p) => p.tier === 'orange')!.measures.slice(1).map((m) => m.title), '大屏滚动发布实时人数，引导游客错峰前往洪崖洞',
    ]);
    expect(orange.measures[1].gate).toBe(before.find((p) => p.tier === 'orange')!.measures[1]!.gate);
    expect(orange.updatedBy).toBe('区指挥长');

    // Someone else saves the red tier while it is open here: saving the stale copy is refused, and the tier reloads.
    await tier('red').locator('[data-testid=edit-playbook]').click();
    const red = before.find((p) => p.tier === 'red')!;
    await call(OPERATOR, 'PUT', `/api/playbooks/${JFB}/red`, { version: red.version, auto: true, onForecast: false, measures: red.measures });
    await tier('red').locator('[data-testid=measure-title]').first().fill('关闭全部入口');
    await tier('red').locator('[data-testid=save-playbook]').click();
    await expect.poll(() => page.locator('.ant-message-error').textContent(), { timeout: 5000 }).toContain('已被他人修改');
    const after = (await call(OPERATOR, 'GET', `/api/playbooks?zone=${JFB}`)).items.find((p: { tier: string }) => p.tier === 'red');
    expect(after).toMatchObject({ version: red.version + 1, measures: red.measures });
    expect(errors.filter((e) => !e.includes('401') && !e.includes('409'))).toEqual([]);
  });

  it('looks for the running operation again when the one shown ends, without a reload', async () => {
    const errors: string[] = [];
    // A short exercise that began after the night's operation (so the screen shows it) and ends in 20 seconds.
    const now = Date.now();
    await call(COMMANDER, 'POST', '/api/operations', {
      name: '跨年夜前桌面推演', templateCode: 'new-year-eve',
      period: { startsAt: iso(now - 30 * MIN), duringStartsAt: iso(now - 20 * MIN), duringEndsAt: iso(now - 10 * MIN), endsAt: iso(now + 20_000) },
    });
    // The commander's session (the sign-in form's rate limit is spent by now); the screen's timers under the test's hand.
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    await context.addCookies([{ name: 'cy_session', value: await token(...COMMANDER), url: server.base }]);
    await context.clock.install();
    const wall = await context.newPage();
    wall.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    wall.on('pageerror', (e) => errors.push(e.message));
    await wall.goto(`${server.base}/screen/operation`);
    await wall.waitForSelector('[data-testid=operation-screen][data-ready="1"]', { timeout: 20_000 });
    await expect.poll(() => wall.textContent('[data-testid=operation-name]'), { timeout: 10_000 }).toContain('跨年夜前桌面推演');
    // Once it is over, the next minute's tick finds the night's operation still running and shows it.
    await new Promise((r) => setTimeout(r, Math.max(0, now + 21_000 - Date.now())));
    await wall.clock.fastForward(61_000);
    await expect.poll(() => wall.textContent('[data-testid=operation-name]'), { timeout: 10_000 }).toContain('2024年新年夜安全保障行动');
    await expect.poll(() => dutyPost(wall, 'CP-JFB').getAttribute('data-state'), { timeout: 10_000 }).toBe('on_duty');
    expect(errors).toEqual([]);
  }, 90_000);
});
