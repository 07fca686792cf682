import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import {
  existingUsers, findOperation, findPost, hasPostIn, insertOperation, insertPosts, nextOperationRef, postsByUnit, unitsByCode, updatePostPeople,
  type NewPost, type OperationRow, type Person, type PostRow,
} from './operations-repository.js';
import type { AddTaskInput, CreateOperationInput, PersonInput, UpdatePostInput } from './operations-schemas.js';
import { dueInPhase, periodFromOffsets, phaseWindows, type OperationPeriod } from './phases.js';
import { createOperationTasks, type CreatedTask, type NewOperationTask, type OperationDeps } from './tasks-service.js';
import { OWNER_GROUPS, templateOffsets, type OperationTemplate } from './templates.js';

function invalid(actor: Actor, field: string, code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `operations.fields.${key}`, params) }]);
}

/** The operation if the actor may read it (commanded in their scope, or holding a post in it); else 404. */
export async function visibleOperation(ex: Executor, actor: Actor, id: string): Promise<OperationRow> {
  const op = await findOperation(ex, id);
  if (!op || !(can(actor, 'operation:read', op.owner_path) || await hasPostIn(ex, id, scopeOf(actor, 'operation:read')))) {
    throw new AppError('NOT_FOUND', { what: 'operation', id });
  }
  return op;
}

export function canManageOperation(actor: Actor, op: Pick<OperationRow, 'owner_path'>): boolean {
  return can(actor, 'operation:manage', op.owner_path);
}

function periodOfInput(actor: Actor, template: OperationTemplate, input: CreateOperationInput): OperationPeriod {
  if (input.period) {
    const p = {
      startsAt: new Date(input.period.startsAt), duringStartsAt: new Date(input.period.duringStartsAt),
      duringEndsAt: new Date(input.period.duringEndsAt), endsAt: new Date(input.period.endsAt),
    };
    if (!(p.startsAt <= p.duringStartsAt && p.duringStartsAt < p.duringEndsAt && p.duringEndsAt <= p.endsAt)) {
      throw invalid(actor, 'body.period', 'order', 'periodOrder');
    }
    return p;
  }
  if (!input.anchorDate) throw invalid(actor, 'body.anchorDate', 'required', 'periodRequired');
  return periodFromOffsets(input.anchorDate, templateOffsets(template));
}

function personOf(p: PersonInput | null | undefined): Person | null {
  return p ? { name: p.name, phone: p.phone ?? null, userId: p.userId ?? null } : null;
}

async function checkUsers(ex: Executor, actor: Actor, people: Array<{ field: string; person: Person | null | undefined }>): Promise<void> {
  const ids = people.flatMap((p) => (p.person?.userId ? [p.person.userId] : []));
  const found = await existingUsers(ex, ids);
  const bad = people.find((p) => p.person?.userId && !found.has(p.person.userId));
  if (bad) throw invalid(actor, `${bad.field}.userId`, 'unknown', 'unknownUser');
}

/**
 * 创建行动 from a template: the operation and its phases, the post tree (each post at its unit, with the person and
 * deputy given), and the template's phased tasks — one per owner, a group owner (@command_posts) one per post of
 * that kind — as operation tasks due at their phase's end or the template's offset. One transaction.
 */
export async function createOperation(uow: UnitOfWork, deps: OperationDeps, input: CreateOperationInput): Promise<{ id: string; ref: string; posts: number; tasks: number }> {
  const { actor, now } = uow;
  const template = deps.templates.get(input.templateCode);
  if (!template) throw invalid(actor, 'body.templateCode', 'unknown', 'unknownTemplate');
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'operation:manage')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
  const grant = input.ownerUnit ? grants.find((g) => g.unitCode === input.ownerUnit) : grants[0];
  if (!grant) {
    if (input.ownerUnit) throw new AppError('UNKNOWN_UNIT', { code: input.ownerUnit });
    throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  }
  const period = periodOfInput(actor, template, input);
  if (period.endsAt.getTime() <= now.getTime()) throw invalid(actor, input.period ? 'body.period.endsAt' : 'body.anchorDate', 'past', 'periodOver');

  const units = await unitsByCode(uow.tx, template.posts.flatMap((p) => [p.unitCode, ...(p.zoneCode ? [p.zoneCode] : [])]));
  for (const p of template.posts) {
    const u = units.get(p.unitCode);
    if (!u || !u.active) throw new AppError('UNKNOWN_UNIT', { code: p.unitCode });
    if (!u.path.startsWith(grant.unitPath)) throw invalid(actor, 'body.templateCode', 'scope', 'postOutsideScope', { unit: p.unitCode });
  }
  const overrides = new Map((input.posts ?? []).map((p) => [p.unitCode, p]));
  (input.posts ?? []).forEach((p, i) => {
    if (!template.posts.some((tp) => tp.unitCode === p.unitCode)) throw invalid(actor, `body.posts.${i}.unitCode`, 'unknown', 'notAPost', { unit: p.unitCode });
  });
  await checkUsers(uow.tx, actor, (input.posts ?? []).flatMap((p, i) => [
    { field: `body.posts.${i}.person`, person: personOf(p.person) }, { field: `body.posts.${i}.deputy`, person: personOf(p.deputy) },
  ]));

  const id = randomUUID();
  const ref = await nextOperationRef(uow.tx, now);
  await insertOperation(uow.tx, {
    id, ref, name: input.name, templateCode: template.code, ownerUnit: grant.unitCode, ownerPath: grant.unitPath, period,
    createdBy: actor.userId, createdByName: actor.displayName,
  });
  const idOf = new Map(template.posts.map((p) => [p.unitCode, randomUUID()]));
  const posts: NewPost[] = template.posts.map((p, i) => ({
    id: idOf.get(p.unitCode)!, operationId: id, parentId: p.parent ? idOf.get(p.parent)! : null, kind: p.kind, unitCode: p.unitCode,
    unitPath: units.get(p.unitCode)!.path, zoneCode: p.zoneCode ?? null, name: p.name, sort: i + 1,
    person: personOf(overrides.get(p.unitCode)?.person), deputy: personOf(overrides.get(p.unitCode)?.deputy),
  }));
  await insertPosts(uow.tx, posts);

  const windows = phaseWindows(period);
  const tasks: NewOperationTask[] = template.tasks.flatMap((task) => {
    const group = OWNER_GROUPS[task.owner as keyof typeof OWNER_GROUPS];
    const owners = group ? template.posts.filter((p) => p.kind === group).map((p) => p.unitCode) : [task.owner];
    const deadlineAt = dueInPhase(windows[task.phase], task);
    return owners.map((unitCode) => ({
      title: task.title, description: task.description, unitCode, phase: task.phase, sector: task.sector ?? null, deadlineAt,
      source: { kind: 'template' as const, ref: template.code },
    }));
  });
  const made = await createOperationTasks(uow, deps, id, tasks);
  uow.audit({ action: 'operation.create', targetType: 'operation', targetId: id, unitPath: grant.unitPath, detail: { ref, name: input.name, template: template.code, posts: posts.length, tasks: made.length } });
  uow.emit({
    type: 'operation.created', unitPath: grant.unitPath, alsoPaths: [...new Set(posts.map((p) => p.unitPath))].filter((p) => p !== grant.unitPath),
    subjectType: 'operation', subjectId: id, payload: { ref, name: input.name, posts: posts.length, tasks: made.length },
  });
  return { id, ref, posts: posts.length, tasks: made.length };
}

