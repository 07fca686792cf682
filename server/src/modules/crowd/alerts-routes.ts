import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { levelOf } from './bands.js';
import { AckBody, AlertIdParams, AlertListQuery, AlertView } from './crowd-schemas.js';
import { acknowledgeAlert, zoneAllows } from './crowd-service.js';
import { listAlerts } from './alerts-repository.js';
import { alertView } from './views.js';
import { listZones } from './zones-repository.js';

export function registerAlertRoutes(app: TypedApp, p: Platform): void {
  const tags = ['crowd 客流安全'];
  const db = p.database.db;

  app.get('/api/crowd/alerts', {
    config: { permission: 'crowd:read' },
    schema: {
      tags, summary: '客流预警 Alerts of the zones in my scope, newest first (active=true: still in force)',
      querystring: AlertListQuery, response: { 200: Page(AlertView.extend({
        canAct: z.boolean().describe('The caller is a post or centre of its zone (may acknowledge it and take its measures)'),
        canAck: z.boolean().describe('canAct, and still open'),
      })) },
    },
  }, async (req) => {
    const q = req.query;
    const zones = (await listZones(db, scopeOf(req.actor, 'crowd:read'))).map((zn) => zn.code).filter((c) => !q.zone || c === q.zone);
    const { rows, total } = await listAlerts(db, {
      zones, state: q.state, kind: q.kind, active: q.active === undefined ? undefined : q.active === 'true',
      minLevel: q.minTier ? levelOf(q.minTier) : undefined, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
      limit: q.limit, offset: q.offset,
    });
    return {
      items: rows.map((a) => {
        const canAct = zoneAllows(req.actor, 'alert:ack', a);
        return { ...alertView(a), canAct, canAck: canAct && a.state === 'open' };
      }),
      total,
    };
  });

  app.post('/api/crowd/alerts/:id/ack', {
    config: { permission: 'alert:ack' },
    schema: {
      tags, summary: '预警签收 The command post acknowledges an alert (once; a second acknowledgement is a conflict)',
      params: AlertIdParams, body: AckBody, response: { 200: AlertView, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => {
    const row = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => acknowledgeAlert(uow, req.params.id, req.body.note ?? null));
    return alertView(row);
  });
}
