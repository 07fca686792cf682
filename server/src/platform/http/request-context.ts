import type { Actor } from '../access/actor.js';
import type { RoutePermission } from '../access/permissions.js';
import type { Locale } from '../i18n/messages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares what it requires; the app refuses to start with a route that does not. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    actor: Actor;
    locale: Locale;
    /** Hash of the session token that authenticated this request, if any. */
    sessionHash: string | null;
  }
}

export {};
