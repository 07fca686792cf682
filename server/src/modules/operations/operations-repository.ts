import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';
import type { OperationPeriod } from './phases.js';
import type { PostKind } from './templates.js';

type Instant = Date | string;
const at = (d: Instant) => new Date(d);

/** `column` lies in one of the subtrees (materialised-path prefix match). */
export function underAny(column: SQL, paths: readonly string[]): SQL {
  if (paths.includes('/')) return sql`TRUE`;
  if (paths.length === 0) return sql`FALSE`;
  return sql`(${sql.join(paths.map((p) => sql`${column} LIKE ${`${p}%`}`), sql` OR `)})`;
}

export interface OperationRow {
  id: string;
  ref: string;
  name: string;
  template_code: string | null;
  owner_unit: string;
  owner_path: string;
  owner_name: string;
  starts_at: Instant;
  during_starts_at: Instant;
  during_ends_at: Instant;
  ends_at: Instant;
  created_by_name: string;
  created_at: Instant;
}

export function periodOf(o: Pick<OperationRow, 'starts_at' | 'during_starts_at' | 'during_ends_at' | 'ends_at'>): OperationPeriod {
  return { startsAt: at(o.starts_at), duringStartsAt: at(o.during_starts_at), duringEndsAt: at(o.during_ends_at), endsAt: at(o.ends_at) };
}

export async function nextOperationRef(ex: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT nextval('operation_ref_seq') AS n`);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `XD${day}${String(Number(row!.n)).padStart(3, '0')}`;
}

export async function insertOperation(ex: Executor, o: {
  id: string; ref: string; name: string; templateCode: string | null; ownerUnit: string; ownerPath: string; period: OperationPeriod;
  createdBy: string | null; createdByName: string;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO operations (id, ref, name, template_code, owner_unit, owner_path, starts_at, during_starts_at, during_ends_at, ends_at, created_by, created_by_name)
    VALUES (${o.id}, ${o.ref}, ${o.name}, ${o.templateCode}, ${o.ownerUnit}, ${o.ownerPath}, ${o.period.startsAt}, ${o.period.duringStartsAt},
      ${o.period.duringEndsAt}, ${o.period.endsAt}, ${o.createdBy}::uuid, ${o.createdByName})`);
}

const OPERATION_COLUMNS = sql`o.id, o.ref, o.name, o.template_code, o.owner_unit, o.owner_path, u.name AS owner_name, o.starts_at, o.during_starts_at,
  o.during_ends_at, o.ends_at, o.created_by_name, o.created_at`;

export async function findOperation(ex: Executor, id: string, lock?: 'update'): Promise<OperationRow | undefined> {
  const [row] = await queryRows<OperationRow>(ex, sql`SELECT ${OPERATION_COLUMNS} FROM operations o JOIN units u ON u.code = o.owner_unit
    WHERE o.id = ${id} ${lock ? sql`FOR UPDATE OF o` : sql``}`);
  return row;
}

