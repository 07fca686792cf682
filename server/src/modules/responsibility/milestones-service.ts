import { can } from '../../platform/access/actor.js';
import { canSee } from '../../platform/closed-loop/closed-loop.js';
import type { WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { attachmentsOf } from '../attachments/attachments-repository.js';
import { dueClock, type DueSpec } from './due.js';
import type { ResponsibilityDeps } from './lists-service.js';
import type { ProgressInput } from './responsibility-schemas.js';
import { MILESTONE_STAGE, milestoneMachine, taskMachine } from './task-machines.js';
import {
  lockTask, milestoneContext, openMilestoneIds, recordProgress, reportInsert, setDue, type MilestoneContext,
} from './tasks-repository.js';

/** The milestone if the actor may see it, with its task locked for the write; 404 outside their scope. */
async function load(uow: UnitOfWork, id: string): Promise<MilestoneContext> {
  const m = await milestoneContext(uow.tx, id);
  if (!m || !canSee(uow.actor, 'task:read', m)) throw new AppError('NOT_FOUND', { what: 'milestone', id });
  await lockTask(uow.tx, m.task_id);
  return m;
}

/**
 * 进展反馈: the owner unit (or a unit above it) reports how far the milestone is. 100 % or `complete` closes it,
 * late when past its due instant; when that was the task's last open milestone the task completes too.
 */
export async function reportProgress(uow: UnitOfWork, deps: ResponsibilityDeps, id: string, input: ProgressInput): Promise<{ item: WorkItemRow; taskCompleted: boolean }> {
  const { actor, now } = uow;
  const m = await load(uow, id);
  if (!can(actor, 'task:report', m.owner_path)) throw new AppError('FORBIDDEN', { permission: 'task:report' });
  const photos = input.attachmentIds ?? [];
  if (photos.length && (await attachmentsOf(uow.tx, id, photos)).length !== new Set(photos).size) {
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.attachmentIds', code: 'unknown', message: t(actor.locale, 'responsibility.fields.attachmentNotOnMilestone') }]);
  }
  const done = input.complete === true || input.progress === 100;
  const progress = done ? 100 : input.progress;
  const late = done && now.getTime() > new Date(m.due_at).getTime();
  const item = await deps.loop.act(uow, milestoneMachine, id, done ? 'complete' : 'progress', {
    note: input.text, data: { progress, ...(input.figures ? { figures: input.figures } : {}), ...(done ? { late } : {}), photos: photos.length },
  });
  await recordProgress(uow.tx, id, { progress, at: now, text: input.text, done, late });
  uow.defer(reportInsert({
    milestoneId: id, at: now, actorId: actor.userId, actorName: actor.displayName, unitCode: m.owner_unit, progress, text: input.text,
    figures: input.figures ?? null, attachmentIds: photos,
  }));
  let taskCompleted = false;
  if (done && (await openMilestoneIds(uow.tx, m.task_id)).length === 0) {
    await deps.loop.act(uow, taskMachine, m.task_id, 'complete', { note: null, data: { lastMilestone: id } });
    taskCompleted = true;
  }
  return { item, taskCompleted };
}

/** 调整节点时间: the issuer moves the due date (with a reason on the timeline); the clock restarts from now. */
export async function rescheduleMilestone(uow: UnitOfWork, deps: ResponsibilityDeps, id: string, input: { due: DueSpec; reason: string }): Promise<WorkItemRow> {
  const { actor, now } = uow;
  const m = await load(uow, id);
  if (!can(actor, 'task:manage', m.issuer_path)) throw new AppError('FORBIDDEN', { permission: 'task:manage' });
  const { limit, clock } = dueClock(deps.loop, input.due, now, 'body.due', actor.locale);
  const item = await deps.loop.act(uow, milestoneMachine, id, 'reschedule', {
    stage: { name: MILESTONE_STAGE, limit }, note: input.reason,
    data: { fromDueAt: new Date(m.due_at).toISOString(), toDueAt: clock.deadlineAt.toISOString(), due: input.due },
  });
  await setDue(uow.tx, id, item.deadline_at!, input.due);
  return item;
}
