import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor, RoleGrant } from '../access/actor.js';
import type { Role } from '../access/roles.js';
import { queryRows, type Executor } from '../db/database.js';
import { sessions } from '../db/tables.js';
import type { Locale } from '../i18n/messages.js';

export const TOKEN_PREFIX = 'cy_';

export function newToken(): { token: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function insertSession(ex: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await ex.insert(sessions).values(row);
}

export async function revokeSession(ex: Executor, hash: string, userId?: string): Promise<boolean> {
  const conds = [eq(sessions.tokenHash, hash), isNull(sessions.revokedAt)];
  if (userId) conds.push(eq(sessions.userId, userId));
  const rows = await ex.update(sessions).set({ revokedAt: new Date() }).where(and(...conds)).returning({ h: sessions.tokenHash });
  return rows.length > 0;
}

export async function listApiTokens(ex: Executor, userId: string) {
  return queryRows<{ id: string; name: string | null; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null }>(ex,
    sql`SELECT left(token_hash, 12) AS id, name, created_at AS "createdAt", expires_at AS "expiresAt",
        revoked_at AS "revokedAt" FROM sessions WHERE user_id = ${userId} AND kind = 'api' ORDER BY created_at DESC`);
}

export async function revokeApiTokenByPrefix(ex: Executor, userId: string, idPrefix: string): Promise<string | null> {
  const rows = await queryRows<{ token_hash: string }>(ex, sql`UPDATE sessions SET revoked_at = now()
    WHERE user_id = ${userId} AND kind = 'api' AND revoked_at IS NULL AND left(token_hash, 12) = ${idPrefix}
    RETURNING token_hash`);
  return rows[0]?.token_hash ?? null;
}

interface SessionActorRow {
  user_id: string;
  username: string;
  display_name: string;
  locale: Locale;
  status: string;
  expires_at: Date | null;
  grants: Array<{ role: Role; unitCode: string; unitPath: string }> | null;
}

/** Looks a live session up and builds its actor; null when unknown, expired, revoked or disabled. */
export async function loadSessionActor(ex: Executor, hash: string): Promise<{ actor: Actor; expiresAt: number | null } | null> {
  const [row] = await queryRows<SessionActorRow>(ex, sql`
    SELECT s.user_id, u.username, u.display_name, u.locale, u.status, s.expires_at,
      (SELECT json_agg(json_build_object('role', r.role, 'unitCode', r.unit_code, 'unitPath', un.path))
         FROM user_roles r JOIN units un ON un.code = r.unit_code WHERE r.user_id = u.id) AS grants
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${hash} AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())`);
  if (!row || row.status !== 'active') return null;
  const grants: RoleGrant[] = (row.grants ?? []).map((g) => ({ role: g.role, unitCode: g.unitCode, unitPath: g.unitPath }));
  return {
    actor: {
      kind: 'user', userId: row.user_id, username: row.username, displayName: row.display_name,
      locale: row.locale, grants,
    },
    expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : null,
  };
}
