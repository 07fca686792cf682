import { randomUUID } from 'node:crypto';
import { can, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { ClosedLoop } from '../../platform/closed-loop/closed-loop.js';
import { findWorkItem, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { findOperation, periodOf, postsByUnit, unitsByCode } from './operations-repository.js';
import { phaseAt, phaseWindows, taskClock, type Phase } from './phases.js';
import { OPERATION_TASK_KIND, operationTaskMachine } from './task-machine.js';
import { findTask, insertTasks, nextTaskSeq, recordCancelled, recordDone, type TaskRow, type TaskRowInput, type TaskSource } from './tasks-repository.js';
import type { OperationTemplate, Sector } from './templates.js';

export interface OperationDeps {
  loop: ClosedLoop;
  templates: Map<string, OperationTemplate>;
}

/** A task to create (see createOperationTasks). */
export interface NewOperationTask {
  title: string;
  description?: string;
  /** The owning post's unit: a command post (CP-JFB), a task force (TF-RQ), a street, or the command's unit. */
  unitCode: string;
  /** Default: the phase running now (after the period: 'after'). Ignored outside an operation. */
  phase?: Phase;
  sector?: Sector | null;
  /** Default: the end of the task's phase. Required outside an operation. */
  deadlineAt?: Date;
  source?: { kind: TaskSource; ref?: string | null };
}

export interface CreatedTask {
  id: string;
  ref: string;
  unitCode: string;
  phase: Phase | null;
  deadlineAt: Date;
}

const MAX_TASKS = 1000;

function invalid(actor: Actor, field: string, code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `operations.fields.${key}`, params) }]);
}

/**
 * Creates operation tasks — closed-loop work items of kind 'operation_task' owned by the posts' units — in one
 * statement, inside the caller's transaction. Other modules call it (a playbook's measures for the zone's post,
 * a plan activation's measures). It checks the operation and the owners, not the actor: the caller decides who may
 * create tasks. Within an operation every unit must hold a post of it (422 otherwise); with `operationId` null the
 * tasks stand alone (a plan activated outside any operation): each needs a deadline, and `issuerPath` names who gave
 * them (may cancel and supervise).
 */
export async function createOperationTasks(
  uow: UnitOfWork, _deps: OperationDeps, operationId: string | null, tasks: readonly NewOperationTask[], issuerPath?: string,
): Promise<CreatedTask[]> {
  const { actor, now } = uow;
  if (tasks.length === 0) return [];
  if (tasks.length > MAX_TASKS) throw invalid(actor, 'tasks', 'too_many', 'tooManyTasks', { max: MAX_TASKS });
  const rows: TaskRowInput[] = [];
  let issuer: string;
  if (operationId) {
    const op = await findOperation(uow.tx, operationId, 'update');
    if (!op) throw new AppError('NOT_FOUND', { what: 'operation', id: operationId });
    issuer = op.owner_path;
    const period = periodOf(op);
    const windows = phaseWindows(period);
    const posts = await postsByUnit(uow.tx, op.id, tasks.map((x) => x.unitCode));
    const base = await nextTaskSeq(uow.tx, op.id);
    tasks.forEach((task, i) => {
      const post = posts.get(task.unitCode);
      if (!post) throw invalid(actor, `tasks.${i}.unitCode`, 'no_post', 'noPost', { unit: task.unitCode });
      const phase = task.phase ?? phaseAt(period, now) ?? 'after';
      const window = windows[phase];
      const clock = taskClock(now, window.startsAt, task.deadlineAt ?? window.endsAt);
      rows.push(rowOf(task, base + i, phase, post.id, post.unit_code, post.unit_path, clock));
    });
  } else {
    if (!issuerPath) throw new Error('createOperationTasks: a task outside an operation needs its issuer');
    issuer = issuerPath;
    const units = await unitsByCode(uow.tx, tasks.map((x) => x.unitCode));
    tasks.forEach((task, i) => {
      const unit = units.get(task.unitCode);
      if (!unit || !unit.active) throw invalid(actor, `tasks.${i}.unitCode`, 'unknown', 'unknownUnit', { unit: task.unitCode });
      if (!task.deadlineAt) throw invalid(actor, `tasks.${i}.deadlineAt`, 'required', 'deadlineRequired');
      rows.push(rowOf(task, i + 1, null, null, unit.code, unit.path, taskClock(now, null, task.deadlineAt)));
    });
  }
  const made = await insertTasks(uow.tx, { operationId, issuerPath: issuer, tasks: rows, now, actorId: actor.userId, actorName: actor.displayName });
  const sources = [...new Set(rows.map((r) => r.sourceKind))];
  uow.audit({
    action: 'operation_task.create', targetType: operationId ? 'operation' : 'operation_task', targetId: operationId ?? made[0]!.id, unitPath: issuer,
    detail: { tasks: made.length, sources, refs: made.slice(0, 50).map((m) => m.ref) },
  });
  // The tasks' own events went with the insert; this one reaches the command's stream (and wakes the relay).
  uow.emit({
    type: operationId ? 'operation.tasks_added' : 'operation_task.batch', unitPath: issuer, subjectType: operationId ? 'operation' : OPERATION_TASK_KIND,
    subjectId: operationId ?? made[0]!.id, payload: { tasks: made.length, sources },
  });
  return made.map((m, i) => ({ id: m.id, ref: m.ref, unitCode: rows[i]!.ownerUnit, phase: rows[i]!.phase, deadlineAt: rows[i]!.deadlineAt }));
}

