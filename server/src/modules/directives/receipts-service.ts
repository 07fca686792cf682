import { can, type Actor } from '../../platform/access/actor.js';
import type { Permission } from '../../platform/access/permissions.js';
import { allowedActions } from '../../platform/closed-loop/machine.js';
import { canSee } from '../../platform/closed-loop/closed-loop.js';
import type { WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { attachmentsOf } from '../attachments/attachments-repository.js';
import { clockFor, limitUntil } from './deadlines.js';
import { findDirective, setReceiptCount, unitsByCode, type DirectiveRow } from './directives-repository.js';
import type { TargetInput } from './directives-schemas.js';
import type { DirectiveDeps } from './directives-service.js';
import { receiptMachine, type ReceiptAction, type ReceiptState } from './receipt-machine.js';
import {
  insertReceipts, receiptContext, recordForwarded, recordReported, recordSigned, targetWhere, type ReceiptContext,
} from './receipts-repository.js';
import { resolveTargets } from './targets.js';

const onTime = (item: { deadline_at: Date | string | null }, now: Date) => !item.deadline_at || now.getTime() <= new Date(item.deadline_at).getTime();

/** The receipt and its directive, or 404 when the actor may not take `permission` on it (checked again in the transition). */
async function load(uow: UnitOfWork, id: string, permission: Permission, lock?: 'update'): Promise<{ r: ReceiptContext; d: DirectiveRow }> {
  const r = await receiptContext(uow.tx, id);
  if (!r || !canSee(uow.actor, permission, r)) throw new AppError('NOT_FOUND', { what: 'receipt', id });
  return { r, d: (await findDirective(uow.tx, r.directive_id, lock))! };
}

/** 签收: the unit confirms the current version; the report clock starts when the directive asks for a report. */
export async function signReceipt(uow: UnitOfWork, deps: DirectiveDeps, id: string, note: string | null): Promise<WorkItemRow> {
  const { r, d } = await load(uow, id, 'directive:sign');
  const reportDeadline = d.report_deadline_at ? new Date(d.report_deadline_at) : null;
  const stage = d.require_report && reportDeadline && d.report_by
    ? { name: 'report', limit: limitUntil(deps.calendar, uow.now, reportDeadline, d.report_by) }
    : null;
  const item = await deps.loop.act(uow, receiptMachine, id, 'sign', { note, stage, data: { version: d.version } });
  const recorded = await recordSigned(uow.tx, id, { directiveId: d.id, version: d.version, at: uow.now, by: uow.actor.userId, late: !onTime(r, uow.now) });
  if (!recorded) throw new AppError('STALE_STATE');
  return item;
}

/** 转发: child receipts for the chosen sub-units (set-based), each with its own sign clock. */
export async function forwardReceipt(uow: UnitOfWork, deps: DirectiveDeps, id: string, targets: TargetInput, note: string | null): Promise<WorkItemRow & { forwarded: number }> {
  const { r: before, d } = await load(uow, id, 'directive:sign', 'update');
  if (!d.allow_forward) throw new AppError('CONFLICT', { reason: t(uow.actor.locale, 'directives.forwardNotAllowed') });
  const filter = await resolveTargets(uow.tx, targets, { path: before.owner_path }, d.id);
  const clock = clockFor(deps.loop, 'sign', uow.now, d.sign_by);
  const count = await insertReceipts(uow.tx, {
    directiveId: d.id, directiveRef: d.ref, title: d.title, parentId: id, base: d.receipt_count, clock, now: uow.now,
    actorId: uow.actor.userId, actorName: uow.actor.displayName, eventUnitPath: d.issuer_path, eventType: 'directive.issued',
    eventPayload: {
      directiveId: d.id, ref: d.ref, title: d.title, version: d.version, action: 'forwarded', from: before.owner_unit,
      signDeadlineAt: clock.deadlineAt.toISOString(), reportDeadlineAt: d.report_deadline_at ? new Date(d.report_deadline_at).toISOString() : null,
    },
    where: targetWhere(filter),
  });
  if (count === 0) {
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.targets', code: 'empty', message: t(uow.actor.locale, 'directives.fields.noTargets') }]);
  }
  // The guarded transition last: if the receipt cannot be forwarded now, the child receipts roll back with it.
  const item = await deps.loop.act(uow, receiptMachine, id, 'forward', { note, data: { units: count } });
  await recordForwarded(uow.tx, id, uow.now);
  await setReceiptCount(uow.tx, d.id, d.receipt_count + count);
  return { ...item, forwarded: count };
}

export interface ReportInput {
  text: string;
  figures?: Record<string, number>;
  attachmentIds?: string[];
}

/** 反馈落实: the unit reports its execution; the receipt is done. */
export async function reportReceipt(uow: UnitOfWork, deps: DirectiveDeps, id: string, input: ReportInput): Promise<WorkItemRow> {
  const { r: before, d } = await load(uow, id, 'directive:sign');
  const photos = input.attachmentIds ?? [];
  if (photos.length && (await attachmentsOf(uow.tx, id, photos)).length !== new Set(photos).size) {
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.attachmentIds', code: 'unknown', message: t(uow.actor.locale, 'directives.fields.attachmentNotOnReceipt') }]);
  }
  const late = before.stage === 'report' ? !onTime(before, uow.now)
    : Boolean(d.report_deadline_at && uow.now.getTime() > new Date(d.report_deadline_at).getTime());
  const item = await deps.loop.act(uow, receiptMachine, id, 'report', { note: input.text, stage: null, data: { figures: input.figures ?? {} } });
  await recordReported(uow.tx, id, {
    at: uow.now, by: uow.actor.userId, late, text: input.text, figures: input.figures ?? null, attachmentIds: input.attachmentIds ?? [],
  });
  return item;
}

/** The actor's highest supervising grant above the receipt (403 without one). */
function supervisingGrant(actor: Actor, item: WorkItemRow) {
  const grant = actor.grants
    .filter((g) => can(actor, 'directive:supervise', g.unitPath) && item.home_path.startsWith(g.unitPath))
    .sort((a, b) => a.unitPath.length - b.unitPath.length)[0];
  if (!grant) throw new AppError('FORBIDDEN', { permission: 'directive:supervise' });
  return grant;
}

/** 督办 on one receipt, from a unit above it; the level follows the kind of the issuing unit. */
export async function superviseReceipt(uow: UnitOfWork, deps: DirectiveDeps, id: string, input: { note: string; deadlineAt?: string | null }): Promise<string> {
  const item = await deps.loop.visible(uow.tx, uow.actor, 'receipt', id, 'directive:supervise');
  const grant = supervisingGrant(uow.actor, item);
  const kind = (await unitsByCode(uow.tx, [grant.unitCode])).get(grant.unitCode)?.kind;
  const level = kind === 'district' ? 'district' : kind === 'department' ? 'department' : 'street';
  return deps.loop.supervise(uow, item, {
    level, issuerUnit: grant.unitCode, note: input.note, deadlineAt: input.deadlineAt ? new Date(input.deadlineAt) : null,
  });
}

/** 催办 one receipt: a reminder pushed to its unit, from a unit above it; only while it is open. */
export async function urgeReceipt(uow: UnitOfWork, deps: DirectiveDeps, id: string, note: string | null): Promise<void> {
  const item = await deps.loop.visible(uow.tx, uow.actor, 'receipt', id, 'directive:supervise');
  const grant = supervisingGrant(uow.actor, item);
  if (grant.unitPath === item.owner_path) throw new AppError('FORBIDDEN', { permission: 'directive:supervise' });
  if (item.closed_at) throw new AppError('CONFLICT', { reason: t(uow.actor.locale, 'directives.receiptClosed', { state: item.state }) });
  await deps.loop.note(uow, item, 'urge', note, { by: grant.unitCode });
}

/** The actions the actor may take on the receipt now (for the detail view's buttons). */
export function receiptActions(actor: Actor, item: { state: string; owner_path: string }, d: Pick<DirectiveRow, 'allow_forward'>): ReceiptAction[] {
  return allowedActions(receiptMachine, item.state as ReceiptState).filter((a) => {
    if (a === 'amend' || a === 'recall') return false;
    if (a === 'forward' && !d.allow_forward) return false;
    return can(actor, receiptMachine.transitions[a].permission as Permission, item.owner_path);
  });
}
