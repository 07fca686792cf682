import type { Actor } from '../../platform/access/actor.js';
import { PERMISSIONS } from '../../platform/access/permissions.js';
import { hasPermission, homeUnitPath } from '../../platform/access/actor.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { insertSession, newToken, revokeSession, loadSessionActor } from '../../platform/auth/session-store.js';
import type { Executor } from '../../platform/db/database.js';
import type { TransactionRunner } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { clearFailedLogins, findUserByUsername, grantsOf, registerFailedLogin } from '../users/users-repository.js';

const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;
// Verifying against a fixed hash when the user does not exist keeps response times alike (no user enumeration).
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$+nFQ058HrSslmxvPfWGPWw$/31C9MNMUTvnwf2EOihwRwGJ9XA/2wMQDdKJw6Wh39M';

export interface LoginResult {
  token: string;
  actor: Actor;
  expiresAt: Date;
}

export async function login(
  ex: Executor, runner: TransactionRunner,
  input: { username: string; password: string; ip: string; ttlMs: number },
): Promise<LoginResult> {
  const user = await findUserByUsername(ex, input.username);
  if (!user) {
    await verifyPassword(DUMMY_HASH, input.password);
    await runner.recordAudit({ actor: anonymous(input.username), ip: input.ip },
      { action: 'auth.login-failed', targetType: 'user', detail: { username: input.username, reason: 'unknown' } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError('ACCOUNT_LOCKED', { until: user.lockedUntil.toISOString() });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await runner.run({ actor: anonymous(input.username), ip: input.ip }, async (uow) => {
      await registerFailedLogin(uow.tx, user.id, MAX_FAILURES, LOCK_MS);
      uow.audit({
        action: 'auth.login-failed', targetType: 'user', targetId: user.id,
        unitPath: homeUnitPath(await grantsOf(uow.tx, user.id)), detail: { username: user.username },
      });
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
  const { token, hash } = newToken();
  const expiresAt = new Date(Date.now() + input.ttlMs);
  await runner.run({ actor: anonymous(user.username), ip: input.ip }, async (uow) => {
    await clearFailedLogins(uow.tx, user.id);
    await insertSession(uow.tx, { tokenHash: hash, userId: user.id, kind: 'web', expiresAt, lastIp: input.ip });
    uow.audit({
      action: 'auth.login', targetType: 'user', targetId: user.id,
      unitPath: homeUnitPath(await grantsOf(uow.tx, user.id)), detail: { username: user.username },
    });
  });
  const loaded = await loadSessionActor(ex, hash);
  return { token, actor: loaded!.actor, expiresAt };
}

export async function logout(runner: TransactionRunner, actor: Actor, hash: string, ip: string): Promise<void> {
  await runner.run({ actor, ip }, async (uow) => {
    await revokeSession(uow.tx, hash);
    uow.audit({ action: 'auth.logout', targetType: 'user', targetId: actor.userId, unitPath: homeUnitPath(actor.grants) });
    uow.emit({ type: 'sys.session-revoked', unitPath: '/', payload: { hash } });
  });
}

export function describeActor(actor: Actor) {
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    // The face restores the saved language on load, whatever language the request itself was in.
    locale: actor.savedLocale ?? actor.locale,
    grants: actor.grants.map((g) => ({ role: g.role, unitCode: g.unitCode, unitPath: g.unitPath })),
    permissions: PERMISSIONS.filter((p) => hasPermission(actor, p)),
  };
}

function anonymous(username: string): Actor {
  return { kind: 'anonymous', userId: null, username, displayName: username, locale: 'zh-CN', grants: [] };
}
