import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TypedApp } from '../src/app.js';
import { buildApp } from '../src/app.js';
import { PERMISSIONS } from '../src/platform/access/permissions.js';
import { undeclaredRoutes, type RegisteredRoute } from '../src/platform/http/route-registry.js';
import { createTestContext, type TestContext } from './harness.js';

// Lets a test slip one extra route into the real module registration, the way a careless module would.
const extra = vi.hoisted(() => ({ register: null as null | ((app: TypedApp) => void | Promise<void>) }));
vi.mock('../src/modules/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/modules/index.js')>();
  return {
    ...original,
    async registerModules(app: TypedApp, p: Parameters<typeof original.registerModules>[1]) {
      await original.registerModules(app, p);
      await extra.register?.(app);
    },
  };
});

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const KNOWN = new Set<string>([...PERMISSIONS, 'public', 'authenticated']);
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

describe('every route declares what it requires', () => {
  it('the running app has routes from every module, and none undeclared', () => {
    const urls = ctx.app.routeTable.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/users', '/api/units/:code', '/api/audit']));
    expect(undeclaredRoutes(ctx.app.routeTable)).toEqual([]);
  });

  it('each module route names a known permission; only the OpenAPI browser plugin goes without', () => {
    for (const r of ctx.app.routeTable) {
      if (isDocs(r.url)) continue;
      expect([r.method, r.url, KNOWN.has(r.permission ?? '')]).toEqual([r.method, r.url, true]);
    }
    expect(ctx.app.routeTable.filter((r) => !r.permission).every((r) => isDocs(r.url))).toBe(true);
  });

  it('records the permission of every route Fastify can route to', () => {
    // HEAD twins of GET routes are skipped in the table but inherit the GET route's config (checked in access-matrix).
    for (const r of ctx.app.routeTable) {
      expect(ctx.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url}`).toBe(true);
    }
  });
});

describe('undeclaredRoutes', () => {
  const route = (method: string, url: string, permission?: RegisteredRoute['permission']): RegisteredRoute => ({ method, url, permission });

  it.each([
    ['a declared route', route('GET', '/api/x', 'unit:read'), false],
    ['a public route', route('POST', '/api/x', 'public'), false],
    ['a route without permission', route('POST', '/api/x'), true],
    ['the OpenAPI browser root', route('GET', '/api/docs'), false],
    ['an OpenAPI browser asset', route('GET', '/api/docs/static/*'), false],
    ['a module route that merely starts with the same letters', route('GET', '/api/docsearch'), true],
    ['a module route named like the browser one level deeper', route('GET', '/api/docs-export'), true],
  ])('%s → undeclared: %s', (_label, r, undeclared) => {
    expect(undeclaredRoutes([r])).toEqual(undeclared ? [r] : []);
  });

  it('reports every offender, in order', () => {
    const table = [route('GET', '/a', 'public'), route('GET', '/b'), route('PUT', '/c', 'user:manage'), route('DELETE', '/d')];
    expect(undeclaredRoutes(table).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /b', 'DELETE /d']);
  });
});

describe('buildApp refuses to start with an undeclared route', () => {
  // A second app on the already running platform: buildApp only adds a Fastify instance on top of it.
  it.each([
    ['registered directly', 'GET /api/zz-undeclared', (app: TypedApp) => {
      app.get('/api/zz-undeclared', async () => ({ leaked: true }));
    }],
    ['registered inside an encapsulated plugin with a prefix', 'POST /api/zz/nested', async (app: TypedApp) => {
      await app.register(async (child) => {
        child.post('/nested', async () => ({ leaked: true }));
      }, { prefix: '/api/zz' });
    }],
    ['declared with an empty config', 'GET /api/zz-config', (app: TypedApp) => {
      app.get('/api/zz-config', { config: {} }, async () => ({ leaked: true }));
    }],
  ])('a route %s', async (_label, name, register) => {
    extra.register = register;
    try {
      await expect(buildApp(ctx.platform)).rejects.toThrow(`Routes without a declared permission: ${name}`);
    } finally {
      extra.register = null;
    }
  });

  it('starts when the extra route declares its permission', async () => {
    extra.register = (app) => {
      app.get('/api/zz-declared', { config: { permission: 'system:read' } }, async () => ({ ok: true }));
    };
    try {
      const app = await buildApp(ctx.platform);
      expect(app.routeTable.find((r) => r.url === '/api/zz-declared')?.permission).toBe('system:read');
      expect((await app.inject({ url: '/api/zz-declared' })).statusCode).toBe(401);
      const ok = await app.inject({ url: '/api/zz-declared', headers: await ctx.as('leader') });
      expect(ok.json()).toEqual({ ok: true });
      await app.close();
    } finally {
      extra.register = null;
    }
  });
});
