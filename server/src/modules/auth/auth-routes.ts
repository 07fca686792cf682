import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { homeUnitPath } from '../../platform/access/actor.js';
import { SESSION_COOKIE } from '../../platform/http/auth-hook.js';
import { newToken, insertSession, listApiTokens, revokeApiTokenByPrefix } from '../../platform/auth/session-store.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { updateUser } from '../users/users-repository.js';
import { CreateTokenBody, LocaleBody, LoginBody, LoginResponse, MeResponse, TokenView } from './auth-schemas.js';
import { describeActor, login, logout } from './auth-service.js';

export function registerAuthRoutes(app: TypedApp, p: Platform): void {
  const tags = ['auth 身份'];
  app.post('/api/auth/login', {
    config: {
      permission: 'public',
      rateLimit: { max: p.config.loginRatePerMinute, timeWindow: 60_000 },
    },
    schema: {
      tags, summary: '登录 Sign in (sets the httpOnly session cookie and returns a token)', body: LoginBody,
      response: { 200: LoginResponse, 401: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse },
    },
  }, async (req, reply) => {
    const result = await login(p.database.db, p.runner, { ...req.body, ip: req.ip, ttlMs: p.config.sessionTtlMs });
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true, sameSite: 'lax', path: '/', secure: p.config.env === 'production', expires: result.expiresAt,
    });
    return { ...describeActor(result.actor), token: result.token };
  });

  app.post('/api/auth/logout', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '退出 Sign out (revokes this session on every instance)', response: { 204: z.null() } },
  }, async (req, reply) => {
    if (req.sessionHash) {
      await logout(p.runner, req.actor, req.sessionHash, req.ip);
      // The bus tells every instance, but asynchronously: this one must not serve the session from cache meanwhile.
      p.sessions.forget(req.sessionHash);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '当前用户 The signed-in user, roles and permissions', response: { 200: MeResponse, 401: ErrorResponse } },
  }, async (req) => describeActor(req.actor));

  app.put('/api/auth/me/locale', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '界面语言 Remember the user\'s language', body: LocaleBody, response: { 200: MeResponse } },
  }, async (req) => {
    const userId = req.actor.userId!;
    await p.runner.run({ actor: req.actor, ip: req.ip }, async (uow) => {
      await updateUser(uow.tx, userId, { locale: req.body.locale });
      uow.audit({
        action: 'user.locale', targetType: 'user', targetId: userId, unitPath: homeUnitPath(req.actor.grants),
        detail: { locale: req.body.locale },
      });
      uow.emit({ type: 'sys.user-changed', unitPath: '/', subjectType: 'user', subjectId: userId });
    });
    p.sessions.forgetUser(userId);
    return describeActor({ ...req.actor, locale: req.body.locale, savedLocale: undefined });
  });

  app.get('/api/auth/tokens', {
    config: { permission: 'token:manage' },
    schema: { tags, summary: '我的接口令牌 My API tokens', response: { 200: z.object({ items: z.array(TokenView) }) } },
  }, async (req) => {
    const rows = await listApiTokens(p.database.db, req.actor.userId!);
    return { items: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)!, expiresAt: iso(r.expiresAt), revokedAt: iso(r.revokedAt) })) };
  });

  app.post('/api/auth/tokens', {
    config: { permission: 'token:manage' },
    schema: {
      tags, summary: '创建接口令牌 Create a bearer token for a system (shown once)', body: CreateTokenBody,
      response: { 201: z.object({ id: z.string(), token: z.string(), expiresAt: z.string().nullable() }) },
    },
  }, async (req, reply) => {
    const { token, hash } = newToken();
    const expiresAt = req.body.expiresInDays ? new Date(Date.now() + req.body.expiresInDays * 86_400_000) : null;
    await p.runner.run({ actor: req.actor, ip: req.ip }, async (uow) => {
      await insertSession(uow.tx, { tokenHash: hash, userId: req.actor.userId!, kind: 'api', name: req.body.name, expiresAt, lastIp: req.ip });
      uow.audit({
        action: 'token.create', targetType: 'token', targetId: hash.slice(0, 12), unitPath: homeUnitPath(req.actor.grants),
        detail: { name: req.body.name },
      });
    });
    return reply.status(201).send({ id: hash.slice(0, 12), token, expiresAt: iso(expiresAt) });
  });

  app.delete('/api/auth/tokens/:id', {
    config: { permission: 'token:manage' },
    schema: { tags, summary: '吊销接口令牌 Revoke one of my tokens', params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{12}$/) }), response: { 204: z.null(), 404: ErrorResponse } },
  }, async (req, reply) => {
    const hash = await p.runner.run({ actor: req.actor, ip: req.ip }, async (uow) => {
      const revoked = await revokeApiTokenByPrefix(uow.tx, req.actor.userId!, req.params.id);
      if (!revoked) throw new AppError('NOT_FOUND', { what: 'token', id: req.params.id });
      uow.audit({ action: 'token.revoke', targetType: 'token', targetId: req.params.id, unitPath: homeUnitPath(req.actor.grants) });
      uow.emit({ type: 'sys.session-revoked', unitPath: '/', payload: { hash: revoked } });
      return revoked;
    });
    // As on logout: the revocation event reaches this instance's cache only later.
    p.sessions.forget(hash);
    return reply.status(204).send(null);
  });
}

function iso(d: Date | string | null): string | null {
  return d ? new Date(d).toISOString() : null;
}
