import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can, scopeOf } from '../../platform/access/actor.js';
import type { Permission } from '../../platform/access/permissions.js';
import { allowedActions } from '../../platform/closed-loop/machine.js';
import { listSupervisionOrders, readTimeline } from '../../platform/closed-loop/work-item-repository.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { maskPhone } from '../../platform/privacy/masking.js';
import { suggestHandlingUnit } from '../categories/categories-service.js';
import { caseMachine, type CaseAction, type CaseState } from './case-machine.js';
import type { CaseDeps } from './cases-service.js';
import { actOnCase, readableCase, reportCase, type Channel } from './cases-service.js';
import { CASE_COUNT_CAP, findCase, listCases, listExtensions, type CaseListRow } from './cases-repository.js';
import { findDuplicateCandidates } from './duplicates.js';
import {
  CaseActionParams, CaseDetail, DuplicateView, MergeBody, CaseListQuery, CaseSummary, DispatchBody, ExtensionDecisionBody, ExtensionRequestBody,
  NoteBody, ReasonBody, ReportCaseBody, SuperviseBody,
} from './cases-schemas.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function summary(r: CaseListRow) {
  return {
    id: r.id, ref: r.ref, title: r.title, state: r.state, categoryCode: r.category_code, categoryName: r.category_name,
    channel: r.channel, streetCode: r.street_code, gridCode: r.grid_code, ownerUnit: r.owner_unit, ownerName: r.owner_name,
    warnLevel: r.warn_level, deadlineAt: iso(r.deadline_at), stage: r.stage, supervised: r.supervised, lng: r.lng, lat: r.lat,
    reportedAt: iso(r.reported_at)!, urgency: r.urgency,
  };
}

// URL segment → machine action, with the body each one takes.
const ACTIONS: Array<{ path: string; action: CaseAction; body: z.ZodType; summary: string }> = [
  { path: 'register', action: 'register', body: NoteBody, summary: '立案 Register' },
  { path: 'reject', action: 'reject', body: ReasonBody, summary: '不予立案 Reject (reason required)' },
  { path: 'merge', action: 'merge', body: MergeBody, summary: '合并 Merge a duplicate report into the case it repeats' },
  { path: 'dispatch', action: 'dispatch', body: DispatchBody, summary: '派遣 Dispatch to a unit (default: the suggested one)' },
  { path: 'accept', action: 'accept', body: NoteBody, summary: '签收 The handling unit accepts' },
  { path: 'send-back', action: 'sendBack', body: ReasonBody, summary: '回退 Send back as wrongly dispatched' },
  { path: 'handle', action: 'handle', body: NoteBody, summary: '处置反馈 Feed back the result' },
  { path: 'verify', action: 'verify', body: NoteBody, summary: '核查通过 On-site check passed' },
  { path: 'rework', action: 'rework', body: ReasonBody, summary: '返工 Check failed: back to the handling unit' },
  { path: 'close', action: 'close', body: NoteBody, summary: '结案 Close' },
  { path: 'park', action: 'park', body: ReasonBody, summary: '挂账 Park (cannot be solved now)' },
  { path: 'unpark', action: 'unpark', body: NoteBody, summary: '取消挂账 Resume a parked case' },
  { path: 'extension', action: 'requestExtension', body: ExtensionRequestBody, summary: '申请延期 Ask for a longer time limit' },
  { path: 'extension/decision', action: 'decideExtension', body: ExtensionDecisionBody, summary: '延期审批 Approve or refuse the extension' },
];

