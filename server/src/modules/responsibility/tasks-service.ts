import { can, type Actor, type RoleGrant } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import { canSee } from '../../platform/closed-loop/closed-loop.js';
import type { WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { unitsByCode } from './lists-repository.js';
import type { ResponsibilityDeps } from './lists-service.js';
import { milestoneMachine, taskMachine } from './task-machines.js';
import { findTask, lockTask, openMilestoneIds, setCancelReason } from './tasks-repository.js';

/** 撤销任务: the issuer cancels a task; its open milestones end with it (done ones stay done). */
export async function cancelTask(uow: UnitOfWork, deps: ResponsibilityDeps, id: string, reason: string): Promise<WorkItemRow> {
  const task = await findTask(uow.tx, id);
  if (!task || !canSee(uow.actor, 'task:read', task)) throw new AppError('NOT_FOUND', { what: 'task', id });
  if (!can(uow.actor, 'task:manage', task.issuer_path)) throw new AppError('FORBIDDEN', { permission: 'task:manage' });
  await lockTask(uow.tx, id);
  const item = await deps.loop.act(uow, taskMachine, id, 'cancel', { note: reason });
  await setCancelReason(uow.tx, id, reason);
  // At most 20 milestones a task: each goes through the machine, so each gets its timeline row and event.
  for (const m of await openMilestoneIds(uow.tx, id)) {
    await deps.loop.act(uow, milestoneMachine, m, 'cancel', { note: reason, data: { task: item.ref } });
  }
  return item;
}

/** The actor's highest grant that may supervise the item: at the issuer (home) or above, or above the owner. */
export function supervisingGrant(actor: Actor, item: { home_path: string; owner_path: string }): RoleGrant | undefined {
  return actor.grants
    .filter((g) => roleGrants(g.role, 'task:supervise')
      && (item.home_path.startsWith(g.unitPath) || (item.owner_path.startsWith(g.unitPath) && item.owner_path !== g.unitPath)))
    .sort((a, b) => a.unitPath.length - b.unitPath.length)[0];
}

/**
 * 督办 on a task or a milestone that is still open, from the issuing unit or above it, or from a unit above
 * the owner; the order's level follows the kind of the actor's highest such unit.
 */
export async function superviseItem(
  uow: UnitOfWork, deps: ResponsibilityDeps, kind: 'task' | 'milestone', id: string, input: { note: string; deadlineAt?: string | null },
): Promise<string> {
  const { actor } = uow;
  const item = await deps.loop.visible(uow.tx, actor, kind, id, 'task:read');
  const grant = supervisingGrant(actor, item);
  if (!grant) throw new AppError('FORBIDDEN', { permission: 'task:supervise' });
  if (item.closed_at) throw new AppError('CONFLICT', { reason: t(actor.locale, 'responsibility.closed') });
  const unitKind = (await unitsByCode(uow.tx, [grant.unitCode])).get(grant.unitCode)?.kind;
  const level = unitKind === 'district' ? 'district' : unitKind === 'department' ? 'department' : 'street';
  return deps.loop.supervise(uow, item, {
    level, issuerUnit: grant.unitCode, note: input.note, deadlineAt: input.deadlineAt ? new Date(input.deadlineAt) : null,
  });
}
