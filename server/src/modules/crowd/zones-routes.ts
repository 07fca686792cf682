import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { capacityOf } from './bands.js';
import {
  CodeParams, GatesBody, RegisterZoneBody, SeriesQuery, SeriesView, ZoneDetail, ZoneListItem, ZoneListQuery, ZoneSettingsBody,
} from './crowd-schemas.js';
import { changeSettings, registerZone, resetZoneState, setGates, visibleZone } from './crowd-service.js';
import { gateView, snapshotOfRow, zoneView } from './views.js';
import { bucketSeries, gatesOf, listZones, type GateRow, type ZoneRow } from './zones-repository.js';

const HOUR = 3_600_000;
const MAX_SPAN = 24 * HOUR;

function detail(z: ZoneRow, gates: GateRow[]) {
  return { ...zoneView(z, gates), geometry: z.geometry as unknown as Record<string, unknown>, gates: gates.map(gateView) };
}

export function registerZoneRoutes(app: TypedApp, p: Platform): void {
  const tags = ['crowd 客流安全'];
  const db = p.database.db;

  app.get('/api/crowd/zones', {
    config: { permission: 'crowd:read' },
    schema: {
      tags, summary: '重点区域 Key zones in my scope with live occupancy, density, rates, forecast and tier (for the big screen)',
      querystring: ZoneListQuery, response: { 200: z.object({ items: z.array(ZoneListItem) }) },
    },
  }, async (req) => {
    const zones = await listZones(db, scopeOf(req.actor, 'crowd:read'));
    const gates = await gatesOf(db, zones.map((zn) => zn.code));
    const byZone = (code: string) => gates.filter((g) => g.zone_code === code);
    return {
      items: zones.map((zn) => (req.query.geometry === 'true' ? detail(zn, byZone(zn.code)) : zoneView(zn, byZone(zn.code)))),
    };
  });

  app.get('/api/crowd/zones/:code', {
    config: { permission: 'crowd:read' },
    schema: { tags, summary: '区域详情 One zone with its polygon, gates, bands and live figures', params: CodeParams, response: { 200: ZoneDetail, 404: ErrorResponse } },
  }, async (req) => {
    const zn = await visibleZone(db, req.actor, req.params.code);
    return detail(zn, await gatesOf(db, [zn.code]));
  });

  app.post('/api/crowd/zones', {
    config: { permission: 'crowd:manage' },
    schema: {
      tags, summary: '新增重点区域 Make a unit of kind zone a crowd zone (polygon, usable area, bands, gates)', body: RegisterZoneBody,
      response: { 201: ZoneDetail, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const code = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => registerZone(uow, req.body));
    const zn = await visibleZone(db, req.actor, code);
    return reply.status(201).send(detail(zn, await gatesOf(db, [code])));
  });

  app.patch('/api/crowd/zones/:code', {
    config: { permission: 'crowd:manage' },
    schema: {
      tags, summary: '修改区域参数 Usable area, capacity (null: derived from area × red band), density bands, hysteresis, polygon',
      params: CodeParams, body: ZoneSettingsBody, response: { 200: ZoneDetail, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => changeSettings(uow, req.params.code, req.body));
    const zn = await visibleZone(db, req.actor, req.params.code);
    return detail(zn, await gatesOf(db, [zn.code]));
  });

  app.put('/api/crowd/zones/:code/gates', {
    config: { permission: 'crowd:manage' },
    schema: {
      tags, summary: '设置出入口 The zone\'s gates (width, direction, stairs or level); gates left out become inactive',
      params: CodeParams, body: GatesBody, response: { 200: ZoneDetail, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => setGates(uow, req.params.code, req.body.gates));
    const zn = await visibleZone(db, req.actor, req.params.code);
    return detail(zn, await gatesOf(db, [zn.code]));
  });

  app.post('/api/crowd/zones/:code/reset', {
    config: { permission: 'crowd:manage' },
    schema: {
      tags, summary: '重置区域 Start the zone afresh before a drill: readings, buckets and live state removed, alerts cleared',
      params: CodeParams, response: { 200: z.object({ readings: z.number().int(), alertsCleared: z.number().int() }), 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => resetZoneState(uow, req.params.code)));

  app.get('/api/crowd/zones/:code/series', {
    config: { permission: 'crowd:read' },
    schema: {
      tags, summary: '客流曲线 Minute by minute: in, out, occupancy, density, estimates, and what was forecast for each minute',
      params: CodeParams, querystring: SeriesQuery, response: { 200: SeriesView, 400: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => {
    const zn = await visibleZone(db, req.actor, req.params.code);
    const live = snapshotOfRow(zn);
    const to = req.query.to ? new Date(req.query.to) : new Date(live.watermark ?? Date.now());
    const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 3 * HOUR);
    if (from.getTime() > to.getTime() || to.getTime() - from.getTime() > MAX_SPAN) {
      throw new AppError('VALIDATION_FAILED', {}, [{ field: 'query.from', code: 'range', message: t(req.locale, 'crowd.fields.seriesRange') }]);
    }
    const area = Number(zn.area_m2);
    const d = (n: number) => Math.round((n / area) * 100) / 100;
    const rows = await bucketSeries(db, zn.code, from, to);
    const projection = live.watermark === null ? [] : [
      { at: new Date(live.watermark).toISOString(), occupancy: live.occupancy, density: d(live.occupancy) },
      ...(live.forecast15 === null ? [] : [{ at: new Date(live.watermark + 15 * 60_000).toISOString(), occupancy: live.forecast15, density: d(live.forecast15) }]),
      ...(live.forecast30 === null ? [] : [{ at: new Date(live.watermark + 30 * 60_000).toISOString(), occupancy: live.forecast30, density: d(live.forecast30) }]),
    ];
    return {
      zone: { code: zn.code, name: zn.name, areaM2: area, capacity: capacityOf({ areaM2: area, bands: zn.bands, capacityOverride: zn.capacity_override }) },
      from: from.toISOString(), to: to.toISOString(),
      points: rows.map((r) => ({
        minute: new Date(r.minute).toISOString(), in: r.gate_in, out: r.gate_out, occupancy: r.occupancy, density: d(r.occupancy),
        camera: r.camera_n ? Math.round(Number(r.camera_sum) / r.camera_n) : null, mobile: r.mobile_n ? Math.round(Number(r.mobile_sum) / r.mobile_n) : null,
        forecast15: r.made15, forecast30: r.made30,
      })),
      projection,
      error: { mae15: live.mae15, mae30: live.mae30, samples15: live.mae15Samples, samples30: live.mae30Samples },
    };
  });
}
