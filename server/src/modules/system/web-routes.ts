import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import en from '../../i18n/en.json' with { type: 'json' };
import zhCN from '../../i18n/zh-CN.json' with { type: 'json' };

const PUBLIC_DIR = fileURLToPath(new URL('../../../public', import.meta.url));

/** The landing page and the i18n catalogues the web faces load. */
export async function registerWebRoutes(app: TypedApp): Promise<void> {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, serve: false });

  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));

  app.get('/assets/*', {
    config: { permission: 'public' },
    schema: { hide: true, params: z.object({ '*': z.string().regex(/^[a-zA-Z0-9._-]+$/) }) },
  }, (req, reply) => reply.sendFile(`assets/${req.params['*']}`));

  app.get('/api/openapi.json', {
    config: { permission: 'public' }, schema: { hide: true },
  }, async () => app.swagger());

  app.get('/api/i18n/:locale', {
    config: { permission: 'public' },
    schema: { tags: ['system 系统'], summary: '界面文案 UI message catalogue', params: z.strictObject({ locale: z.enum(['zh-CN', 'en']) }) },
  }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return req.params.locale === 'en' ? en : zhCN;
  });
}
