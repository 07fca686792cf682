import { randomUUID } from 'node:crypto';
import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { postsByUnit, unitsByCode } from '../operations/operations-repository.js';
import { visibleOperation } from '../operations/operations-service.js';
import type { CreateRequestInput, CreateResourceInput, UpdateResourceInput } from './plans-schemas.js';
import { RESOURCE_TYPE_CATEGORY } from './resource-types.js';
import {
  assignResources, findRequest, findResource, insertRequest, insertResources, moveRequest, nextRequestRef, releaseAssignment, updateResource,
  type RequestRow, type ResourceRow,
} from './resources-repository.js';

function invalid(actor: Actor, field: string, code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `emergencyPlans.fields.${key}`, params) }]);
}

async function checkZone(ex: Executor, actor: Actor, zone: string | null | undefined): Promise<void> {
  if (zone && (await unitsByCode(ex, [zone])).get(zone)?.kind !== 'zone') throw invalid(actor, 'body.zoneCode', 'unknown', 'notAZone', { unit: zone });
}

/** A resource, owned by one of the actor's units with resource:manage. */
export async function createResource(uow: UnitOfWork, input: CreateResourceInput): Promise<ResourceRow> {
  const { actor } = uow;
  const grants = actor.grants.filter((g) => roleGrants(g.role, 'resource:manage')).sort((a, b) => a.unitPath.localeCompare(b.unitPath));
  const grant = input.ownerUnit ? grants.find((g) => g.unitCode === input.ownerUnit) : grants[0];
  if (!grant) throw input.ownerUnit ? new AppError('UNKNOWN_UNIT', { code: input.ownerUnit }) : new AppError('FORBIDDEN', { permission: 'resource:manage' });
  await checkZone(uow.tx, actor, input.zoneCode);
  const id = randomUUID();
  const made = await insertResources(uow.tx, [{
    id, code: input.code, name: input.name, type: input.type, category: RESOURCE_TYPE_CATEGORY[input.type], quantity: input.quantity,
    ownerUnit: grant.unitCode, ownerPath: grant.unitPath, zoneCode: input.zoneCode ?? null, locationName: input.locationName ?? null,
    lng: input.lng ?? null, lat: input.lat ?? null, note: input.note ?? null,
  }]);
  if (made.length === 0) throw new AppError('ALREADY_EXISTS', { what: 'emergencyResource' });
  uow.audit({ action: 'resource.create', targetType: 'resource', targetId: id, unitPath: grant.unitPath, detail: { code: input.code, name: input.name, type: input.type } });
  uow.emit({ type: 'resource.created', unitPath: grant.unitPath, subjectType: 'resource', subjectId: id, payload: { code: input.code, name: input.name, type: input.type, status: 'available' } });
  return (await findResource(uow.tx, id))!;
}

async function visibleResource(ex: Executor, actor: Actor, id: string): Promise<ResourceRow> {
  const r = await findResource(ex, id);
  if (!r || !can(actor, 'plan:read', r.owner_path)) throw new AppError('NOT_FOUND', { what: 'emergencyResource', id });
  return r;
}

/** Status (available / out of service; available also returns an assigned resource), position, notes. */
export async function changeResource(uow: UnitOfWork, id: string, input: UpdateResourceInput): Promise<ResourceRow> {
  const { actor } = uow;
  const before = await visibleResource(uow.tx, actor, id);
  if (!can(actor, 'resource:manage', before.owner_path)) throw new AppError('FORBIDDEN', { permission: 'resource:manage' });
  await checkZone(uow.tx, actor, input.zoneCode);
  const after = await updateResource(uow.tx, id, before.version, input);
  if (!after) throw new AppError('STALE_STATE');
  if (input.status && before.status === 'assigned') await releaseAssignment(uow.tx, id);
  uow.audit({ action: 'resource.update', targetType: 'resource', targetId: id, unitPath: before.owner_path, detail: { code: before.code, from: before.status, to: after.status, changed: Object.keys(input) } });
  uow.emit({ type: 'resource.updated', unitPath: before.owner_path, subjectType: 'resource', subjectId: id, payload: { code: before.code, name: before.name, status: after.status } });
  return after;
}

/** The request if the actor may read it (its unit in their scope, or their resource desk covers it); else 404. */
export async function visibleRequest(ex: Executor, actor: Actor, id: string): Promise<RequestRow> {
  const r = await findRequest(ex, id);
  if (!r || !(can(actor, 'plan:read', r.requesting_path) || can(actor, 'resource:manage', r.requesting_path))) {
    throw new AppError('NOT_FOUND', { what: 'resourceRequest', id });
  }
  return r;
}

