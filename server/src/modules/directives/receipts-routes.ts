import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import { listSupervisionOrders, readTimeline, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { findDirective, listVersions } from './directives-repository.js';
import { iso } from './directives-routes.js';
import {
  ForwardBody, IdParams, ReceiptActionResult, ReceiptDetail, ReceiptListQuery, ReceiptSummary, ReportBody, SignBody, SuperviseBody, UrgeReceiptBody,
} from './directives-schemas.js';
import type { DirectiveDeps } from './directives-service.js';
import { childReceipts, findReceipt, listReceipts, type ReceiptRow } from './receipts-repository.js';
import { forwardReceipt, receiptActions, reportReceipt, signReceipt, superviseReceipt, urgeReceipt } from './receipts-service.js';

function summary(r: ReceiptRow) {
  return {
    id: r.id, ref: r.ref, directiveId: r.directive_id, directiveRef: r.directive_ref, title: r.title, state: r.state,
    unitCode: r.unit_code, unitName: r.unit_name, parentId: r.parent_id, warnLevel: r.warn_level, stage: r.stage,
    deadlineAt: iso(r.deadline_at), supervised: r.supervised, version: r.directive_version, signedVersion: r.signed_version,
    signedAt: iso(r.signed_at), reportedAt: iso(r.reported_at), createdAt: iso(r.created_at)!,
  };
}

const result = (w: WorkItemRow) => ({ id: w.id, ref: w.ref, state: w.state, deadlineAt: iso(w.deadline_at), warnLevel: w.warn_level });

export function registerReceiptRoutes(app: TypedApp, p: Platform, deps: DirectiveDeps): void {
  const tags = ['directives 政令'];
  const db = p.database.db;

  app.get('/api/receipts', {
    config: { permission: 'directive:read' },
    schema: { tags, summary: '签收单 Receipts in my scope (mine=true: addressed to my own units), newest first', querystring: ReceiptListQuery, response: { 200: Page(ReceiptSummary) } },
  }, async (req) => {
    const q = req.query;
    const mine = q.mine === 'true'
      ? [...new Set(req.actor.grants.filter((g) => roleGrants(g.role, 'directive:sign')).map((g) => g.unitCode))]
      : undefined;
    const { rows, total } = await listReceipts(db, {
      scope: scopeOf(req.actor, 'directive:read'), units: mine, directiveId: q.directiveId, states: q.state?.split(','), warn: q.warn,
      limit: q.limit, offset: q.offset,
    });
    return { items: rows.map(summary), total };
  });

  app.get('/api/receipts/:id', {
    config: { permission: 'directive:read' },
    schema: { tags, summary: '签收单详情 One receipt: the directive, what changed since I signed, actions, sub-unit receipts, timeline', params: IdParams, response: { 200: ReceiptDetail, 404: ErrorResponse } },
  }, async (req) => {
    const item = await deps.loop.visible(db, req.actor, 'receipt', req.params.id, 'directive:read');
    const r = (await findReceipt(db, item.id))!;
    const d = (await findDirective(db, r.directive_id))!;
    const [later, children, timeline, supervision] = await Promise.all([
      r.signed_version !== null && r.signed_version < d.version ? listVersions(db, d.id, r.signed_version) : Promise.resolve([]),
      childReceipts(db, r.id), readTimeline(db, r.id), listSupervisionOrders(db, r.id),
    ]);
    return {
      ...summary(r),
      directive: {
        title: d.title, body: d.body, attachmentIds: d.attachment_ids, issuerUnit: d.issuer_unit, issuerName: d.issuer_name, state: d.state,
        requires: { report: d.require_report, forward: d.allow_forward }, reportDeadlineAt: iso(d.report_deadline_at),
      },
      changesSinceSigned: later.map((v) => ({ version: v.version, note: v.note, changes: v.changes })),
      signLate: r.sign_late, reportLate: r.report_late, reportText: r.report_text, reportFigures: r.report_figures,
      reportAttachmentIds: r.report_attachment_ids,
      allowedActions: receiptActions(req.actor, item, d),
      children: children.map((c) => ({ id: c.id, unitCode: c.unit_code, unitName: c.unit_name, state: c.state, warnLevel: c.warn_level })),
      timeline: timeline.map((e) => ({
        at: iso(e.at)!, actorName: e.actor_name, action: e.action, fromState: e.from_state, toState: e.to_state, unitCode: e.unit_code, note: e.note, data: e.data,
      })),
      supervision: supervision.map((s) => ({ level: s.level, issuerUnit: s.issuer_unit, note: s.note, deadlineAt: iso(s.deadline_at), createdAt: iso(s.created_at)! })),
    };
  });

  const actionResponse = { 200: ReceiptActionResult, 404: ErrorResponse, 409: ErrorResponse };

  app.post('/api/receipts/:id/sign', {
    config: { permission: 'directive:sign' },
    schema: { tags, summary: '签收 Sign for the directive (or re-sign its new version)', params: IdParams, body: SignBody, response: actionResponse },
  }, async (req) => result(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => signReceipt(uow, deps, req.params.id, req.body.note ?? null))));

  app.post('/api/receipts/:id/forward', {
    config: { permission: 'directive:sign' },
    schema: {
      tags, summary: '转发 Forward to sub-units: a child receipt for each', params: IdParams, body: ForwardBody,
      response: { ...actionResponse, 200: ReceiptActionResult.extend({ forwarded: z.number().int() }), 422: ErrorResponse },
    },
  }, async (req) => {
    const item = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => forwardReceipt(uow, deps, req.params.id, req.body.targets, req.body.note ?? null));
    return { ...result(item), forwarded: item.forwarded };
  });

  app.post('/api/receipts/:id/report', {
    config: { permission: 'directive:sign' },
    schema: { tags, summary: '反馈落实 Report execution (text, figures, photo ids): the receipt is done', params: IdParams, body: ReportBody, response: actionResponse },
  }, async (req) => result(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => reportReceipt(uow, deps, req.params.id, req.body))));

  app.post('/api/receipts/:id/supervise', {
    config: { permission: 'directive:supervise' },
    schema: { tags, summary: '督办 A supervision order on one receipt', params: IdParams, body: SuperviseBody, response: { 201: z.object({ id: z.string() }), 403: ErrorResponse, 404: ErrorResponse } },
  }, async (req, reply) => {
    const id = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => superviseReceipt(uow, deps, req.params.id, req.body));
    return reply.status(201).send({ id });
  });

  app.post('/api/receipts/:id/urge', {
    config: { permission: 'directive:supervise' },
    schema: { tags, summary: '催办 Remind the receipt\'s unit (from a unit above it)', params: IdParams, body: UrgeReceiptBody, response: { 204: z.null(), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } },
  }, async (req, reply) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => urgeReceipt(uow, deps, req.params.id, req.body.note ?? null));
    return reply.status(204).send(null);
  });
}
