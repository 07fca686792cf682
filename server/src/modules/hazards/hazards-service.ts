import { randomUUID } from 'node:crypto';
import { can, SYSTEM_ACTOR, type Actor, type RoleGrant } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import { CalendarRangeError, type TimeLimit, type WorkingCalendar } from '../../platform/calendar/index.js';
import type { ClosedLoop, UnitRef } from '../../platform/closed-loop/closed-loop.js';
import { allowedActions } from '../../platform/closed-loop/machine.js';
import { findWorkItem, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import type { Executor } from '../../platform/db/database.js';
import type { DeferredInsert, UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { GridLocator } from '../../platform/geo/index.js';
import { t } from '../../platform/i18n/messages.js';
import { unitsByCode } from '../directives/directives-repository.js';
import { findChecklistItem, listSectors } from './checklists-repository.js';
import { missingPlanFields } from './five-in-place.js';
import { hazardMachine, type HazardAction, type HazardState } from './hazard-machine.js';
import type { AssignInput, CreateHazardInput, DeadlineInput, PlanInput } from './hazards-schemas.js';
import {
  findHazard, insertHazard, nextHazardRef, recordClosedOut, recordPlan, recordReinspection, recordRectified, setRectifyUnit, writeNow,
  type HazardRow,
} from './hazards-repository.js';
import { STAGE_LIMITS } from './limits.js';
import { beijingDate, findTask } from './rounds-repository.js';

export interface HazardDeps {
  loop: ClosedLoop;
  calendar: WorkingCalendar;
  locator: GridLocator;
}

export function invalid(actor: Actor, field: string, code: string, key: string, params?: Record<string, unknown>): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `hazards.fields.${key}`, params) }]);
}

/** The finding if the actor may read it where it is, with whoever holds it, found it or rectifies it; else 404. */
export async function readableHazard(ex: Executor, actor: Actor, id: string): Promise<HazardRow> {
  const h = await findHazard(ex, id);
  const paths = h ? [h.home_path, h.owner_path, h.inspect_path, h.rectify_path] : [];
  if (!h || !paths.some((p) => p && can(actor, 'hazard:read', p))) throw new AppError('NOT_FOUND', { what: 'hazard', id });
  return h;
}

/** `/500103/500103003/…/grid/` → the district's and the street's units. */
function ancestors(homePath: string): { district: UnitRef; street: UnitRef } {
  const [d, s] = homePath.split('/').filter(Boolean);
  return { district: { code: d!, path: `/${d}/` }, street: { code: s!, path: `/${d}/${s}/` } };
}

