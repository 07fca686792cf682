import { afterAll, beforeAll, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';
import { openDatabase } from '../src/platform/db/database.js';
import { sql } from 'drizzle-orm';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx?.close());

it('probe', async () => {
  const show = (label: string, r: { statusCode: number; body: string; headers: unknown }) => console.log(label, r.statusCode, r.body.slice(0, 300));
  try { await ctx.platform.database.db.execute(sql`SELECT * FROM users WHERE username = ${'a\u0000b'}`); } catch (e) { console.log('nul err', (e as any).code, (e as any).message, Object.keys(e as any)); }
  const h = await ctx.as('jfb_op');
  show('me', await ctx.app.inject({ url: '/api/auth/me', headers: h }));
  show('logout', await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h }));
  show('me after', await ctx.app.inject({ url: '/api/auth/me', headers: h }));
  const a = await ctx.as('admin');
  const tok = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: a, payload: { name: 't' } });
  show('tok', tok);
  const th = { authorization: `Bearer ${tok.json().token}` };
  show('use', await ctx.app.inject({ url: '/api/auth/me', headers: th }));
  show('list', await ctx.app.inject({ url: '/api/auth/tokens', headers: a }));
  show('revoke', await ctx.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${tok.json().id}`, headers: a }));
  show('use after', await ctx.app.inject({ url: '/api/auth/me', headers: th }));
  show('audit', await ctx.app.inject({ url: '/api/audit?limit=5', headers: a }));
  show('users q', await ctx.app.inject({ url: '/api/users?q=%00', headers: a }));
  show('verify', await ctx.app.inject({ method: 'POST', url: '/api/audit/verify', headers: a }));
  console.log(ctx.app.routeTable);
});
