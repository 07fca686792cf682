import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditHead } from '../src/platform/audit/audit-repository.js';
import { createTestContext, type TestContext } from './harness.js';
import { errorOf, userIds, type Headers } from './http-helpers.js';

// Every failure is a typed error body in the caller's language, never a 500, and never a partial write.
let ctx: TestContext;
beforeAll(async () => {
  // A small body limit, so the 413 case needs no megabyte payload; every other request here is far below it.
  ctx = await createTestContext({ BODY_LIMIT_BYTES: '1024' });
});
afterAll(async () => ctx?.close());

const LOGIN = { method: 'POST', url: '/api/auth/login' } as const;
const json = { 'content-type': 'application/json' };

describe('malformed requests', () => {
  it.each([
    ['a truncated object', '{"username":'],
    ['a trailing comma', '{"username":"a","password":"b",}'],
    ['single quotes', "{'username':'a'}"],
    ['an empty body', ''],
    ['a prototype-poisoning key', '{"__proto__":{"admin":true},"username":"a","password":"b"}'],
  ])('%s → 400 MALFORMED_JSON', async (_label, payload) => {
    const res = await ctx.app.inject({ ...LOGIN, headers: json, payload });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON' });
  });

  it('wrong types → 400 VALIDATION_FAILED naming each field', async () => {
    const res = await ctx.app.inject({ ...LOGIN, payload: { username: 123, password: ['x'] } });
    expect(res.statusCode).toBe(400);
    const err = errorOf(res);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fields!.map((f) => [f.field, f.code])).toEqual([['body.username', 'invalid_type'], ['body.password', 'invalid_type']]);
    expect(err.fields![0]!.message).toMatch(/string/);
  });

  it('nested fields are named by their full path', async () => {
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/users', headers: await ctx.as('admin'),
      payload: { username: 'nested', displayName: 'n', password: 'password123', grants: [{ role: 'street_operator', unitCode: '500103003' }, { role: 'wizard', unitCode: 5 }] },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields!.map((f) => f.field)).toEqual(['body.grants.1.role', 'body.grants.1.unitCode']);
  });

  it('a missing field is reported as required', async () => {
    const res = await ctx.app.inject({ ...LOGIN, payload: { username: 'a' } });
    expect(errorOf(res).fields).toEqual([{ field: 'body.password', code: 'invalid_type', message: '必填' }]);
  });

  it.each([
    ['body', () => ctx.app.inject({ ...LOGIN, payload: { username: 'a', password: 'b', role: 'admin', sudo: true } }), 'body', ['role', 'sudo']],
    ['query', async () => ctx.app.inject({ url: '/api/units?kind=street&debug=1', headers: await ctx.as('admin') }), 'query', ['debug']],
    ['grant', async () => ctx.app.inject({
      method: 'POST', url: '/api/users', headers: await ctx.as('admin'),
      payload: { username: 'extra_key', displayName: 'e', password: 'password123', grants: [{ role: 'street_operator', unitCode: '500103003', scope: '/' }] },
    }), 'body.grants.0', ['scope']],
  ])('unknown %s fields → 400 listing the keys', async (_label, send, field, keys) => {
    const res = await send();
    expect(res.statusCode).toBe(400);
    const issue = errorOf(res).fields!.find((f) => f.code === 'unrecognized_keys')!;
    expect(issue.field).toBe(field);
    for (const k of keys) expect(issue.message).toContain(k);
    expect(issue.message).toContain('不允许的字段');
  });

  it('a wrong path or query type names query.* and params.*', async () => {
    const h = await ctx.as('admin');
    const q = await ctx.app.inject({ url: '/api/units?limit=many', headers: h });
    expect(errorOf(q).fields!.map((f) => f.field)).toEqual(['query.limit']);
    const p = await ctx.app.inject({ url: '/api/users/not-a-uuid', headers: h });
    expect(errorOf(p).fields!.map((f) => f.field)).toEqual(['params.id']);
  });

  it('a body over BODY_LIMIT_BYTES → 413 naming the limit', async () => {
    const res = await ctx.app.inject({ ...LOGIN, payload: { username: 'a', password: 'x'.repeat(2000) } });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res)).toMatchObject({ code: 'BODY_TOO_LARGE', message: '请求内容过大（上限 1024 字节）' });
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded', 'image/png'])('content type %s → 415 naming it', async (type) => {
    const res = await ctx.app.inject({ ...LOGIN, headers: { 'content-type': type }, payload: 'username=a&password=b' });
    expect(res.statusCode).toBe(415);
    expect(errorOf(res)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `不支持的内容类型：${type}` });
  });

  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api/units/500103/children'],
    ['DELETE', '/api/units'],
    ['POST', '/api/health'],
  ] as const)('unknown route %s %s → 404 ROUTE_NOT_FOUND', async (method, url) => {
    const res = await ctx.app.inject({ method, url: `${url}?secret=1` });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({
      code: 'ROUTE_NOT_FOUND', message: `接口不存在：${method} ${url}`, params: { method, url },
    });
  });

  it('every error carries the request id, the caller\'s own when it sent one', async () => {
    const res = await ctx.app.inject({ url: '/api/nope', headers: { 'x-request-id': 'trace-42' } });
    expect(errorOf(res)).toMatchObject({ requestId: 'trace-42' });
    const own = await ctx.app.inject({ url: '/api/nope' });
    expect(errorOf(own).requestId).toMatch(/\S/);
  });
});

