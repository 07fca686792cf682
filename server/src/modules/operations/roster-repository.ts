import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import { underAny } from './operations-repository.js';

export interface ShiftRow {
  id: string;
  operation_id: string;
  post_id: string;
  post_name: string;
  post_unit: string;
  post_path: string;
  person_name: string;
  person_phone: string | null;
  user_id: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  note: string | null;
  checked_in_at: Date | string | null;
  checked_in_by_name: string | null;
  checked_out_at: Date | string | null;
  checked_out_by_name: string | null;
}

const SHIFT_COLUMNS = sql`s.id, s.operation_id, s.post_id, p.name AS post_name, p.unit_code AS post_unit, p.unit_path AS post_path, s.person_name,
  s.person_phone, s.user_id, s.starts_at, s.ends_at, s.note, s.checked_in_at, s.checked_in_by_name, s.checked_out_at, s.checked_out_by_name`;

export async function insertShift(ex: Executor, s: {
  id: string; operationId: string; postId: string; personName: string; personPhone: string | null; userId: string | null;
  startsAt: Date; endsAt: Date; note: string | null; createdBy: string | null;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO duty_shifts (id, operation_id, post_id, person_name, person_phone, user_id, starts_at, ends_at, note, created_by)
    VALUES (${s.id}, ${s.operationId}, ${s.postId}, ${s.personName}, ${s.personPhone}, ${s.userId}::uuid, ${s.startsAt}, ${s.endsAt}, ${s.note}, ${s.createdBy}::uuid)`);
}

export async function findShift(ex: Executor, id: string): Promise<ShiftRow | undefined> {
  const [row] = await queryRows<ShiftRow>(ex, sql`SELECT ${SHIFT_COLUMNS} FROM duty_shifts s JOIN operation_posts p ON p.id = s.post_id WHERE s.id = ${id}`);
  return row;
}

/** The operation's shifts at posts in scope, by post and start. */
export async function listShifts(ex: Executor, operationId: string, scope: string[]): Promise<ShiftRow[]> {
  return queryRows<ShiftRow>(ex, sql`SELECT ${SHIFT_COLUMNS} FROM duty_shifts s JOIN operation_posts p ON p.id = s.post_id
    WHERE s.operation_id = ${operationId} AND ${underAny(sql`p.unit_path`, scope)} ORDER BY p.sort, s.starts_at, s.person_name`);
}

/**
 * 空岗: per post in scope, the stretches of the operation's 'during' phase that no shift covers — the phase as a
 * range minus the union of the post's shifts (multirange arithmetic), one row per stretch.
 */
export async function rosterGaps(ex: Executor, operationId: string, scope: string[]): Promise<Array<{ post_id: string; starts_at: string; ends_at: string }>> {
  return queryRows(ex, sql`SELECT p.id AS post_id, lower(g) AS starts_at, upper(g) AS ends_at
    FROM operation_posts p JOIN operations o ON o.id = p.operation_id
    CROSS JOIN LATERAL unnest(
      tstzmultirange(tstzrange(o.during_starts_at, o.during_ends_at))
      - coalesce((SELECT range_agg(tstzrange(s.starts_at, s.ends_at)) FROM duty_shifts s WHERE s.post_id = p.id), '{}'::tstzmultirange)
    ) AS g
    WHERE p.operation_id = ${operationId} AND ${underAny(sql`p.unit_path`, scope)}
    ORDER BY p.sort, lower(g)`);
}

/** Check-in, guarded: only a shift nobody checked in yet. */
export async function markCheckedIn(ex: Executor, id: string, at: Date, by: string | null, byName: string): Promise<ShiftRow | undefined> {
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE duty_shifts SET checked_in_at = ${at}, checked_in_by = ${by}::uuid, checked_in_by_name = ${byName}
    WHERE id = ${id} AND checked_in_at IS NULL RETURNING id`);
  return rows.length ? findShift(ex, id) : undefined;
}

/** Check-out, guarded: only a shift checked in and not out. */
export async function markCheckedOut(ex: Executor, id: string, at: Date, by: string | null, byName: string): Promise<ShiftRow | undefined> {
  const rows = await queryRows<{ id: string }>(ex, sql`UPDATE duty_shifts SET checked_out_at = ${at}, checked_out_by = ${by}::uuid, checked_out_by_name = ${byName}
    WHERE id = ${id} AND checked_in_at IS NOT NULL AND checked_out_at IS NULL RETURNING id`);
  return rows.length ? findShift(ex, id) : undefined;
}

/** Removes a shift that has not begun (one that has is a record of duty, or of an absence, and stays). */
export async function deleteShift(ex: Executor, id: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(ex, sql`DELETE FROM duty_shifts WHERE id = ${id} AND checked_in_at IS NULL AND starts_at > ${now} RETURNING id`);
  return rows.length > 0;
}

export interface MyShiftRow extends ShiftRow {
  operation_ref: string;
  operation_name: string;
}

/** The user's shifts that end after `since` (recent and coming), soonest first. */
export async function shiftsOfUser(ex: Executor, userId: string, since: Date): Promise<MyShiftRow[]> {
  return queryRows<MyShiftRow>(ex, sql`SELECT ${SHIFT_COLUMNS}, o.ref AS operation_ref, o.name AS operation_name
    FROM duty_shifts s JOIN operation_posts p ON p.id = s.post_id JOIN operations o ON o.id = s.operation_id
    WHERE s.user_id = ${userId} AND s.ends_at > ${since} ORDER BY s.starts_at LIMIT 50`);
}
