import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can, homeUnitPath, scopeOf, type Actor } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors/app-error.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { writeReceiptLedger, XLSX_TYPE } from './directives-export.js';
import {
  countsOf, directiveCounts, listDirectives, listVersions, progressLevel, unitsByCode, type DirectiveRow, type ProgressRow,
} from './directives-repository.js';
import {
  AmendDirectiveBody, CreateDirectiveBody, DirectiveDetail, DirectiveListQuery, DirectiveSummary, IdParams, Progress, ProgressQuery,
  RecallDirectiveBody, UrgeDirectiveBody,
} from './directives-schemas.js';
import { amendDirectiveVersion, canManage, issueDirective, recallDirectiveAll, urgeDirective, visibleDirective, type DirectiveDeps } from './directives-service.js';
import { receiptPages } from './receipts-repository.js';

export const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function summary(d: DirectiveRow, progress: ReturnType<typeof countsOf>) {
  return {
    id: d.id, ref: d.ref, title: d.title, state: d.state, version: d.version, issuerUnit: d.issuer_unit, issuerName: d.issuer_name,
    issuedAt: iso(d.issued_at)!, reportDeadlineAt: iso(d.report_deadline_at), requires: { report: d.require_report, forward: d.allow_forward },
    progress,
  };
}

function node(r: ProgressRow) {
  const counts = countsOf(r);
  return {
    code: r.code, name: r.name, kind: r.kind, parentCode: r.parent_code,
    receipt: r.receipt_id ? { id: r.receipt_id, state: r.receipt_state!, warnLevel: r.receipt_warn! } : null,
    hasChildren: counts.total > (r.receipt_id ? 1 : 0),
    counts,
  };
}

/** One level of the progress tree: `under` (default: the issuer's unit, or the top of my scope) and its children. */
async function progressOf(p: Platform, actor: Actor, d: DirectiveRow, underCode?: string) {
  const scope = scopeOf(actor, 'directive:read');
  const top = can(actor, 'directive:read', d.issuer_path) ? d.issuer_unit : scope[0]!.split('/').filter(Boolean).at(-1)!;
  const code = underCode ?? top;
  const under = (await unitsByCode(p.database.db, [code])).get(code);
  if (!under || !(can(actor, 'directive:read', under.path) || scope.some((s) => s.startsWith(under.path)))) {
    throw new AppError('UNKNOWN_UNIT', { code });
  }
  const rows = await progressLevel(p.database.db, d.id, { code: under.code, path: under.path }, scope);
  const self = rows.find((r) => r.code === under.code);
  return { node: self ? node(self) : null, children: rows.filter((r) => r.code !== under.code).map(node) };
}

