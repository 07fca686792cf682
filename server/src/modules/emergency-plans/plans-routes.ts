import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { hasPermission, scopeOf } from '../../platform/access/actor.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { latestActivations, listActivations, listPlans, planLevels, type ActivationRow, type PlanRow } from './plans-repository.js';
import { ActivateBody, ActivationResult, ActivationView, CreatePlanBody, IdParams, PlanDetail, PlanListQuery, PlanSummary } from './plans-schemas.js';
import { activatePlan, createPlan, visiblePlan, type PlanDeps } from './plans-service.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function activationView(a: ActivationRow) {
  return {
    id: a.id, ref: a.ref, planId: a.plan_id, planName: a.plan_name, level: a.level, operationId: a.operation_id, zoneCode: a.zone_code,
    reason: a.reason, unitCode: a.unit_code, activatedByName: a.activated_by_name, activatedAt: iso(a.activated_at), tasks: a.task_count,
  };
}

function head(p: PlanRow) {
  return { id: p.id, code: p.code, name: p.name, kind: p.kind, eventType: p.event_type, ownerUnit: p.owner_unit, summary: p.summary, updatedAt: iso(p.updated_at) };
}

export function registerPlanRoutes(app: TypedApp, p: Platform, deps: PlanDeps): void {
  const tags = ['emergency plans 预案'];
  const db = p.database.db;

  app.get('/api/emergency-plans', {
    config: { permission: 'plan:read' },
    schema: { tags, summary: '预案列表 Plans of my units and of the units above them', querystring: PlanListQuery, response: { 200: Page(PlanSummary) } },
  }, async (req) => {
    const { rows, total } = await listPlans(db, { scope: scopeOf(req.actor, 'plan:read'), q: req.query.q, limit: req.query.limit, offset: req.query.offset });
    const latest = await latestActivations(db, rows.map((r) => r.id));
    return {
      items: rows.map((r) => ({ ...head(r), levels: r.levels.map(Number), measures: r.measures, lastActivation: latest.has(r.id) ? activationView(latest.get(r.id)!) : null })),
      total,
    };
  });

  app.post('/api/emergency-plans', {
    config: { permission: 'plan:manage' },
    schema: {
      tags, summary: '新建预案 A structured plan: levels with triggers, measures (post kind, time limit) and resources', body: CreatePlanBody,
      response: { 201: z.object({ id: z.string() }), 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const made = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createPlan(uow, req.body));
    return reply.status(201).send(made!);
  });

  app.get('/api/emergency-plans/:id', {
    config: { permission: 'plan:read' },
    schema: { tags, summary: '预案详情 Levels with triggers and measures, resources, activations', params: IdParams, response: { 200: PlanDetail, 404: ErrorResponse } },
  }, async (req) => {
    const plan = await visiblePlan(db, req.actor, req.params.id);
    const [{ levels, measures }, activations] = await Promise.all([planLevels(db, plan.id), listActivations(db, plan.id)]);
    return {
      ...head(plan), sections: plan.sections, resources: plan.resources, measures: measures.length,
      lastActivation: activations[0] ? activationView(activations[0]) : null,
      levels: levels.map((l) => ({
        level: l.level, name: l.name, trigger: l.trigger_text, condition: l.trigger_condition,
        measures: measures.filter((m) => m.level === l.level).map((m) => ({
          id: m.id, seq: m.seq, title: m.title, description: m.description, postKind: m.post_kind, unitCode: m.unit_code, timeLimitMinutes: m.time_limit_minutes,
        })),
      })),
      activations: activations.map(activationView),
      canActivate: hasPermission(req.actor, 'plan:activate'),
    };
  });

  app.post('/api/emergency-plans/:id/activate', {
    config: { permission: 'plan:activate' },
    schema: {
      tags, summary: '启动预案 Activate at a level: that level\'s measures become operation tasks for the responsible posts', params: IdParams, body: ActivateBody,
      response: { 201: ActivationResult, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req, reply) => {
    const a = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => activatePlan(uow, deps, req.params.id, req.body));
    return reply.status(201).send({
      ...activationView(a.row),
      taskList: a.tasks.map((x) => ({ id: x.id, ref: x.ref, unitCode: x.unitCode, title: x.title, deadlineAt: x.deadlineAt.toISOString() })),
    });
  });

  app.get('/api/emergency-plans/:id/activations', {
    config: { permission: 'plan:read' },
    schema: { tags, summary: '启动记录 The plan\'s activations, newest first', params: IdParams, response: { 200: z.object({ items: z.array(ActivationView) }), 404: ErrorResponse } },
  }, async (req) => {
    const plan = await visiblePlan(db, req.actor, req.params.id);
    return { items: (await listActivations(db, plan.id)).map(activationView) };
  });
}
