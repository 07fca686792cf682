import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_DEFS } from '../src/platform/access/roles.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, errorOf, login, userIds, type Headers } from './http-helpers.js';

// Role × scope × action: who may read or change what, through real HTTP calls on the real database.
// The context is built at load time because the unauthenticated sweep below is generated from its route table.
const ctx: TestContext = await createTestContext();
afterAll(async () => ctx.close());

/** Accounts this file creates: an admin of one street, and a user holding a street and a district role. */
const EXTRA_USERS = {
  jfb_admin: [{ role: 'admin', unitCode: '500103003' }],
  mixed_user: [{ role: 'street_operator', unitCode: '500103003' }, { role: 'district_operator', unitCode: '500103' }],
} as const;
const PASSWORD = 'password123';

let ids: Map<string, string>;
let adminTokenId: string;
const headersOf = new Map<string, Headers>();

beforeAll(async () => {
  for (const [username, grants] of Object.entries(EXTRA_USERS)) {
    await createUser(ctx, { username, password: PASSWORD, grants: [...grants] });
  }
  ids = await userIds(ctx);
  const tok = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: await ctx.as('admin'), payload: { name: 'matrix' } });
  adminTokenId = tok.json().id;
});

async function as(who: string): Promise<Headers> {
  if (who in EXTRA_USERS) {
    let h = headersOf.get(who);
    if (!h) headersOf.set(who, (h = await login(ctx, who, PASSWORD)));
    return h;
  }
  return ctx.as(who);
}

/** `{id:jfb_op}` → that user's id; `{token:admin}` → the id of the admin's API token. */
function resolve(url: string): string {
  return url
    .replace(/\{id:(\w+)\}/g, (_, name: string) => ids.get(name) ?? `missing-${name}`)
    .replace('{token:admin}', () => adminTokenId);
}

interface Case {
  who: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: Record<string, unknown>;
  status: number;
  code?: string;
}

async function run(c: Case): Promise<void> {
  const res = await ctx.app.inject({ method: c.method, url: resolve(c.url), headers: await as(c.who), ...(c.body ? { payload: c.body } : {}) });
  expect({ status: res.statusCode, code: res.statusCode >= 400 ? errorOf(res).code : undefined }, res.body)
    .toEqual({ status: c.status, code: c.code });
}

const newUser = (username: string, role: string, unitCode: string) => ({
  username, displayName: username, password: PASSWORD, grants: [{ role, unitCode }],
});

