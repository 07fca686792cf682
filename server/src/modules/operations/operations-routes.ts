import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { listOperations } from './operations-repository.js';
import {
  CreateOperationBody, IdParams, OperationDetail, OperationListQuery, OperationSummary, PostParams, PostView, ScreenSummaryView, TemplateView, UpdatePostBody,
} from './operations-schemas.js';
import { canManageOperation, createOperation, updatePost, visibleOperation } from './operations-service.js';
import { readRoster } from './roster-service.js';
import { screenSummary } from './screen-summary.js';
import { taskCounts, taskCountsByPost } from './tasks-repository.js';
import type { OperationDeps } from './tasks-service.js';
import { canManagePost, operationHead, postPeople, templateView } from './views.js';
import { operationReadScope } from './read-scope.js';

export function registerOperationRoutes(app: TypedApp, p: Platform, deps: OperationDeps): void {
  const tags = ['operations 行动'];
  const db = p.database.db;

  app.get('/api/operation-templates', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '行动模板 Operation templates: phases, post tree and phased tasks', response: { 200: z.object({ items: z.array(TemplateView) }) } },
  }, async () => ({ items: [...deps.templates.values()].map(templateView) }));

  app.post('/api/operations', {
    config: { permission: 'operation:manage' },
    schema: {
      tags, summary: '创建行动 Create an operation from a template: phases, posts with people, phased tasks', body: CreateOperationBody,
      response: { 201: z.object({ id: z.string(), ref: z.string(), posts: z.number().int(), tasks: z.number().int() }), 400: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const out = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createOperation(uow, deps, req.body));
    return reply.status(201).send(out);
  });

  app.get('/api/operations', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '行动列表 Operations commanded in my scope or with a post in it, newest first', querystring: OperationListQuery, response: { 200: Page(OperationSummary) } },
  }, async (req) => {
    const now = new Date();
    const { rows, total } = await listOperations(db, {
      scope: scopeOf(req.actor, 'operation:read'), q: req.query.q, runningAt: req.query.running === 'true' ? now : undefined,
      limit: req.query.limit, offset: req.query.offset,
    });
    return {
      items: rows.map((r) => ({ ...operationHead(r, now), posts: r.posts, tasks: r.tasks, openTasks: r.open_tasks, overdueTasks: r.overdue_tasks })),
      total,
    };
  });

  app.get('/api/operations/:id', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '行动详情 Phases, the post tree (my scope), task counts per phase and state, roster summary with gaps',
      params: IdParams, response: { 200: OperationDetail, 404: ErrorResponse },
    },
  }, async (req) => {
    const now = new Date();
    const op = await visibleOperation(db, req.actor, req.params.id);
    const scope = operationReadScope(req.actor, op);
    const [roster, counts, byPost] = await Promise.all([readRoster(db, req.actor, op, now), taskCounts(db, op.id, scope), taskCountsByPost(db, op.id, scope)]);
    return {
      ...operationHead(op, now),
      canManage: canManageOperation(req.actor, op),
      postTree: roster.posts.map(({ post, shifts, gaps }) => ({
        id: post.id, parentId: post.parent_id, kind: post.kind, unitCode: post.unit_code, unitName: post.unit_name, zoneCode: post.zone_code, name: post.name,
        ...postPeople(post), openTasks: byPost.get(post.id)?.open ?? 0, overdueTasks: byPost.get(post.id)?.red ?? 0,
        onDuty: shifts.filter((s) => s.status === 'on_duty').length, gaps: gaps.length, canManage: canManagePost(req.actor, post),
      })),
      taskCounts: counts.map((c) => ({
        phase: c.phase, pending: c.pending, inProgress: c.in_progress, done: c.done, cancelled: c.cancelled, yellow: c.yellow, red: c.red, total: c.total,
      })),
      roster: roster.summary,
      unstaffedPosts: roster.posts.filter(({ post }) => !post.person_name).length,
    };
  });

  app.get('/api/operations/:id/screen-summary', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '大屏行动态势 Posts on duty now (checked in, due, absent, gaps) and the measures under way, for the operation screen',
      params: IdParams, response: { 200: ScreenSummaryView, 404: ErrorResponse },
    },
  }, async (req) => screenSummary(db, req.actor, await visibleOperation(db, req.actor, req.params.id), new Date()));

  app.patch('/api/operations/:id/posts/:postId', {
    config: { permission: 'operation:manage' },
    schema: {
      tags, summary: '定人定岗 Set the named person and deputy of a post', params: PostParams, body: UpdatePostBody,
      response: { 200: PostView.pick({ id: true, name: true, unitCode: true, person: true, deputy: true }), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => {
    const post = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => updatePost(uow, req.params.id, req.params.postId, req.body));
    return { id: post.id, name: post.name, unitCode: post.unit_code, ...postPeople(post) };
  });
}
