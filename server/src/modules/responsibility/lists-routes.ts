import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can, homeUnitPath, scopeOf } from '../../platform/access/actor.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { listCounts, listLists, type ListFilter } from './lists-repository.js';
import { canManage, createList, visibleList, type ResponsibilityDeps } from './lists-service.js';
import { listsWorkbook, tasksWorkbook, XLSX_TYPE } from './responsibility-export.js';
import { CreateListBody, IdParams, ListDetail, ListExportQuery, ListQuery, ListSummary } from './responsibility-schemas.js';
import { milestonesOfTasks, tasksOfList } from './tasks-repository.js';
import { byTask, listSummary, taskView } from './views.js';

const EXPORT_PAGE = 500;
const EXPORT_MAX = 20_000;

export function registerListRoutes(app: TypedApp, p: Platform, deps: ResponsibilityDeps): void {
  const tags = ['responsibility 责任单'];
  const db = p.database.db;

  const filterOf = (actor: Parameters<typeof scopeOf>[0], q: z.infer<typeof ListExportQuery>): ListFilter => ({
    scope: scopeOf(actor, 'task:read'), issuerScope: q.issued === 'true' ? scopeOf(actor, 'task:manage') : undefined,
    state: q.state, source: q.source, q: q.q,
  });

  app.post('/api/responsibility-lists', {
    config: { permission: 'task:manage' },
    schema: {
      tags, summary: '下发责任单 Issue a responsibility list: tasks with owners and dated milestones, each a tracked work item',
      body: CreateListBody,
      response: {
        201: z.object({ id: z.string(), ref: z.string(), tasks: z.number().int(), milestones: z.number().int() }),
        400: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse,
      },
    },
  }, async (req, reply) => {
    const out = await p.runner.runBatch({ actor: req.actor, ip: req.ip }, (batch) => createList(batch, deps, req.body));
    return reply.status(201).send(out);
  });

  app.get('/api/responsibility-lists', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '责任单列表 Lists I issued or own tasks of, newest first, with counts in my scope', querystring: ListQuery, response: { 200: Page(ListSummary) } },
  }, async (req) => {
    const { rows, total } = await listLists(db, { ...filterOf(req.actor, req.query), limit: req.query.limit, offset: req.query.offset });
    return { items: rows.map((r) => listSummary(r, r)), total };
  });

  app.get('/api/responsibility-lists/export.xlsx', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '导出责任单台账 The lists matching the filters as .xlsx', querystring: ListExportQuery, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const filter = filterOf(req.actor, req.query);
    const rows = [];
    for (let offset = 0; offset < EXPORT_MAX; offset += EXPORT_PAGE) {
      const page = await listLists(db, { ...filter, limit: EXPORT_PAGE, offset });
      rows.push(...page.rows);
      if (page.rows.length < EXPORT_PAGE) break;
    }
    await p.runner.recordAudit({ actor: req.actor, ip: req.ip }, {
      action: 'responsibility.export', targetType: 'responsibility_list', unitPath: homeUnitPath(req.actor.grants), detail: { filter: req.query, rows: rows.length },
    });
    const now = new Date();
    const day = beijingDay(now);
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'responsibility.export.listFileName')}-${day}.xlsx`, `responsibility-lists-${day}.xlsx`))
      .send(await listsWorkbook(req.locale, rows, now));
  });

  app.get('/api/responsibility-lists/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags, summary: '责任单详情 One list with its tasks and milestones in my scope: the roadmap (路线图)',
      params: IdParams, response: { 200: ListDetail, 404: ErrorResponse },
    },
  }, async (req) => {
    const list = await visibleList(db, req.actor, req.params.id);
    const scope = scopeOf(req.actor, 'task:read');
    const issuerView = can(req.actor, 'task:read', list.issuer_path);
    const [counts, tasks] = await Promise.all([listCounts(db, list, scope), tasksOfList(db, list.id, issuerView ? null : scope)]);
    const milestones = byTask(await milestonesOfTasks(db, tasks.map((x) => x.id)));
    const manage = canManage(req.actor, list);
    return {
      ...listSummary(list, counts), canManage: manage,
      tasks: tasks.map((x) => taskView(req.actor, x, milestones.get(x.id) ?? [], manage)),
    };
  });

  app.get('/api/responsibility-lists/:id/tasks.xlsx', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '导出责任单 The list\'s tasks and milestones in my scope as .xlsx (one row per milestone)', params: IdParams, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const list = await visibleList(db, req.actor, req.params.id);
    const scope = scopeOf(req.actor, 'task:read');
    const tasks = await tasksOfList(db, list.id, can(req.actor, 'task:read', list.issuer_path) ? null : scope);
    const milestones = byTask(await milestonesOfTasks(db, tasks.map((x) => x.id)));
    await p.runner.recordAudit({ actor: req.actor, ip: req.ip }, {
      action: 'responsibility.export', targetType: 'responsibility_list', targetId: list.id, unitPath: homeUnitPath(req.actor.grants), detail: { ref: list.ref },
    });
    const day = beijingDay(new Date());
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'responsibility.export.fileName')}-${list.ref}-${day}.xlsx`, `tasks-${list.ref}-${day}.xlsx`))
      .send(await tasksWorkbook(req.locale, list, tasks, milestones, canManage(req.actor, list)));
  });
}