describe('units: own subtree visible, everything else looks missing', () => {
  it.each<Case>([
    { who: 'jfb_op', method: 'GET', url: '/api/units/500103003', status: 200 },
    { who: 'jfb_op', method: 'GET', url: '/api/units/500103003016', status: 200 },
    { who: 'jfb_op', method: 'GET', url: '/api/units/50010300301601', status: 200 },
    { who: 'jfb_op', method: 'GET', url: '/api/units/500103001', status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_op', method: 'GET', url: '/api/units/500103', status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_op', method: 'GET', url: '/api/units/D-CGJ', status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_op', method: 'GET', url: '/api/units/NO-SUCH', status: 404, code: 'NOT_FOUND' },
    { who: 'qxg_op', method: 'GET', url: '/api/units/500103001', status: 200 },
    { who: 'qxg_op', method: 'GET', url: '/api/units/500103003', status: 404, code: 'NOT_FOUND' },
    { who: 'grid_lhc01', method: 'GET', url: '/api/units/50010300301601', status: 200 },
    { who: 'grid_lhc01', method: 'GET', url: '/api/units/50010300301602', status: 404, code: 'NOT_FOUND' },
    { who: 'grid_lhc01', method: 'GET', url: '/api/units/500103003', status: 404, code: 'NOT_FOUND' },
    { who: 'cgj_handler', method: 'GET', url: '/api/units/D-CGJ', status: 200 },
    { who: 'cgj_handler', method: 'GET', url: '/api/units/D-YJJ', status: 404, code: 'NOT_FOUND' },
    { who: 'cgj_handler', method: 'GET', url: '/api/units/500103003', status: 404, code: 'NOT_FOUND' },
    { who: 'commander', method: 'GET', url: '/api/units/500103001', status: 200 },
    { who: 'leader', method: 'GET', url: '/api/units/D-CGJ', status: 200 },
    { who: 'district_op', method: 'GET', url: '/api/units/50010300301601', status: 200 },
    { who: 'citizen', method: 'GET', url: '/api/units/500103', status: 403, code: 'FORBIDDEN' },
    { who: 'citizen', method: 'GET', url: '/api/units', status: 403, code: 'FORBIDDEN' },
  ])('$who $method $url → $status', run);

  it.each([
    ['jfb_op', '/500103/500103003/'],
    ['qxg_op', '/500103/500103001/'],
    ['grid_lhc01', '/500103/500103003/500103003016/50010300301601/'],
    ['cgj_handler', '/500103/D-CGJ/'],
    ['commander', '/500103/'],
  ])('GET /api/units as %s lists exactly the subtree %s', async (who, path) => {
    const res = await ctx.app.inject({ url: '/api/units?limit=500', headers: await as(who) });
    expect(res.statusCode).toBe(200);
    const [expected] = await queryRows<{ n: number }>(ctx.platform.database.db,
      sql`SELECT count(*)::int AS n FROM units WHERE path LIKE ${`${path}%`}`);
    const { items, total } = res.json() as { items: Array<{ path: string }>; total: number };
    expect(total).toBe(Number(expected!.n));
    expect(items.length).toBe(Math.min(total, 500));
    expect(items.every((u) => u.path.startsWith(path))).toBe(true);
  });

  it('filters stay inside the scope: jfb_op asking for all streets sees only its own', async () => {
    const res = await ctx.app.inject({ url: '/api/units?kind=street', headers: await as('jfb_op') });
    expect(res.json().items.map((u: { code: string }) => u.code)).toEqual(['500103003']);
    const other = await ctx.app.inject({ url: '/api/units?parent=500103001', headers: await as('jfb_op') });
    expect(other.json()).toEqual({ items: [], total: 0 });
  });
});

describe('users: listed and read inside the scope only', () => {
  it.each([
    ['jfb_op', ['grid_lhc01', 'jfb_admin', 'jfb_op', 'mixed_user']],
    ['qxg_op', ['qxg_op']],
    ['data_officer', ['data_officer']],
    ['jfb_admin', ['grid_lhc01', 'jfb_admin', 'jfb_op', 'mixed_user']],
  ])('GET /api/users as %s lists %j', async (who, expected) => {
    const res = await ctx.app.inject({ url: '/api/users?limit=500', headers: await as(who) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((u: { username: string }) => u.username)).toEqual(expected);
    expect(res.json().total).toBe(expected.length);
  });

  it('GET /api/users as a district role lists everyone, phones masked', async () => {
    const res = await ctx.app.inject({ url: '/api/users?limit=500', headers: await as('commander') });
    const items = res.json().items as Array<{ username: string; phone: string | null }>;
    expect(items.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'citizen', 'jfb_op', 'qxg_op', 'cgj_handler']));
    expect(items.find((u) => u.username === 'jfb_op')!.phone).toBe('138****0003');
  });

  it.each<Case>([
    { who: 'jfb_op', method: 'GET', url: '/api/users/{id:jfb_op}', status: 200 },
    { who: 'jfb_op', method: 'GET', url: '/api/users/{id:grid_lhc01}', status: 200 },
    { who: 'jfb_op', method: 'GET', url: '/api/users/{id:qxg_op}', status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_op', method: 'GET', url: '/api/users/{id:admin}', status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_op', method: 'GET', url: '/api/users/00000000-0000-4000-8000-000000000000', status: 404, code: 'NOT_FOUND' },
    { who: 'qxg_op', method: 'GET', url: '/api/users/{id:jfb_op}', status: 404, code: 'NOT_FOUND' },
    { who: 'data_officer', method: 'GET', url: '/api/users/{id:jfb_op}', status: 404, code: 'NOT_FOUND' },
    { who: 'commander', method: 'GET', url: '/api/users/{id:qxg_op}', status: 200 },
    { who: 'cgj_handler', method: 'GET', url: '/api/users', status: 403, code: 'FORBIDDEN' },
    { who: 'grid_lhc01', method: 'GET', url: '/api/users/{id:grid_lhc01}', status: 403, code: 'FORBIDDEN' },
    { who: 'citizen', method: 'GET', url: '/api/users', status: 403, code: 'FORBIDDEN' },
  ])('$who $method $url → $status', run);
});