/** The post if it belongs to the operation and lies in the actor's read scope; else 404. */
export async function visiblePost(ex: Executor, actor: Actor, op: OperationRow, postId: string): Promise<PostRow> {
  const post = await findPost(ex, postId);
  if (!post || post.operation_id !== op.id || !(can(actor, 'operation:read', post.unit_path) || can(actor, 'operation:read', op.owner_path))) {
    throw new AppError('NOT_FOUND', { what: 'operationPost', id: postId });
  }
  return post;
}

/** 定人定岗: the person and deputy of a post, set by whoever manages the post's unit (the command, or the street for its own). */
export async function updatePost(uow: UnitOfWork, operationId: string, postId: string, input: UpdatePostInput): Promise<PostRow> {
  const { actor } = uow;
  const op = await visibleOperation(uow.tx, actor, operationId);
  const post = await visiblePost(uow.tx, actor, op, postId);
  if (!can(actor, 'operation:manage', post.unit_path)) throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  const change = {
    ...(input.person !== undefined ? { person: personOf(input.person) } : {}),
    ...(input.deputy !== undefined ? { deputy: personOf(input.deputy) } : {}),
  };
  await checkUsers(uow.tx, actor, [{ field: 'body.person', person: change.person }, { field: 'body.deputy', person: change.deputy }]);
  if (!await updatePostPeople(uow.tx, postId, change)) throw new AppError('NOT_FOUND', { what: 'operationPost', id: postId });
  const after = (await findPost(uow.tx, postId))!;
  const who = { person: after.person_name, deputy: after.deputy_name };
  uow.audit({ action: 'operation.post_update', targetType: 'operation_post', targetId: postId, unitPath: post.unit_path, detail: { operation: op.ref, post: post.name, ...who } });
  uow.emit({
    type: 'operation.post_updated', unitPath: post.unit_path, alsoPaths: post.unit_path === op.owner_path ? [] : [op.owner_path],
    subjectType: 'operation', subjectId: op.id, payload: { postId, unitCode: post.unit_code, name: post.name, ...who },
  });
  return after;
}

/** 新增任务: the command adds a task for one of its posts (due at its phase's end unless a later deadline is given). */
export async function addTask(uow: UnitOfWork, deps: OperationDeps, operationId: string, input: AddTaskInput): Promise<CreatedTask> {
  const { actor, now } = uow;
  const op = await visibleOperation(uow.tx, actor, operationId);
  if (!canManageOperation(actor, op)) throw new AppError('FORBIDDEN', { permission: 'operation:manage' });
  if (input.deadlineAt && new Date(input.deadlineAt).getTime() <= now.getTime()) throw invalid(actor, 'body.deadlineAt', 'past', 'deadlinePast');
  if (!(await postsByUnit(uow.tx, op.id, [input.unitCode])).has(input.unitCode)) throw invalid(actor, 'body.unitCode', 'no_post', 'noPost', { unit: input.unitCode });
  const [made] = await createOperationTasks(uow, deps, op.id, [{
    title: input.title, description: input.description, unitCode: input.unitCode, phase: input.phase, sector: input.sector ?? null,
    deadlineAt: input.deadlineAt ? new Date(input.deadlineAt) : undefined, source: { kind: 'manual' },
  }]);
  return made!;
}