/** 排查登记: a finding placed in its grid, held by its street's centre for assignment; a 重大 one is supervised by the district at once. */
export async function reportHazard(uow: UnitOfWork, deps: HazardDeps, input: CreateHazardInput): Promise<WorkItemRow & { gridCode: string; streetCode: string }> {
  const { actor, now, tx } = uow;
  const place = deps.locator.locate(input.lng, input.lat);
  if (place.status === 'outside') throw new AppError('OUTSIDE_DISTRICT', { lng: input.lng, lat: input.lat });
  const line = input.checklistItemId !== undefined ? await findChecklistItem(tx, input.checklistItemId) : undefined;
  if (input.checklistItemId !== undefined && !line?.active) throw invalid(actor, 'body.checklistItemId', 'unknown', 'checklistUnknown');
  if (line && input.sector && line.sector !== input.sector) throw invalid(actor, 'body.checklistItemId', 'mismatch', 'checklistSector');
  const sector = (await listSectors(tx)).find((s) => s.code === (line?.sector ?? input.sector));
  if (!sector) throw invalid(actor, 'body.sector', 'unknown', 'sectorUnknown');

  const task = input.taskId ? await findTask(tx, input.taskId, beijingDate(now)) : undefined;
  if (input.taskId && (!task || !can(actor, 'hazard:inspect', task.unit_path))) throw invalid(actor, 'body.taskId', 'unknown', 'taskUnknown');
  if (task && !task.sectors.includes(sector.code)) throw invalid(actor, 'body.sector', 'notInRound', 'sectorNotInRound');
  const inspector = inspectingUnit(actor, input.inspectUnit, task);

  const units = await unitsByCode(tx, [place.gridCode, place.streetCode]);
  const grid = units.get(place.gridCode);
  const street = units.get(place.streetCode);
  if (!grid?.active || !street?.active) throw new AppError('UNKNOWN_UNIT', { code: place.gridCode });

  const id = randomUUID();
  const ref = await nextHazardRef(tx, now);
  // The item's row is written at once (not deferred): the finding and, for a 重大 one, the supervision order refer to it.
  const pending: DeferredInsert[] = [];
  const item = deps.loop.create({ ...uow, defer: (d) => pending.push(d) }, hazardMachine, {
    id, ref, title: `${sector.name} · ${input.subjectName ?? input.description.slice(0, 40)}`,
    owner: { code: street.code, path: street.path }, homePath: grid.path,
    stage: { name: 'assign', limit: STAGE_LIMITS.assign },
    data: { grade: input.grade, sector: sector.code, inspectUnit: inspector.code, ...(task ? { roundId: task.round_id } : {}) },
  });
  await writeNow(tx, pending);
  await insertHazard(tx, {
    id, sector: sector.code, grade: input.grade, checklistItemId: line?.id ?? null, roundId: task?.round_id ?? null, taskId: task?.id ?? null,
    source: task ? 'round' : input.source ?? 'patrol', description: input.description, legalBasis: input.legalBasis ?? line?.basis ?? null,
    subjectName: input.subjectName ?? null, creditCode: input.creditCode ?? null, address: input.address ?? null, lng: input.lng, lat: input.lat,
    gridCode: place.gridCode, streetCode: place.streetCode, inspectUnit: inspector.code, inspectPath: inspector.path,
    finderId: actor.userId, finderName: actor.displayName, foundAt: now,
  });
  if (input.grade === 'major') {
    // 挂牌督办: the district follows every 重大 finding from the start; the order is the platform's, not the finder's.
    await deps.loop.supervise({ ...uow, actor: SYSTEM_ACTOR }, item, {
      level: 'district', issuerUnit: ancestors(grid.path).district.code, note: t('zh-CN', 'hazards.autoSupervision'),
    });
  }
  return { ...item, supervised: input.grade === 'major', gridCode: place.gridCode, streetCode: place.streetCode };
}

/** The unit that found it (and will re-inspect): the one named, the task's, or the actor's first inspecting unit. */
function inspectingUnit(actor: Actor, named: string | undefined, task: { unit_code: string; unit_path: string } | undefined): UnitRef {
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'hazard:inspect')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
  if (named) {
    const g = grants.find((x) => x.unitCode === named);
    if (!g) throw new AppError('UNKNOWN_UNIT', { code: named });
    return { code: g.unitCode, path: g.unitPath };
  }
  if (task) return { code: task.unit_code, path: task.unit_path };
  const g = grants[0];
  if (!g) throw new AppError('FORBIDDEN', { permission: 'hazard:inspect' });
  return { code: g.unitCode, path: g.unitPath };
}

/**
 * The finding, if the actor may take `action` on it now: a readable finding in the wrong state is a 409 naming what
 * is allowed, one the actor may not act on (not its holder, say) a 403. The guarded transition decides in the end.
 */
async function prepare(uow: UnitOfWork, id: string, action: HazardAction): Promise<HazardRow> {
  const h = await readableHazard(uow.tx, uow.actor, id);
  const allowed = allowedActions(hazardMachine, h.state as HazardState);
  if (!allowed.includes(action)) {
    throw new AppError('INVALID_TRANSITION', { from: h.state, action, allowed: allowed.join(', ') || '—', allowedActions: allowed });
  }
  if (!mayTake(uow.actor, h, action)) throw new AppError('FORBIDDEN', { permission: hazardMachine.transitions[action].permission });
  return h;
}

/** Owner actions belong to the holder (or a unit above it); the others to whoever holds the permission where the finding is. */
function mayTake(actor: Actor, h: HazardRow, action: HazardAction): boolean {
  const tr = hazardMachine.transitions[action];
  const paths = tr.byOwner ? [h.owner_path] : [h.home_path, h.owner_path];
  return paths.some((p) => can(actor, tr.permission, p));
}

// Rectification is the job of a department, a task force, or the finding's own street (属地); see assignableUnits.
const ASSIGNABLE: ReadonlySet<string> = new Set(['department', 'task_force', 'street']);

