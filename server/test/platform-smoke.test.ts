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

describe('OpenAPI', () => {
  it('documents every declared API route at /api/openapi.json', async () => {
    const res = await ctx.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/units', '/api/stream', '/api/health']));
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    expect((await ctx.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });
});
