import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { listPosts, periodOf, unitsByCode, type OperationRow } from '../operations/operations-repository.js';
import { visibleOperation } from '../operations/operations-service.js';
import { phaseAt } from '../operations/phases.js';
import { createOperationTasks, type CreatedTask, type NewOperationTask, type OperationDeps } from '../operations/tasks-service.js';
import {
  commandPostUnits, findPlan, insertActivation, insertPlan, nextActivationRef, planIsVisible, planLevels, zoneStreetUnits,
  type ActivationRow, type MeasureRow, type PlanRow,
} from './plans-repository.js';
import type { ActivateInput, CreatePlanInput } from './plans-schemas.js';

export interface PlanDeps {
  operations: OperationDeps;
}

function invalid(actor: Actor, field: string, code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `emergencyPlans.fields.${key}`, params) }]);
}

/** The plan if the actor may read it (owned in their scope, or by a unit above them); else 404. */
export async function visiblePlan(ex: Executor, actor: Actor, id: string): Promise<PlanRow> {
  const plan = await findPlan(ex, id);
  if (!plan || !await planIsVisible(ex, id, scopeOf(actor, 'plan:read'))) throw new AppError('NOT_FOUND', { what: 'emergencyPlan', id });
  return plan;
}

/** Measure units must exist (a task force measure names a task force); condition zones must be key zones. */
async function checkPlanUnits(ex: Executor, actor: Actor, input: CreatePlanInput): Promise<void> {
  const codes = input.levels.flatMap((l) => [...l.measures.flatMap((m) => (m.unitCode ? [m.unitCode] : [])), ...(l.condition?.zone ? [l.condition.zone] : [])]);
  const units = await unitsByCode(ex, codes);
  input.levels.forEach((l, li) => {
    l.measures.forEach((m, mi) => {
      const u = m.unitCode ? units.get(m.unitCode) : undefined;
      if (m.unitCode && (!u || (m.postKind === 'task_force' && u.kind !== 'task_force'))) {
        throw invalid(actor, `body.levels.${li}.measures.${mi}.unitCode`, 'unknown', 'notATaskForce', { unit: m.unitCode });
      }
    });
    if (l.condition?.zone && units.get(l.condition.zone)?.kind !== 'zone') throw invalid(actor, `body.levels.${li}.condition.zone`, 'unknown', 'notAZone', { unit: l.condition.zone });
  });
}

/** The plan with its levels and measures; the owner is one of the actor's units with plan:manage. Also the seed's path. */
export async function createPlan(uow: UnitOfWork, input: CreatePlanInput, owner?: { code: string; path: string }): Promise<{ id: string } | null> {
  const { actor } = uow;
  let unit = owner;
  if (!unit) {
    const grants = actor.grants.filter((g) => roleGrants(g.role, 'plan:manage')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
    const grant = input.ownerUnit ? grants.find((g) => g.unitCode === input.ownerUnit) : grants[0];
    if (!grant) {
      if (input.ownerUnit) throw new AppError('UNKNOWN_UNIT', { code: input.ownerUnit });
      throw new AppError('FORBIDDEN', { permission: 'plan:manage' });
    }
    unit = { code: grant.unitCode, path: grant.unitPath };
  }
  await checkPlanUnits(uow.tx, actor, input);
  const id = randomUUID();
  const made = await insertPlan(uow.tx, {
    id, input, ownerUnit: unit.code, ownerPath: unit.path, createdBy: actor.userId, createdByName: actor.displayName,
    measureIds: input.levels.map((l) => l.measures.map(() => randomUUID())),
  });
  if (!made) {
    if (owner) return null;
    throw new AppError('ALREADY_EXISTS', { what: 'emergencyPlan' });
  }
  uow.audit({ action: 'plan.create', targetType: 'emergency_plan', targetId: id, unitPath: unit.path, detail: { code: input.code, name: input.name, levels: input.levels.map((l) => l.level) } });
  uow.emit({ type: 'plan.created', unitPath: unit.path, subjectType: 'emergency_plan', subjectId: id, payload: { code: input.code, name: input.name } });
  return { id };
}

/** The unit in whose name the actor activates: plan:activate over the plan's unit, or over the zone's command post. */
function activatingGrant(actor: Actor, plan: PlanRow, postPaths: string[]) {
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'plan:activate')).sort((a, b) => a.unitPath.length - b.unitPath.length);
  return grants.find((g) => plan.owner_path.startsWith(g.unitPath)) ?? grants.find((g) => postPaths.some((p) => p.startsWith(g.unitPath)));
}

/** Who carries out a measure: units resolved from its post kind, the zone and (within an operation) the operation's posts. */
async function ownersOf(
  ex: Executor, m: MeasureRow, plan: PlanRow, zone: string | null, op: OperationRow | null, posts: Awaited<ReturnType<typeof listPosts>>,
): Promise<string[]> {
  switch (m.post_kind) {
    case 'task_force':
      return [m.unit_code!];
    case 'command':
      return op ? posts.filter((p) => p.kind === 'command').map((p) => p.unit_code) : [plan.owner_unit];
    case 'command_post':
      return op
        ? posts.filter((p) => p.kind === 'command_post' && (!zone || p.zone_code === zone)).map((p) => p.unit_code)
        : (await commandPostUnits(ex, zone)).map((u) => u.code);
    case 'street_sub_command': {
      const streets = (await zoneStreetUnits(ex, zone)).map((u) => u.code);
      return op ? posts.filter((p) => p.kind === 'street_sub_command' && streets.includes(p.unit_code)).map((p) => p.unit_code) : streets;
    }
  }
}