describe('writes need the manage permission, and then stay inside its scope', () => {
  it.each<Case>([
    { who: 'jfb_op', method: 'PATCH', url: '/api/units/500103003', body: { name: '改名' }, status: 403, code: 'FORBIDDEN' },
    { who: 'commander', method: 'PATCH', url: '/api/units/500103003', body: { name: '改名' }, status: 403, code: 'FORBIDDEN' },
    { who: 'data_officer', method: 'PATCH', url: '/api/units/D-DSJJ', body: { population: 1 }, status: 403, code: 'FORBIDDEN' },
    { who: 'admin', method: 'PATCH', url: '/api/units/500103003', body: { population: 60000 }, status: 200 },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/units/500103003016', body: { population: 4100 }, status: 200 },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/units/500103001', body: { population: 1 }, status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/units/500103', body: { population: 1 }, status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_op', method: 'POST', url: '/api/users', body: newUser('m_by_op', 'grid_worker', '50010300301601'), status: 403, code: 'FORBIDDEN' },
    { who: 'commander', method: 'POST', url: '/api/users', body: newUser('m_by_cmd', 'grid_worker', '50010300301601'), status: 403, code: 'FORBIDDEN' },
    { who: 'admin', method: 'POST', url: '/api/users', body: newUser('m_ok', 'street_operator', '500103001'), status: 201 },
    { who: 'admin', method: 'POST', url: '/api/users', body: newUser('m_nounit', 'street_operator', 'NO-SUCH'), status: 422, code: 'UNKNOWN_UNIT' },
    { who: 'admin', method: 'POST', url: '/api/users', body: newUser('m_badkind', 'street_operator', '500103'), status: 422, code: 'INVALID_ROLE_SCOPE' },
    { who: 'admin', method: 'POST', url: '/api/users', body: newUser('jfb_op', 'street_operator', '500103003'), status: 409, code: 'ALREADY_EXISTS' },
    { who: 'jfb_admin', method: 'POST', url: '/api/users', body: newUser('m_street', 'grid_worker', '50010300301601'), status: 201 },
    { who: 'jfb_admin', method: 'POST', url: '/api/users', body: newUser('m_other', 'street_operator', '500103001'), status: 404, code: 'OUT_OF_SCOPE' },
    { who: 'jfb_admin', method: 'POST', url: '/api/users', body: newUser('m_up', 'admin', '500103'), status: 404, code: 'OUT_OF_SCOPE' },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/users/{id:jfb_op}', body: { displayName: '解放碑值班员' }, status: 200 },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/users/{id:qxg_op}', body: { displayName: 'x' }, status: 404, code: 'NOT_FOUND' },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/users/{id:jfb_op}', body: { grants: [{ role: 'street_operator', unitCode: '500103001' }] }, status: 404, code: 'OUT_OF_SCOPE' },
    // Sharing one street with a user must not let a street admin take over their district role.
    { who: 'jfb_admin', method: 'PATCH', url: '/api/users/{id:mixed_user}', body: { password: 'taken-over-1' }, status: 404, code: 'OUT_OF_SCOPE' },
    { who: 'jfb_admin', method: 'PATCH', url: '/api/users/{id:mixed_user}', body: { grants: [{ role: 'street_operator', unitCode: '500103003' }] }, status: 404, code: 'OUT_OF_SCOPE' },
    { who: 'admin', method: 'PATCH', url: '/api/users/{id:mixed_user}', body: { displayName: '混合' }, status: 200 },
  ])('$who $method $url → $status $code', run);

  it('a refused grant change leaves the user as they were', async () => {
    const res = await ctx.app.inject({ url: resolve('/api/users/{id:mixed_user}'), headers: await as('admin') });
    expect(res.json().grants.map((g: { unitCode: string }) => g.unitCode).sort()).toEqual(['500103', '500103003']);
    expect((await login(ctx, 'mixed_user', PASSWORD)).authorization).toMatch(/^Bearer cy_/);
  });
});