function rowOf(
  task: NewOperationTask, seq: number, phase: Phase | null, postId: string | null, unitCode: string, unitPath: string,
  clock: { startedAt: Date; warnAt: Date; deadlineAt: Date },
): TaskRowInput {
  return {
    id: randomUUID(), seq, title: task.title, description: task.description ?? '', phase, sector: task.sector ?? null, postId,
    ownerUnit: unitCode, ownerPath: unitPath, ...clock, sourceKind: task.source?.kind ?? 'manual', sourceRef: task.source?.ref ?? null,
  };
}

/** The task if the actor may read it (at its owner or where it was given from); else 404. */
export async function visibleTask(ex: Executor, actor: Actor, id: string): Promise<TaskRow> {
  const task = await findTask(ex, id);
  if (!task || !(can(actor, 'operation:read', task.owner_path) || can(actor, 'operation:read', task.issuer_path))) {
    throw new AppError('NOT_FOUND', { what: 'operationTask', id });
  }
  return task;
}

/** 开始: the owning post starts working on it. */
export async function startTask(uow: UnitOfWork, deps: OperationDeps, id: string, note: string | null): Promise<WorkItemRow> {
  await visibleTask(uow.tx, uow.actor, id);
  return deps.loop.act(uow, operationTaskMachine, id, 'start', { note });
}

/** 完成: the owning post reports it done (late when past its deadline). */
export async function completeTask(uow: UnitOfWork, deps: OperationDeps, id: string, note: string | null): Promise<WorkItemRow> {
  const task = await visibleTask(uow.tx, uow.actor, id);
  const late = Boolean(task.deadline_at && uow.now.getTime() > new Date(task.deadline_at).getTime());
  const item = await deps.loop.act(uow, operationTaskMachine, id, 'complete', { note, data: { late } });
  await recordDone(uow.tx, id, note, late);
  return item;
}

/** 取消: only whoever gave the task (the operation's command, the unit that activated the plan) or a unit above. */
export async function cancelTask(uow: UnitOfWork, deps: OperationDeps, id: string, reason: string): Promise<WorkItemRow> {
  const task = await visibleTask(uow.tx, uow.actor, id);
  if (!can(uow.actor, 'operation:manage', task.issuer_path)) throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  const item = await deps.loop.act(uow, operationTaskMachine, id, 'cancel', { note: reason });
  await recordCancelled(uow.tx, id, reason);
  return item;
}

/** 督办 on an open task, from whoever gave it or a unit above; the order's level follows the kind of the actor's unit. */
export async function superviseTask(uow: UnitOfWork, deps: OperationDeps, id: string, input: { note: string; deadlineAt?: string | null }): Promise<string> {
  const { actor } = uow;
  const task = await visibleTask(uow.tx, uow.actor, id);
  const grant = actor.grants
    .filter((g) => roleGrants(g.role, 'operation:manage') && task.issuer_path.startsWith(g.unitPath))
    .sort((a, b) => a.unitPath.length - b.unitPath.length)[0];
  if (!grant) throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  if (task.closed_at) throw new AppError('CONFLICT', { reason: t(actor.locale, 'operations.taskClosed', { state: task.state }) });
  // Seen through the task (its issuer may sit beside the owner, not above it): the work item itself, unchecked.
  const item = (await findWorkItem(uow.tx, id))!;
  const kind = (await unitsByCode(uow.tx, [grant.unitCode])).get(grant.unitCode)?.kind;
  const level = kind === 'district' ? 'district' : kind === 'department' ? 'department' : 'street';
  return deps.loop.supervise(uow, item, {
    level, issuerUnit: grant.unitCode, note: input.note, deadlineAt: input.deadlineAt ? new Date(input.deadlineAt) : null,
  });
}

/** The actions the actor may take on the task now (the console's buttons). */
export function taskActions(actor: Actor, task: Pick<TaskRow, 'state' | 'owner_path' | 'issuer_path' | 'closed_at'>): string[] {
  if (task.closed_at) return [];
  const out: string[] = [];
  const owner = can(actor, 'operation:duty', task.owner_path);
  if (task.state === 'pending' && owner) out.push('start');
  if (owner) out.push('complete');
  const issuer = can(actor, 'operation:manage', task.issuer_path);
  // Cancelling goes through the closed loop, which also wants the owner in the actor's scope.
  if (issuer && can(actor, 'operation:manage', task.owner_path)) out.push('cancel');
  if (issuer) out.push('supervise');
  return out;
}