export function registerCaseRoutes(app: TypedApp, p: Platform, deps: CaseDeps): void {
  const tags = ['cases 事件'];
  const db = p.database.db;

  app.post('/api/cases', {
    config: { permission: 'case:report' },
    schema: {
      tags, summary: '上报 Report a case (placed in its grid by location; likely duplicates are suggested)', body: ReportCaseBody,
      response: { 201: CaseSummary.pick({ id: true, ref: true, state: true, gridCode: true, streetCode: true }).extend({ possibleDuplicates: z.array(DuplicateView) }), 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const actor = req.actor;
    const channel: Channel = req.body.channel ?? (actor.grants.some((g) => g.role === 'grid_worker') ? 'grid'
      : actor.grants.every((g) => g.role === 'public') ? 'public' : 'hotline');
    const item = await p.runner.runBatch({ actor, ip: req.ip }, (batch) => reportCase(batch, deps, { ...req.body, channel }));
    return reply.status(201).send({
      id: item.id, ref: item.ref, state: item.state, gridCode: item.gridCode, streetCode: item.streetCode,
      possibleDuplicates: item.possibleDuplicates,
    });
  });

  app.get('/api/cases', {
    config: { permission: 'case:read' },
    schema: {
      tags, summary: '案件台账 Cases in my scope, newest first', querystring: CaseListQuery,
      response: { 200: Page(CaseSummary).extend({ totalCapped: z.boolean().describe(`More than ${CASE_COUNT_CAP} match: total says ${CASE_COUNT_CAP}`) }) },
    },
  }, async (req) => {
    const q = req.query;
    const scope = scopeOf(req.actor, 'case:read');
    const { rows, total, capped } = await listCases(db, {
      scopePaths: scope, ownerPaths: q.mine === 'true' ? scope : undefined, states: q.state?.split(','),
      category: q.category, street: q.street, warn: q.warn, q: q.q, limit: q.limit, offset: q.offset,
    });
    return { items: rows.map(summary), total, totalCapped: capped };
  });

  app.get('/api/cases/:id', {
    config: { permission: 'case:read' },
    schema: {
      tags, summary: '案件详情 One case with its timeline and the actions its state allows', params: CaseActionParams,
      querystring: z.strictObject({ unmask: z.enum(['true', 'false']).optional() }),
      response: { 200: CaseDetail, 404: ErrorResponse },
    },
  }, async (req) => {
    const item = await readableCase(db, deps, req.actor, req.params.id);
    const [{ rows }, kase, timeline, extensions, supervision] = await Promise.all([
      // Visibility was checked just above; this only reads the ledger row by id.
      listCases(db, { scopePaths: ['/'], id: item.id, limit: 1, offset: 0 }),
      findCase(db, item.id), readTimeline(db, item.id), listExtensions(db, item.id), listSupervisionOrders(db, item.id),
    ]);
    const c = kase!;
    const category = deps.categories.get(c.category_code)!;
    const possibleDuplicates = item.closed_at ? [] : await findDuplicateCandidates(db,
      { id: item.id, categoryCode: c.category_code, lng: c.lng, lat: c.lat, at: new Date() }, deps.duplicates, req.actor);
    const unmask = req.query.unmask === 'true' && can(req.actor, 'personal-data:read', item.home_path);
    if (unmask && c.reporter_phone) {
      await p.runner.recordAudit({ actor: req.actor, ip: req.ip },
        { action: 'personal-data.read', targetType: 'case', targetId: item.id, unitPath: item.home_path, detail: { fields: ['reporterPhone'] } });
    }
    const actions = allowedActions(caseMachine, item.state as CaseState).filter((a) => {
      const t = caseMachine.transitions[a];
      return can(req.actor, t.permission as Permission, t.byOwner ? item.owner_path : item.home_path)
        || (!t.byOwner && can(req.actor, t.permission as Permission, item.owner_path));
    });
    const row = rows[0]!;
    return {
      ...summary(row), description: c.description, address: c.address, reporterName: c.reporter_name,
      reporterPhone: unmask ? c.reporter_phone : maskPhone(c.reporter_phone), handlingUnit: c.handling_unit,
      reworkCount: c.rework_count, sendBackCount: c.send_back_count, dispatchCount: c.dispatch_count,
      suggestedUnit: suggestHandlingUnit(category, c.street_code), allowedActions: actions,
      duplicateOf: c.duplicate_of, possibleDuplicates,
      timeline: timeline.map((t) => ({
        at: iso(t.at)!, actorName: t.actor_name, action: t.action, fromState: t.from_state, toState: t.to_state,
        unitCode: t.unit_code, note: t.note, data: t.data,
      })),
      extensions: extensions.map((e) => ({ amount: e.amount, unit: e.unit, reason: e.reason, state: e.state, createdAt: iso(e.created_at)! })),
      supervision: supervision.map((s) => ({ level: s.level, issuerUnit: s.issuer_unit, note: s.note, deadlineAt: iso(s.deadline_at), createdAt: iso(s.created_at)! })),
    };
  });

  for (const a of ACTIONS) {
    app.post(`/api/cases/:id/${a.path}`, {
      config: { permission: caseMachine.transitions[a.action].permission },
      schema: { tags, summary: a.summary, params: CaseActionParams, body: a.body, response: { 200: CaseSummary.pick({ id: true, ref: true, state: true, ownerUnit: true, deadlineAt: true, warnLevel: true }), 404: ErrorResponse, 409: ErrorResponse } },
    }, async (req) => {
      const body = req.body as { note?: string | null; unitCode?: string; limit?: { amount: number; unit: 'workHour' }; approve?: boolean; intoId?: string };
      const item = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => actOnCase(uow, deps, req.params.id, a.action, body));
      return { id: item.id, ref: item.ref, state: item.state, ownerUnit: item.owner_unit, deadlineAt: iso(item.deadline_at), warnLevel: item.warn_level };
    });
  }

  app.post('/api/cases/:id/supervise', {
    config: { permission: 'case:supervise' },
    schema: { tags, summary: '督办 Issue a supervision order on the case', params: CaseActionParams, body: SuperviseBody, response: { 201: z.object({ id: z.string() }), 404: ErrorResponse } },
  }, async (req, reply) => {
    const id = await p.runner.run({ actor: req.actor, ip: req.ip }, async (uow) => {
      const item = await deps.loop.visible(uow.tx, uow.actor, 'case', req.params.id, 'case:supervise');
      const grant = uow.actor.grants.find((g) => item.home_path.startsWith(g.unitPath) || item.owner_path.startsWith(g.unitPath));
      if (!grant) throw new AppError('FORBIDDEN', { permission: 'case:supervise' });
      const kind = deps.units.get(grant.unitCode)?.kind;
      const level = kind === 'district' ? 'district' : kind === 'department' ? 'department' : 'street';
      return deps.loop.supervise(uow, item, {
        level, issuerUnit: grant.unitCode, note: req.body.note, deadlineAt: req.body.deadlineAt ? new Date(req.body.deadlineAt) : null,
      });
    });
    return reply.status(201).send({ id });
  });
}
