import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/database.js';
import { deliverDue } from '../src/modules/webhooks/webhook-delivery.js';
import { WEBHOOK_DELIVER_JOB, WEBHOOK_SUBSCRIBER } from '../src/modules/webhooks/webhooks-module.js';
import { createTestContext, type TestContext } from './harness.js';
import { waitUntil } from './support/wait.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

// A point in grid 50010300301601 (莲花池社区第1网格, 解放碑街道), the demo grid worker's grid.
const JFB = { lng: 106.576478, lat: 29.561311 };
const MINUTE = 60_000;

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that answers with the queued statuses (then 200). */
class Receiver {
  readonly requests: Received[] = [];
  /** Status 0: never answer (the sender times out). */
  replies: Array<{ status: number; body?: string }> = [];
  private server!: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const reply = this.replies.shift() ?? { status: 200 };
        if (reply.status === 0) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body ?? '{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const receivers: Receiver[] = [];
const created: string[] = [];

async function receiver(): Promise<Receiver> {
  const r = await new Receiver().start();
  receivers.push(r);
  return r;
}

afterEach(async () => {
  // Each test's subscriptions go, so later tests' deliveries never reach a closed receiver.
  const admin = await ctx.as('admin');
  for (const id of created.splice(0)) await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${id}`, headers: admin });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function subscribe(body: Record<string, unknown>) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/webhooks', headers: await ctx.as('admin'), payload: { name: 'test hook', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  created.push(res.json().id);
  return res.json() as { id: string; secret?: string; hasSecret: boolean; url: string; topics: string[]; unitCode: string };
}

async function report() {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as('grid_lhc01'),
    payload: { categoryCode: 'E0101', description: '人行道上有暴露垃圾', ...JFB, address: '民族路 1 号' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string };
}

interface Delivery {
  id: number; eventId: number; eventSeq: number; eventType: string; ref: string | null; state: string; attempts: number;
  nextAttemptAt: string | null; lastStatus: number | null; lastError: string | null;
}

async function deliveries(id: string): Promise<Delivery[]> {
  const res = await ctx.app.inject({ url: `/api/webhooks/${id}/deliveries`, headers: await ctx.as('admin') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

/** The durable subscriber runs in the background: wait until it has made the deliveries. */
async function awaitDeliveries(id: string, n: number): Promise<Delivery[]> {
  return waitUntil(async () => {
    const items = await deliveries(id);
    return items.length >= n && items;
  }, { what: `${n} deliveries for ${id}` });
}

describe('outgoing webhooks', () => {
  it('delivers a reported case as signed JSON; the receiver can verify the HMAC', async () => {
    const r = await receiver();
    const sub = await subscribe({ url: r.url(), unitCode: '500103003' });
    expect(sub.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(sub.topics).toEqual(['case.']);
    const c = await report();
    const [pending] = await awaitDeliveries(sub.id, 1);
    expect(pending).toMatchObject({ state: 'pending', attempts: 0, eventType: 'case.create', ref: c.ref });

    expect(await deliverDue(ctx.platform)).toBeGreaterThanOrEqual(1);
    expect(r.requests).toHaveLength(1);
    const { headers, body } = r.requests[0]!;
    const expected = createHmac('sha256', sub.secret!).update(`${headers['x-chengyun-timestamp']}.${body}`).digest('hex');
    expect(headers['x-chengyun-signature']).toBe(`sha256=${expected}`);
    expect(Math.abs(Number(headers['x-chengyun-timestamp']) * 1000 - Date.now())).toBeLessThan(MINUTE);
    expect(headers['x-chengyun-event']).toBe('case.create');
    expect(headers['x-chengyun-delivery']).toBe(String(pending!.id));
    const event = JSON.parse(body);
    expect(event).toMatchObject({
      id: pending!.eventId, seq: pending!.eventSeq, type: 'case.create', subject: { type: 'case', id: c.id },
      payload: { ref: c.ref, action: 'create', state: 'reported', ownerUnit: '500103003' },
    });
    expect(event.unitPath.startsWith('/500103/500103003/')).toBe(true);
    expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);

    const [done] = await deliveries(sub.id);
    expect(done).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null });
    // The secret is shown once; the list only says there is one.
    const list = await ctx.app.inject({ url: '/api/webhooks', headers: await ctx.as('admin') });
    const listed = list.json().items.find((w: { id: string }) => w.id === sub.id);
    expect(listed).toMatchObject({ hasSecret: true, unitCode: '500103003', format: 'json', active: true });
    expect(listed.secret).toBeUndefined();
  });

  it('formats WeCom and DingTalk robot messages, signing the DingTalk URL', async () => {
    const r = await receiver();
    const wecom = await subscribe({ url: r.url('/cgi-bin/webhook/send?key=wecom-key-123'), format: 'wecom', topics: ['case.register'] });
    const dingSecret = 'SECabcdef0123456789';
    const ding = await subscribe({ url: r.url('/robot/send?access_token=tok123'), format: 'dingtalk', secret: dingSecret, topics: ['case.register'] });
    expect(wecom.url).toContain('key=weco****');
    expect(wecom.unitCode).toBe('500103');
    const c = await report();
    const reg = await ctx.app.inject({ method: 'POST', url: `/api/cases/${c.id}/register`, headers: await ctx.as('jfb_op'), payload: {} });
    expect(reg.statusCode, reg.body).toBe(200);
    await awaitDeliveries(wecom.id, 1);
    await awaitDeliveries(ding.id, 1);
    await deliverDue(ctx.platform);
    expect(r.requests).toHaveLength(2);

    const toWecom = r.requests.find((q) => q.url.startsWith('/cgi-bin/'))!;
    expect(toWecom.url).toBe('/cgi-bin/webhook/send?key=wecom-key-123');
    const w = JSON.parse(toWecom.body);
    expect(w.msgtype).toBe('markdown');
    for (const part of ['案件编号', c.ref, '动作：立案', '状态：已立案', '当前处置单位：解放碑街道', '时限：']) expect(w.markdown.content).toContain(part);

    const toDing = r.requests.find((q) => q.url.startsWith('/robot/'))!;
    const u = new URL(toDing.url, 'http://x');
    expect(u.searchParams.get('access_token')).toBe('tok123');
    const ts = u.searchParams.get('timestamp')!;
    expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(MINUTE);
    const sign = createHmac('sha256', dingSecret).update(`${ts}\n${dingSecret}`).digest('base64');
    expect(u.searchParams.get('sign')).toBe(sign);
    expect(toDing.url).toContain(`sign=${encodeURIComponent(sign)}`);
    const d = JSON.parse(toDing.body);
    expect(d.msgtype).toBe('markdown');
    expect(d.markdown.title).toContain(c.ref);
    expect(d.markdown.text).toContain('立案');
    expect((await deliveries(ding.id))[0]).toMatchObject({ state: 'delivered', eventType: 'case.register' });
  });

  it('notifies directive and receipt events: a WeCom group hears the directive arrive and the street sign for it', async () => {
    const r = await receiver();
    const sub = await subscribe({ url: r.url('/cgi-bin/webhook/send?key=wecom-key-456'), format: 'wecom', topics: ['directive.issued', 'receipt.sign'], unitCode: '500103003' });
    const issued = await ctx.app.inject({
      method: 'POST', url: '/api/directives', headers: await ctx.as('district_op'),
      payload: { title: '新年夜安全稳定工作部署', body: '各街道做好安全稳定工作。', targets: { units: ['500103003'] }, signBy: { amount: 2, unit: 'hour' } },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const list = await ctx.app.inject({ url: `/api/receipts?directiveId=${issued.json().id}`, headers: await ctx.as('jfb_op') });
    const receipt = list.json().items[0];
    expect((await ctx.app.inject({ method: 'POST', url: `/api/receipts/${receipt.id}/sign`, headers: await ctx.as('jfb_op'), payload: {} })).statusCode).toBe(200);
    await awaitDeliveries(sub.id, 2);
    await deliverDue(ctx.platform);
    const bodies = r.requests.map((q) => JSON.parse(q.body).markdown.content as string);
    const directive = bodies.find((b) => b.includes('政令下发'))!;
    for (const part of [issued.json().ref, '新年夜安全稳定工作部署', '时限：']) expect(directive).toContain(part);
    const signed = bodies.find((b) => b.includes('签收单签收'))!;
    for (const part of [receipt.ref, '状态：已签收', '签收单位：解放碑街道']) expect(signed).toContain(part);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/webhooks', headers: await ctx.as('admin'), payload: { name: 'x', url: r.url(), topics: ['weather.'] } })).statusCode).toBe(400);
  });

  it('retries with backoff: 500, 500, then 200 → delivered on the third attempt', async () => {
    const r = await receiver();
    r.replies = [{ status: 500, body: 'boom' }, { status: 500, body: 'boom' }];
    const sub = await subscribe({ url: r.url(), topics: ['case.create'], unitCode: '500103003' });
    await report();
    await awaitDeliveries(sub.id, 1);
    const t0 = Date.now();
    await deliverDue(ctx.platform, new Date(t0));
    let [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(d!.lastError).toContain('HTTP 500 boom');
    expect(new Date(d!.nextAttemptAt!).getTime() - t0).toBe(30_000);
    // Not due yet: nothing is sent.
    await deliverDue(ctx.platform, new Date(t0 + 29_000));
    expect(r.requests).toHaveLength(1);
    await deliverDue(ctx.platform, new Date(t0 + 31_000));
    [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ state: 'pending', attempts: 2, lastStatus: 500 });
    expect(new Date(d!.nextAttemptAt!).getTime() - (t0 + 31_000)).toBe(2 * MINUTE);
    await deliverDue(ctx.platform, new Date(t0 + 31_000 + 2 * MINUTE));
    [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
    expect(r.requests).toHaveLength(3);
    // The same delivery id on every attempt, so a receiver can drop repeats.
    expect(new Set(r.requests.map((q) => q.headers['x-chengyun-delivery'])).size).toBe(1);
  });

  it('gives up after 6 attempts and marks the delivery failed', async () => {
    const r = await receiver();
    r.replies = Array.from({ length: 10 }, () => ({ status: 503 }));
    const sub = await subscribe({ url: r.url(), topics: ['case.create'], unitCode: '500103003' });
    await report();
    await awaitDeliveries(sub.id, 1);
    let now = Date.now();
    for (let i = 0; i < 7; i++) {
      await deliverDue(ctx.platform, new Date(now));
      now += 7 * 3_600_000;
    }
    expect(r.requests).toHaveLength(6);
    const [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ state: 'failed', attempts: 6, lastStatus: 503, nextAttemptAt: null });
    const failed = await ctx.app.inject({ url: `/api/webhooks/${sub.id}/deliveries?state=failed`, headers: await ctx.as('admin') });
    expect(failed.json().total).toBe(1);
  });

  it('never makes a second delivery when the subscriber processes the same event again', async () => {
    const r = await receiver();
    const sub = await subscribe({ url: r.url(), topics: ['case.create'], unitCode: '500103003' });
    await report();
    const [d] = await awaitDeliveries(sub.id, 1);
    const db = ctx.platform.database.db;
    await db.execute(sql`UPDATE subscriber_cursors SET last_seq = ${d!.eventSeq - 1} WHERE name = ${WEBHOOK_SUBSCRIBER}`);
    await ctx.platform.subscribers.drainAll();
    const [cursor] = await queryRows<{ last_seq: number }>(db, sql`SELECT last_seq FROM subscriber_cursors WHERE name = ${WEBHOOK_SUBSCRIBER}`);
    expect(Number(cursor!.last_seq)).toBeGreaterThanOrEqual(d!.eventSeq);
    expect(await deliveries(sub.id)).toHaveLength(1);
    await deliverDue(ctx.platform);
    await deliverDue(ctx.platform);
    expect(r.requests).toHaveLength(1);
  });

  it('gives nothing to an inactive subscription or one whose unit the event lies outside', async () => {
    const r = await receiver();
    const inactive = await subscribe({ url: r.url('/inactive'), topics: ['case.create'], unitCode: '500103003' });
    const off = await ctx.app.inject({ method: 'PATCH', url: `/api/webhooks/${inactive.id}`, headers: await ctx.as('admin'), payload: { active: false } });
    expect(off.json()).toMatchObject({ active: false });
    const elsewhere = await subscribe({ url: r.url('/elsewhere'), topics: ['case.create'], unitCode: '500103001' });
    const otherTopic = await subscribe({ url: r.url('/other'), topics: ['case.close'], unitCode: '500103003' });
    const control = await subscribe({ url: r.url('/control'), topics: ['case.create'], unitCode: '500103003' });
    await report();
    await awaitDeliveries(control.id, 1);
    expect(await deliveries(inactive.id)).toEqual([]);
    expect(await deliveries(elsewhere.id)).toEqual([]);
    expect(await deliveries(otherTopic.id)).toEqual([]);
    await deliverDue(ctx.platform);
    expect(r.requests.map((q) => q.url)).toEqual(['/control']);
  });

  it('sends a test message on demand and reports how the receiver answered', async () => {
    const r = await receiver();
    const sub = await subscribe({ url: r.url(), format: 'dingtalk', secret: 'SECtestsecret' });
    r.replies = [{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }, { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' }];
    const admin = await ctx.as('admin');
    const ok = await ctx.app.inject({ method: 'POST', url: `/api/webhooks/${sub.id}/test`, headers: admin });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, status: 200, error: null });
    expect(JSON.parse(r.requests[0]!.body).markdown.title).toBe('城运 Webhook 测试');
    // DingTalk refuses with HTTP 200 and an errcode: that is a failure.
    const refused = await ctx.app.inject({ method: 'POST', url: `/api/webhooks/${sub.id}/test`, headers: admin });
    expect(refused.json()).toMatchObject({ ok: false, status: 200, error: 'errcode 310000: sign not match' });
    const gone = await ctx.app.inject({ method: 'POST', url: '/api/webhooks/00000000-0000-4000-8000-000000000000/test', headers: admin });
    expect(gone.statusCode).toBe(404);
    // The test is not a delivery.
    expect(await deliveries(sub.id)).toEqual([]);
  });

  it('delivers in the background from the recurring job', async () => {
    const r = await receiver();
    const sub = await subscribe({ url: r.url(), topics: ['case.create'], unitCode: '500103003' });
    await report();
    await awaitDeliveries(sub.id, 1);
    // The test harness polls timers rarely: make the job due and tick, as the scheduler loop would.
    await ctx.platform.database.db.execute(sql`UPDATE timers SET due_at = now() WHERE kind = ${WEBHOOK_DELIVER_JOB}`);
    await ctx.platform.scheduler.tick();
    await waitUntil(async () => (await deliveries(sub.id))[0]?.state === 'delivered', { what: 'background delivery' });
    expect(r.requests).toHaveLength(1);
  });

  it('times out a receiver that does not answer, and retries later', async () => {
    const r = await receiver();
    r.replies = [{ status: 0 }];
    const sub = await subscribe({ url: r.url(), topics: ['case.create'], unitCode: '500103003' });
    await report();
    await awaitDeliveries(sub.id, 1);
    const t0 = Date.now();
    await deliverDue(ctx.platform, new Date(t0), { timeoutMs: 300 });
    const [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastStatus: null, lastError: 'timeout after 300 ms' });
    await deliverDue(ctx.platform, new Date(t0 + MINUTE), { timeoutMs: 300 });
    expect((await deliveries(sub.id))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('sends each delivery once when several rounds claim at the same time', async () => {
    const r = await receiver();
    const sub = await subscribe({ url: r.url(), topics: ['case.create'], unitCode: '500103003' });
    for (let i = 0; i < 4; i++) await report();
    await awaitDeliveries(sub.id, 4);
    const counts = await Promise.all([0, 1, 2].map(() => deliverDue(ctx.platform, new Date(), { batch: 2 })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(r.requests).toHaveLength(4);
    expect(new Set(r.requests.map((q) => q.headers['x-chengyun-delivery'])).size).toBe(4);
    expect((await deliveries(sub.id)).every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('validates input, keeps the routes to administrators and audits changes', async () => {
    const admin = await ctx.as('admin');
    const post = (payload: Record<string, unknown>, headers = admin) => ctx.app.inject({ method: 'POST', url: '/api/webhooks', headers, payload });
    const bad = await post({ name: 'x', url: 'ftp://example.com/hook' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.url');
    expect((await post({ name: 'x', url: 'http://127.0.0.1/h', topics: ['unit.'] })).statusCode).toBe(400);
    expect((await post({ name: 'x', url: 'http://127.0.0.1/h', unitCode: 'NOPE' })).statusCode).toBe(422);
    expect((await post({ name: 'x', url: 'http://127.0.0.1/h', extra: 1 })).statusCode).toBe(400);
    expect((await post({ name: 'x', url: 'http://127.0.0.1/h' }, await ctx.as('jfb_op'))).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/api/webhooks', headers: await ctx.as('commander') })).statusCode).toBe(403);

    const sub = await subscribe({ url: 'http://127.0.0.1:9/h', format: 'wecom' });
    expect(sub.hasSecret).toBe(false);
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/webhooks/${sub.id}`, headers: admin, payload: { format: 'json', topics: ['case.dispatch', 'case.close'] } });
    expect(patched.statusCode, patched.body).toBe(200);
    // Turning into JSON gives it a signing secret, shown in this answer.
    expect(patched.json()).toMatchObject({ format: 'json', hasSecret: true, topics: ['case.dispatch', 'case.close'] });
    expect(patched.json().secret).toMatch(/^whsec_/);
    const [audit] = await queryRows<{ action: string; detail: Record<string, unknown> }>(ctx.platform.database.db,
      sql`SELECT action, detail FROM audit_log WHERE target_id = ${sub.id} AND action = 'webhook.update'`);
    expect(audit!.detail).toMatchObject({ changed: ['format', 'topics'], secretChanged: true });
    expect(JSON.stringify(audit!.detail)).not.toContain('whsec_');

    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/webhooks', '/api/webhooks/{id}', '/api/webhooks/{id}/deliveries', '/api/webhooks/{id}/test']));

    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/webhooks/${sub.id}`, headers: admin });
    expect(del.statusCode).toBe(204);
    expect((await ctx.app.inject({ url: `/api/webhooks/${sub.id}/deliveries`, headers: admin })).statusCode).toBe(404);
  });
});
