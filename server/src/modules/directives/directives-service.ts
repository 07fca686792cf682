import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { WorkingCalendar } from '../../platform/calendar/index.js';
import type { ClosedLoop } from '../../platform/closed-loop/closed-loop.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { clockFor, deadlineAt } from './deadlines.js';
import {
  amendDirective, findDirective, hasReceiptIn, insertDirective, nextDirectiveRef, recallDirective, setReceiptCount,
  type DeadlineSpec, type DirectiveRow,
} from './directives-repository.js';
import type { AmendDirectiveInput, CreateDirectiveInput } from './directives-schemas.js';
import { receiptMachine } from './receipt-machine.js';
import { insertDirectiveEvents, insertReceipts, targetWhere, transitionReceipts, urgeReceipts } from './receipts-repository.js';
import { resolveTargets } from './targets.js';

export interface DirectiveDeps {
  loop: ClosedLoop;
  calendar: WorkingCalendar;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function invalid(actor: Actor, field: string, code: string, key: string): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `directives.fields.${key}`) }]);
}

/** The directive if the actor may see it (issued in their scope, or a receipt of it in their scope); else 404. */
export async function visibleDirective(ex: Executor, actor: Actor, id: string, lock?: 'update'): Promise<DirectiveRow> {
  const d = await findDirective(ex, id, lock);
  const scope = scopeOf(actor, 'directive:read');
  if (!d || !(can(actor, 'directive:read', d.issuer_path) || await hasReceiptIn(ex, id, scope))) {
    throw new AppError('NOT_FOUND', { what: 'directive', id });
  }
  return d;
}

/** Amend and recall belong to the issuing unit (or a unit above it) with directive:issue. */
export function canManage(actor: Actor, d: Pick<DirectiveRow, 'issuer_path'>): boolean {
  return can(actor, 'directive:issue', d.issuer_path);
}

function checkFuture(actor: Actor, spec: DeadlineSpec | undefined, now: Date, field: string): void {
  if (spec && 'at' in spec && new Date(spec.at).getTime() <= now.getTime()) throw invalid(actor, `body.${field}.at`, 'past', 'deadlinePast');
}

/** 一键智达: the directive, its first version, and one receipt per target unit (set-based), all in one transaction. */
export async function issueDirective(uow: UnitOfWork, deps: DirectiveDeps, input: CreateDirectiveInput): Promise<{ id: string; ref: string; receipts: number }> {
  const { actor, now } = uow;
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'directive:issue')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
  const grant = input.issuerUnit ? grants.find((g) => g.unitCode === input.issuerUnit) : grants[0];
  if (!grant) {
    if (input.issuerUnit) throw new AppError('UNKNOWN_UNIT', { code: input.issuerUnit });
    throw new AppError('FORBIDDEN', { permission: 'directive:issue' });
  }
  if (input.requires.report && !input.reportBy) throw invalid(actor, 'body.reportBy', 'required', 'reportByRequired');
  checkFuture(actor, input.signBy, now, 'signBy');
  checkFuture(actor, input.reportBy, now, 'reportBy');
  const filter = await resolveTargets(uow.tx, input.targets, { path: grant.unitPath });
  const id = randomUUID();
  const ref = await nextDirectiveRef(uow.tx, now);
  const reportBy = input.reportBy ?? null;
  const reportDeadline = reportBy ? deadlineAt(deps.loop, now, reportBy) : null;
  const attachmentIds = input.attachmentIds ?? [];
  await insertDirective(uow.tx, {
    id, ref, issuerUnit: grant.unitCode, issuerPath: grant.unitPath, issuerId: actor.userId, issuerName: actor.displayName,
    title: input.title, body: input.body, attachmentIds, requireReport: input.requires.report, allowForward: input.requires.forward,
    signBy: input.signBy, reportBy, reportDeadlineAt: reportDeadline, targets: input.targets, now,
  });
  const clock = clockFor(deps.loop, 'sign', now, input.signBy);
  const count = await insertReceipts(uow.tx, {
    directiveId: id, directiveRef: ref, title: input.title, parentId: null, base: 0, clock, now,
    actorId: actor.userId, actorName: actor.displayName, eventUnitPath: grant.unitPath, eventType: 'directive.issued',
    eventPayload: {
      directiveId: id, ref, title: input.title, version: 1, action: 'issued', issuerUnit: grant.unitCode,
      signDeadlineAt: clock.deadlineAt.toISOString(), reportDeadlineAt: iso(reportDeadline),
    },
    where: targetWhere(filter),
  });
  if (count === 0) throw invalid(actor, 'body.targets', 'empty', 'noTargets');
  await setReceiptCount(uow.tx, id, count);
  uow.audit({ action: 'directive.issue', targetType: 'directive', targetId: id, unitPath: grant.unitPath, detail: { ref, title: input.title, receipts: count, targets: input.targets } });
  uow.emit({ type: 'directive.summary', unitPath: grant.unitPath, subjectType: 'directive', subjectId: id, payload: { action: 'issued', ref, title: input.title, version: 1, receipts: count } });
  return { id, ref, receipts: count };
}

