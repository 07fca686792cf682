import type { TypedApp } from '../../app.js';
import { scopeOf, type Actor } from '../../platform/access/actor.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import {
  ApproveBody, CreateRequestBody, CreateResourceBody, DecisionBody, FulfilBody, IdParams, RequestListQuery, RequestView, ResourceListQuery, ResourceView,
  UpdateResourceBody,
} from './plans-schemas.js';
import { listRequests, listResources, type RequestRow, type ResourceRow } from './resources-repository.js';
import {
  approveRequest, changeResource, createResource, fulfilRequest, rejectRequest, requestActions, requestResources,
} from './resources-service.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function resourceView(r: ResourceRow) {
  return {
    id: r.id, code: r.code, name: r.name, type: r.type, category: r.category, quantity: r.quantity, status: r.status, ownerUnit: r.owner_unit,
    zoneCode: r.zone_code, locationName: r.location_name, lng: r.lng, lat: r.lat, assignedRequestId: r.assigned_request_id,
    assignedUnit: r.assigned_unit, note: r.note, version: r.version, updatedAt: iso(r.updated_at)!,
  };
}

function requestView(actor: Actor, r: RequestRow) {
  return {
    id: r.id, ref: r.ref, operationId: r.operation_id, unitCode: r.requesting_unit, unitName: r.unit_name, resourceType: r.resource_type,
    quantity: r.quantity, reason: r.reason, neededBy: iso(r.needed_by), state: r.state, requestedByName: r.requested_by_name,
    decidedByName: r.decided_by_name, decidedAt: iso(r.decided_at), decisionNote: r.decision_note, fulfilledAt: iso(r.fulfilled_at),
    createdAt: iso(r.created_at)!, resources: r.resources, allowedActions: requestActions(actor, r),
  };
}

export function registerResourceRoutes(app: TypedApp, p: Platform): void {
  const tags = ['emergency plans 预案'];
  const db = p.database.db;
  const run = <T>(req: { actor: Actor; ip: string }, fn: (uow: UnitOfWork) => Promise<T>) => p.runner.run({ actor: req.actor, ip: req.ip }, fn);

  app.get('/api/resources', {
    config: { permission: 'plan:read' },
    schema: { tags, summary: '应急资源 People, vehicles and equipment in my scope with status and position', querystring: ResourceListQuery, response: { 200: Page(ResourceView) } },
  }, async (req) => {
    const { rows, total } = await listResources(db, { scope: scopeOf(req.actor, 'plan:read'), ...req.query });
    return { items: rows.map(resourceView), total };
  });

  app.post('/api/resources', {
    config: { permission: 'resource:manage' },
    schema: { tags, summary: '登记资源 Register a resource', body: CreateResourceBody, response: { 201: ResourceView, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse } },
  }, async (req, reply) => reply.status(201).send(resourceView(await run(req, (uow) => createResource(uow, req.body)))));

  app.patch('/api/resources/:id', {
    config: { permission: 'resource:manage' },
    schema: {
      tags, summary: '更新资源 Status (available / out of service — available returns an assigned one), position, notes', params: IdParams, body: UpdateResourceBody,
      response: { 200: ResourceView, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => resourceView(await run(req, (uow) => changeResource(uow, req.params.id, req.body))));

  app.post('/api/resource-requests', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '资源请求 A post asks for N resources of a type', body: CreateRequestBody, response: { 201: RequestView, 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } },
  }, async (req, reply) => reply.status(201).send(requestView(req.actor, await run(req, (uow) => requestResources(uow, req.body)))));

  app.get('/api/resource-requests', {
    config: { permission: 'plan:read' },
    schema: { tags, summary: '资源请求列表 Requests from units in my scope, pending first', querystring: RequestListQuery, response: { 200: Page(RequestView) } },
  }, async (req) => {
    const scope = [...new Set([...scopeOf(req.actor, 'plan:read'), ...scopeOf(req.actor, 'resource:manage')])];
    const { rows, total } = await listRequests(db, { scope, ...req.query });
    return { items: rows.map((r) => requestView(req.actor, r)), total };
  });

  const decision = { 200: RequestView, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.post('/api/resource-requests/:id/approve', {
    config: { permission: 'resource:manage' },
    schema: { tags, summary: '批准 Approve and assign specific resources (they become assigned)', params: IdParams, body: ApproveBody, response: decision },
  }, async (req) => requestView(req.actor, await run(req, (uow) => approveRequest(uow, req.params.id, req.body))));

  app.post('/api/resource-requests/:id/reject', {
    config: { permission: 'resource:manage' },
    schema: { tags, summary: '驳回 Reject with a reason', params: IdParams, body: DecisionBody, response: decision },
  }, async (req) => requestView(req.actor, await run(req, (uow) => rejectRequest(uow, req.params.id, req.body.note))));

  app.post('/api/resource-requests/:id/fulfil', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '到位 The requesting post confirms the resources arrived', params: IdParams, body: FulfilBody, response: decision },
  }, async (req) => requestView(req.actor, await run(req, (uow) => fulfilRequest(uow, req.params.id, req.body.note ?? null))));
}
