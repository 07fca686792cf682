import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { catalogs } from '../../platform/i18n/messages.js';

/** The production build of the web faces (`npm run build:web`; `npm start` builds it when stale). */
export const WEB_DIST = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/** Each face is one HTML page; its client-side routes live under its prefix. */
const FACE_PAGES: Array<{ prefix: string; file: string }> = [
  { prefix: '/screen', file: 'screen.html' },
  { prefix: '/console', file: 'console.html' },
  { prefix: '/m', file: 'm.html' },
];

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>城运 Chengyun</title>
<p>界面尚未构建：请运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）。</p>
<p>The web faces are not built yet: run <code>npm run build:web</code> (<code>npm start</code> builds them).</p>
<p><a href="/api/docs">API</a></p>`;

/** The web faces (sign-in, big screen, console, grid worker app) and the i18n catalogues. */
export async function registerWebRoutes(app: TypedApp): Promise<void> {
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false });
  const built = () => existsSync(`${WEB_DIST}/index.html`);

  const page = (file: string) => (_req: unknown, reply: import('fastify').FastifyReply) => {
    if (!built()) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    // The HTML names hashed assets: it must be revalidated so a new build is picked up.
    return reply.header('cache-control', 'no-cache').sendFile(file);
  };

  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, page('index.html'));
  for (const f of FACE_PAGES) {
    app.get(f.prefix, { config: { permission: 'public' }, schema: { hide: true } }, page(f.file));
    app.get(`${f.prefix}/*`, { config: { permission: 'public' }, schema: { hide: true } }, page(f.file));
  }

  app.get('/assets/*', {
    config: { permission: 'public' },
    schema: { hide: true, params: z.object({ '*': z.string().regex(/^[a-zA-Z0-9._-]+$/) }) },
  }, (req, reply) => reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${req.params['*']}`));

  app.get('/api/openapi.json', {
    config: { permission: 'public' }, schema: { hide: true },
  }, async () => app.swagger());

  app.get('/api/i18n/:locale', {
    config: { permission: 'public' },
    schema: { tags: ['system 系统'], summary: '服务端文案 Server message catalogue', params: z.strictObject({ locale: z.enum(['zh-CN', 'en']) }) },
  }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return catalogs[req.params.locale];
  });
}
