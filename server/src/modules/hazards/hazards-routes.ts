import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { homeUnitPath, scopeOf, type Actor } from '../../platform/access/actor.js';
import { listSupervisionOrders, readTimeline, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { listAttachments } from '../attachments/attachments-repository.js';
import { XLSX_TYPE } from '../directives/directives-export.js';
import { FIVE_IN_PLACE } from './five-in-place.js';
import { writeHazardLedger } from './hazards-export.js';
import { assignableUnits, hazardPages, listHazards, type HazardFilter } from './hazards-repository.js';
import {
  AssignBody, CancelBody, CloseBody, CreateHazardBody, HazardActionResult, HazardCreated, HazardDetail, HazardExportQuery, HazardListQuery,
  HazardSummary, IdParams, PlanBody, ReinspectBody, ReportRectifiedBody, SuperviseBody, type HazardFilterInput,
} from './hazards-schemas.js';
import {
  assignHazard, cancelHazard, closeHazard, hazardActions, planHazard, readableHazard, reinspectHazard, reportHazard, reportRectified,
  superviseHazard, type HazardDeps,
} from './hazards-service.js';
import { hazardFacts, hazardSummary, iso } from './views.js';

function filterOf(actor: Actor, q: HazardFilterInput): HazardFilter {
  return {
    scope: scopeOf(actor, 'hazard:read'), grade: q.grade, states: q.state?.split(','), sector: q.sector, warn: q.warn, roundId: q.roundId,
    taskId: q.taskId, streetCode: q.street, supervised: q.supervised === undefined ? undefined : q.supervised === 'true',
    finderId: q.mine === 'true' ? actor.userId ?? undefined : undefined, q: q.q || undefined,
  };
}

const result = (w: WorkItemRow) => ({ id: w.id, ref: w.ref, state: w.state, ownerUnit: w.owner_unit, deadlineAt: iso(w.deadline_at), warnLevel: w.warn_level });

export function registerHazardRoutes(app: TypedApp, p: Platform, deps: HazardDeps): void {
  const tags = ['hazards 隐患排查治理'];
  const db = p.database.db;
  const meta = (req: { actor: Actor; ip: string }) => ({ actor: req.actor, ip: req.ip });

  app.post('/api/hazards', {
    config: { permission: 'hazard:inspect' },
    schema: {
      tags, summary: '隐患登记 Report a finding (graded, placed in its grid); a 重大 one is supervised by the district at once',
      description: 'Photos of the finding: POST /api/work-items/{id}/attachments?stage=report (before) after this call.',
      body: CreateHazardBody, response: { 201: HazardCreated, 400: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const item = await p.runner.run(meta(req), (uow) => reportHazard(uow, deps, req.body));
    return reply.status(201).send({
      id: item.id, ref: item.ref, state: item.state, grade: req.body.grade, gridCode: item.gridCode, streetCode: item.streetCode, supervised: item.supervised,
    });
  });

  app.get('/api/hazards', {
    config: { permission: 'hazard:read' },
    schema: { tags, summary: '隐患台账 Findings in my scope, newest first', querystring: HazardListQuery, response: { 200: Page(HazardSummary) } },
  }, async (req) => {
    const { limit, offset, ...filters } = req.query;
    const { rows, total } = await listHazards(db, filterOf(req.actor, filters), { limit, offset });
    return { items: rows.map((h) => hazardSummary(h, req.locale)), total };
  });

  app.get('/api/hazards.xlsx', {
    config: { permission: 'hazard:read' },
    schema: { tags, summary: '导出隐患台账 The findings in my scope (same filters as the list) as .xlsx', querystring: HazardExportQuery, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    await p.runner.recordAudit(meta(req), {
      action: 'hazard.export', targetType: 'hazard', unitPath: homeUnitPath(req.actor.grants), detail: { filters: req.query },
    });
    const out = new PassThrough();
    writeHazardLedger(out, req.locale, hazardPages(db, filterOf(req.actor, req.query))).catch((err: unknown) => {
      req.log.error({ err }, 'hazard ledger export failed mid-stream');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const day = beijingDay(new Date());
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'hazards.export.fileName')}-${day}.xlsx`, `hazards-${day}.xlsx`))
      .send(out);
  });

  app.get('/api/hazards/:id', {
    config: { permission: 'hazard:read' },
    schema: {
      tags, summary: '隐患详情 One finding: its facts, plan, re-inspection, photos, timeline, supervision and what I may do',
      params: IdParams, response: { 200: HazardDetail, 404: ErrorResponse },
    },
  }, async (req) => {
    const h = await readableHazard(db, req.actor, req.params.id);
    const allowedActions = hazardActions(req.actor, h);
    const [photos, timeline, supervision, units] = await Promise.all([
      listAttachments(db, h.id), readTimeline(db, h.id), listSupervisionOrders(db, h.id),
      allowedActions.includes('assign') ? assignableUnits(db, h.street_code) : Promise.resolve([]),
    ]);
    return {
      ...hazardFacts(h, req.locale),
      fiveInPlace: h.grade === 'major' ? [...FIVE_IN_PLACE] : ['responsiblePerson', 'measures', 'deadline'],
      allowedActions,
      assignableUnits: units.map((u) => ({ code: u.code, name: req.locale === 'en' ? u.name_en ?? u.name : u.name, kind: u.kind })),
      photos: photos.map((a) => ({
        id: a.id, stage: a.stage, url: `/api/attachments/${a.id}`, thumbUrl: `/api/attachments/${a.id}/thumb`, uploaderName: a.uploader_name ?? null,
        createdAt: iso(a.created_at)!,
      })),
      timeline: timeline.map((e) => ({
        at: iso(e.at)!, actorName: e.actor_name, action: e.action, fromState: e.from_state, toState: e.to_state, unitCode: e.unit_code, note: e.note, data: e.data,
      })),
      supervision: supervision.map((s) => ({ level: s.level, issuerUnit: s.issuer_unit, note: s.note, deadlineAt: iso(s.deadline_at), createdAt: iso(s.created_at)! })),
    };
  });

  const actionResponse = { 200: HazardActionResult, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };

  app.post('/api/hazards/:id/assign', {
    config: { permission: 'hazard:manage' },
    schema: { tags, summary: '交办 Name the unit responsible for the rectification (a department, task force or the street)', params: IdParams, body: AssignBody, response: actionResponse },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => assignHazard(uow, deps, req.params.id, req.body))));

  app.post('/api/hazards/:id/plan', {
    config: { permission: 'hazard:rectify' },
    schema: {
      tags, summary: '整改方案 The rectification plan; a 重大 finding needs all five in place (责任、措施、资金、时限、预案)',
      description: 'A missing field is a 400 naming each one (fields[].field = body.funding …).',
      params: IdParams, body: PlanBody, response: actionResponse,
    },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => planHazard(uow, deps, req.params.id, req.body))));

  app.post('/api/hazards/:id/report-rectified', {
    config: { permission: 'hazard:rectify' },
    schema: {
      tags, summary: '整改完成 Report the rectification done: back to the inspecting unit for re-inspection',
      description: 'Photos after the fix: POST /api/work-items/{id}/attachments?stage=handle before this call.',
      params: IdParams, body: ReportRectifiedBody, response: actionResponse,
    },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => reportRectified(uow, deps, req.params.id, req.body.note))));

  app.post('/api/hazards/:id/reinspect', {
    config: { permission: 'hazard:inspect' },
    schema: {
      tags, summary: '复查 Re-inspect (the inspecting unit): pass → awaits 销号; fail → back to rectification with a new deadline',
      params: IdParams, body: ReinspectBody, response: actionResponse,
    },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => reinspectHazard(uow, deps, req.params.id, req.body))));

  app.post('/api/hazards/:id/close', {
    config: { permission: 'hazard:manage' },
    schema: { tags, summary: '销号 Close out a finding whose re-inspection passed', params: IdParams, body: CloseBody, response: actionResponse },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => closeHazard(uow, deps, req.params.id, req.body.note ?? null))));

  app.post('/api/hazards/:id/cancel', {
    config: { permission: 'hazard:manage' },
    schema: { tags, summary: '撤销 Cancel a mistaken finding before its rectification is planned', params: IdParams, body: CancelBody, response: actionResponse },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => cancelHazard(uow, deps, req.params.id, req.body.reason))));

  app.post('/api/hazards/:id/supervise', {
    config: { permission: 'hazard:supervise' },
    schema: {
      tags, summary: '督办 A supervision order on a finding, from a unit above it', params: IdParams, body: SuperviseBody,
      response: { 201: z.object({ id: z.string() }), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req, reply) => {
    const id = await p.runner.run(meta(req), (uow) => superviseHazard(uow, deps, req.params.id, req.body));
    return reply.status(201).send({ id });
  });
}
