import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VIEWS_PER_PAGE } from '../src/modules/saved-views/saved-views-service.js';
import { createTestContext, json, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const save = async (user: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url: '/api/saved-views', headers: await ctx.as(user), payload: payload as object });
const list = async (user: string) =>
  json<{ items: Array<{ id: string; name: string; filters: Record<string, unknown> }> }>(
    await ctx.app.inject({ method: 'GET', url: '/api/saved-views?page=cases', headers: await ctx.as(user) }),
  ).items;

describe('saved views', () => {
  it('saves a named filter set for the signed-in user, and the same name replaces it', async () => {
    const first = await save('district_op', { name: '红灯待派遣', filters: { state: 'registered', warn: 'red' } });
    expect(first.statusCode).toBe(201);
    const created = json(first);
    expect(created).toMatchObject({ page: 'cases', name: '红灯待派遣', filters: { state: 'registered', warn: 'red' } });

    const again = await save('district_op', { page: 'cases', name: '红灯待派遣', filters: { state: 'registered,dispatched', mine: 'true' } });
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ id: created.id, filters: { state: 'registered,dispatched', mine: 'true' } });

    const mine = await list('district_op');
    expect(mine.filter((v) => v.name === '红灯待派遣')).toEqual([expect.objectContaining({ id: created.id })]);
  });

  it('keeps views private: another user neither sees nor deletes them', async () => {
    const res = await save('jfb_op', { name: '解放碑超期', filters: { street: '500103003', warn: 'red' } });
    expect(res.statusCode).toBe(201);
    const { id } = json<{ id: string }>(res);

    expect((await list('qxg_op')).map((v) => v.id)).not.toContain(id);
    expect((await list('district_op')).map((v) => v.id)).not.toContain(id);

    const foreign = await ctx.app.inject({ method: 'DELETE', url: `/api/saved-views/${id}`, headers: await ctx.as('qxg_op') });
    expect(foreign.statusCode).toBe(404);
    expect((await list('jfb_op')).map((v) => v.id)).toContain(id);

    const own = await ctx.app.inject({ method: 'DELETE', url: `/api/saved-views/${id}`, headers: await ctx.as('jfb_op') });
    expect(own.statusCode).toBe(204);
    expect((await list('jfb_op')).map((v) => v.id)).not.toContain(id);
    const twice = await ctx.app.inject({ method: 'DELETE', url: `/api/saved-views/${id}`, headers: await ctx.as('jfb_op') });
    expect(twice.statusCode).toBe(404);
  });

  it('refuses bad input with field messages', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: '', filters: {} }, 'body.name'],
      [{ name: 'x'.repeat(65), filters: {} }, 'body.name'],
      [{ name: 'ok', filters: { state: 'nonsense' } }, 'body.filters.state'],
      [{ name: 'ok', filters: { limit: 5 } }, 'body.filters'],
      [{ name: 'ok', filters: {}, owner: 'someone' }, 'body'],
      [{ name: 'ok', page: 'users', filters: {} }, 'body.page'],
      [{ filters: {} }, 'body.name'],
    ];
    for (const [payload, field] of cases) {
      const res = await save('district_op', payload);
      expect([JSON.stringify(payload), res.statusCode]).toEqual([JSON.stringify(payload), 400]);
      expect(json(res).error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const badId = await ctx.app.inject({ method: 'DELETE', url: '/api/saved-views/not-a-uuid', headers: await ctx.as('district_op') });
    expect(badId.statusCode).toBe(400);
    const badPage = await ctx.app.inject({ method: 'GET', url: '/api/saved-views?page=other', headers: await ctx.as('district_op') });
    expect(badPage.statusCode).toBe(400);
  });

  it('needs a session with case:read', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/saved-views' })).statusCode).toBe(401);
    const citizen = await ctx.app.inject({ method: 'GET', url: '/api/saved-views', headers: await ctx.as('citizen') });
    expect(citizen.statusCode).toBe(403);
  });

  it(`caps a list at ${MAX_VIEWS_PER_PAGE} views per user, in the user's language`, async () => {
    for (let i = 0; i < MAX_VIEWS_PER_PAGE; i++) expect((await save('cgj_handler', { name: `视图${i}`, filters: { mine: 'true' } })).statusCode).toBe(201);
    const over = await save('cgj_handler', { name: '再来一个', filters: {} });
    expect(over.statusCode).toBe(400);
    expect(json(over).error.fields).toEqual([expect.objectContaining({ field: 'body.name', message: expect.stringContaining(`${MAX_VIEWS_PER_PAGE}`) })]);
    // Replacing an existing one is still fine.
    expect((await save('cgj_handler', { name: '视图0', filters: { warn: 'yellow' } })).statusCode).toBe(200);
    expect(await list('cgj_handler')).toHaveLength(MAX_VIEWS_PER_PAGE);
  });
});