/** Operations commanded in my scope, or holding a post in it; newest first. `runningAt`: only those whose period contains it. */
export async function listOperations(ex: Executor, f: { scope: string[]; q?: string; runningAt?: Date; limit: number; offset: number }) {
  const conds: SQL[] = [sql`(${underAny(sql`o.owner_path`, f.scope)} OR EXISTS (SELECT 1 FROM operation_posts p WHERE p.operation_id = o.id AND ${underAny(sql`p.unit_path`, f.scope)}))`];
  if (f.q) conds.push(sql`(o.name LIKE ${`%${f.q}%`} OR o.ref LIKE ${`%${f.q}%`})`);
  if (f.runningAt) conds.push(sql`o.starts_at <= ${f.runningAt} AND o.ends_at > ${f.runningAt}`);
  const rows = await queryRows<OperationRow & { total_rows: number; posts: number; tasks: number; open_tasks: number; overdue_tasks: number }>(ex, sql`
    SELECT ${OPERATION_COLUMNS}, count(*) OVER () AS total_rows,
      (SELECT count(*)::int FROM operation_posts p WHERE p.operation_id = o.id) AS posts,
      (SELECT count(*)::int FROM operation_tasks t WHERE t.operation_id = o.id) AS tasks,
      (SELECT count(*)::int FROM operation_tasks t JOIN work_items w ON w.id = t.id WHERE t.operation_id = o.id AND w.closed_at IS NULL) AS open_tasks,
      (SELECT count(*)::int FROM operation_tasks t JOIN work_items w ON w.id = t.id WHERE t.operation_id = o.id AND w.closed_at IS NULL AND w.warn_level = 'red') AS overdue_tasks
    FROM operations o JOIN units u ON u.code = o.owner_unit
    WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY o.starts_at DESC, o.ref DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { rows, total: Number(rows[0]?.total_rows ?? 0) };
}

export async function hasPostIn(ex: Executor, operationId: string, scope: string[]): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(ex, sql`SELECT 1 AS one FROM operation_posts p
    WHERE p.operation_id = ${operationId} AND ${underAny(sql`p.unit_path`, scope)} LIMIT 1`);
  return rows.length > 0;
}

export interface NewPost {
  id: string;
  operationId: string;
  parentId: string | null;
  kind: PostKind;
  unitCode: string;
  unitPath: string;
  zoneCode: string | null;
  name: string;
  sort: number;
  person: Person | null;
  deputy: Person | null;
}

export interface Person {
  name: string;
  phone: string | null;
  userId: string | null;
}

export async function insertPosts(ex: Executor, posts: NewPost[]): Promise<void> {
  if (posts.length === 0) return;
  const rows = posts.map((p) => sql`(${p.id}, ${p.operationId}, ${p.parentId}::uuid, ${p.kind}, ${p.unitCode}, ${p.unitPath}, ${p.zoneCode}, ${p.name}, ${p.sort},
    ${p.person?.name ?? null}, ${p.person?.phone ?? null}, ${p.person?.userId ?? null}::uuid,
    ${p.deputy?.name ?? null}, ${p.deputy?.phone ?? null}, ${p.deputy?.userId ?? null}::uuid)`);
  await ex.execute(sql`INSERT INTO operation_posts (id, operation_id, parent_id, kind, unit_code, unit_path, zone_code, name, sort,
    person_name, person_phone, person_user_id, deputy_name, deputy_phone, deputy_user_id) VALUES ${sql.join(rows, sql`, `)}`);
}

export interface PostRow {
  id: string;
  operation_id: string;
  parent_id: string | null;
  kind: PostKind;
  unit_code: string;
  unit_path: string;
  unit_name: string;
  zone_code: string | null;
  name: string;
  sort: number;
  person_name: string | null;
  person_phone: string | null;
  person_user_id: string | null;
  deputy_name: string | null;
  deputy_phone: string | null;
  deputy_user_id: string | null;
}

const POST_COLUMNS = sql`p.id, p.operation_id, p.parent_id, p.kind, p.unit_code, p.unit_path, u.name AS unit_name, p.zone_code, p.name, p.sort,
  p.person_name, p.person_phone, p.person_user_id, p.deputy_name, p.deputy_phone, p.deputy_user_id`;

/** The operation's posts in tree order; with `scope`, only those in it. */
export async function listPosts(ex: Executor, operationId: string, scope?: string[]): Promise<PostRow[]> {
  return queryRows<PostRow>(ex, sql`SELECT ${POST_COLUMNS} FROM operation_posts p JOIN units u ON u.code = p.unit_code
    WHERE p.operation_id = ${operationId} ${scope ? sql`AND ${underAny(sql`p.unit_path`, scope)}` : sql``} ORDER BY p.sort`);
}

export async function findPost(ex: Executor, id: string): Promise<PostRow | undefined> {
  const [row] = await queryRows<PostRow>(ex, sql`SELECT ${POST_COLUMNS} FROM operation_posts p JOIN units u ON u.code = p.unit_code WHERE p.id = ${id}`);
  return row;
}

/** The posts held by these units in the operation, by unit code. */
export async function postsByUnit(ex: Executor, operationId: string, unitCodes: readonly string[]): Promise<Map<string, PostRow>> {
  if (unitCodes.length === 0) return new Map();
  const rows = await queryRows<PostRow>(ex, sql`SELECT ${POST_COLUMNS} FROM operation_posts p JOIN units u ON u.code = p.unit_code
    WHERE p.operation_id = ${operationId} AND p.unit_code = ANY(${toPgArray([...new Set(unitCodes)])}::text[])`);
  return new Map(rows.map((r) => [r.unit_code, r]));
}

/** Sets the person and/or deputy of a post (a field left undefined stays). */
export async function updatePostPeople(ex: Executor, id: string, change: { person?: Person | null; deputy?: Person | null }): Promise<boolean> {
  const sets: SQL[] = [sql`updated_at = now()`];
  for (const [key, value] of [['person', change.person], ['deputy', change.deputy]] as const) {
    if (value === undefined) continue;
    sets.push(sql`${sql.raw(`${key}_name`)} = ${value?.name ?? null}, ${sql.raw(`${key}_phone`)} = ${value?.phone ?? null},
      ${sql.raw(`${key}_user_id`)} = ${value?.userId ?? null}::uuid`);
  }
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE operation_posts SET ${sql.join(sets, sql`, `)} WHERE id = ${id} RETURNING id`);
  return rows.length > 0;
}

export interface UnitInfo {
  code: string;
  path: string;
  kind: string;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  active: boolean;
  zone_code: string | null;
}

export async function unitsByCode(ex: Executor, codes: readonly string[]): Promise<Map<string, UnitInfo>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<UnitInfo>(ex, sql`SELECT code, path, kind, name, name_en, parent_code, active, props->>'zoneCode' AS zone_code
    FROM units WHERE code = ANY(${toPgArray([...new Set(codes)])}::text[])`);
  return new Map(rows.map((r) => [r.code, r]));
}

/** The ids among `ids` that are active users. */
export async function existingUsers(ex: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(ex, sql`SELECT id FROM users WHERE id = ANY(${toPgArray([...new Set(ids)])}::uuid[]) AND status = 'active'`);
  return new Set(rows.map((r) => r.id));
}

/** Operations whose period contains `at` (a playbook looks for the one its alert falls in), newest first. */
export async function runningOperations(ex: Executor, at: Date): Promise<OperationRow[]> {
  return queryRows<OperationRow>(ex, sql`SELECT ${OPERATION_COLUMNS} FROM operations o JOIN units u ON u.code = o.owner_unit
    WHERE o.starts_at <= ${at} AND o.ends_at > ${at} ORDER BY o.starts_at DESC`);
}

/** The operation's posts for a key zone: its command post, and the street sub-command of the street it lies in. */
export async function postsOfZone(ex: Executor, operationId: string, zoneCode: string): Promise<PostRow[]> {
  return queryRows<PostRow>(ex, sql`SELECT ${POST_COLUMNS} FROM operation_posts p JOIN units u ON u.code = p.unit_code
    WHERE p.operation_id = ${operationId}
      AND ((p.kind = 'command_post' AND p.zone_code = ${zoneCode})
        OR (p.kind = 'street_sub_command' AND p.unit_code = (SELECT parent_code FROM units WHERE code = ${zoneCode})))
    ORDER BY p.sort`);
}
