import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerModules } from './modules/index.js';
import { AppError } from './platform/errors/app-error.js';
import { makeAuthHook } from './platform/http/auth-hook.js';
import { errorBody, makeErrorHandler } from './platform/http/error-handler.js';
import { pickLocale } from './platform/i18n/messages.js';
import { trackRoutes, undeclaredRoutes, type RegisteredRoute } from './platform/http/route-registry.js';
import './platform/http/request-context.js';
import { zodValidatorCompiler } from './platform/http/validation.js';
import type { Platform } from './platform/platform.js';

import type { FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';

export type App = FastifyInstance & { routeTable: RegisteredRoute[] };
export type TypedApp = FastifyInstance<
  RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider
>;

export const API_VERSION = '0.1.0';

export async function buildApp(platform: Platform): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    // Errors Fastify raises before routing (a malformed URL) still get our error shape and language.
    frameworkErrors: (err, req, reply) => {
      const locale = pickLocale(undefined, req.headers['accept-language']);
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      void (reply as unknown as FastifyReply).status(status >= 400 && status < 500 ? status : 400).send(errorBody(new AppError('VALIDATION_FAILED', { reason: err.message }), locale, req.id));
    },
    ajv: undefined,
  });
  const routeTable = trackRoutes(app);
  app.setValidatorCompiler(zodValidatorCompiler);
  // Response schemas document the API; responses are built by our own code, so plain JSON is enough.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(makeErrorHandler(config.bodyLimit));
  app.setNotFoundHandler((req) => {
    throw new AppError('ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0] });
  });
  app.decorateRequest('actor', null as never);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('sessionHash', null);

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Chengyun 城运 API',
        description: '渝中区城市运行和治理中心平台接口。Sign in with POST /api/auth/login (cookie) or send `Authorization: Bearer <token>`.',
        version: API_VERSION,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cy_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.addHook('onRequest', makeAuthHook(platform.sessions));

  await registerModules(app.withTypeProvider<ZodTypeProvider>(), platform);

  await app.ready();
  const undeclared = undeclaredRoutes(routeTable);
  if (undeclared.length) {
    throw new Error(`Routes without a declared permission: ${undeclared.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  }
  return Object.assign(app as unknown as FastifyInstance, { routeTable });
}
