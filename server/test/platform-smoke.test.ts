import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe('platform smoke', () => {
  it('reports health of database and bus', async () => {
    const res = await ctx.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().db.ok).toBe(true);
  });
  it('logs in and lists the 11 streets', async () => {
    const h = await ctx.as('admin');
    const res = await ctx.app.inject({ url: '/api/units?kind=street', headers: h });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(11);
  });
});
