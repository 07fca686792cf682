import { PassThrough } from 'node:stream';
import type { TypedApp } from '../../app.js';
import { homeUnitPath } from '../../platform/access/actor.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { writeWarnedLedger, XLSX_TYPE, labelOr } from './supervision-export.js';
import { warnedPages } from './supervision-repository.js';
import {
  Board, BoardQuery, ItemExportQuery, ItemListQuery, OrderListQuery, OrderView, Trend, TrendQuery, WarnedItem,
} from './supervision-schemas.js';
import { board, openOrders, trend, warnedFilter, warnedItems } from './supervision-service.js';

/** 监督一览无余: what is late or about to be, across every kind of work item, by unit; and who supervises what. */
export function registerSupervisionRoutes(app: TypedApp, p: Platform): void {
  const tags = ['supervision 监督'];
  const db = p.database.db;

  app.get('/api/supervision/board', {
    config: { permission: 'supervision:read' },
    schema: {
      tags, summary: '监督一览 Red (overdue) and yellow (at risk) open items per sub-unit and kind, under a unit of my scope',
      querystring: BoardQuery, response: { 200: Board, 404: ErrorResponse },
    },
  }, async (req) => board(db, req.actor, req.query.under));

  app.get('/api/supervision/items', {
    config: { permission: 'supervision:read' },
    schema: {
      tags, summary: '红黄灯清单 Open red/yellow items owned under a unit, most overdue first',
      querystring: ItemListQuery, response: { 200: Page(WarnedItem), 404: ErrorResponse },
    },
  }, async (req) => warnedItems(db, req.actor, req.query));

  app.get('/api/supervision/items.xlsx', {
    config: { permission: 'supervision:read' },
    schema: { tags, summary: '导出红黄灯清单 The red/yellow list (same filters) as .xlsx', querystring: ItemExportQuery, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const f = await warnedFilter(db, req.actor, req.query);
    await p.runner.recordAudit({ actor: req.actor, ip: req.ip }, {
      action: 'supervision.export', targetType: 'unit', targetId: f.unit.code, unitPath: homeUnitPath(req.actor.grants),
      detail: { unit: f.unit.code, own: f.own, kind: f.kind ?? null, level: f.level ?? null },
    });
    const name = req.locale === 'en' ? (f.unit.name_en ?? f.unit.name) : f.unit.name;
    const filters = [f.level && t(req.locale, `supervision.levels.${f.level}`), f.kind && labelOr(req.locale, `supervision.kinds.${f.kind}`, f.kind)].filter(Boolean).join(' · ');
    const title = `${t(req.locale, 'supervision.export.title', { unit: name })}${filters ? `（${filters}）` : ''}`;
    const out = new PassThrough();
    writeWarnedLedger(out, req.locale, title, warnedPages(db, f)).catch((err: unknown) => {
      req.log.error({ err }, 'supervision export failed mid-stream');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const day = beijingDay(new Date());
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'supervision.export.fileName')}-${name}-${day}.xlsx`, `supervision-${f.unit.code}-${day}.xlsx`))
      .send(out);
  });

  app.get('/api/supervision/trend', {
    config: { permission: 'supervision:read' },
    schema: {
      tags, summary: '预警趋势 Items turning yellow and red per Beijing day (from the deadline sweep\'s timeline rows)',
      querystring: TrendQuery, response: { 200: Trend, 404: ErrorResponse },
    },
  }, async (req) => trend(db, req.actor, req.query));

  app.get('/api/supervision/orders', {
    config: { permission: 'supervision:read' },
    schema: {
      tags, summary: '督办一览 Open supervision orders on open items under a unit (by the item or the issuer), newest first',
      querystring: OrderListQuery, response: { 200: Page(OrderView), 404: ErrorResponse },
    },
  }, async (req) => openOrders(db, req.actor, req.query));
}
