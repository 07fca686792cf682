import { randomUUID } from 'node:crypto';
import { can, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { existingUsers, findOperation, listPosts, periodOf, type OperationRow, type PostRow } from './operations-repository.js';
import { visibleOperation, visiblePost } from './operations-service.js';
import type { AddShiftInput } from './operations-schemas.js';
import { deleteShift, findShift, insertShift, listShifts, markCheckedIn, markCheckedOut, rosterGaps, type ShiftRow } from './roster-repository.js';
import { checkInOpen, GRACE_MINUTES, shiftStatus } from './shift-status.js';
import { operationReadScope } from './read-scope.js';

const MAX_SHIFT_HOURS = 24;

function invalid(actor: Actor, field: string, code: string, key: string): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `operations.fields.${key}`) }]);
}

/** 排班: a shift at a post, by whoever manages the post's unit; inside the operation's period. */
export async function addShift(uow: UnitOfWork, operationId: string, input: AddShiftInput): Promise<ShiftRow> {
  const { actor } = uow;
  const op = await visibleOperation(uow.tx, actor, operationId);
  const post = await visiblePost(uow.tx, actor, op, input.postId);
  if (!can(actor, 'operation:manage', post.unit_path)) throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw invalid(actor, 'body.endsAt', 'order', 'shiftOrder');
  if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_HOURS * 3_600_000) throw invalid(actor, 'body.endsAt', 'too_long', 'shiftTooLong');
  const period = periodOf(op);
  if (startsAt < period.startsAt || endsAt > period.endsAt) throw invalid(actor, 'body.startsAt', 'outside', 'shiftOutsidePeriod');
  if (input.userId && !(await existingUsers(uow.tx, [input.userId])).has(input.userId)) throw invalid(actor, 'body.userId', 'unknown', 'unknownUser');
  const id = randomUUID();
  await insertShift(uow.tx, {
    id, operationId: op.id, postId: post.id, personName: input.personName, personPhone: input.personPhone ?? null, userId: input.userId ?? null,
    startsAt, endsAt, note: input.note ?? null, createdBy: actor.userId,
  });
  uow.audit({ action: 'operation.shift_add', targetType: 'duty_shift', targetId: id, unitPath: post.unit_path, detail: { operation: op.ref, post: post.name, person: input.personName, startsAt: input.startsAt, endsAt: input.endsAt } });
  uow.emit({ type: 'operation.shift_added', unitPath: post.unit_path, alsoPaths: alsoCommand(op, post), subjectType: 'duty_shift', subjectId: id, payload: { operationId: op.id, postId: post.id, person: input.personName } });
  return (await findShift(uow.tx, id))!;
}

const alsoCommand = (op: OperationRow, post: Pick<PostRow, 'unit_path'>) => (post.unit_path === op.owner_path ? [] : [op.owner_path]);

/** The shift if the actor is its person or may read its post (or the whole operation); else 404. */
async function visibleShift(uow: UnitOfWork, id: string): Promise<{ shift: ShiftRow; op: OperationRow }> {
  const shift = await findShift(uow.tx, id);
  const op = shift && await findOperation(uow.tx, shift.operation_id);
  const mine = shift?.user_id != null && shift.user_id === uow.actor.userId;
  if (!shift || !op || !(mine || can(uow.actor, 'operation:read', shift.post_path) || can(uow.actor, 'operation:read', op.owner_path))) {
    throw new AppError('NOT_FOUND', { what: 'dutyShift', id });
  }
  return { shift, op };
}

/** The person on the shift, or an operator who manages the post (a centre checking someone in): else 403. */
function mayAnswerFor(actor: Actor, shift: ShiftRow): boolean {
  return (shift.user_id !== null && shift.user_id === actor.userId) || can(actor, 'operation:manage', shift.post_path);
}

/** 签到: by the person signed in, or an operator for them; from an hour before the start until the end. */
export async function checkIn(uow: UnitOfWork, id: string, note: string | null): Promise<ShiftRow> {
  const { actor, now } = uow;
  const { shift, op } = await visibleShift(uow, id);
  if (!mayAnswerFor(actor, shift)) throw new AppError('FORBIDDEN', { permission: 'operation:duty' });
  if (shift.checked_in_at) throw new AppError('CONFLICT', { reason: t(actor.locale, 'operations.alreadyCheckedIn') });
  if (!checkInOpen(shift, now)) throw new AppError('CONFLICT', { reason: t(actor.locale, 'operations.checkInClosed') });
  const after = await markCheckedIn(uow.tx, id, now, actor.userId, actor.displayName);
  if (!after) throw new AppError('CONFLICT', { reason: t(actor.locale, 'operations.alreadyCheckedIn') });
  const { late } = shiftStatus(after, now);
  const forOther = shift.user_id !== actor.userId;
  uow.audit({ action: 'operation.check_in', targetType: 'duty_shift', targetId: id, unitPath: shift.post_path, detail: { operation: op.ref, post: shift.post_name, person: shift.person_name, late, forOther, ...(note ? { note } : {}) } });
  uow.emit({ type: 'operation.checked_in', unitPath: shift.post_path, alsoPaths: alsoCommand(op, { unit_path: shift.post_path }), subjectType: 'duty_shift', subjectId: id, payload: { operationId: op.id, postId: shift.post_id, person: shift.person_name, late, by: actor.displayName } });
  return after;
}