describe('language of error messages', () => {
  const bad = (headers: Headers) => ctx.app.inject({ ...LOGIN, headers, payload: { username: 'a' } });

  it.each([
    ['no preference', 'zh-CN', {}],
    ['Accept-Language: en', 'en', { 'accept-language': 'en' }],
    ['Accept-Language: en-US with weights', 'en', { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' }],
    ['Accept-Language: zh-TW first', 'zh-CN', { 'accept-language': 'zh-TW,en;q=0.8' }],
    ['Accept-Language: fr only', 'zh-CN', { 'accept-language': 'fr-FR' }],
    ['x-locale: en', 'en', { 'x-locale': 'en' }],
    ['x-locale: zh-CN over Accept-Language: en', 'zh-CN', { 'x-locale': 'zh-CN', 'accept-language': 'en' }],
    ['x-locale: en over Accept-Language: zh', 'en', { 'x-locale': 'en', 'accept-language': 'zh-CN' }],
  ] as const)('%s → %s', async (_label, locale, headers) => {
    const err = errorOf(await bad(headers));
    if (locale === 'en') {
      expect(err.message).toBe('The request has invalid fields; see the details');
      expect(err.fields![0]!.message).toBe('Required');
    } else {
      expect(err.message).toBe('请求参数有误，请检查标注的字段');
      expect(err.fields![0]!.message).toBe('必填');
    }
  });

  it.each([
    ['unknown route', () => ctx.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en' } }), 'No such endpoint: GET /api/nope'],
    ['sign-in needed', () => ctx.app.inject({ url: '/api/users', headers: { 'accept-language': 'en' } }), 'Please sign in first'],
    ['malformed JSON', () => ctx.app.inject({ ...LOGIN, headers: { ...json, 'x-locale': 'en' }, payload: '{' }), 'The request body is not valid JSON'],
    ['body too large', () => ctx.app.inject({ ...LOGIN, headers: { 'x-locale': 'en' }, payload: { username: 'a', password: 'x'.repeat(2000) } }), 'The request body is too large (limit 1024 bytes)'],
    ['wrong password', () => ctx.app.inject({ ...LOGIN, headers: { 'accept-language': 'en' }, payload: { username: 'nobody', password: 'x' } }), 'Wrong username or password'],
    ['not found', async () => ctx.app.inject({ url: '/api/units/NO-SUCH', headers: { ...await ctx.as('admin'), 'x-locale': 'en' } }), 'Unit not found'],
    ['forbidden', async () => ctx.app.inject({ url: '/api/audit', headers: { ...await ctx.as('jfb_op'), 'x-locale': 'en' } }), 'You are not allowed to do this'],
  ])('%s in English', async (_label, send, message) => {
    expect(errorOf(await send()).message).toBe(message);
  });
});

describe('never a 500', () => {
  // Hostile or odd input must come back as a typed 4xx; a 500 means an unhandled path.
  it.each([
    ['a NUL character in a login name', () => ctx.app.inject({ ...LOGIN, payload: { username: 'adm\u0000in', password: 'x' } })],
    ['a NUL character in a search', async () => ctx.app.inject({ url: '/api/users?q=%00', headers: await ctx.as('admin') })],
    ['a NUL character in a user name', async () => ctx.app.inject({
      method: 'POST', url: '/api/users', headers: await ctx.as('admin'),
      payload: { username: 'nul_name', displayName: 'a\u0000b', password: 'password123', grants: [{ role: 'street_operator', unitCode: '500103003' }] },
    })],
    ['the same grant twice', async () => ctx.app.inject({
      method: 'POST', url: '/api/users', headers: await ctx.as('admin'),
      payload: { username: 'dup_grant', displayName: 'd', password: 'password123', grants: [{ role: 'street_operator', unitCode: '500103003' }, { role: 'street_operator', unitCode: '500103003' }] },
    })],
    ['a huge offset', async () => ctx.app.inject({ url: '/api/units?offset=1e300', headers: await ctx.as('admin') })],
    ['a fractional limit', async () => ctx.app.inject({ url: '/api/units?limit=2.5', headers: await ctx.as('admin') })],
    ['a population beyond integers', async () => ctx.app.inject({ method: 'PATCH', url: '/api/units/500103003', headers: await ctx.as('admin'), payload: { population: 1e300 } })],
    ['a JSON array body', () => ctx.app.inject({ ...LOGIN, headers: json, payload: '[1,2]' })],
    ['a JSON string body', () => ctx.app.inject({ ...LOGIN, headers: json, payload: '"admin"' })],
    ['a JSON null body', () => ctx.app.inject({ ...LOGIN, headers: json, payload: 'null' })],
    ['deeply nested JSON', () => ctx.app.inject({ ...LOGIN, headers: json, payload: `${'['.repeat(400)}${']'.repeat(400)}` })],
    ['a wrong content length', () => ctx.app.inject({ ...LOGIN, headers: { ...json, 'content-length': '3' }, payload: '{"username":"a","password":"b"}' })],
    ['text/plain', () => ctx.app.inject({ ...LOGIN, headers: { 'content-type': 'text/plain' }, payload: 'admin:admin123' })],
    ['a path with a bad unit code', async () => ctx.app.inject({ url: '/api/units/%20%27%3B--', headers: await ctx.as('admin') })],
    ['an out-of-range calendar year', async () => ctx.app.inject({ url: '/api/calendar/99999', headers: await ctx.as('admin') })],
    ['a non-numeric Last-Event-ID', async () => ctx.app.inject({ url: '/api/stream', headers: { ...await ctx.as('admin'), 'last-event-id': 'abc' } })],
    ['an unknown token id to revoke', async () => ctx.app.inject({ method: 'DELETE', url: '/api/auth/tokens/ZZZ', headers: await ctx.as('admin') })],
    ['an empty PATCH', async () => ctx.app.inject({ method: 'PATCH', url: '/api/units/500103003', headers: await ctx.as('admin') })],
  ])('%s', async (_label, send) => {
    const res = await send();
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(errorOf(res).code).toMatch(/^[A-Z_]+$/);
  });

  // Fastify's router answers these itself, before any hook runs; app.ts's `frameworkErrors` gives them our shape.
  it.each([
    ['a path parameter over 100 characters', `/api/units/${'9'.repeat(200)}`, 414],
    ['broken percent-encoding in the path', '/api/units/%E0%A4%A', 400],
  ])('%s → %s from the router', async (_label, url, status) => {
    const res = await ctx.app.inject({ url, headers: await ctx.as('admin') });
    expect(res.statusCode).toBe(status);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
  });

  it('the same grant twice is refused as a conflict, not a crash', async () => {
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/users', headers: await ctx.as('admin'),
      payload: { username: 'dup_grant2', displayName: 'd', password: 'password123', grants: [{ role: 'street_operator', unitCode: '500103003' }, { role: 'street_operator', unitCode: '500103003' }] },
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('ALREADY_EXISTS');
  });
});

describe('a refused write writes nothing', () => {
  const search = async (q: string) => (await ctx.app.inject({ url: `/api/users?q=${q}`, headers: await ctx.as('admin') })).json();
  // The head counts sealed entries: let the sealer link what is committed first (it runs moments after each write).
  const auditEntries = async () => {
    await ctx.platform.sealer.flush();
    return (await readAuditHead(ctx.platform.database.db)).entries;
  };

  it.each([
    ['an unknown unit in the second grant', 'rollback_a', [{ role: 'street_operator', unitCode: '500103003' }, { role: 'street_operator', unitCode: 'NO-SUCH' }], 422],
    ['a role at the wrong kind of unit', 'rollback_b', [{ role: 'street_operator', unitCode: '500103003' }, { role: 'grid_worker', unitCode: '500103' }], 422],
    ['an invalid role', 'rollback_c', [{ role: 'street_operator', unitCode: '500103003' }, { role: 'superuser', unitCode: '500103003' }], 400],
    ['a duplicated grant', 'rollback_d', [{ role: 'street_operator', unitCode: '500103003' }, { role: 'street_operator', unitCode: '500103003' }], 409],
  ])('POST /api/users with %s creates no user and no audit entry', async (_label, username, grants, status) => {
    const before = await auditEntries();
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/users', headers: await ctx.as('admin'),
      payload: { username, displayName: username, password: 'password123', grants },
    });
    expect(res.statusCode).toBe(status);
    expect(await search(username)).toEqual({ items: [], total: 0 });
    expect(await auditEntries()).toBe(before);
  });

  it('PATCH /api/users with a bad grant drops the name change it came with too', async () => {
    const id = (await userIds(ctx)).get('qxg_op')!;
    const h = await ctx.as('admin');
    const res = await ctx.app.inject({
      method: 'PATCH', url: `/api/users/${id}`, headers: h,
      payload: { displayName: '不应保存', grants: [{ role: 'street_operator', unitCode: 'NO-SUCH' }] },
    });
    expect(res.statusCode).toBe(422);
    const after = (await ctx.app.inject({ url: `/api/users/${id}`, headers: h })).json();
    expect(after.displayName).toBe('七星岗街道值班员');
    expect(after.grants.map((g: { unitCode: string }) => g.unitCode)).toEqual(['500103001']);
  });
});
