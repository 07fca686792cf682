import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can, scopeOf } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import { allowedActions } from '../../platform/closed-loop/machine.js';
import { listSupervisionOrders, readTimeline, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { findList } from './lists-repository.js';
import type { ResponsibilityDeps } from './lists-service.js';
import { reportProgress, rescheduleMilestone } from './milestones-service.js';
import {
  CancelBody, IdParams, ItemResult, MilestoneDetail, ProgressBody, RescheduleBody, SuperviseBody, TaskListQuery, TaskRow,
} from './responsibility-schemas.js';
import { milestoneMachine, type MilestoneState } from './task-machines.js';
import { findTask, listTasks, milestoneContext, milestoneReports, milestonesOfTasks } from './tasks-repository.js';
import { cancelTask, superviseItem } from './tasks-service.js';
import { byTask, iso, milestoneView, taskView } from './views.js';

const result = (w: WorkItemRow) => ({ id: w.id, ref: w.ref, state: w.state, warnLevel: w.warn_level, deadlineAt: iso(w.deadline_at) });

export function registerTaskRoutes(app: TypedApp, p: Platform, deps: ResponsibilityDeps): void {
  const tags = ['responsibility 责任单'];
  const db = p.database.db;
  const meta = (req: { actor: Parameters<typeof scopeOf>[0]; ip: string }) => ({ actor: req.actor, ip: req.ip });

  app.get('/api/tasks', {
    config: { permission: 'task:read' },
    schema: {
      tags, summary: '任务清单 Tasks in my scope with their milestones (mine=true: owned by my own units), open and soonest due first',
      querystring: TaskListQuery, response: { 200: Page(TaskRow) },
    },
  }, async (req) => {
    const q = req.query;
    const mine = q.mine === 'true'
      ? [...new Set(req.actor.grants.filter((g) => roleGrants(g.role, 'task:report')).map((g) => g.unitCode))]
      : undefined;
    const { rows, total } = await listTasks(db, {
      scope: scopeOf(req.actor, 'task:read'), units: mine, listId: q.listId, states: q.state?.split(','), warn: q.warn, limit: q.limit, offset: q.offset,
    });
    const milestones = byTask(await milestonesOfTasks(db, rows.map((r) => r.id)));
    return {
      items: rows.map((r) => ({
        ...taskView(req.actor, r, milestones.get(r.id) ?? [], can(req.actor, 'task:manage', r.home_path)),
        list: { id: r.list_id, ref: r.list_ref, title: r.list_title, issuerUnitName: r.issuer_unit_name },
      })),
      total,
    };
  });

  const actionResponse = { 200: ItemResult, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
  const superviseResponse = { 201: z.object({ id: z.string() }), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.post('/api/tasks/:id/cancel', {
    config: { permission: 'task:manage' },
    schema: { tags, summary: '撤销任务 The issuer cancels a task; its open milestones end with it', params: IdParams, body: CancelBody, response: actionResponse },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => cancelTask(uow, deps, req.params.id, req.body.reason))));

  app.post('/api/tasks/:id/supervise', {
    config: { permission: 'task:supervise' },
    schema: { tags, summary: '督办任务 A supervision order on an open task', params: IdParams, body: SuperviseBody, response: superviseResponse },
  }, async (req, reply) => {
    const id = await p.runner.run(meta(req), (uow) => superviseItem(uow, deps, 'task', req.params.id, req.body));
    return reply.status(201).send({ id });
  });

  app.get('/api/milestones/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags, summary: '节点详情 One milestone: its task, progress reports, timeline and supervision orders',
      params: IdParams, response: { 200: MilestoneDetail, 404: ErrorResponse },
    },
  }, async (req) => {
    const item = await deps.loop.visible(db, req.actor, 'milestone', req.params.id, 'task:read');
    const m = (await milestoneContext(db, item.id))!;
    const [task, list, reports, timeline, supervision] = await Promise.all([
      findTask(db, m.task_id), findList(db, m.list_id), milestoneReports(db, m.id), readTimeline(db, m.id), listSupervisionOrders(db, m.id),
    ]);
    if (!task || !list) throw new AppError('NOT_FOUND', { what: 'milestone', id: req.params.id });
    const actions = allowedActions(milestoneMachine, m.state as MilestoneState).filter((a) => (a === 'progress' || a === 'complete'
      ? can(req.actor, 'task:report', m.owner_path) : a === 'reschedule' && can(req.actor, 'task:manage', m.issuer_path)));
    return {
      ...milestoneView(m),
      task: { id: task.id, ref: task.ref, title: task.title, state: task.state, ownerUnit: task.owner_unit, ownerUnitName: task.owner_unit_name },
      list: { id: list.id, ref: list.ref, title: list.title },
      allowedActions: actions,
      reports: reports.map((r) => ({
        at: iso(r.at)!, actorName: r.actor_name, unitCode: r.unit_code, progress: r.progress, text: r.text, figures: r.figures, attachmentIds: r.attachment_ids,
      })),
      timeline: timeline.map((e) => ({ at: iso(e.at)!, actorName: e.actor_name, action: e.action, fromState: e.from_state, toState: e.to_state, note: e.note, data: e.data })),
      supervision: supervision.map((s) => ({ level: s.level, issuerUnit: s.issuer_unit, note: s.note, deadlineAt: iso(s.deadline_at), createdAt: iso(s.created_at)! })),
    };
  });

  app.post('/api/milestones/:id/progress', {
    config: { permission: 'task:report' },
    schema: {
      tags, summary: '进展反馈 Report progress (percent, text, figures, photos); 100 % or complete=true closes the milestone',
      params: IdParams, body: ProgressBody, response: { ...actionResponse, 200: ItemResult.extend({ progress: z.number().int(), taskCompleted: z.boolean() }) },
    },
  }, async (req) => {
    const out = await p.runner.run(meta(req), (uow) => reportProgress(uow, deps, req.params.id, req.body));
    return { ...result(out.item), progress: req.body.complete ? 100 : req.body.progress, taskCompleted: out.taskCompleted };
  });

  app.post('/api/milestones/:id/reschedule', {
    config: { permission: 'task:manage' },
    schema: { tags, summary: '调整节点时间 The issuer moves a milestone\'s due date (reason kept on the timeline)', params: IdParams, body: RescheduleBody, response: actionResponse },
  }, async (req) => result(await p.runner.run(meta(req), (uow) => rescheduleMilestone(uow, deps, req.params.id, req.body))));

  app.post('/api/milestones/:id/supervise', {
    config: { permission: 'task:supervise' },
    schema: { tags, summary: '督办节点 A supervision order on an open milestone', params: IdParams, body: SuperviseBody, response: superviseResponse },
  }, async (req, reply) => {
    const id = await p.runner.run(meta(req), (uow) => superviseItem(uow, deps, 'milestone', req.params.id, req.body));
    return reply.status(201).send({ id });
  });
}
