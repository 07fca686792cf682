import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/db/database.js';
import { userRoles, users } from '../../platform/db/tables.js';
import type { Role } from '../../platform/access/roles.js';

export type UserRow = typeof users.$inferSelect;

export interface UserGrantRow {
  role: Role;
  unitCode: string;
  unitPath: string;
  unitName: string;
  unitKind: string;
}

export async function findUserByUsername(ex: Executor, username: string): Promise<UserRow | undefined> {
  const [u] = await ex.select().from(users).where(eq(users.username, username)).limit(1);
  return u;
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  const [u] = await ex.select().from(users).where(eq(users.id, id)).limit(1);
  return u;
}

export async function grantsOf(ex: Executor, userId: string): Promise<UserGrantRow[]> {
  return queryRows<UserGrantRow>(ex, sql`SELECT r.role, r.unit_code AS "unitCode", u.path AS "unitPath",
      u.name AS "unitName", u.kind AS "unitKind"
    FROM user_roles r JOIN units u ON u.code = r.unit_code WHERE r.user_id = ${userId} ORDER BY u.path, r.role`);
}

export async function insertUser(ex: Executor, row: typeof users.$inferInsert): Promise<UserRow> {
  const [u] = await ex.insert(users).values(row).returning();
  return u!;
}

export async function replaceGrants(ex: Executor, userId: string, grants: Array<{ role: Role; unitCode: string }>): Promise<void> {
  await ex.delete(userRoles).where(eq(userRoles.userId, userId));
  if (grants.length) await ex.insert(userRoles).values(grants.map((g) => ({ userId, ...g })));
}

export async function updateUser(ex: Executor, id: string, set: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
  const [u] = await ex.update(users).set({ ...set, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  return u;
}

/**
 * Records a failed sign-in and locks the account for `lockMs` after `maxFailures`. Guarded in the write.
 * Once a lock has run out the count starts over, so a single typo afterwards does not lock again.
 */
export async function registerFailedLogin(ex: Executor, id: string, maxFailures: number, lockMs: number): Promise<void> {
  // Every SET expression sees the row as it was, so `failures` is the count this failure makes.
  const failures = sql`(CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END)`;
  await ex.execute(sql`UPDATE users SET failed_logins = ${failures},
      locked_until = CASE WHEN ${failures} >= ${maxFailures} THEN now() + ${`${lockMs} milliseconds`}::interval
        WHEN locked_until <= now() THEN NULL ELSE locked_until END
    WHERE id = ${id}`);
}

export async function clearFailedLogins(ex: Executor, id: string): Promise<void> {
  await ex.update(users).set({ failedLogins: 0, lockedUntil: null }).where(and(eq(users.id, id)));
}

export interface UserListQuery {
  scopePaths: string[];
  q?: string;
  limit: number;
  offset: number;
}

export interface UserListRow {
  id: string;
  username: string;
  displayName: string;
  status: string;
  locale: string;
  phone: string | null;
  grants: Array<{ role: string; unitCode: string; unitName: string }>;
}

/** Users holding at least one role inside the given subtrees. */
export async function listUsers(ex: Executor, q: UserListQuery): Promise<{ rows: UserListRow[]; total: number }> {
  const scope = q.scopePaths.includes('/')
    ? sql`TRUE`
    : q.scopePaths.length
      ? sql`(${sql.join(q.scopePaths.map((p) => sql`un.path LIKE ${`${p}%`}`), sql` OR `)})`
      : sql`FALSE`;
  const search = q.q ? sql`AND (us.username ILIKE ${`%${q.q}%`} OR us.display_name ILIKE ${`%${q.q}%`})` : sql``;
  const rows = await queryRows<UserListRow & { total: number }>(ex, sql`
    WITH visible AS (
      SELECT DISTINCT us.id FROM users us
      JOIN user_roles r ON r.user_id = us.id JOIN units un ON un.code = r.unit_code
      WHERE ${scope} ${search}
    )
    SELECT us.id, us.username, us.display_name AS "displayName", us.status, us.locale, us.phone,
      (SELECT coalesce(json_agg(json_build_object('role', r.role, 'unitCode', r.unit_code, 'unitName', un.name)
          ORDER BY un.path), '[]'::json)
        FROM user_roles r JOIN units un ON un.code = r.unit_code WHERE r.user_id = us.id) AS grants,
      count(*) OVER () AS total
    FROM users us JOIN visible v ON v.id = us.id
    ORDER BY us.username LIMIT ${q.limit} OFFSET ${q.offset}`);
  return { rows: rows.map(({ total: _t, ...r }) => r), total: Number(rows[0]?.total ?? 0) };
}
