import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can, scopeOf } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse, Page, Pagination, UnitCode } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { countByKind, findUnit, listUnits, updateUnit, type UnitRow } from './units-repository.js';

const UnitKind = z.enum(['district', 'street', 'community', 'grid', 'department', 'zone', 'command_post', 'task_force']);
const UnitView = z.object({
  code: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.string(), parentCode: z.string().nullable(),
  path: z.string(), depth: z.number(), approximate: z.boolean().describe('Generated geometry/name: approximate'),
  population: z.number().nullable(), center: z.tuple([z.number(), z.number()]).nullable(), active: z.boolean(),
});

function view(u: UnitRow) {
  return {
    code: u.code, name: u.name, nameEn: u.nameEn, kind: u.kind, parentCode: u.parentCode, path: u.path, depth: u.depth,
    approximate: u.approximate, population: u.population,
    center: u.centerLng !== null && u.centerLat !== null ? [u.centerLng, u.centerLat] as [number, number] : null,
    active: u.active,
  };
}

export function registerUnitRoutes(app: TypedApp, p: Platform): void {
  const tags = ['units 单位'];
  const CodeParams = z.strictObject({ code: UnitCode });

  app.get('/api/units', {
    config: { permission: 'unit:read' },
    schema: {
      tags, summary: '单位列表 Units in my scope (district → streets → communities → grids, departments, zones, posts)',
      querystring: z.strictObject({
        parent: UnitCode.optional(), kind: UnitKind.optional(), under: UnitCode.optional(),
        q: z.string().max(64).optional(), ...Pagination,
      }),
      response: { 200: Page(UnitView), 404: ErrorResponse },
    },
  }, async (req) => {
    let under: string | undefined;
    if (req.query.under) {
      const u = await findUnit(p.database.db, req.query.under);
      if (!u) throw new AppError('NOT_FOUND', { what: 'unit', id: req.query.under });
      under = u.path;
    }
    const { rows, total } = await listUnits(p.database.db, {
      scopePaths: scopeOf(req.actor, 'unit:read'), parentCode: req.query.parent, kind: req.query.kind, under,
      q: req.query.q, limit: req.query.limit, offset: req.query.offset,
    });
    return { items: rows.map(view), total };
  });

  app.get('/api/units/:code', {
    config: { permission: 'unit:read' },
    schema: {
      tags, summary: '单位详情 One unit with counts of its subtree', params: CodeParams,
      response: { 200: UnitView.extend({ counts: z.record(z.string(), z.number()) }), 404: ErrorResponse },
    },
  }, async (req) => {
    const u = await findUnit(p.database.db, req.params.code);
    // Out of scope looks exactly like missing: no probing of other streets' units.
    if (!u || !can(req.actor, 'unit:read', u.path)) throw new AppError('NOT_FOUND', { what: 'unit', id: req.params.code });
    return { ...view(u), counts: await countByKind(p.database.db, u.path) };
  });

  app.patch('/api/units/:code', {
    config: { permission: 'unit:manage' },
    schema: {
      tags, summary: '修改单位 Rename, (de)activate or set population', params: CodeParams,
      body: z.strictObject({
        name: z.string().min(1).max(64).optional(), nameEn: z.string().min(1).max(128).optional(),
        active: z.boolean().optional(), population: z.number().int().min(0).max(10_000_000).optional(),
      }),
      response: { 200: UnitView, 404: ErrorResponse },
    },
  }, async (req) => {
    const updated = await p.runner.run({ actor: req.actor, ip: req.ip }, async (uow) => {
      const u = await findUnit(uow.tx, req.params.code);
      if (!u || !can(req.actor, 'unit:manage', u.path)) throw new AppError('NOT_FOUND', { what: 'unit', id: req.params.code });
      const row = (await updateUnit(uow.tx, u.code, req.body))!;
      uow.audit({ action: 'unit.update', targetType: 'unit', targetId: u.code, unitPath: u.path, detail: { changes: req.body } });
      uow.emit({ type: 'unit.updated', unitPath: u.path, subjectType: 'unit', subjectId: u.code, payload: { changes: req.body } });
      return row;
    });
    return view(updated);
  });

  app.get('/api/geo/:layer', {
    config: { permission: 'unit:read' },
    schema: {
      tags: ['geo 地理'], summary: '地图图层 GeoJSON layer (approximate generated geometry is flagged)',
      params: z.strictObject({ layer: z.enum(['district', 'streets', 'communities', 'grids', 'zones']) }),
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'private, max-age=3600');
    return p.yuzhong[req.params.layer];
  });

  app.get('/api/geo/locate', {
    config: { permission: 'geo:locate' },
    schema: {
      tags: ['geo 地理'], summary: '落格 Which grid, community and street a point (WGS-84) lies in',
      querystring: z.strictObject({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
      response: {
        200: z.object({ gridCode: z.string(), communityCode: z.string(), streetCode: z.string(), snappedMeters: z.number().nullable() }),
        422: ErrorResponse,
      },
    },
  }, async (req) => {
    const r = p.locator.locate(req.query.lng, req.query.lat);
    if (r.status === 'outside') throw new AppError('OUTSIDE_DISTRICT', { lng: req.query.lng, lat: req.query.lat });
    return {
      gridCode: r.gridCode, communityCode: r.communityCode, streetCode: r.streetCode,
      snappedMeters: r.status === 'snapped' ? Math.round(r.distanceM) : null,
    };
  });
}