describe('audit and tokens', () => {
  it.each<Case>([
    { who: 'jfb_op', method: 'GET', url: '/api/audit', status: 403, code: 'FORBIDDEN' },
    { who: 'leader', method: 'GET', url: '/api/audit', status: 403, code: 'FORBIDDEN' },
    { who: 'citizen', method: 'GET', url: '/api/audit', status: 403, code: 'FORBIDDEN' },
    { who: 'commander', method: 'GET', url: '/api/audit', status: 200 },
    { who: 'data_officer', method: 'GET', url: '/api/audit', status: 200 },
    { who: 'jfb_admin', method: 'GET', url: '/api/audit', status: 200 },
    { who: 'commander', method: 'POST', url: '/api/audit/verify', status: 403, code: 'FORBIDDEN' },
    { who: 'jfb_op', method: 'POST', url: '/api/audit/verify', status: 403, code: 'FORBIDDEN' },
    { who: 'data_officer', method: 'POST', url: '/api/audit/verify', status: 200 },
    { who: 'admin', method: 'POST', url: '/api/audit/verify', status: 200 },
    { who: 'citizen', method: 'GET', url: '/api/auth/tokens', status: 403, code: 'FORBIDDEN' },
    { who: 'citizen', method: 'POST', url: '/api/auth/tokens', body: { name: 'x' }, status: 403, code: 'FORBIDDEN' },
    { who: 'citizen', method: 'GET', url: '/api/auth/me', status: 200 },
    { who: 'citizen', method: 'GET', url: '/api/calendar/2026', status: 200 },
    { who: 'jfb_op', method: 'GET', url: '/api/auth/tokens', status: 200 },
    { who: 'jfb_op', method: 'POST', url: '/api/auth/tokens', body: { name: 'jfb' }, status: 201 },
    // Another user's token id is as unknown as a made-up one.
    { who: 'jfb_op', method: 'DELETE', url: '/api/auth/tokens/{token:admin}', status: 404, code: 'NOT_FOUND' },
    { who: 'admin', method: 'DELETE', url: '/api/auth/tokens/{token:admin}', status: 204 },
  ])('$who $method $url → $status', run);

  it('scoped auditors see only entries inside their units', async () => {
    const res = await ctx.app.inject({ url: '/api/audit?limit=500', headers: await as('jfb_admin') });
    const items = res.json().items as Array<{ unitPath: string | null }>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.unitPath?.startsWith('/500103/500103003/'))).toBe(true);
  });

  it('jfb_op\'s token lists only jfb_op\'s tokens', async () => {
    const mine = await ctx.app.inject({ url: '/api/auth/tokens', headers: await as('jfb_op') });
    expect(mine.json().items.map((t: { name: string }) => t.name)).toEqual(['jfb']);
  });
});

// Generated from the live route table, so a route added later is covered without editing this file.
const routes = ctx.app.routeTable.filter((r) => !r.url.startsWith('/api/docs'));
const sample = (url: string) => url.replace(/:\w+/g, 'sample').replace('*', 'sample');
const guarded = routes.filter((r) => r.permission !== 'public')
  .flatMap((r) => (r.method === 'GET' ? [r, { ...r, method: 'HEAD' }] : [r]));

describe('unauthenticated callers', () => {
  it.each(guarded.map((r) => [r.method, r.url] as const))('%s %s → 401', async (method, url) => {
    for (const headers of [{}, { authorization: 'Bearer cy_not-a-real-token' }, { cookie: 'cy_session=cy_forged' }]) {
      const res = await ctx.app.inject({ method: method as 'GET', url: sample(url), headers });
      expect(res.statusCode).toBe(401);
      if (method !== 'HEAD') expect(errorOf(res).code).toBe('UNAUTHENTICATED');
    }
  });

  it.each(routes.filter((r) => r.permission === 'public').map((r) => [r.method, r.url] as const))(
    'public %s %s does not ask for a sign-in', async (method, url) => {
      const res = await ctx.app.inject({ method: method as 'GET', url: sample(url) });
      expect(res.statusCode).not.toBe(401);
      expect(res.statusCode).toBeLessThan(500);
    },
  );
});

describe('the declared permission is enforced before anything else', () => {
  // The citizen holds only the public role; every route needing a permission outside it must refuse them.
  const citizenHolds = new Set<string>(['public', 'authenticated', ...ROLE_DEFS.public.permissions]);
  const citizenLacks = routes.filter((r) => !citizenHolds.has(r.permission!));
  it.each(citizenLacks.map((r) => [r.method, r.url, r.permission] as const))('citizen %s %s (%s) → 403', async (method, url) => {
    const res = await ctx.app.inject({ method: method as 'GET', url: sample(url), headers: await as('citizen') });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('FORBIDDEN');
  });
});
