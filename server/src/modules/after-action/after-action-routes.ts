import type { TypedApp } from '../../app.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { visibleOperation } from '../operations/operations-service.js';
import { IdParams, ReplayQuery, ReplayResponse, ReportQuery } from './after-action-schemas.js';
import { nightReplay, nightReport } from './after-action-service.js';
import { REPORT_CSP, reportHtml } from './report-html.js';
import { reportPdf } from './report-pdf.js';

const tags = ['after-action 复盘'];

export function registerAfterActionRoutes(app: TypedApp, p: Platform): void {
  const db = p.database.db;

  app.get('/api/operations/:id/replay', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '复盘回放 The night as a time series to scrub: per key zone and minute occupancy, density and tier; alerts, measures, plan activations and hazards as events',
      params: IdParams, querystring: ReplayQuery, response: { 200: ReplayResponse, 400: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => nightReplay(db, req.actor, await visibleOperation(db, req.actor, req.params.id), req.query, req.locale));

  app.get('/api/operations/:id/report', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '复盘报告 The printable after-action report (HTML, A4): summary figures, then every alert, measure, plan activation, hazard and duty gap with its handling',
      params: IdParams, querystring: ReportQuery, produces: ['text/html'],
    },
  }, async (req, reply) => {
    const locale = req.query.lang ?? req.locale;
    const op = await visibleOperation(db, req.actor, req.params.id);
    const model = await nightReport(db, req.actor, op, locale);
    const html = reportHtml(model, { pdf: `report.pdf?lang=${locale}`, replay: `/screen/operation/replay?operation=${op.id}` });
    return reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', REPORT_CSP)
      .header('cache-control', 'no-store').send(html);
  });

  app.get('/api/operations/:id/report.pdf', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '复盘报告 PDF The same report as a PDF (A4 landscape, Chinese font embedded, every row of every table)',
      params: IdParams, querystring: ReportQuery, produces: ['application/pdf'],
    },
  }, async (req, reply) => {
    const locale = req.query.lang ?? req.locale;
    const op = await visibleOperation(db, req.actor, req.params.id);
    const pdf = await reportPdf(await nightReport(db, req.actor, op, locale));
    const day = beijingDay(new Date());
    return reply.header('content-type', 'application/pdf').header('cache-control', 'no-store')
      .header('content-disposition', attachment(`${t(locale, 'afterAction.file')}-${op.ref}-${day}.pdf`, `after-action-${op.ref}-${day}.pdf`))
      .send(pdf);
  });
}
