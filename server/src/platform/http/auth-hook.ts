import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymousActor, hasPermission } from '../access/actor.js';
import type { SessionCache } from '../auth/session-cache.js';
import { tokenHash } from '../auth/session-store.js';
import { AppError } from '../errors/app-error.js';
import { pickLocale } from '../i18n/messages.js';

export const SESSION_COOKIE = 'cy_session';

function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h && h.startsWith('Bearer ')) return h.slice(7).trim();
  return req.cookies?.[SESSION_COOKIE];
}

/** Authenticates the caller and enforces the route's declared permission before anything else runs. */
export function makeAuthHook(sessions: SessionCache) {
  return async function authenticate(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const explicit = req.headers['x-locale'];
    req.locale = pickLocale(typeof explicit === 'string' ? explicit : undefined, req.headers['accept-language']);
    req.sessionHash = null;
    const permission = req.routeOptions.config?.permission ?? 'public';
    const token = bearerOf(req);
    let actor = null;
    if (token) {
      const hash = tokenHash(token);
      actor = await sessions.resolve(hash);
      if (actor) {
        req.sessionHash = hash;
        // The language asked for on this request wins over the user's saved one, for the services' messages too.
        if (typeof explicit !== 'string') req.locale = actor.locale;
        else if (actor.locale !== req.locale) actor = { ...actor, locale: req.locale, savedLocale: actor.locale };
      }
    }
    req.actor = actor ?? anonymousActor(req.locale);
    if (permission === 'public') return;
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (permission === 'authenticated') return;
    if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
  };
}