export function registerDirectiveRoutes(app: TypedApp, p: Platform, deps: DirectiveDeps): void {
  const tags = ['directives 政令'];
  const db = p.database.db;

  app.post('/api/directives', {
    config: { permission: 'directive:issue' },
    schema: {
      tags, summary: '一键下达 Issue a directive: one receipt per target unit, pushed to each at once', body: CreateDirectiveBody,
      response: { 201: z.object({ id: z.string(), ref: z.string(), receipts: z.number().int() }), 400: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const out = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => issueDirective(uow, deps, req.body));
    return reply.status(201).send(out);
  });

  app.get('/api/directives', {
    config: { permission: 'directive:read' },
    schema: { tags, summary: '政令列表 Directives I issued or received, newest first, with progress in my scope', querystring: DirectiveListQuery, response: { 200: Page(DirectiveSummary) } },
  }, async (req) => {
    const q = req.query;
    const scope = scopeOf(req.actor, 'directive:read');
    const { rows, total } = await listDirectives(db, {
      scope, issuerScope: q.issued === 'true' ? scopeOf(req.actor, 'directive:issue') : undefined, state: q.state, q: q.q, limit: q.limit, offset: q.offset,
    });
    return { items: rows.map((r) => summary(r, countsOf(r))), total };
  });

  app.get('/api/directives/:id', {
    config: { permission: 'directive:read' },
    schema: { tags, summary: '政令详情 One directive with its versions and the top of its progress tree', params: IdParams, response: { 200: DirectiveDetail, 404: ErrorResponse } },
  }, async (req) => {
    const d = await visibleDirective(db, req.actor, req.params.id);
    const scope = scopeOf(req.actor, 'directive:read');
    const [counts, versions, tree] = await Promise.all([directiveCounts(db, d.id, scope), listVersions(db, d.id), progressOf(p, req.actor, d)]);
    return {
      ...summary(d, counts), body: d.body, attachmentIds: d.attachment_ids, signBy: d.sign_by, reportBy: d.report_by, targets: d.targets,
      recalledAt: iso(d.recalled_at), recallReason: d.recall_reason, canManage: canManage(req.actor, d),
      versions: versions.map((v) => ({
        version: v.version, title: v.title, body: v.body, attachmentIds: v.attachment_ids, signBy: v.sign_by, reportBy: v.report_by,
        reportDeadlineAt: iso(v.report_deadline_at), changes: v.changes, note: v.note, authorName: v.author_name, createdAt: iso(v.created_at)!,
      })),
      tree,
    };
  });

  app.get('/api/directives/:id/progress', {
    config: { permission: 'directive:read' },
    schema: {
      tags, summary: '进度树 One level of the progress tree: a unit and its children, counts rolled up over each subtree',
      params: IdParams, querystring: ProgressQuery, response: { 200: Progress, 404: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req) => {
    const d = await visibleDirective(db, req.actor, req.params.id);
    return progressOf(p, req.actor, d, req.query.under);
  });

  app.get('/api/directives/:id/receipts.xlsx', {
    config: { permission: 'directive:read' },
    schema: { tags, summary: '导出签收台账 The directive\'s receipts in my scope as .xlsx', params: IdParams, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const d = await visibleDirective(db, req.actor, req.params.id);
    const scope = scopeOf(req.actor, 'directive:read');
    await p.runner.recordAudit({ actor: req.actor, ip: req.ip }, {
      action: 'directive.export', targetType: 'directive', targetId: d.id, unitPath: homeUnitPath(req.actor.grants), detail: { ref: d.ref },
    });
    const out = new PassThrough();
    writeReceiptLedger(out, req.locale, d, receiptPages(db, d.id, scope)).catch((err: unknown) => {
      req.log.error({ err }, 'receipt ledger export failed mid-stream');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const day = beijingDay(new Date());
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'directives.export.fileName')}-${d.ref}-${day}.xlsx`, `receipts-${d.ref}-${day}.xlsx`))
      .send(out);
  });

  app.post('/api/directives/:id/amend', {
    config: { permission: 'directive:issue' },
    schema: {
      tags, summary: '修改 A new version: open receipts return to "re-sign" and see what changed', params: IdParams, body: AmendDirectiveBody,
      response: { 200: z.object({ version: z.number().int(), receipts: z.number().int().describe('Receipts sent back to re-sign') }), 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => amendDirectiveVersion(uow, deps, req.params.id, req.body)));

  app.post('/api/directives/:id/recall', {
    config: { permission: 'directive:issue' },
    schema: {
      tags, summary: '撤回 Recall: every open receipt closes as recalled', params: IdParams, body: RecallDirectiveBody,
      response: { 200: z.object({ receipts: z.number().int() }), 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => recallDirectiveAll(uow, req.params.id, req.body.reason)));

  app.post('/api/directives/:id/urge', {
    config: { permission: 'directive:supervise' },
    schema: {
      tags, summary: '催办 Remind every unit below mine that has not signed (or not reported) yet', params: IdParams, body: UrgeDirectiveBody,
      response: { 200: z.object({ urged: z.number().int().describe('Receipts reminded') }), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => urgeDirective(uow, req.params.id, req.body)));
}