/** 签退: after check-in, by the same people. */
export async function checkOut(uow: UnitOfWork, id: string, note: string | null): Promise<ShiftRow> {
  const { actor, now } = uow;
  const { shift, op } = await visibleShift(uow, id);
  if (!mayAnswerFor(actor, shift)) throw new AppError('FORBIDDEN', { permission: 'operation:duty' });
  const after = await markCheckedOut(uow.tx, id, now, actor.userId, actor.displayName);
  if (!after) throw new AppError('CONFLICT', { reason: t(actor.locale, shift.checked_out_at ? 'operations.alreadyCheckedOut' : 'operations.notCheckedIn') });
  uow.audit({ action: 'operation.check_out', targetType: 'duty_shift', targetId: id, unitPath: shift.post_path, detail: { operation: op.ref, post: shift.post_name, person: shift.person_name, ...(note ? { note } : {}) } });
  uow.emit({ type: 'operation.checked_out', unitPath: shift.post_path, alsoPaths: alsoCommand(op, { unit_path: shift.post_path }), subjectType: 'duty_shift', subjectId: id, payload: { operationId: op.id, postId: shift.post_id, person: shift.person_name, by: actor.displayName } });
  return after;
}

/** 删除班次: before it begins, by whoever manages the post. */
export async function removeShift(uow: UnitOfWork, id: string): Promise<void> {
  const { actor } = uow;
  const { shift, op } = await visibleShift(uow, id);
  if (!can(actor, 'operation:manage', shift.post_path)) throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  if (!await deleteShift(uow.tx, id, uow.now)) throw new AppError('CONFLICT', { reason: t(actor.locale, 'operations.shiftStarted') });
  uow.audit({ action: 'operation.shift_remove', targetType: 'duty_shift', targetId: id, unitPath: shift.post_path, detail: { operation: op.ref, post: shift.post_name, person: shift.person_name } });
  uow.emit({ type: 'operation.shift_removed', unitPath: shift.post_path, alsoPaths: alsoCommand(op, { unit_path: shift.post_path }), subjectType: 'duty_shift', subjectId: id, payload: { operationId: op.id, postId: shift.post_id } });
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function shiftView(s: ShiftRow, now: Date) {
  const { status, late } = shiftStatus(s, now);
  return {
    id: s.id, postId: s.post_id, postName: s.post_name, unitCode: s.post_unit, personName: s.person_name, personPhone: s.person_phone, userId: s.user_id,
    startsAt: iso(s.starts_at)!, endsAt: iso(s.ends_at)!, note: s.note, status, late,
    checkedInAt: iso(s.checked_in_at), checkedInByName: s.checked_in_by_name, checkedOutAt: iso(s.checked_out_at), checkedOutByName: s.checked_out_by_name,
  };
}
export type ShiftView = ReturnType<typeof shiftView>;

export interface Roster {
  window: { startsAt: string; endsAt: string };
  graceMinutes: number;
  now: string;
  posts: Array<{ post: PostRow; shifts: ShiftView[]; gaps: Array<{ startsAt: string; endsAt: string; minutes: number }> }>;
  summary: { posts: number; shifts: number; onDuty: number; due: number; absent: number; gaps: number; gapMinutes: number; postsWithGaps: number };
}

/**
 * 值班表 as the actor may see it: each post in scope with its shifts (status computed now) and the stretches of the
 * 'during' phase nobody covers, plus totals.
 */
export async function readRoster(ex: Executor, actor: Actor, op: OperationRow, now: Date): Promise<Roster> {
  const scope = operationReadScope(actor, op);
  const [posts, shifts, gaps] = await Promise.all([listPosts(ex, op.id, scope), listShifts(ex, op.id, scope), rosterGaps(ex, op.id, scope)]);
  const period = periodOf(op);
  const out = posts.map((post) => ({
    post,
    shifts: shifts.filter((s) => s.post_id === post.id).map((s) => shiftView(s, now)),
    gaps: gaps.filter((g) => g.post_id === post.id).map((g) => {
      const startsAt = new Date(g.starts_at);
      const endsAt = new Date(g.ends_at);
      return { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), minutes: Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) };
    }),
  }));
  const all = out.flatMap((p) => p.shifts);
  const allGaps = out.flatMap((p) => p.gaps);
  return {
    window: { startsAt: period.duringStartsAt.toISOString(), endsAt: period.duringEndsAt.toISOString() },
    graceMinutes: GRACE_MINUTES,
    now: now.toISOString(),
    posts: out,
    summary: {
      posts: out.length, shifts: all.length, onDuty: all.filter((s) => s.status === 'on_duty').length, due: all.filter((s) => s.status === 'due').length,
      absent: all.filter((s) => s.status === 'absent').length, gaps: allGaps.length, gapMinutes: allGaps.reduce((n, g) => n + g.minutes, 0),
      postsWithGaps: out.filter((p) => p.gaps.length > 0).length,
    },
  };
}
