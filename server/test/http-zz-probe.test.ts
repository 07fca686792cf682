import { afterAll, beforeAll, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext({ LOGIN_RATE_PER_MINUTE: '3' }); });
afterAll(async () => ctx?.close());

it('probe', async () => {
  const show = (label: string, r: { statusCode: number; body: string; headers: unknown }) => console.log(label, r.statusCode, r.body.slice(0, 300));
  show('nul login', await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000b', password: 'x' } }));
  show('415', await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }));
  show('text', await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hi' }));
  show('head users', await ctx.app.inject({ method: 'HEAD', url: '/api/users' }));
  show('unknown', await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'b', extra: 1 } }));
  show('r1', await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'b' } }));
  const r = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'b' } });
  show('r4', r); console.log(r.headers);
});
