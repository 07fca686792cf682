import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
let key: string;
let clientId: string;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

// A point in 莲花池社区第1网格 (解放碑街道), where grid_lhc01 works.
const JFB = { lng: 106.576478, lat: 29.561311 };
const V2 = '/open311/v2';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Minimal well-formedness: declaration, properly nested tags, text with only the five entities. */
function expectWellFormedXml(xml: string, root: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('\n') + 1);
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = token.exec(body))) {
    end = token.lastIndex;
    const [, close, name, selfClose, text] = m;
    if (text !== undefined) {
      expect(stack.length, 'text outside the root').toBeGreaterThan(0);
      expect(text, 'unescaped text').toMatch(/^([^&<>]|&(lt|gt|amp|quot|apos);)*$/);
    } else if (close) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
    } else if (!selfClose) {
      if (stack.length === 0) expect(name).toBe(root);
      stack.push(name!);
    }
  }
  expect(end, 'unparsable markup').toBe(body.length);
  expect(stack).toEqual([]);
}

const xmlText = (xml: string, tag: string) => xml.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];

async function post(payload: string | Record<string, unknown>, headers: Record<string, string> = {}, format = 'json') {
  return ctx.app.inject({
    method: 'POST', url: `${V2}/requests.${format}`, payload,
    headers: typeof payload === 'string' ? { ...FORM, ...headers } : headers,
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({ url: `${V2}/${url}`, headers });
  return { status: res.statusCode, body: res.json(), raw: res.body };
}

async function act(id: string, path: string, user: string, payload: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/cases/${id}/${path}`, headers: await ctx.as(user), payload });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
}

async function caseIdOf(ref: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(ctx.platform.database.db, sql`SELECT id FROM work_items WHERE ref = ${ref}`);
  return row!.id;
}

describe('Open311 client keys', () => {
  it('lets an administrator create a client and shows its key once', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/open311/clients', headers: await ctx.as('admin'), payload: { name: '市民通 App' } });
    expect(res.statusCode, res.body).toBe(201);
    key = res.json().key;
    clientId = res.json().id;
    expect(key).toMatch(/^o311_[A-Za-z0-9_-]{40,}$/);
    const list = await ctx.app.inject({ url: '/api/open311/clients', headers: await ctx.as('admin') });
    expect(list.json().items[0]).toMatchObject({ id: clientId, name: '市民通 App', revokedAt: null });
    expect(list.body).not.toContain(key);
    const [stored] = await queryRows<{ key_hash: string }>(ctx.platform.database.db, sql`SELECT key_hash FROM open311_clients WHERE id = ${clientId}`);
    expect(stored!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('refuses others and a second live client of the same name', async () => {
    const grid = await ctx.app.inject({ method: 'POST', url: '/api/open311/clients', headers: await ctx.as('grid_lhc01'), payload: { name: 'x' } });
    expect(grid.statusCode).toBe(403);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/open311/clients', headers: await ctx.as('admin'), payload: { name: '市民通 App' } });
    expect(again.statusCode).toBe(409);
  });
});

describe('Open311 discovery and services', () => {
  it('describes the endpoint in JSON and XML', async () => {
    const json = await getJson('discovery.json');
    expect(json.status).toBe(200);
    expect(json.body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json', 'text/xml'],
    });
    expect(json.body.endpoints[0].url).toMatch(/\/open311\/v2$/);
    expect(json.body.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const xml = await ctx.app.inject({ url: `${V2}/discovery.xml` });
    expect(xml.headers['content-type']).toContain('text/xml');
    expectWellFormedXml(xml.body, 'discovery');
    expect(xml.body).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');
  });

  it('is documented in the OpenAPI description', async () => {
    const res = await ctx.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining([
      '/open311/v2/services.json', '/open311/v2/requests.xml', '/open311/v2/requests/{service_request_id}.json', '/api/open311/clients',
    ]));
  });

  it('lists the active categories as services, grouped by major class', async () => {
    const { status, body } = await getJson('services.json');
    expect(status).toBe(200);
    const e0101 = body.find((s: { service_code: string }) => s.service_code === 'E0101');
    expect(e0101).toMatchObject({ metadata: false, type: 'realtime' });
    expect(e0101.service_name).toBeTruthy();
    expect(e0101.group).toBeTruthy();
    expect(e0101.keywords).toContain(e0101.service_name);
    const en = await getJson('services.json', { 'accept-language': 'en' });
    expect(en.body.find((s: { service_code: string }) => s.service_code === 'E0101').description).toMatch(/^Event: /);
    const xml = await ctx.app.inject({ url: `${V2}/services.xml` });
    expectWellFormedXml(xml.body, 'services');
    expect(xml.body).toContain('<service_code>E0101</service_code>');
    expect(xml.body.match(/<service>/g)).toHaveLength(body.length);
  });

  it('gives a service definition (no attributes) and 404 for an unknown code', async () => {
    expect((await getJson('services/E0101.json')).body).toEqual({ service_code: 'E0101', attributes: [] });
    const xml = await ctx.app.inject({ url: `${V2}/services/E0101.xml` });
    expectWellFormedXml(xml.body, 'service_definition');
    expect(xml.body).toContain('<attributes></attributes>');
    const unknown = await getJson('services/E9999.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: '未知的服务代码：E9999' }]);
    const unknownXml = await ctx.app.inject({ url: `${V2}/services/E9999.xml` });
    expect(unknownXml.statusCode).toBe(404);
    expectWellFormedXml(unknownXml.body, 'errors');
    expect(xmlText(unknownXml.body, 'code')).toBe('404');
  });
});

describe('Open311 service requests round trip', () => {
  let formRef: string;
  let formToken: string;
  let jsonRef: string;

  it('takes a form-encoded request and creates a case on channel open311', async () => {
    const res = await post(form({
      api_key: key, service_code: 'E0101', lat: String(JFB.lat), long: String(JFB.lng), address_string: '民族路 1 号',
      description: '垃圾 <b>堆积</b> & "很多" \'三天\'', email: 'citizen@example.cn', first_name: '小明', last_name: '王',
      phone: '13800138000', media_url: 'https://img.example.cn/a.jpg', device_id: 'dev-1', account_id: 'acc-9',
    }));
    expect(res.statusCode, res.body).toBe(201);
    const [r] = res.json();
    expect(r.service_request_id).toMatch(/^AJ\d{14}$/);
    expect(r.account_id).toBe('acc-9');
    expect(r.service_notice).toContain(r.service_request_id);
    formRef = r.service_request_id;
    formToken = r.token;
    const [kase] = await queryRows<{ channel: string; reporter_name: string; reporter_phone: string; description: string; address: string }>(
      ctx.platform.database.db, sql`SELECT channel, reporter_name, reporter_phone, description, address FROM cases WHERE id = ${await caseIdOf(formRef)}`);
    expect(kase).toEqual({ channel: 'open311', reporter_name: '王小明', reporter_phone: '13800138000', description: '垃圾 <b>堆积</b> & "很多" \'三天\'', address: '民族路 1 号' });
    const [timeline] = await queryRows<{ actor_name: string }>(ctx.platform.database.db,
      sql`SELECT actor_name FROM work_item_timeline WHERE item_id = ${await caseIdOf(formRef)} ORDER BY id LIMIT 1`);
    expect(timeline!.actor_name).toBe('市民通 App');
  });

  it('takes a JSON request too and answers in XML when asked', async () => {
    const res = await post({ api_key: key, service_code: 'E0101', lat: JFB.lat, long: JFB.lng, description: '路灯不亮', first_name: 'Li', last_name: 'Lei' }, {}, 'xml');
    expect(res.statusCode, res.body).toBe(201);
    expectWellFormedXml(res.body, 'service_requests');
    jsonRef = xmlText(res.body, 'service_request_id')!;
    expect(jsonRef).toMatch(/^AJ\d{14}$/);
    const [kase] = await queryRows<{ reporter_name: string }>(ctx.platform.database.db, sql`SELECT reporter_name FROM cases WHERE id = ${await caseIdOf(jsonRef)}`);
    expect(kase!.reporter_name).toBe('Li Lei');
  });

  it('resolves the token and shows the request open, without personal data', async () => {
    expect((await getJson(`tokens/${formToken}.json`)).body).toEqual([{ service_request_id: formRef, token: formToken }]);
    expect((await getJson('tokens/no-such-token.json')).status).toBe(404);
    const { status, body, raw } = await getJson(`requests/${formRef}.json`);
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      service_request_id: formRef, status: 'open', service_code: 'E0101', address: '民族路 1 号', lat: JFB.lat, long: JFB.lng,
      media_url: 'https://img.example.cn/a.jpg', description: '垃圾 <b>堆积</b> & "很多" \'三天\'',
    });
    expect(body[0].requested_datetime).toMatch(/\+08:00$/);
    expect(body[0].expected_datetime).toMatch(/\+08:00$/);
    for (const secret of ['13800138000', '王小明', 'citizen@example.cn', 'dev-1', 'acc-9']) expect(raw).not.toContain(secret);
    const xml = await ctx.app.inject({ url: `${V2}/requests/${formRef}.xml` });
    expectWellFormedXml(xml.body, 'service_requests');
    expect(xml.body).toContain('<description>垃圾 &lt;b&gt;堆积&lt;/b&gt; &amp; &quot;很多&quot; &apos;三天&apos;</description>');
    expect((await getJson('requests/AJ20000101999999.json')).status).toBe(404);
  });

  it('follows the case to closed, with the last note as status_notes', async () => {
    const id = await caseIdOf(formRef);
    await act(id, 'register', 'jfb_op');
    await act(id, 'dispatch', 'jfb_op');
    await act(id, 'accept', 'cgj_handler');
    const dispatched = (await getJson(`requests/${formRef}.json`)).body[0];
    expect(dispatched.status).toBe('open');
    expect(dispatched.agency_responsible).toBeTruthy();
    await act(id, 'handle', 'cgj_handler', { note: '已清运' });
    await act(id, 'verify', 'grid_lhc01', { note: '现场已清理' });
    await act(id, 'close', 'jfb_op', { note: '已结案，感谢反馈（回访 13912345678）' });
    const closed = (await getJson(`requests/${formRef}.json`)).body[0];
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已结案，感谢反馈（回访 139****5678）', agency_responsible: dispatched.agency_responsible });
    expect(closed.expected_datetime).toBeNull();
    expect(new Date(closed.updated_datetime).getTime()).toBeGreaterThanOrEqual(new Date(closed.requested_datetime).getTime());
  });

  it('filters by id list, status, service code and dates', async () => {
    const refsOf = async (q: string) => ((await getJson(`requests.json?${q}`)).body as Array<{ service_request_id: string }>).map((r) => r.service_request_id);
    expect((await refsOf(`service_request_id=${formRef},${jsonRef}&status=open`)).sort()).toEqual([formRef, jsonRef].sort());
    const closed = await refsOf('status=closed');
    expect(closed).toContain(formRef);
    expect(closed).not.toContain(jsonRef);
    const open = await refsOf('status=open');
    expect(open).toContain(jsonRef);
    expect(open).not.toContain(formRef);
    expect(await refsOf('service_code=E0101')).toEqual(expect.arrayContaining([formRef, jsonRef]));
    expect(await refsOf('service_code=C0101')).not.toContain(formRef);
    const day = 86_400_000;
    expect(await refsOf(`start_date=${new Date(Date.now() + day).toISOString()}`)).toEqual([]);
    expect(await refsOf(`end_date=${new Date(Date.now() - day).toISOString()}`)).toEqual([]);
    const window = `start_date=${encodeURIComponent(new Date(Date.now() - day).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() + day).toISOString())}`;
    expect(await refsOf(window)).toEqual(expect.arrayContaining([formRef, jsonRef]));
    const backwards = await getJson(`requests.json?start_date=2026-02-01&end_date=2026-01-01`);
    expect(backwards.status).toBe(400);
    expect((await getJson('requests.json?start_date=yesterday')).status).toBe(400);
    const xml = await ctx.app.inject({ url: `${V2}/requests.xml?status=closed` });
    expectWellFormedXml(xml.body, 'service_requests');
    expect(xml.body).toContain(`<service_request_id>${formRef}</service_request_id>`);
  });
});

describe('Open311 errors', () => {
  const good = () => ({ api_key: key, service_code: 'E0101', lat: String(JFB.lat), long: String(JFB.lng), description: '测试' });
  const count = async () => (await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM cases`))[0]!.n;

  it('answers in the GeoReport error format with the right status, writing nothing', async () => {
    const before = await count();
    const badKey = await post(form({ ...good(), api_key: 'o311_wrong' }));
    expect(badKey.statusCode).toBe(403);
    expect(badKey.json()).toEqual([{ code: 403, description: 'api_key 无效或已停用' }]);
    const noKey = await post(form({ ...good(), api_key: '' }));
    expect(noKey.statusCode).toBe(403);
    const unknown = await post(form({ ...good(), service_code: 'E9999' }));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()[0].code).toBe(404);
    const { lat: _lat, long: _long, ...noPlace } = good();
    const missing = await post(form(noPlace));
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual([{ code: 400, description: 'lat 和 long 为必填项（暂不支持仅凭地址定位）' }]);
    const missingEn = await post(form(noPlace), { 'accept-language': 'en' });
    expect(missingEn.json()[0].description).toBe('lat and long are required (locating by address alone is not supported)');
    const outside = await post(form({ ...good(), lat: '39.9', long: '116.4' }), { 'accept-language': 'en' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()[0].description).toContain('outside Yuzhong District');
    const badEmail = await post(form({ ...good(), email: 'not-an-email' }));
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json()[0].description).toContain('email');
    const unknownField = await post({ ...good(), favourite_colour: 'blue' });
    expect(unknownField.statusCode).toBe(400);
    const xml = await post(form({ ...good(), api_key: 'o311_wrong' }), {}, 'xml');
    expect(xml.statusCode).toBe(403);
    expectWellFormedXml(xml.body, 'errors');
    expect(xmlText(xml.body, 'code')).toBe('403');
    const endpoint = await ctx.app.inject({ url: `${V2}/nothing.json` });
    expect(endpoint.statusCode).toBe(404);
    expect(endpoint.json()[0].code).toBe(404);
    expect(await count()).toBe(before);
  });

  it('stops accepting a key once its client is revoked', async () => {
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/open311/clients/${clientId}`, headers: await ctx.as('admin') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().revokedAt).not.toBeNull();
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/open311/clients/${clientId}`, headers: await ctx.as('admin') })).statusCode).toBe(409);
    expect((await post(form(good()))).statusCode).toBe(403);
  });
});
