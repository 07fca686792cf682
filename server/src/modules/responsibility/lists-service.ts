import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { ClosedLoop } from '../../platform/closed-loop/closed-loop.js';
import type { Executor } from '../../platform/db/database.js';
import type { WriteBatch } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { dueClock } from './due.js';
import { findList, hasTaskIn, listInsert, nextListRef, unitsByCode, type ListRow } from './lists-repository.js';
import type { CreateListInput } from './responsibility-schemas.js';
import { MILESTONE_STAGE, milestoneMachine, taskMachine } from './task-machines.js';
import { milestoneInsert, taskInsert, type MilestoneRecord, type TaskRecord } from './tasks-repository.js';

export interface ResponsibilityDeps {
  loop: ClosedLoop;
}

/** The list if the actor may see it (issued in their scope, or a task of it owned there); else 404. */
export async function visibleList(ex: Executor, actor: Actor, id: string): Promise<ListRow> {
  const list = await findList(ex, id);
  if (!list || !(can(actor, 'task:read', list.issuer_path) || await hasTaskIn(ex, id, scopeOf(actor, 'task:read')))) {
    throw new AppError('NOT_FOUND', { what: 'responsibilityList', id });
  }
  return list;
}

/** Rescheduling, cancelling and the full view belong to the issuing unit (or a unit above it) with task:manage. */
export function canManage(actor: Actor, list: { issuer_path: string }): boolean {
  return can(actor, 'task:manage', list.issuer_path);
}

const seqRef = (n: number) => String(n).padStart(2, '0');

/**
 * 责任单: the list, one work item per task (kind 'task', owned by its unit) and one per milestone (kind
 * 'milestone', its clock running to the due date), all new rows, so the write is one statement (runBatch).
 * Items belong to the issuer (home) and are handled by the owner: both units' streams get their events.
 */
export async function createList(batch: WriteBatch, deps: ResponsibilityDeps, input: CreateListInput): Promise<{ id: string; ref: string; tasks: number; milestones: number }> {
  const { actor, now } = batch;
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'task:manage')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
  const issuer = input.issuerUnit ? grants.find((g) => g.unitCode === input.issuerUnit) : grants[0];
  if (!issuer) {
    if (input.issuerUnit) throw new AppError('UNKNOWN_UNIT', { code: input.issuerUnit }, [{ field: 'body.issuerUnit', code: 'unknown', message: t(actor.locale, 'responsibility.fields.notYourUnit') }]);
    throw new AppError('FORBIDDEN', { permission: 'task:manage' });
  }
  const units = await unitsByCode(batch.read, input.tasks.map((task) => task.ownerUnit));
  const owners = input.tasks.map((task, i) => {
    const u = units.get(task.ownerUnit);
    // A task goes down the issuer's own tree, or to a district department (which lies beside the streets).
    if (!u || !u.active || !(u.path.startsWith(issuer.unitPath) || u.kind === 'department')) {
      throw new AppError('UNKNOWN_UNIT', { code: task.ownerUnit }, [{
        field: `body.tasks.${i}.ownerUnit`, code: 'outside', message: t(actor.locale, 'responsibility.fields.ownerOutside', { code: task.ownerUnit }),
      }]);
    }
    return u;
  });
  const clocks = input.tasks.map((task, i) => task.milestones.map((m, j) => dueClock(deps.loop, m.due, now, `body.tasks.${i}.milestones.${j}.due`, actor.locale)));

  const id = randomUUID();
  const ref = await nextListRef(batch.read, now);
  const tasks: TaskRecord[] = [];
  const milestones: MilestoneRecord[] = [];
  input.tasks.forEach((task, i) => {
    const owner = { code: owners[i]!.code, path: owners[i]!.path };
    const taskRef = `${ref}-${seqRef(i + 1)}`;
    const item = deps.loop.create(batch, taskMachine, { ref: taskRef, title: task.title, owner, homePath: issuer.unitPath, data: { listId: id, seq: i + 1 } });
    tasks.push({
      id: item.id, listId: id, seq: i + 1, ownerUnit: owner.code, ownerPath: owner.path, description: task.description ?? '',
      responsibleName: task.responsible.name, responsiblePhone: task.responsible.phone ?? null,
    });
    task.milestones.forEach((m, j) => {
      const { limit } = clocks[i]![j]!;
      const ms = deps.loop.create(batch, milestoneMachine, {
        ref: `${taskRef}-${seqRef(j + 1)}`, title: `${task.title} · ${m.name}`, owner, homePath: issuer.unitPath,
        stage: { name: MILESTONE_STAGE, limit }, data: { listId: id, taskId: item.id, due: m.due },
      });
      milestones.push({ id: ms.id, taskId: item.id, listId: id, seq: j + 1, name: m.name, dueSpec: m.due, dueAt: ms.deadline_at! });
    });
  });
  batch.defer(listInsert({
    id, ref, title: input.title, sourceKind: input.source.kind, sourceRef: input.source.ref, issuerUnit: issuer.unitCode, issuerPath: issuer.unitPath,
    issuerId: actor.userId, issuerName: actor.displayName, taskCount: tasks.length, now,
  }));
  batch.defer(taskInsert(tasks));
  batch.defer(milestoneInsert(milestones));
  batch.audit({
    action: 'responsibility.create', targetType: 'responsibility_list', targetId: id, unitPath: issuer.unitPath,
    detail: { ref, title: input.title, source: input.source, tasks: tasks.length, milestones: milestones.length },
  });
  batch.emit({
    type: 'task.list-issued', unitPath: issuer.unitPath, alsoPaths: [...new Set(tasks.map((x) => x.ownerPath))].filter((p) => p !== issuer.unitPath),
    subjectType: 'responsibility_list', subjectId: id,
    payload: { listId: id, ref, title: input.title, source: input.source.kind, tasks: tasks.length, milestones: milestones.length },
  });
  return { id, ref, tasks: tasks.length, milestones: milestones.length };
}
