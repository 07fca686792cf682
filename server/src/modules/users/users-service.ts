import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { ROLE_DEFS, type Role } from '../../platform/access/roles.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { hashPassword } from '../../platform/auth/password.js';
import { findUnits } from '../units/units-repository.js';
import { findUserById, findUserByUsername, grantsOf, insertUser, replaceGrants, updateUser } from './users-repository.js';
import type { Executor } from '../../platform/db/database.js';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  phone?: string | null;
  locale?: 'zh-CN' | 'en';
  grants: Array<{ role: Role; unitCode: string }>;
}

/** Checks each grant's unit exists, suits the role, and lies inside what the acting admin manages. */
async function checkGrants(uow: UnitOfWork, grants: NewUser['grants']): Promise<string[]> {
  const found = new Map((await findUnits(uow.tx, [...new Set(grants.map((g) => g.unitCode))])).map((u) => [u.code, u]));
  return grants.map((g) => {
    const unit = found.get(g.unitCode);
    if (!unit) throw new AppError('UNKNOWN_UNIT', { code: g.unitCode });
    if (!(ROLE_DEFS[g.role].heldAt as readonly string[]).includes(unit.kind)) {
      throw new AppError('INVALID_ROLE_SCOPE', { role: g.role, kind: unit.kind });
    }
    if (!can(uow.actor, 'user:manage', unit.path)) throw new AppError('OUT_OF_SCOPE', { code: g.unitCode });
    return unit.path;
  });
}

export async function createUser(uow: UnitOfWork, input: NewUser) {
  const paths = await checkGrants(uow, input.grants);
  if (await findUserByUsername(uow.tx, input.username)) throw new AppError('ALREADY_EXISTS', { what: 'user', username: input.username });
  const user = await insertUser(uow.tx, {
    id: randomUUID(), username: input.username, displayName: input.displayName,
    passwordHash: await hashPassword(input.password), phone: input.phone ?? null, locale: input.locale ?? 'zh-CN',
  });
  await replaceGrants(uow.tx, user.id, input.grants);
  const unitPath = paths[0] ?? '/';
  uow.audit({ action: 'user.create', targetType: 'user', targetId: user.id, unitPath, detail: { username: user.username, grants: input.grants } });
  uow.emit({ type: 'user.created', unitPath, subjectType: 'user', subjectId: user.id, payload: { username: user.username } });
  return user;
}

export interface UserChanges {
  displayName?: string;
  password?: string;
  phone?: string | null;
  locale?: 'zh-CN' | 'en';
  status?: 'active' | 'disabled';
  grants?: NewUser['grants'];
}

/** Admins change users inside their scope; the change revokes cached sessions on every instance. */
export async function changeUser(uow: UnitOfWork, id: string, changes: UserChanges) {
  const existing = await visibleUser(uow.tx, uow.actor, id, 'user:manage');
  // One grant in scope is enough to see a user, not to manage them: a street admin must not reset the
  // password of (or strip the roles from) someone who also holds a role above or beside their street.
  if (!existing.grants.every((g) => can(uow.actor, 'user:manage', g.unitPath))) {
    throw new AppError('OUT_OF_SCOPE', { what: 'user', id });
  }
  const set: Parameters<typeof updateUser>[2] = {};
  if (changes.displayName !== undefined) set.displayName = changes.displayName;
  if (changes.phone !== undefined) set.phone = changes.phone;
  if (changes.locale !== undefined) set.locale = changes.locale;
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.password !== undefined) set.passwordHash = await hashPassword(changes.password);
  const user = (await updateUser(uow.tx, id, set))!;
  let unitPath = existing.grants[0]?.unitPath ?? '/';
  if (changes.grants) {
    const paths = await checkGrants(uow, changes.grants);
    await replaceGrants(uow.tx, id, changes.grants);
    unitPath = paths[0] ?? unitPath;
  }
  // A new password ends the user's web sessions everywhere (their API tokens are kept).
  if (changes.password !== undefined) {
    await uow.tx.execute(sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${id} AND kind = 'web' AND revoked_at IS NULL`);
  }
  const changed = Object.keys(changes).filter((k) => k !== 'password').concat(changes.password ? ['password'] : []);
  uow.audit({ action: 'user.update', targetType: 'user', targetId: id, unitPath, detail: { changed } });
  uow.emit({ type: 'user.updated', unitPath, subjectType: 'user', subjectId: id, payload: { changed } });
  uow.emit({ type: 'sys.user-changed', unitPath: '/', subjectType: 'user', subjectId: id });
  return user;
}

/** A user the actor may see with `permission`: any of the user's grants inside the actor's scope. Else 404. */
export async function visibleUser(ex: Executor, actor: Actor, id: string, permission: 'user:read' | 'user:manage') {
  const user = await findUserById(ex, id);
  if (!user) throw new AppError('NOT_FOUND', { what: 'user', id });
  const grants = await grantsOf(ex, id);
  const scope = scopeOf(actor, permission);
  const visible = actor.userId === id || grants.some((g) => scope.some((s) => g.unitPath.startsWith(s)));
  if (!visible) throw new AppError('NOT_FOUND', { what: 'user', id });
  return { ...user, grants };
}
