import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import {
  CompleteTaskBody, CreateRoundBody, IdParams, RoundDetail, RoundListQuery, RoundProgressQuery, RoundSummary, TaskListQuery, TaskSummary,
} from './hazards-schemas.js';
import { beijingDate, listRounds, listTasks, roundCounts } from './rounds-repository.js';
import { createRound, finishTask, visibleRound } from './rounds-service.js';
import { roundSummary, targetView, taskView } from './views.js';

export function registerRoundRoutes(app: TypedApp, p: Platform): void {
  const tags = ['hazards 隐患排查治理'];
  const db = p.database.db;

  app.post('/api/hazards/rounds', {
    config: { permission: 'hazard:manage' },
    schema: {
      tags, summary: '下达排查 Start an inspection round: one task for each target unit, pushed to each', body: CreateRoundBody,
      response: { 201: z.object({ id: z.string(), ref: z.string(), tasks: z.number().int() }), 400: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const out = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createRound(uow, req.body));
    return reply.status(201).send(out);
  });

  app.get('/api/hazards/rounds', {
    config: { permission: 'hazard:read' },
    schema: { tags, summary: '排查轮次 Rounds sent from or to my scope, newest first, with progress in my scope', querystring: RoundListQuery, response: { 200: Page(RoundSummary) } },
  }, async (req) => {
    const { rows, total } = await listRounds(db, { scope: scopeOf(req.actor, 'hazard:read'), q: req.query.q || undefined, from: req.query.from, to: req.query.to, today: beijingDate(new Date()), limit: req.query.limit, offset: req.query.offset });
    return { items: rows.map((r) => roundSummary(r, r)), total };
  });

  app.get('/api/hazards/rounds/:id', {
    config: { permission: 'hazard:read' },
    schema: {
      tags, summary: '排查进度 One round with its progress per target unit (paged, unit order)', params: IdParams, querystring: RoundProgressQuery,
      response: { 200: RoundDetail, 404: ErrorResponse },
    },
  }, async (req) => {
    const r = await visibleRound(db, req.actor, req.params.id);
    const scope = scopeOf(req.actor, 'hazard:read');
    const today = beijingDate(new Date());
    const [counts, targets] = await Promise.all([
      roundCounts(db, r.id, scope, today),
      listTasks(db, { scope, roundId: r.id, state: req.query.state, today, limit: req.query.limit, offset: req.query.offset, order: 'unit' }),
    ]);
    return { ...roundSummary(r, counts), note: r.note, targets: r.targets, targetPage: { items: targets.rows.map(targetView), total: targets.total } };
  });

  app.get('/api/hazards/tasks', {
    config: { permission: 'hazard:read' },
    schema: {
      tags, summary: '排查任务 Inspection tasks in my scope (mine=true: of my own units), open ones first',
      querystring: TaskListQuery, response: { 200: Page(TaskSummary) },
    },
  }, async (req) => {
    const q = req.query;
    const units = q.mine === 'true'
      ? [...new Set(req.actor.grants.filter((g) => roleGrants(g.role, 'hazard:inspect')).map((g) => g.unitCode))]
      : undefined;
    const { rows, total } = await listTasks(db, {
      scope: scopeOf(req.actor, 'hazard:read'), units, roundId: q.roundId, state: q.state, today: beijingDate(new Date()),
      limit: q.limit, offset: q.offset, order: 'newest',
    });
    return { items: rows.map(taskView), total };
  });

  app.post('/api/hazards/tasks/:id/complete', {
    config: { permission: 'hazard:inspect' },
    schema: {
      tags, summary: '排查完成 Mark my unit\'s inspection task done', params: IdParams, body: CompleteTaskBody,
      response: { 200: TaskSummary, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => taskView(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => finishTask(uow, req.params.id, req.body.note ?? null))));
}
