import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import type { Tier } from '../crowd/bands.js';
import { findAlert } from '../crowd/alerts-repository.js';
import { visibleZone, zoneAllows } from '../crowd/crowd-service.js';
import { listZones } from '../crowd/zones-repository.js';
import { findRun, listPlaybooks, runTasks, type PlaybookRow } from './playbooks-repository.js';
import {
  AlertParams, CreatePlaybookBody, DeletePlaybookQuery, PlaybookList, PlaybookQuery, PlaybookView, RunView, UpdatePlaybookBody, ZoneTierParams,
} from './playbooks-schemas.js';
import { createPlaybook, deletePlaybook, runPlaybook, savePlaybook, type PlaybookDeps } from './playbooks-service.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** `canManage`: whether the caller may edit the zone's playbooks (the list tells per zone in `zones`; a write's answer: yes). */
function view(p: PlaybookRow, canManage = true) {
  return {
    zone: p.zone_code, tier: p.tier, auto: p.auto, onForecast: p.on_forecast, version: p.version, measures: p.measures,
    updatedAt: iso(p.updated_at)!, updatedBy: p.updated_by, canManage,
  };
}

export function registerPlaybookRoutes(app: TypedApp, p: Platform, deps: PlaybookDeps): void {
  const tags = ['crowd 客流安全'];
  const db = p.database.db;

  app.get('/api/playbooks', {
    config: { permission: 'crowd:read' },
    schema: { tags, summary: '处置措施预案 Measures per key zone and alert tier (the zones in my scope)', querystring: PlaybookQuery, response: { 200: PlaybookList, 404: ErrorResponse } },
  }, async (req) => {
    const zones = req.query.zone ? [await visibleZone(db, req.actor, req.query.zone)] : await listZones(db, scopeOf(req.actor, 'crowd:read'));
    // Per zone, so a zone without measures tells too whether the caller may create them.
    const rights = zones.map((z) => ({ code: z.code, canManage: zoneAllows(req.actor, 'crowd:manage', z) }));
    const manage = new Set(rights.filter((r) => r.canManage).map((r) => r.code));
    return { items: (await listPlaybooks(db, zones.map((z) => z.code))).map((row) => view(row, manage.has(row.zone_code))), zones: rights };
  });

  app.post('/api/playbooks', {
    config: { permission: 'crowd:manage' },
    schema: {
      tags, summary: '新增处置措施 Measures for a zone\'s tier that has none (409 when it has: edit those)', body: CreatePlaybookBody,
      response: { 201: PlaybookView, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req, reply) => {
    const { zone, tier, ...settings } = req.body;
    const row = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createPlaybook(uow, zone, tier, settings));
    return reply.status(201).send(view(row));
  });

  app.put('/api/playbooks/:zone/:tier', {
    config: { permission: 'crowd:manage' },
    schema: { tags, summary: '编辑处置措施 Set a zone\'s measures for one tier, and whether they run by themselves', params: ZoneTierParams, body: UpdatePlaybookBody, response: { 200: PlaybookView, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } },
  }, async (req) => view(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => savePlaybook(uow, req.params.zone, req.params.tier as Tier, req.body))));

  app.delete('/api/playbooks/:zone/:tier', {
    config: { permission: 'crowd:manage' },
    schema: {
      tags, summary: '删除处置措施 The tier has no measures any more (its alerts make no tasks); with the version you saw', params: ZoneTierParams,
      querystring: DeletePlaybookQuery, response: { 204: z.null(), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req, reply) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => deletePlaybook(uow, req.params.zone, req.params.tier as Tier, req.query.version));
    return reply.status(204).send(null);
  });

  app.post('/api/crowd/alerts/:id/playbook', {
    config: { permission: 'alert:ack' },
    schema: { tags, summary: '一键处置 Turn the alert\'s playbook into tasks for the posts (once per alert)', params: AlertParams, response: { 200: RunView, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } },
  }, async (req) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => runPlaybook(uow, deps, req.params.id, false));
    return runView(req.params.id, req.actor);
  });

  app.get('/api/crowd/alerts/:id/playbook', {
    config: { permission: 'crowd:read' },
    schema: { tags, summary: '处置进展 The tasks the alert\'s playbook made, and where they stand', params: AlertParams, response: { 200: RunView, 404: ErrorResponse } },
  }, async (req) => runView(req.params.id, req.actor));

  async function runView(alertId: string, actor: import('../../platform/access/actor.js').Actor) {
    const alert = await findAlert(db, alertId);
    if (!alert || !zoneAllows(actor, 'crowd:read', alert)) throw new AppError('NOT_FOUND', { what: 'crowdAlert', id: alertId });
    const run = await findRun(db, alertId);
    if (!run) throw new AppError('NOT_FOUND', { what: 'playbookRun', id: alertId });
    const tasks = await runTasks(db, run.task_ids);
    return {
      alertId, operationId: run.operation_id, auto: run.auto, ran: true, skipped: [],
      tasks: tasks.map((x) => ({ id: x.id, ref: x.ref, title: x.title, state: x.state, unitCode: x.owner_unit, warnLevel: x.warn_level, deadlineAt: iso(x.deadline_at), closedAt: iso(x.closed_at) })),
    };
  }
}