/** 资源请求: a post (a unit in the actor's duty scope) asks for N resources of a type. */
export async function requestResources(uow: UnitOfWork, input: CreateRequestInput): Promise<RequestRow> {
  const { actor, now } = uow;
  const unit = (await unitsByCode(uow.tx, [input.unitCode])).get(input.unitCode);
  if (!unit || !can(actor, 'operation:duty', unit.path)) throw new AppError('UNKNOWN_UNIT', { code: input.unitCode });
  if (input.operationId) {
    const op = await visibleOperation(uow.tx, actor, input.operationId);
    if (!(await postsByUnit(uow.tx, op.id, [unit.code])).has(unit.code)) throw invalid(actor, 'body.unitCode', 'no_post', 'noPostInOperation', { unit: unit.code });
  }
  if (input.neededBy && new Date(input.neededBy).getTime() <= now.getTime()) throw invalid(actor, 'body.neededBy', 'past', 'neededByPast');
  const id = randomUUID();
  const ref = await nextRequestRef(uow.tx, now);
  await insertRequest(uow.tx, {
    id, ref, operationId: input.operationId ?? null, unit: unit.code, path: unit.path, type: input.resourceType, quantity: input.quantity,
    reason: input.reason, neededBy: input.neededBy ? new Date(input.neededBy) : null, by: actor.userId, byName: actor.displayName,
  });
  uow.audit({ action: 'resource.request', targetType: 'resource_request', targetId: id, unitPath: unit.path, detail: { ref, type: input.resourceType, quantity: input.quantity } });
  uow.emit({ type: 'resource.requested', unitPath: unit.path, subjectType: 'resource_request', subjectId: id, payload: { ref, unitCode: unit.code, type: input.resourceType, quantity: input.quantity, reason: input.reason } });
  return (await findRequest(uow.tx, id))!;
}

function decider(actor: Actor, r: RequestRow): void {
  if (!can(actor, 'resource:manage', r.requesting_path)) throw new AppError('FORBIDDEN', { permission: 'resource:manage' });
}

function conflict(actor: Actor, r: RequestRow): AppError {
  return new AppError('CONFLICT', { reason: t(actor.locale, 'emergencyPlans.requestState', { state: t(actor.locale, `emergencyPlans.requestStates.${r.state}`) }) });
}

/** 批准: the centre approves and assigns specific resources (1..N, of the type, available); each becomes assigned. */
export async function approveRequest(uow: UnitOfWork, id: string, input: { resourceIds: string[]; note?: string | null }): Promise<RequestRow> {
  const { actor, now } = uow;
  const r = await visibleRequest(uow.tx, actor, id);
  decider(actor, r);
  const ids = [...new Set(input.resourceIds)];
  if (ids.length > r.quantity) throw invalid(actor, 'body.resourceIds', 'too_many', 'tooManyResources', { n: r.quantity });
  if (!await moveRequest(uow.tx, id, 'pending', 'approved', { by: actor.userId, byName: actor.displayName, note: input.note ?? null, at: now })) throw conflict(actor, r);
  const moved = await assignResources(uow.tx, { ids, type: r.resource_type, requestId: id, unit: r.requesting_unit, scope: scopeOf(actor, 'resource:manage') });
  if (moved.length !== ids.length) {
    throw new AppError('CONFLICT', { reason: t(actor.locale, 'emergencyPlans.resourcesUnavailable', { n: ids.length - moved.length }) });
  }
  uow.audit({ action: 'resource.approve', targetType: 'resource_request', targetId: id, unitPath: r.requesting_path, detail: { ref: r.ref, resources: moved } });
  uow.emit({ type: 'resource.approved', unitPath: r.requesting_path, subjectType: 'resource_request', subjectId: id, payload: { ref: r.ref, unitCode: r.requesting_unit, type: r.resource_type, assigned: moved.length } });
  return (await findRequest(uow.tx, id))!;
}

/** 驳回, with the reason. */
export async function rejectRequest(uow: UnitOfWork, id: string, note: string): Promise<RequestRow> {
  const { actor, now } = uow;
  const r = await visibleRequest(uow.tx, actor, id);
  decider(actor, r);
  if (!await moveRequest(uow.tx, id, 'pending', 'rejected', { by: actor.userId, byName: actor.displayName, note, at: now })) throw conflict(actor, r);
  uow.audit({ action: 'resource.reject', targetType: 'resource_request', targetId: id, unitPath: r.requesting_path, detail: { ref: r.ref, note } });
  uow.emit({ type: 'resource.rejected', unitPath: r.requesting_path, subjectType: 'resource_request', subjectId: id, payload: { ref: r.ref, unitCode: r.requesting_unit, note } });
  return (await findRequest(uow.tx, id))!;
}

/** 到位: the requesting post (or the centre) confirms the assigned resources arrived. */
export async function fulfilRequest(uow: UnitOfWork, id: string, note: string | null): Promise<RequestRow> {
  const { actor, now } = uow;
  const r = await visibleRequest(uow.tx, actor, id);
  if (!(can(actor, 'operation:duty', r.requesting_path) || can(actor, 'resource:manage', r.requesting_path))) throw new AppError('FORBIDDEN', { permission: 'operation:duty' });
  if (!await moveRequest(uow.tx, id, 'approved', 'fulfilled', { by: actor.userId, byName: actor.displayName, note, at: now })) throw conflict(actor, r);
  uow.audit({ action: 'resource.fulfil', targetType: 'resource_request', targetId: id, unitPath: r.requesting_path, detail: { ref: r.ref, ...(note ? { note } : {}) } });
  uow.emit({ type: 'resource.fulfilled', unitPath: r.requesting_path, subjectType: 'resource_request', subjectId: id, payload: { ref: r.ref, unitCode: r.requesting_unit } });
  return (await findRequest(uow.tx, id))!;
}

export function requestActions(actor: Actor, r: RequestRow): string[] {
  const desk = can(actor, 'resource:manage', r.requesting_path);
  if (r.state === 'pending') return desk ? ['approve', 'reject'] : [];
  if (r.state === 'approved') return desk || can(actor, 'operation:duty', r.requesting_path) ? ['fulfil'] : [];
  return [];
}