type Change = { field: string; from: unknown; to: unknown };

/** What a new version changes (title, body, attachments, deadlines), for the recipients to see. */
export function diffVersion(d: Pick<DirectiveRow, 'title' | 'body' | 'attachment_ids' | 'sign_by' | 'report_by'>, input: AmendDirectiveInput): Change[] {
  const changes: Change[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (input.title !== undefined && input.title !== d.title) changes.push({ field: 'title', from: d.title, to: input.title });
  if (input.body !== undefined && input.body !== d.body) changes.push({ field: 'body', from: d.body, to: input.body });
  if (input.attachmentIds !== undefined && !same(input.attachmentIds, d.attachment_ids)) changes.push({ field: 'attachmentIds', from: d.attachment_ids, to: input.attachmentIds });
  if (input.signBy !== undefined && !same(input.signBy, d.sign_by)) changes.push({ field: 'signBy', from: d.sign_by, to: input.signBy });
  if (input.reportBy !== undefined && !same(input.reportBy, d.report_by)) changes.push({ field: 'reportBy', from: d.report_by, to: input.reportBy });
  return changes;
}

/** A new version: every open receipt goes back to "re-sign" with a fresh sign clock, and learns what changed. */
export async function amendDirectiveVersion(uow: UnitOfWork, deps: DirectiveDeps, id: string, input: AmendDirectiveInput): Promise<{ version: number; receipts: number }> {
  const { actor, now } = uow;
  const d = await visibleDirective(uow.tx, actor, id, 'update');
  if (!canManage(actor, d)) throw new AppError('FORBIDDEN', { permission: 'directive:issue' });
  if (d.state !== 'active') throw new AppError('CONFLICT', { reason: t(actor.locale, 'directives.recalled') });
  checkFuture(actor, input.signBy, now, 'signBy');
  checkFuture(actor, input.reportBy, now, 'reportBy');
  const changes = diffVersion(d, input);
  if (changes.length === 0) throw invalid(actor, 'body', 'unchanged', 'nothingChanged');
  const signBy = input.signBy ?? d.sign_by;
  const reportBy = input.reportBy ?? d.report_by;
  const reportDeadline = input.reportBy ? deadlineAt(deps.loop, now, input.reportBy) : (d.report_deadline_at ? new Date(d.report_deadline_at) : null);
  const title = input.title ?? d.title;
  const ok = await amendDirective(uow.tx, {
    id, fromVersion: d.version, title, body: input.body ?? d.body, attachmentIds: input.attachmentIds ?? d.attachment_ids, signBy, reportBy,
    reportDeadlineAt: reportDeadline, changes, note: input.note, authorId: actor.userId, authorName: actor.displayName, now,
  });
  if (!ok) throw new AppError('STALE_STATE');
  const version = d.version + 1;
  const amend = receiptMachine.transitions.amend;
  const clock = clockFor(deps.loop, 'sign', now, signBy);
  const moved = await transitionReceipts(uow.tx, {
    directiveId: id, from: amend.from, to: 'resign', closes: false, stage: clock, title: input.title, action: 'amend',
    actorId: actor.userId, actorName: actor.displayName, note: input.note, data: { version, changed: changes.map((c) => c.field) },
  });
  await insertDirectiveEvents(uow.tx, {
    directiveId: id, type: 'directive.amended', unitPath: d.issuer_path, actorId: actor.userId,
    payload: {
      directiveId: id, ref: d.ref, title, version, action: 'amended', note: input.note, changed: changes.map((c) => c.field),
      signDeadlineAt: clock.deadlineAt.toISOString(), reportDeadlineAt: iso(reportDeadline),
    },
  });
  uow.audit({ action: 'directive.amend', targetType: 'directive', targetId: id, unitPath: d.issuer_path, detail: { ref: d.ref, version, changes: changes.map((c) => c.field), resign: moved } });
  uow.emit({ type: 'directive.summary', unitPath: d.issuer_path, subjectType: 'directive', subjectId: id, payload: { action: 'amended', ref: d.ref, title, version, receipts: moved } });
  return { version, receipts: moved };
}

/** 撤回: the directive stops; its open receipts close as recalled (receipts already done stay done). */
export async function recallDirectiveAll(uow: UnitOfWork, id: string, reason: string): Promise<{ receipts: number }> {
  const { actor, now } = uow;
  const d = await visibleDirective(uow.tx, actor, id, 'update');
  if (!canManage(actor, d)) throw new AppError('FORBIDDEN', { permission: 'directive:issue' });
  if (!await recallDirective(uow.tx, id, reason, now)) throw new AppError('CONFLICT', { reason: t(actor.locale, 'directives.recalled') });
  const tr = receiptMachine.transitions.recall;
  const moved = await transitionReceipts(uow.tx, {
    directiveId: id, from: tr.from, to: 'recalled', closes: true, stage: null, action: 'recall',
    actorId: actor.userId, actorName: actor.displayName, note: reason, data: { version: d.version },
  });
  await insertDirectiveEvents(uow.tx, {
    directiveId: id, type: 'directive.recalled', unitPath: d.issuer_path, actorId: actor.userId,
    payload: { directiveId: id, ref: d.ref, title: d.title, version: d.version, action: 'recalled', reason },
  });
  uow.audit({ action: 'directive.recall', targetType: 'directive', targetId: id, unitPath: d.issuer_path, detail: { ref: d.ref, reason, recalled: moved } });
  uow.emit({ type: 'directive.summary', unitPath: d.issuer_path, subjectType: 'directive', subjectId: id, payload: { action: 'recalled', ref: d.ref, title: d.title, version: d.version, receipts: moved } });
  return { receipts: moved };
}

/**
 * 催办: reminds, in one go, every unit in the actor's supervising scope (below its own units) that has not signed
 * yet (`what: 'sign'`), or has signed but not reported (`what: 'report'`). Each receipt gets an 'urge' timeline
 * row, each unit a push. The automatic reminder is the closed loop's yellow line (`receipt.warn`, at 75 %).
 */
export async function urgeDirective(uow: UnitOfWork, id: string, input: { what: 'sign' | 'report'; note?: string | null }): Promise<{ urged: number }> {
  const { actor } = uow;
  const d = await visibleDirective(uow.tx, actor, id);
  if (d.state !== 'active') throw new AppError('CONFLICT', { reason: t(actor.locale, 'directives.recalled') });
  if (input.what === 'report' && !d.require_report) throw invalid(actor, 'body.what', 'invalid', 'noReportRequired');
  const own = actor.grants.filter((g) => roleGrants(g.role, 'directive:supervise')).map((g) => g.unitPath);
  if (own.length === 0) throw new AppError('FORBIDDEN', { permission: 'directive:supervise' });
  // Below one's own units only: a street urges its grids, not itself.
  const scope = own.map((p) => `${p}%/`);
  const states = input.what === 'sign' ? ['pending', 'resign'] : ['signed', 'forwarded'];
  const note = input.note ?? null;
  const urged = await urgeReceipts(uow.tx, {
    directiveId: id, states, scope, actorId: actor.userId, actorName: actor.displayName, note, eventUnitPath: d.issuer_path,
    payload: { directiveId: id, ref: d.ref, title: d.title, version: d.version, action: 'urged', what: input.what, note },
  });
  uow.audit({ action: 'directive.urge', targetType: 'directive', targetId: id, unitPath: d.issuer_path, detail: { ref: d.ref, what: input.what, urged } });
  uow.emit({ type: 'directive.summary', unitPath: d.issuer_path, subjectType: 'directive', subjectId: id, payload: { action: 'urged', ref: d.ref, title: d.title, version: d.version, receipts: urged } });
  return { urged };
}