/** 交办: the centre names the unit responsible for the rectification; its plan clock starts. */
export async function assignHazard(uow: UnitOfWork, deps: HazardDeps, id: string, input: AssignInput): Promise<WorkItemRow> {
  const h = await prepare(uow, id, 'assign');
  const unit = (await unitsByCode(uow.tx, [input.unitCode])).get(input.unitCode);
  if (!unit?.active || !ASSIGNABLE.has(unit.kind) || (unit.kind === 'street' && !h.home_path.startsWith(unit.path))) {
    throw new AppError('UNKNOWN_UNIT', { code: input.unitCode });
  }
  const item = await deps.loop.act(uow, hazardMachine, id, 'assign', {
    owner: { code: unit.code, path: unit.path }, stage: { name: 'plan', limit: STAGE_LIMITS.plan[h.grade] },
    note: input.note ?? null, data: { unit: unit.code },
  });
  await setRectifyUnit(uow.tx, id, unit);
  return item;
}

const FIVE_YEARS_MS = 5 * 366 * 86_400_000;

/** A deadline as the stage's time limit: working days on the calendar, or the minutes left until an instant. */
function rectifyClock(uow: UnitOfWork, deps: HazardDeps, spec: DeadlineInput, field: string): { limit: TimeLimit; deadline: Date } {
  const { actor, now } = uow;
  if ('at' in spec) {
    const at = new Date(spec.at);
    if (at.getTime() <= now.getTime()) throw invalid(actor, field, 'past', 'deadlinePast');
    if (at.getTime() - now.getTime() > FIVE_YEARS_MS) throw invalid(actor, field, 'tooFar', 'deadlineTooFar');
    return { limit: { amount: (at.getTime() - now.getTime()) / 60_000, unit: 'minute' }, deadline: at };
  }
  try {
    return { limit: spec, deadline: deps.calendar.deadlineFor(now, spec) };
  } catch (err) {
    if (err instanceof CalendarRangeError) throw invalid(actor, field, 'outOfCalendar', 'deadlineOutOfCalendar');
    throw err;
  }
}

/** 整改方案: who, how, by when; a 重大 finding cannot proceed without all five in place (五落实). */
export async function planHazard(uow: UnitOfWork, deps: HazardDeps, id: string, input: PlanInput): Promise<WorkItemRow> {
  const h = await prepare(uow, id, 'plan');
  const missing = missingPlanFields(h.grade, input);
  if (missing.length) {
    const group = h.grade === 'major' ? 'fiveInPlace' : 'planRequired';
    throw new AppError('VALIDATION_FAILED', { missing }, missing.map((f) => ({
      field: `body.${f}`, code: 'required', message: t(uow.actor.locale, `hazards.fields.${group}.${f}`),
    })));
  }
  const { limit, deadline } = rectifyClock(uow, deps, input.deadline!, 'body.deadline');
  const item = await deps.loop.act(uow, hazardMachine, id, 'plan', {
    stage: { name: 'rectify', limit }, note: input.note ?? null,
    data: { deadline: deadline.toISOString(), responsiblePerson: input.responsiblePerson, funding: input.funding ?? null },
  });
  await recordPlan(uow.tx, id, {
    responsiblePerson: input.responsiblePerson ?? null, responsiblePhone: input.responsiblePhone ?? null, measures: input.measures ?? null,
    funding: input.funding ?? null, interimMeasures: input.interimMeasures ?? null, contingencyPlan: input.contingencyPlan ?? null,
    deadline, at: uow.now,
  });
  return item;
}

/** 整改完成: the rectifying unit reports; the finding goes back to the unit that found it for re-inspection. */
export async function reportRectified(uow: UnitOfWork, deps: HazardDeps, id: string, note: string): Promise<WorkItemRow> {
  const h = await prepare(uow, id, 'reportRectified');
  const item = await deps.loop.act(uow, hazardMachine, id, 'reportRectified', {
    owner: { code: h.inspect_unit, path: h.inspect_path }, stage: { name: 'reinspect', limit: STAGE_LIMITS.reinspect }, note,
  });
  await recordRectified(uow.tx, id, { note, at: uow.now });
  return item;
}

/**
 * 复查: passed, the finding waits for 销号 at the street's centre (the district's for a 重大 one); failed, it returns
 * to the rectifying unit with a new deadline.
 */