export interface Activation {
  row: ActivationRow;
  tasks: Array<CreatedTask & { title: string }>;
}

/**
 * 启动预案 at a level: exactly that level's measures become operation tasks (one per responsible post, due after the
 * measure's time limit), within the operation or standalone, and the activation is recorded and pushed.
 */
export async function activatePlan(uow: UnitOfWork, deps: PlanDeps, planId: string, input: ActivateInput): Promise<Activation> {
  const { actor, now } = uow;
  const plan = await visiblePlan(uow.tx, actor, planId);
  const zone = input.zoneCode ?? null;
  if (zone && (await unitsByCode(uow.tx, [zone])).get(zone)?.kind !== 'zone') throw invalid(actor, 'body.zoneCode', 'unknown', 'notAZone', { unit: zone });
  const zonePosts = zone ? await commandPostUnits(uow.tx, zone) : [];
  const grant = activatingGrant(actor, plan, zonePosts.map((p) => p.path));
  if (!grant) throw new AppError('FORBIDDEN', { permission: 'plan:activate' });
  const op = input.operationId ? await visibleOperation(uow.tx, actor, input.operationId) : null;
  if (op && phaseAt(periodOf(op), now) === null) throw new AppError('CONFLICT', { reason: t(actor.locale, 'emergencyPlans.operationOver') });
  const { levels, measures } = await planLevels(uow.tx, plan.id);
  const level = levels.find((l) => l.level === input.level);
  if (!level) throw invalid(actor, 'body.level', 'unknown', 'noSuchLevel', { level: input.level });
  const posts = op ? await listPosts(uow.tx, op.id) : [];
  // Seeing an operation is not enough to task it: the activating unit commands it or holds one of its posts.
  if (op && !can(actor, 'plan:activate', op.owner_path) && !posts.some((p) => p.unit_path.startsWith(grant.unitPath))) {
    throw new AppError('FORBIDDEN', { permission: 'plan:activate' });
  }
  const id = randomUUID();
  const tasks: NewOperationTask[] = [];
  for (const m of measures.filter((x) => x.level === input.level)) {
    for (const unitCode of await ownersOf(uow.tx, m, plan, zone, op, posts)) {
      tasks.push({
        title: `【${level.name}】${m.title}`, description: m.description, unitCode,
        deadlineAt: new Date(now.getTime() + m.time_limit_minutes * 60_000), source: { kind: 'plan', ref: id },
      });
    }
  }
  if (tasks.length === 0) throw invalid(actor, 'body.zoneCode', 'no_owner', 'noOwners');
  let made: CreatedTask[];
  try {
    made = await createOperationTasks(uow, deps.operations, op?.id ?? null, tasks, grant.unitPath);
  } catch (err) {
    // A task force the operation has no post for: say which measure, not which generated task.
    const index = err instanceof AppError && err.fields[0]?.code === 'no_post' ? Number(err.fields[0].field.split('.')[1]) : -1;
    if (index >= 0) throw invalid(actor, 'body.operationId', 'no_post', 'measureWithoutPost', { unit: tasks[index]!.unitCode, title: tasks[index]!.title });
    throw err;
  }
  const ref = await nextActivationRef(uow.tx, now);
  await insertActivation(uow.tx, {
    id, ref, planId: plan.id, level: input.level, operationId: op?.id ?? null, zoneCode: zone, reason: input.reason,
    unitCode: grant.unitCode, unitPath: grant.unitPath, by: actor.userId, byName: actor.displayName, tasks: made.length, at: now,
  });
  const ownerPaths = [...(await unitsByCode(uow.tx, made.map((m) => m.unitCode))).values()].map((u) => u.path);
  uow.audit({ action: 'plan.activate', targetType: 'emergency_plan', targetId: plan.id, unitPath: grant.unitPath, detail: { ref, code: plan.code, level: input.level, reason: input.reason, zone, operation: op?.ref ?? null, tasks: made.length } });
  uow.emit({
    type: 'plan.activated', unitPath: plan.owner_path,
    alsoPaths: [...new Set([grant.unitPath, ...(op ? [op.owner_path] : []), ...ownerPaths])].filter((p) => p !== plan.owner_path),
    subjectType: 'emergency_plan', subjectId: plan.id,
    payload: { activationId: id, ref, code: plan.code, name: plan.name, level: input.level, levelName: level.name, reason: input.reason, zoneCode: zone, operationId: op?.id ?? null, tasks: made.length, by: actor.displayName },
  });
  const row: ActivationRow = {
    id, ref, plan_id: plan.id, plan_name: plan.name, level: input.level, operation_id: op?.id ?? null, zone_code: zone, reason: input.reason,
    unit_code: grant.unitCode, activated_by_name: actor.displayName, activated_at: now, task_count: made.length,
  };
  return { row, tasks: made.map((m, i) => ({ ...m, title: tasks[i]!.title })) };
}
