import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RoutePermission } from '../access/permissions.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
}

// Routes that plugins register for themselves (the OpenAPI browser); everything else must declare.
const PLUGIN_ROUTE_PREFIXES = ['/api/docs'];

/** Records every route as it is added, so startup (and a test) can refuse undeclared ones. */
export function trackRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (opts: RouteOptions) => {
    const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: opts.url, permission: opts.config?.permission });
    }
  });
  return routes;
}

export function undeclaredRoutes(routes: RegisteredRoute[]): RegisteredRoute[] {
  return routes.filter((r) => !r.permission && !PLUGIN_ROUTE_PREFIXES.some((p) => isUnder(r.url, p)));
}

// Whole path segments only: `/api/docs` covers `/api/docs/json`, not a module's `/api/docsearch`.
function isUnder(url: string, prefix: string): boolean {
  return url === prefix || url.startsWith(`${prefix}/`);
}
