import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, errorOf, login, type Headers } from './http-helpers.js';

// Sign-in, sessions and tokens over HTTP. Accounts that get locked, disabled or re-localised are created
// here, so the seeded ones stay usable for the rest of the file.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const PASSWORD = 'password123';
const signIn = (username: string, password: string, headers: Headers = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username, password } });
const me = (headers: Headers) => ctx.app.inject({ url: '/api/auth/me', headers });
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

describe('sign-in', () => {
  it('sets an httpOnly session cookie that authenticates by itself', async () => {
    const res = await signIn('jfb_op', 'demo123');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cy_session')!;
    expect(cookie).toMatchObject({ value: res.json().token, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(new Date(cookie.expires!).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    const who = await me({ cookie: `cy_session=${cookie.value}` });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ username: 'jfb_op', grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    expect(who.json().permissions).toEqual(expect.arrayContaining(['unit:read', 'user:read']));
    expect(who.json().permissions).not.toContain('unit:manage');
  });

  it.each([
    ['a wrong password', 'jfb_op', 'wrong-password'],
    ['an unknown user', 'no_such_user', 'demo123'],
    ['a username in another case', 'JFB_OP', 'demo123'],
  ])('refuses %s with the same 401 INVALID_CREDENTIALS', async (_label, username, password) => {
    const res = await signIn(username, password);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res)).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(res.cookies).toEqual([]);
  });

  it('locks the account after 5 wrong passwords, even against the right one', async () => {
    await createUser(ctx, { username: 'lock_me', password: PASSWORD, grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    for (let i = 1; i <= 5; i++) {
      const res = await signIn('lock_me', `wrong-${i}`);
      expect([i, res.statusCode]).toEqual([i, 401]);
    }
    const locked = await signIn('lock_me', PASSWORD);
    expect(locked.statusCode).toBe(423);
    const err = errorOf(locked);
    expect(err.code).toBe('ACCOUNT_LOCKED');
    const until = new Date(String(err.params!.until)).getTime();
    expect(until).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(err.message).toContain(String(err.params!.until));
  });

  it('an expired lock starts the count afresh: one more typo does not lock the account again', async () => {
    await createUser(ctx, { username: 'relock', password: PASSWORD, grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    for (let i = 0; i < 5; i++) await signIn('relock', 'wrong');
    expect((await signIn('relock', PASSWORD)).statusCode).toBe(423);
    // Fifteen minutes later, as far as the account is concerned.
    await ctx.platform.database.db.execute(sql`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'relock'`);
    expect((await signIn('relock', 'typo')).statusCode).toBe(401);
    expect((await signIn('relock', PASSWORD)).statusCode).toBe(200);
  });

  it('forgives earlier failures after a successful sign-in', async () => {
    await createUser(ctx, { username: 'forgiven', password: PASSWORD, grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    for (let i = 0; i < 4; i++) expect((await signIn('forgiven', 'nope')).statusCode).toBe(401);
    expect((await signIn('forgiven', PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn('forgiven', 'nope')).statusCode).toBe(401);
    expect((await signIn('forgiven', PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts per client: the 4th within a minute → 429', async () => {
    const limited = await createTestContext({ LOGIN_RATE_PER_MINUTE: '3' });
    try {
      const attempt = (headers: Headers = {}) => limited.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username: 'jfb_op', password: 'demo123' } });
      expect((await attempt()).statusCode).toBe(200);
      expect((await attempt()).statusCode).toBe(200);
      expect((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jfb_op', password: 'bad' } })).statusCode).toBe(401);
      const fourth = await attempt({ 'accept-language': 'en' });
      expect(fourth.statusCode).toBe(429);
      // The window started with the first attempt: on a loaded machine a second or two of it may be gone.
      const retryAfter = Number(fourth.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(50);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(errorOf(fourth)).toMatchObject({ code: 'RATE_LIMITED', params: { retryAfter } });
      expect(errorOf(fourth).message).toBe(`Too many requests; try again in ${retryAfter} s`);
      // Only sign-in is limited: the rest of the API still answers.
      expect((await limited.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('sessions end', () => {
  it('logout revokes the session: the same token and cookie then get 401', async () => {
    const res = await signIn('qxg_op', 'demo123');
    const token = res.json().token as string;
    expect((await me(bearer(token))).statusCode).toBe(200);
    expect((await me({ cookie: `cy_session=${token}` })).statusCode).toBe(200);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'cy_session')?.value).toBe('');
    for (const headers of [bearer(token), { cookie: `cy_session=${token}` }]) {
      const after = await me(headers);
      expect(after.statusCode).toBe(401);
      expect(errorOf(after).code).toBe('UNAUTHENTICATED');
    }
    // Other sessions of the same user live on.
    expect((await me(await ctx.as('qxg_op'))).statusCode).toBe(200);
  });

  it('a disabled user can no longer use an existing session or token', async () => {
    const id = await createUser(ctx, { username: 'to_disable', password: PASSWORD, grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    const session = await login(ctx, 'to_disable', PASSWORD);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: session, payload: { name: 'script' } });
    const api = bearer(created.json().token);
    // Warm the server's session cache, so the test proves it is dropped rather than merely never filled.
    expect((await me(session)).statusCode).toBe(200);
    expect((await me(api)).statusCode).toBe(200);

    const admin = await ctx.as('admin');
    const patch = (status: string) => ctx.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: admin, payload: { status } });
    expect((await patch('disabled')).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(401);
    expect((await me(api)).statusCode).toBe(401);
    const again = await signIn('to_disable', PASSWORD);
    expect(again.statusCode).toBe(403);
    expect(errorOf(again).code).toBe('ACCOUNT_DISABLED');

    expect((await patch('active')).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(200);
  });

  it('a change of roles applies to an existing session at once', async () => {
    const id = await createUser(ctx, { username: 'moved', password: PASSWORD, grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    const h = await login(ctx, 'moved', PASSWORD);
    expect((await ctx.app.inject({ url: '/api/units/500103003', headers: h })).statusCode).toBe(200);
    const res = await ctx.app.inject({
      method: 'PATCH', url: `/api/users/${id}`, headers: await ctx.as('admin'),
      payload: { grants: [{ role: 'street_operator', unitCode: '500103001' }] },
    });
    expect(res.statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/units/500103003', headers: h })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/units/500103001', headers: h })).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('are created once, used as bearer, listed without the secret, and revoked', async () => {
    const h = await ctx.as('cgj_handler');
    const created = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: h, payload: { name: '城管对接', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { id, token, expiresAt } = created.json() as { id: string; token: string; expiresAt: string };
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(token).toMatch(/^cy_[A-Za-z0-9_-]{40,}$/);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const used = await ctx.app.inject({ url: '/api/units/D-CGJ', headers: bearer(token) });
    expect(used.statusCode).toBe(200);
    expect((await me(bearer(token))).json().username).toBe('cgj_handler');

    const list = await ctx.app.inject({ url: '/api/auth/tokens', headers: h });
    expect(list.json().items).toEqual([{ id, name: '城管对接', createdAt: expect.any(String), expiresAt, revokedAt: null }]);
    expect(list.body).not.toContain(token);

    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: h })).statusCode).toBe(204);
    const after = await ctx.app.inject({ url: '/api/units/D-CGJ', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    const listed = (await ctx.app.inject({ url: '/api/auth/tokens', headers: h })).json().items;
    expect(listed[0].revokedAt).toEqual(expect.any(String));
    const twice = await ctx.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: h });
    expect(twice.statusCode).toBe(404);
    expect(errorOf(twice).code).toBe('NOT_FOUND');
    // The web session that made the token is untouched.
    expect((await me(h)).statusCode).toBe(200);
  });

  it('a token holds no more than its owner', async () => {
    const h = await ctx.as('jfb_op');
    const { token } = (await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: h, payload: { name: 'ro' } })).json();
    expect((await ctx.app.inject({ url: '/api/units/500103001', headers: bearer(token) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/audit', headers: bearer(token) })).statusCode).toBe(403);
  });
});

describe('remembered language', () => {
  it('PUT /api/auth/me/locale makes later errors English without any header', async () => {
    await createUser(ctx, { username: 'english', password: PASSWORD, grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    const h = await login(ctx, 'english', PASSWORD);
    const missing = () => ctx.app.inject({ url: '/api/units/NO-SUCH', headers: h });
    expect(errorOf(await missing()).message).toBe('未找到单位');

    const put = await ctx.app.inject({ method: 'PUT', url: '/api/auth/me/locale', headers: h, payload: { locale: 'en' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().locale).toBe('en');

    expect(errorOf(await missing()).message).toBe('Unit not found');
    expect((await me(h)).json().locale).toBe('en');
    // A new sign-in remembers it too; an explicit x-locale still wins for one request.
    const fresh = await login(ctx, 'english', PASSWORD);
    expect(errorOf(await ctx.app.inject({ url: '/api/units/NO-SUCH', headers: fresh })).message).toBe('Unit not found');
    expect(errorOf(await ctx.app.inject({ url: '/api/units/NO-SUCH', headers: { ...fresh, 'x-locale': 'zh-CN' } })).message).toBe('未找到单位');
    // The faces send the language they show; /me still reports the saved one, so a reload restores English.
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: { ...fresh, 'x-locale': 'zh-CN' } })).json().locale).toBe('en');
  });

  it('refuses a language it does not have', async () => {
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/auth/me/locale', headers: await ctx.as('leader'), payload: { locale: 'fr' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields![0]!.field).toBe('body.locale');
  });
});
