import type { TypedApp } from '../../app.js';
import type { Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { periodOf, type OperationRow } from '../operations/operations-repository.js';
import { visibleOperation } from '../operations/operations-service.js';
import { readRoster } from '../operations/roster-service.js';
import { IdParams, ReplayQuery, ReplayResponse, ReportQuery } from './after-action-schemas.js';
import { MAX_POINTS, nightEvents, readNight, replayWindow } from './after-action-service.js';
import { REPORT_CSP, reportHtml } from './report-html.js';
import { reportModel, type ReportModel } from './report-model.js';
import { reportPdf } from './report-pdf.js';
import { MINUTE, pointsOf } from './replay.js';

const tags = ['after-action 复盘'];

/** The report's model: the crowd over the 'during' phase, alerts over the whole period, tasks, plans, hazards and the roster. */
async function modelOf(db: Executor, actor: Actor, op: OperationRow, locale: Locale): Promise<ReportModel> {
  const now = new Date();
  const period = periodOf(op);
  // The whole 'during' phase, whole minutes; a phase longer than a day in steps (peaks and minutes per tier stay exact).
  const step = Math.max(1, Math.ceil((period.duringEndsAt.getTime() - period.duringStartsAt.getTime()) / MINUTE / MAX_POINTS));
  const window = replayWindow(locale, op, { step });
  const [night, roster] = await Promise.all([
    readNight(db, actor, op, window, { from: period.startsAt, to: period.endsAt }, now),
    readRoster(db, actor, op, now),
  ]);
  return reportModel(night, roster, locale, actor.displayName);
}

export function registerAfterActionRoutes(app: TypedApp, p: Platform): void {
  const db = p.database.db;

  app.get('/api/operations/:id/replay', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '复盘回放 The night as a time series to scrub: per key zone and minute occupancy, density and tier; alerts, measures, plan activations and hazards as events',
      params: IdParams, querystring: ReplayQuery, response: { 200: ReplayResponse, 400: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => {
    const now = new Date();
    const op = await visibleOperation(db, req.actor, req.params.id);
    const window = replayWindow(req.locale, op, req.query);
    const night = await readNight(db, req.actor, op, window, window, now);
    const { events, truncated } = nightEvents(night, req.locale, window.from, window.to);
    const period = periodOf(op);
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    const measures = events.filter((e) => e.kind === 'task_created' && e.source !== 'template');
    const measureIds = new Set(measures.map((e) => e.id));
    return {
      operation: {
        id: op.id, ref: op.ref, name: op.name, ownerName: op.owner_name, startsAt: period.startsAt.toISOString(),
        duringStartsAt: period.duringStartsAt.toISOString(), duringEndsAt: period.duringEndsAt.toISOString(), endsAt: period.endsAt.toISOString(),
      },
      window: { from: window.from.toISOString(), to: window.to.toISOString(), step: window.step, points: pointsOf(window) },
      partial: !night.scope.full,
      now: now.toISOString(),
      zones: night.zones,
      events: events.map((e) => ({ ...e, tier: e.tier as 'blue' | 'yellow' | 'orange' | 'red' | null })),
      truncated,
      totals: {
        alerts: count('alert_raised'), acknowledged: night.alerts.filter((a) => a.acked_at).length, measures: measures.length,
        measuresDone: events.filter((e) => e.kind === 'task_done' && measureIds.has(e.id)).length,
        activations: count('plan_activated'), hazards: count('hazard_found'),
      },
    };
  });

  app.get('/api/operations/:id/report', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '复盘报告 The printable after-action report (HTML, A4): summary figures, then every alert, measure, plan activation, hazard and duty gap with its handling',
      params: IdParams, querystring: ReportQuery, produces: ['text/html'],
    },
  }, async (req, reply) => {
    const locale = req.query.lang ?? req.locale;
    const op = await visibleOperation(db, req.actor, req.params.id);
    const model = await modelOf(db, req.actor, op, locale);
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
    const pdf = await reportPdf(await modelOf(db, req.actor, op, locale));
    const day = beijingDay(new Date());
    return reply.header('content-type', 'application/pdf').header('cache-control', 'no-store')
      .header('content-disposition', attachment(`${t(locale, 'afterAction.file')}-${op.ref}-${day}.pdf`, `after-action-${op.ref}-${day}.pdf`))
      .send(pdf);
  });
}
