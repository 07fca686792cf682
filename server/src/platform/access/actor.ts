import type { Locale } from '../i18n/messages.js';
import type { Permission } from './permissions.js';
import { roleGrants, type Role } from './roles.js';

export interface RoleGrant {
  role: Role;
  unitCode: string;
  /** Materialised path of the unit, e.g. `/500103/500103003/`; the grant covers this subtree. */
  unitPath: string;
}

/** Who is acting: a signed-in user, the platform itself (timers, relays) or an anonymous caller. */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous';
  userId: string | null;
  username: string;
  displayName: string;
  /** The language of this request's messages (the user's saved one, unless the request asked for another). */
  locale: Locale;
  /** The user's saved language, when this request asked for another (x-locale). */
  savedLocale?: Locale;
  grants: readonly RoleGrant[];
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'system', userId: null, username: 'system', displayName: '系统', locale: 'zh-CN', grants: [],
};

export function anonymousActor(locale: Locale): Actor {
  return { kind: 'anonymous', userId: null, username: 'anonymous', displayName: '匿名', locale, grants: [] };
}

export function isWithin(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

/** The subtrees in which the actor holds `permission`, minimal (no path inside another). */
export function scopeOf(actor: Actor, permission: Permission): string[] {
  if (actor.kind === 'system') return ['/'];
  const paths = actor.grants.filter((g) => roleGrants(g.role, permission)).map((g) => g.unitPath).sort();
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => isWithin(p, q)));
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || actor.grants.some((g) => roleGrants(g.role, permission));
}

/** True when the actor holds `permission` at a unit whose subtree contains `unitPath`. */
export function can(actor: Actor, permission: Permission, unitPath: string): boolean {
  return scopeOf(actor, permission).some((scope) => isWithin(unitPath, scope));
}

/**
 * The unit an actor's own activity (sign-in, tokens, settings) is audited under: their first grant by
 * path. Auditors see entries inside their scope, so an entry without a unit would be visible to nobody.
 */
export function homeUnitPath(grants: readonly Pick<RoleGrant, 'unitPath'>[]): string | null {
  return grants.map((g) => g.unitPath).sort()[0] ?? null;
}
