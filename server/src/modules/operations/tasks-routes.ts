import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { roleGrants } from '../../platform/access/roles.js';
import { listSupervisionOrders, readTimeline, type WorkItemRow } from '../../platform/closed-loop/work-item-repository.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { writeTaskLedger, XLSX_TYPE } from './operations-export.js';
import { findOperation } from './operations-repository.js';
import {
  AddTaskBody, CancelBody, IdParams, MyTasksQuery, NoteBody, SuperviseBody, TaskActionResult, TaskDetail, TaskExportQuery, TaskListQuery, TaskView,
} from './operations-schemas.js';
import { addTask, visibleOperation } from './operations-service.js';
import { listTasks, taskPages, type TaskFilter } from './tasks-repository.js';
import { cancelTask, completeTask, startTask, superviseTask, visibleTask, type OperationDeps } from './tasks-service.js';
import { iso, taskView } from './views.js';
import { operationReadScope } from './read-scope.js';

const result = (w: WorkItemRow) => ({ id: w.id, ref: w.ref, state: w.state, warnLevel: w.warn_level, deadlineAt: iso(w.deadline_at) });


function filterOf(q: z.infer<typeof TaskExportQuery>): Omit<TaskFilter, 'scope'> {
  return { phase: q.phase, states: q.state?.split(','), sector: q.sector, warn: q.warn, units: q.unit ? [q.unit] : undefined, source: q.source, q: q.q };
}

export function registerTaskRoutes(app: TypedApp, p: Platform, deps: OperationDeps): void {
  const tags = ['operations 行动'];
  const db = p.database.db;

  app.get('/api/operations/:id/tasks', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '行动任务 The operation\'s tasks in my scope, by phase and deadline (paged)', params: IdParams, querystring: TaskListQuery, response: { 200: Page(TaskView), 404: ErrorResponse } },
  }, async (req) => {
    const op = await visibleOperation(db, req.actor, req.params.id);
    const { rows, total } = await listTasks(db, {
      scope: operationReadScope(req.actor, op), operationId: op.id, ...filterOf(req.query), limit: req.query.limit, offset: req.query.offset,
    });
    return { items: rows.map((r) => taskView(req.actor, r)), total };
  });

  app.get('/api/operations/:id/tasks.xlsx', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '导出任务台账 The operation\'s tasks (filtered) as .xlsx', params: IdParams, querystring: TaskExportQuery, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const op = await visibleOperation(db, req.actor, req.params.id);
    const pages = taskPages(db, { scope: operationReadScope(req.actor, op), operationId: op.id, ...filterOf(req.query) });
    const out = new PassThrough();
    writeTaskLedger(out, req.locale, op, pages).catch((err: unknown) => {
      req.log.error({ err }, 'task ledger export failed mid-stream');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const day = beijingDay(new Date());
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'operations.export.tasksFile')}-${op.ref}-${day}.xlsx`, `tasks-${op.ref}-${day}.xlsx`))
      .send(out);
  });

  app.post('/api/operations/:id/tasks', {
    config: { permission: 'operation:manage' },
    schema: {
      tags, summary: '新增任务 Add a task for a post (due at its phase\'s end unless a deadline is given)', params: IdParams, body: AddTaskBody,
      response: { 201: z.object({ id: z.string(), ref: z.string(), deadlineAt: z.string() }), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req, reply) => {
    const made = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => addTask(uow, deps, req.params.id, req.body));
    return reply.status(201).send({ id: made.id, ref: made.ref, deadlineAt: made.deadlineAt.toISOString() });
  });

  app.get('/api/operation-tasks', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '我的行动任务 Operation tasks in my scope across operations (mine=true: my own units\' — the phone — with open measures of a playbook or plan first)', querystring: MyTasksQuery, response: { 200: Page(TaskView) } },
  }, async (req) => {
    const q = req.query;
    const units = q.mine === 'true'
      ? [...new Set(req.actor.grants.filter((g) => roleGrants(g.role, 'operation:duty')).map((g) => g.unitCode))]
      : undefined;
    // On the phone an alert's or plan's measures come first: they are due in minutes, a phase's tasks in hours.
    const { rows, total } = await listTasks(db, {
      scope: scopeOf(req.actor, 'operation:read'), units, operationId: q.operationId, open: q.open === 'true', limit: q.limit, offset: q.offset,
      measuresFirst: q.mine === 'true',
    });
    return { items: rows.map((r) => taskView(req.actor, r)), total };
  });

  app.get('/api/operation-tasks/:id', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '任务详情 One task with its timeline and supervision orders', params: IdParams, response: { 200: TaskDetail, 404: ErrorResponse } },
  }, async (req) => {
    const task = await visibleTask(db, req.actor, req.params.id);
    const [op, timeline, supervision] = await Promise.all([
      task.operation_id ? findOperation(db, task.operation_id) : Promise.resolve(undefined), readTimeline(db, task.id), listSupervisionOrders(db, task.id),
    ]);
    return {
      ...taskView(req.actor, task),
      operation: op ? { id: op.id, ref: op.ref, name: op.name } : null,
      timeline: timeline.map((e) => ({ at: iso(e.at)!, actorName: e.actor_name, action: e.action, fromState: e.from_state, toState: e.to_state, note: e.note })),
      supervision: supervision.map((s) => ({ level: s.level, issuerUnit: s.issuer_unit, note: s.note, deadlineAt: iso(s.deadline_at), createdAt: iso(s.created_at)! })),
    };
  });

  const actionResponse = { 200: TaskActionResult, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.post('/api/operation-tasks/:id/start', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '开始 The owning post starts the task', params: IdParams, body: NoteBody, response: actionResponse },
  }, async (req) => result(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => startTask(uow, deps, req.params.id, req.body.note ?? null))));

  app.post('/api/operation-tasks/:id/complete', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '完成 The owning post reports the task done (with a note)', params: IdParams, body: NoteBody, response: actionResponse },
  }, async (req) => result(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => completeTask(uow, deps, req.params.id, req.body.note ?? null))));

  app.post('/api/operation-tasks/:id/cancel', {
    config: { permission: 'operation:manage' },
    schema: { tags, summary: '取消 Whoever gave the task cancels it', params: IdParams, body: CancelBody, response: actionResponse },
  }, async (req) => result(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => cancelTask(uow, deps, req.params.id, req.body.reason))));

  app.post('/api/operation-tasks/:id/supervise', {
    config: { permission: 'operation:manage' },
    schema: {
      tags, summary: '督办 A supervision order on an open task', params: IdParams, body: SuperviseBody,
      response: { 201: z.object({ id: z.string() }), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req, reply) => {
    const id = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => superviseTask(uow, deps, req.params.id, req.body));
    return reply.status(201).send({ id });
  });
}
