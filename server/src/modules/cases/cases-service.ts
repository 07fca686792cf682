import { randomUUID } from 'node:crypto';
import { can, hasPermission, type Actor } from '../../platform/access/actor.js';
import { findWorkItem } from '../../platform/closed-loop/work-item-repository.js';
import type { Executor } from '../../platform/db/database.js';
import type { TimeLimit } from '../../platform/calendar/index.js';
import type { ClosedLoop, UnitRef } from '../../platform/closed-loop/closed-loop.js';
import type { WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import { sqlState, UNIQUE_VIOLATION } from '../../platform/db/sql-state.js';
import type { UnitOfWork, WriteBatch } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import type { GridLocator } from '../../platform/geo/index.js';
import type { CategoryDirectory } from '../categories/category-directory.js';
import { suggestHandlingUnit } from '../categories/categories-service.js';
import type { CategoryRow } from '../categories/categories-tables.js';
import type { UnitDirectory } from '../units/unit-directory.js';
import { caseMachine, type CaseAction } from './case-machine.js';
import { candidatesFrom, mergedInto, possibleDuplicateEvent, readableBy, type DuplicateCandidate, type DuplicateFinder, type DuplicateRule } from './duplicates.js';
import {
  caseInsert, decideExtension, everOverdue, findCase, incrementCounter, insertExtension, updateCaseFacts, type CaseRefAllocator,
  type CaseRow,
} from './cases-repository.js';

export interface CaseDeps {
  loop: ClosedLoop;
  locator: GridLocator;
  duplicates: DuplicateRule;
  /** Likely repeats of a new report: nearby open cases of its category, committed or on their way. */
  nearby: DuplicateFinder;
  units: UnitDirectory;
  categories: CategoryDirectory;
  refs: CaseRefAllocator;
}

export type Channel = 'grid' | 'public' | 'hotline' | 'sensor' | 'system' | 'assigned' | 'open311';

export interface CaseReport {
  categoryCode: string;
  description: string;
  lng: number;
  lat: number;
  address?: string | null;
  channel: Channel;
  reporterName?: string | null;
  reporterPhone?: string | null;
  externalId?: string | null;
}

// Cases go to units that handle things: departments, streets, task forces (not grids or zones).
const DISPATCH_TARGETS: ReadonlySet<string> = new Set(['department', 'street', 'task_force']);

function unitRef(deps: CaseDeps, code: string, kinds?: ReadonlySet<string>): UnitRef {
  const u = deps.units.get(code);
  if (!u || !u.active || (kinds && !kinds.has(u.kind))) throw new AppError('UNKNOWN_UNIT', { code });
  return { code: u.code, path: u.path };
}

function categoryOf(deps: CaseDeps, code: string): CategoryRow {
  const c = deps.categories.get(code);
  if (!c || !c.active) throw new AppError('NOT_FOUND', { what: 'category', id: code });
  return c;
}

const limitOf = (c: CategoryRow, stage: 'register' | 'dispatch' | 'handle' | 'verify'): TimeLimit => c.limits[stage] as TimeLimit;

/** A case enters: placed in its grid, owned by its street's centre until registered, the register clock running. */
export async function reportCase(uow: WriteBatch, deps: CaseDeps, input: CaseReport): Promise<WorkItemRow & { possibleDuplicates: DuplicateCandidate[]; gridCode: string; streetCode: string }> {
  // Anyone who may report can report anywhere in the district: problems do not respect grid lines.
  if (!hasPermission(uow.actor, 'case:report')) throw new AppError('FORBIDDEN', { permission: 'case:report' });
  const place = deps.locator.locate(input.lng, input.lat);
  if (place.status === 'outside') throw new AppError('OUTSIDE_DISTRICT', { lng: input.lng, lat: input.lat });
  const category = categoryOf(deps, input.categoryCode);
  const grid = unitRef(deps, place.gridCode);
  const street = unitRef(deps, place.streetCode);
  const id = randomUUID();
  const ref = await deps.refs.next(uow.read, uow.now);
  // Likely repeats: the open cases nearby, and the reports just before this one still on their way to the table.
  const near = { id, ref, categoryCode: category.code, lng: input.lng, lat: input.lat, at: uow.now, homePath: grid.path, ownerPath: street.path };
  uow.onSettled(() => deps.nearby.settled(id));
  const nearby = await deps.nearby.forNewReport(near, uow.read);
  // The reporter hears of the ones they may read; the centre's push names them all.
  const possibleDuplicates = candidatesFrom(nearby.filter(readableBy(uow.actor)), near);
  const allDuplicates = candidatesFrom(nearby, near);
  const item = deps.loop.create(uow, caseMachine, {
    id, ref, title: `${category.name} · ${input.address ?? place.gridCode}`, owner: street, homePath: grid.path,
    stage: { name: 'register', limit: limitOf(category, 'register') },
    data: { channel: input.channel, category: category.code },
  });
  uow.defer(caseInsert({
    id, category_code: category.code, channel: input.channel, description: input.description, address: input.address ?? null,
    lng: input.lng, lat: input.lat, grid_code: place.gridCode, street_code: place.streetCode, urgency: category.urgency as 'normal' | 'urgent',
    reporter_user_id: uow.actor.userId, reporter_name: input.reporterName ?? null, reporter_phone: input.reporterPhone ?? null,
    external_id: input.externalId ?? null, reported_at: uow.now,
  }));
  // The stream hears of likely repeats with the report itself.
  if (allDuplicates.length) uow.emit(possibleDuplicateEvent({ id, ref, unitPath: grid.path }, allDuplicates));
  return { ...item, possibleDuplicates, gridCode: place.gridCode, streetCode: place.streetCode };
}

/**
 * A case the actor may read: where it happened or who owns it now lies in their scope, or their unit handled
 * it (a department keeps reading a case after feeding it back, though it may no longer act on it).
 */
export async function readableCase(ex: Executor, deps: Pick<CaseDeps, 'loop' | 'units'>, actor: Actor, id: string): Promise<WorkItemRow> {
  try {
    return await deps.loop.visible(ex, actor, 'case', id, 'case:read');
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
    const kase = await findCase(ex, id);
    const handler = kase?.handling_unit ? deps.units.get(kase.handling_unit) : undefined;
    if (!handler || !can(actor, 'case:read', handler.path)) throw err;
    return (await findWorkItem(ex, id))!;
  }
}

export interface ActionInput {
  note?: string | null;
  /** dispatch: the unit to send to (default: the suggested unit). */
  unitCode?: string;
  /** requestExtension: how much time in total the stage should have. */
  limit?: TimeLimit;
  /** decideExtension */
  approve?: boolean;
  /** merge: the case this report repeats. */
  intoId?: string;
}

const NOTE_REQUIRED: ReadonlySet<CaseAction> = new Set(['reject', 'sendBack', 'rework', 'park', 'requestExtension']);

/** Takes one action on a case: the guarded transition plus what that action means for the case's facts. */
export async function actOnCase(uow: UnitOfWork, deps: CaseDeps, id: string, action: CaseAction, input: ActionInput = {}): Promise<WorkItemRow> {
  if (NOTE_REQUIRED.has(action) && !input.note?.trim()) {
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.note', code: 'required', message: t(uow.actor.locale, 'fields.noteRequired') }]);
  }
  const kase = await findCase(uow.tx, id);
  if (!kase) throw new AppError('NOT_FOUND', { what: 'resource', id });
  const category = categoryOf(deps, kase.category_code);
  const { loop } = deps;
  const note = input.note ?? null;
  const before = await loop.visible(uow.tx, uow.actor, 'case', id, caseMachine.transitions[action].permission);
  const onTime = before.deadline_at ? uow.now <= new Date(before.deadline_at) : true;
  switch (action) {
    case 'register': {
      const item = await loop.act(uow, caseMachine, id, action, { note, stage: { name: 'dispatch', limit: limitOf(category, 'dispatch') } });
      await updateCaseFacts(uow.tx, id, { registered_at: uow.now, registered_on_time: onTime });
      return item;
    }
    case 'reject':
      return loop.act(uow, caseMachine, id, action, { note, stage: null });
    case 'merge': {
      if (!input.intoId || input.intoId === id) {
        throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.intoId', code: 'invalid', message: t(uow.actor.locale, 'fields.intoIdInvalid') }]);
      }
      const master = await loop.visible(uow.tx, uow.actor, 'case', input.intoId, 'case:read');
      if (master.closed_at) throw new AppError('CONFLICT', { reason: `${master.ref} closed` });
      const item = await loop.act(uow, caseMachine, id, action, { note, stage: null, data: { into: master.ref } });
      await updateCaseFacts(uow.tx, id, { duplicate_of: master.id });
      await loop.note(uow, master, 'absorb', `${before.ref}`, { merged: before.ref });
      return item;
    }
    case 'dispatch': {
      const target = unitRef(deps, input.unitCode ?? suggestHandlingUnit(category, kase.street_code), DISPATCH_TARGETS);
      const item = await loop.act(uow, caseMachine, id, action, {
        note, owner: target, stage: { name: 'handle', limit: limitOf(category, 'handle') }, data: { unit: target.code },
      });
      await updateCaseFacts(uow.tx, id, { handling_unit: target.code, dispatched_at: uow.now });
      await incrementCounter(uow.tx, id, 'dispatch_count');
      return item;
    }
    case 'accept':
      return loop.act(uow, caseMachine, id, action, { note });
    case 'sendBack': {
      const street = unitRef(deps, kase.street_code);
      const item = await loop.act(uow, caseMachine, id, action, { note, owner: street, stage: { name: 'dispatch', limit: limitOf(category, 'dispatch') } });
      await incrementCounter(uow.tx, id, 'send_back_count');
      return item;
    }
    case 'handle': {
      const grid = unitRef(deps, kase.grid_code);
      const item = await loop.act(uow, caseMachine, id, action, { note, owner: grid, stage: { name: 'verify', limit: limitOf(category, 'verify') } });
      await updateCaseFacts(uow.tx, id, { handled_at: uow.now, handled_on_time: onTime });
      return item;
    }
    case 'verify': {
      const street = unitRef(deps, kase.street_code);
      const item = await loop.act(uow, caseMachine, id, action, { note, owner: street, stage: null });
      await updateCaseFacts(uow.tx, id, { verified_at: uow.now });
      return item;
    }
    case 'rework': {
      const unit = unitRef(deps, kase.handling_unit ?? suggestHandlingUnit(category, kase.street_code));
      const item = await loop.act(uow, caseMachine, id, action, { note, owner: unit, stage: { name: 'handle', limit: limitOf(category, 'handle') } });
      await incrementCounter(uow.tx, id, 'rework_count');
      return item;
    }
    case 'close': {
      const item = await loop.act(uow, caseMachine, id, action, { note, stage: null });
      const late = (kase.handled_on_time === false) || await everOverdue(uow.tx, id);
      await updateCaseFacts(uow.tx, id, { closed_at: uow.now, closed_on_time: !late });
      // The reporters of merged duplicates hear that the case they reported is done.
      for (const dup of await mergedInto(uow.tx, id)) {
        uow.emit({ type: 'case.masterClosed', unitPath: dup.home_path, subjectType: 'case', subjectId: dup.id, payload: { ref: dup.ref, masterRef: item.ref } });
      }
      return item;
    }
    case 'park':
      return loop.act(uow, caseMachine, id, action, { note, stage: null });
    case 'unpark':
      return loop.act(uow, caseMachine, id, action, { note, stage: { name: 'dispatch', limit: limitOf(category, 'dispatch') } });
    case 'requestExtension': {
      if (!input.limit) throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.limit', code: 'required', message: t(uow.actor.locale, 'fields.limitRequired') }]);
      const item = await loop.act(uow, caseMachine, id, action, { note, data: { limit: input.limit } });
      try {
        await insertExtension(uow.tx, { id: randomUUID(), caseId: id, requestedBy: uow.actor.userId, unitCode: before.owner_unit, amount: input.limit.amount, unit: input.limit.unit, reason: note! });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw new AppError('CONFLICT', { reason: 'pending extension' });
        throw err;
      }
      return item;
    }
    case 'decideExtension': {
      if (input.approve === undefined) throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.approve', code: 'required', message: t(uow.actor.locale, 'fields.approveRequired') }]);
      const item = await loop.act(uow, caseMachine, id, action, { note, data: { approve: input.approve } });
      const ext = await decideExtension(uow.tx, id, input.approve, uow.actor.userId, note);
      if (!ext) throw new AppError('CONFLICT', { reason: 'no pending extension' });
      if (input.approve) return loop.extend(uow, item, { amount: ext.amount, unit: ext.unit as TimeLimit['unit'] }, note ?? '');
      return item;
    }
  }
}

export type { CaseRow };