export async function reinspectHazard(
  uow: UnitOfWork, deps: HazardDeps, id: string, input: { result: 'pass' | 'fail'; note?: string | null; deadline?: DeadlineInput },
): Promise<WorkItemRow> {
  const action = input.result === 'pass' ? 'reinspectPass' : 'reinspectFail';
  const h = await prepare(uow, id, action);
  const note = input.note ?? null;
  let item: WorkItemRow;
  let deadline: Date | null = null;
  if (input.result === 'pass') {
    const places = ancestors(h.home_path);
    item = await deps.loop.act(uow, hazardMachine, id, action, {
      owner: h.grade === 'major' ? places.district : places.street, stage: { name: 'closeOut', limit: STAGE_LIMITS.closeOut }, note,
    });
  } else {
    if (!note) throw invalid(uow.actor, 'body.note', 'required', 'failNoteRequired');
    const clock = rectifyClock(uow, deps, input.deadline ?? STAGE_LIMITS.rework, 'body.deadline');
    deadline = clock.deadline;
    item = await deps.loop.act(uow, hazardMachine, id, action, {
      owner: { code: h.rectify_unit!, path: h.rectify_path! }, stage: { name: 'rectify', limit: clock.limit }, note,
      data: { deadline: deadline.toISOString() },
    });
  }
  await recordReinspection(uow.tx, id, { by: uow.actor.userId, name: uow.actor.displayName, at: uow.now, result: input.result, note, deadline });
  return item;
}

/** 销号: only after a passed re-inspection (the machine allows close from 'accepted' only). */
export async function closeHazard(uow: UnitOfWork, deps: HazardDeps, id: string, note: string | null): Promise<WorkItemRow> {
  await prepare(uow, id, 'close');
  const item = await deps.loop.act(uow, hazardMachine, id, 'close', { stage: null, note });
  await recordClosedOut(uow.tx, id, { at: uow.now, by: uow.actor.displayName });
  return item;
}

/** 撤销: a mistaken finding, before anyone plans its rectification. */
export async function cancelHazard(uow: UnitOfWork, deps: HazardDeps, id: string, reason: string): Promise<WorkItemRow> {
  await prepare(uow, id, 'cancel');
  return deps.loop.act(uow, hazardMachine, id, 'cancel', { stage: null, note: reason });
}

/** The actor's highest grant that may supervise the finding: at or above where it is, or above its holder. */
function supervisingGrant(actor: Actor, h: { home_path: string; owner_path: string }): RoleGrant | undefined {
  return actor.grants
    .filter((g) => roleGrants(g.role, 'hazard:supervise')
      && (h.home_path.startsWith(g.unitPath) || (h.owner_path.startsWith(g.unitPath) && h.owner_path !== g.unitPath)))
    .sort((a, b) => a.unitPath.length - b.unitPath.length)[0];
}

/** 督办 from above, while the finding is open; the level follows the kind of the actor's unit. */
export async function superviseHazard(uow: UnitOfWork, deps: HazardDeps, id: string, input: { note: string; deadlineAt?: string | null }): Promise<string> {
  const h = await readableHazard(uow.tx, uow.actor, id);
  const grant = supervisingGrant(uow.actor, h);
  if (!grant) throw new AppError('FORBIDDEN', { permission: 'hazard:supervise' });
  if (h.closed_at) throw new AppError('CONFLICT', { reason: t(uow.actor.locale, 'hazards.closed') });
  const kind = (await unitsByCode(uow.tx, [grant.unitCode])).get(grant.unitCode)?.kind;
  const level = kind === 'district' ? 'district' : kind === 'department' ? 'department' : 'street';
  return deps.loop.supervise(uow, (await findWorkItem(uow.tx, id))!, {
    level, issuerUnit: grant.unitCode, note: input.note, deadlineAt: input.deadlineAt ? new Date(input.deadlineAt) : null,
  });
}

/** What the actor may do with the finding now (the detail view's buttons); both re-inspection outcomes are 'reinspect'. */
export function hazardActions(actor: Actor, h: HazardRow): string[] {
  const out = new Set<string>();
  for (const a of allowedActions(hazardMachine, h.state as HazardState)) {
    if (mayTake(actor, h, a)) out.add(a.startsWith('reinspect') ? 'reinspect' : a);
  }
  if (!h.closed_at && supervisingGrant(actor, h)) out.add('supervise');
  return [...out];
}
