import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { targetWhere } from '../directives/receipts-repository.js';
import { resolveTargets } from '../directives/targets.js';
import { existingSectors } from './checklists-repository.js';
import type { CreateRoundInput } from './hazards-schemas.js';
import { invalid } from './hazards-service.js';
import {
  beijingDate, completeTask, findRound, findTask, hasTaskIn, insertRound, insertTasks, nextRoundRef, setTaskCount, type RoundRow, type TaskRow,
} from './rounds-repository.js';

/** The round if the actor may see it (sent from their scope, or a task of it in their scope); else 404. */
export async function visibleRound(ex: Executor, actor: Actor, id: string): Promise<RoundRow> {
  const r = await findRound(ex, id);
  if (!r || !(can(actor, 'hazard:read', r.issuer_path) || await hasTaskIn(ex, id, scopeOf(actor, 'hazard:read')))) {
    throw new AppError('NOT_FOUND', { what: 'round', id });
  }
  return r;
}

/** 排查轮次: the round and one inspection task per target unit (set-based), pushed to each target, in one transaction. */
export async function createRound(uow: UnitOfWork, input: CreateRoundInput): Promise<{ id: string; ref: string; tasks: number }> {
  const { actor, now, tx } = uow;
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'hazard:manage')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
  const grant = input.issuerUnit ? grants.find((g) => g.unitCode === input.issuerUnit) : grants[0];
  if (!grant) {
    if (input.issuerUnit) throw new AppError('UNKNOWN_UNIT', { code: input.issuerUnit });
    throw new AppError('FORBIDDEN', { permission: 'hazard:manage' });
  }
  const sectors = [...new Set(input.sectors)];
  const known = await existingSectors(tx, sectors);
  const unknown = sectors.find((s) => !known.has(s));
  if (unknown) throw invalid(actor, 'body.sectors', 'unknown', 'sectorUnknown');
  if (input.endsOn < beijingDate(now)) throw invalid(actor, 'body.endsOn', 'past', 'periodPast');
  const filter = await resolveTargets(tx, input.targets, { path: grant.unitPath });
  const id = randomUUID();
  const ref = await nextRoundRef(tx, now);
  await insertRound(tx, {
    id, ref, name: input.name, sectors, startsOn: input.startsOn, endsOn: input.endsOn, note: input.note ?? null,
    issuerUnit: grant.unitCode, issuerPath: grant.unitPath, issuerId: actor.userId, issuerName: actor.displayName, targets: input.targets, now,
  });
  const tasks = await insertTasks(tx, {
    roundId: id, where: targetWhere(filter), actorId: actor.userId, eventUnitPath: grant.unitPath,
    payload: { roundId: id, ref, name: input.name, sectors, startsOn: input.startsOn, endsOn: input.endsOn, issuerUnit: grant.unitCode },
  });
  if (tasks === 0) throw invalid(actor, 'body.targets', 'empty', 'noTargets');
  await setTaskCount(tx, id, tasks);
  uow.audit({ action: 'hazard.round.create', targetType: 'hazardRound', targetId: id, unitPath: grant.unitPath, detail: { ref, name: input.name, sectors, tasks } });
  return { id, ref, tasks };
}

/** 排查完成: the target unit (or a unit above it) marks its inspection task done. */
export async function finishTask(uow: UnitOfWork, id: string, note: string | null): Promise<TaskRow> {
  const { actor, now, tx } = uow;
  const task = await findTask(tx, id, beijingDate(now));
  if (!task || !can(actor, 'hazard:read', task.unit_path)) throw new AppError('NOT_FOUND', { what: 'task', id });
  if (!can(actor, 'hazard:inspect', task.unit_path)) throw new AppError('FORBIDDEN', { permission: 'hazard:inspect' });
  if (!await completeTask(tx, id, { at: now, by: actor.userId, name: actor.displayName, note })) {
    throw new AppError('CONFLICT', { reason: t(actor.locale, 'hazards.taskAlreadyDone') });
  }
  const round = (await findRound(tx, task.round_id))!;
  uow.audit({ action: 'hazard.task.done', targetType: 'hazardTask', targetId: id, unitPath: task.unit_path, detail: { round: round.ref, unit: task.unit_code } });
  uow.emit({
    type: 'hazard.taskDone', unitPath: task.unit_path, alsoPaths: [round.issuer_path], subjectType: 'hazardTask', subjectId: id,
    payload: { roundId: round.id, ref: round.ref, name: round.name, unitCode: task.unit_code, findings: task.findings },
  });
  return { ...task, state: 'done', overdue: false, done_at: now, done_note: note };
}
