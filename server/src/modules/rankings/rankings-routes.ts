import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors/app-error.js';
import { attachment } from '../../platform/http/download.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { responsibilityListIds } from '../supervision/item-links.js';
import { findUnit } from '../units/units-repository.js';
import { RANKING_INDICATORS } from './rankings-indicators.js';
import { rankingWorkbook, XLSX_TYPE } from './rankings-export.js';
import { countedItems, currentWeights, latestRun, listRuns, runRows, weightVersions } from './rankings-repository.js';
import {
  CheckResult, CountedItem, CountedQuery, PublishBody, RunDetail, RunIdParams, RunListQuery, RunSummary, WeightsBody, WeightsView,
} from './rankings-schemas.js';
import { checkPeriod, checkRun, publishRanking, runOr404, updateRankingWeights } from './rankings-service.js';
import { countedItemView, runDetail, runSummary } from './rankings-views.js';
import { previousWeek } from './weekly.js';

/**
 * 动态晾晒: published rankings are public to everyone who may read rankings (every unit sees the whole table);
 * the items behind a unit's figure only to those whose scope holds that unit.
 */
export function registerRankingRoutes(app: TypedApp, p: Platform): void {
  const tags = ['rankings 动态晾晒'];
  const db = p.database.db;

  app.get('/api/rankings', {
    config: { permission: 'ranking:read' },
    schema: { tags, summary: '晾晒历史 Published rankings, newest first', querystring: RunListQuery, response: { 200: Page(RunSummary) } },
  }, async (req) => {
    const { rows, total } = await listRuns(db, req.query);
    return { items: rows.map(runSummary), total };
  });

  app.get('/api/rankings/latest', {
    config: { permission: 'ranking:read' },
    schema: { tags, summary: '最新晾晒 The newest published ranking', response: { 200: RunDetail, 404: ErrorResponse } },
  }, async (req) => {
    const run = await latestRun(db);
    if (!run) throw new AppError('NOT_FOUND', { what: 'ranking', id: 'latest' });
    return runDetail(req.locale, run, await runRows(db, run.id));
  });

  app.get('/api/rankings/weights', {
    config: { permission: 'ranking:read' },
    schema: { tags, summary: '晾晒权重 The current weights and their earlier versions', response: { 200: WeightsView } },
  }, async (req) => {
    const [current, history] = await Promise.all([currentWeights(db), weightVersions(db)]);
    const view = (w: typeof current) => ({ version: Number(w.version), weights: w.weights, note: w.note, createdByName: w.created_by_name, createdAt: new Date(w.created_at).toISOString() });
    return {
      current: view(current), history: history.map(view),
      indicators: RANKING_INDICATORS.map((key) => ({ key, name: t(req.locale, `rankings.indicators.${key}`) })),
    };
  });

  app.put('/api/rankings/weights', {
    config: { permission: 'ranking:manage' },
    schema: {
      tags, summary: '修改晾晒权重 A new version of the weights (used from the next publication on)', body: WeightsBody,
      response: { 200: z.object({ version: z.number().int() }), 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => ({ version: await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => updateRankingWeights(uow, req.body)) }));

  app.post('/api/rankings', {
    config: { permission: 'ranking:manage' },
    schema: {
      tags, summary: '发布晾晒 Publish a ranking now (default: last Monday–Sunday week)', body: PublishBody,
      response: { 201: z.object({ id: z.string(), units: z.number().int() }), 400: ErrorResponse, 403: ErrorResponse },
    },
  }, async (req, reply) => {
    const period = req.body.from && req.body.to ? { from: req.body.from, to: req.body.to } : previousWeek(new Date());
    checkPeriod(req.actor, period.from, period.to, new Date());
    const out = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => publishRanking(uow, { ...period, trigger: 'manual', note: req.body.note ?? null }));
    return reply.status(201).send(out!);
  });

  app.get('/api/rankings/:id', {
    config: { permission: 'ranking:read' },
    schema: { tags, summary: '晾晒详情 One published ranking: every unit\'s score, rank and figures', params: RunIdParams, response: { 200: RunDetail, 404: ErrorResponse } },
  }, async (req) => {
    const run = await runOr404(db, req.params.id);
    return runDetail(req.locale, run, await runRows(db, run.id));
  });

  app.get('/api/rankings/:id/items', {
    config: { permission: 'ranking:read' },
    schema: {
      tags, summary: '计分明细 The work items one figure counted (late ones first), as they are now',
      params: RunIdParams, querystring: CountedQuery, response: { 200: Page(CountedItem), 404: ErrorResponse },
    },
  }, async (req) => {
    const run = await runOr404(db, req.params.id);
    const unit = await findUnit(db, req.query.unit);
    if (!unit || !can(req.actor, 'ranking:read', unit.path)) throw new AppError('NOT_FOUND', { what: 'unit', id: req.query.unit });
    const { rows, total } = await countedItems(db, { runId: run.id, ...req.query });
    const lists = await responsibilityListIds(db, rows);
    return { items: rows.map((r) => ({ ...countedItemView(r), listId: lists.get(r.id) ?? null })), total };
  });

  app.get('/api/rankings/:id/check', {
    config: { permission: 'ranking:read' },
    schema: {
      tags, summary: '复核 Recompute a published ranking from its stored items and weights; lists any difference',
      params: RunIdParams, response: { 200: CheckResult, 404: ErrorResponse },
    },
  }, async (req) => {
    const differences = await checkRun(db, await runOr404(db, req.params.id));
    return { consistent: differences.length === 0, differences };
  });

  app.get('/api/rankings/:id/export.xlsx', {
    config: { permission: 'ranking:read' },
    schema: { tags, summary: '导出晾晒表 One published ranking as .xlsx (a sheet per level)', params: RunIdParams, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const run = await runOr404(db, req.params.id);
    const file = await rankingWorkbook(req.locale, run, await runRows(db, run.id));
    const name = `${t(req.locale, 'rankings.export.fileName')}-${run.period_from}.xlsx`;
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name, `ranking-${run.period_from}.xlsx`)).send(file);
  });
}
