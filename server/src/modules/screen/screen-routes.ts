import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { ErrorResponse, UnitCode } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { screenMarkersJson, screenSummary } from './screen-service.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UnitQuery = UnitCode.optional().describe('District or street code; default: the district, or the caller\'s street');
const Rate = z.number().nullable().describe('Percent (one decimal); null when nothing was due');

const Summary = z.object({
  unit: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.enum(['district', 'street']) }),
  parent: z.object({ code: z.string() }).nullable().describe('The enclosing place when the caller may open it (back control)'),
  generatedAt: z.string(),
  figures: z.object({
    reportedToday: z.number().int().describe('Cases reported since Beijing midnight'),
    open: z.number().int().describe('Cases not yet closed, rejected or merged (parked included)'),
    overdue: z.number().int().describe('Open cases past their stage deadline (red)'),
    warning: z.number().int().describe('Open cases past the 75 % yellow line'),
    closedToday: z.number().int(),
    rateDays: z.number().int().describe('The rates cover cases reported in this many Beijing days, today included'),
    due: z.number().int(), closed: z.number().int(), closedOnTime: z.number().int(),
    closedRate: Rate.describe('结案率 = closed / due'), onTimeRate: Rate.describe('按期结案率 = closed on time / due'),
  }),
  trend7d: z.array(z.object({ day: z.string(), reported: z.number().int(), closed: z.number().int().describe('Of the cases reported that day') })),
  trend24h: z.array(z.object({ hour: z.string().describe('Start of the hour (ISO)'), reported: z.number().int(), closed: z.number().int() })),
  categories: z.array(z.object({
    kind: z.enum(['event', 'component']), majorCode: z.string(), majorName: z.string(), majorNameEn: z.string().nullable(), count: z.number().int(),
  })).describe('Cases reported in the last 7 days per major class'),
  ranking: z.object({
    level: z.enum(['street', 'grid']),
    rows: z.array(z.object({
      code: z.string(), name: z.string(), nameEn: z.string().nullable(),
      rank: z.number().int().nullable(), composite: z.number().nullable().describe('综合评价 0–100 over the rate period'),
      closedRate: z.number().nullable(), onTimeRate: z.number().nullable(), reported: z.number().int(),
      open: z.number().int(), overdue: z.number().int(),
    })),
  }).describe('Streets of the district (grids of a street), best composite first; units without cases last'),
  feed: z.array(z.object({
    id: z.string(), at: z.string(), action: z.string(), toState: z.string().nullable(), actorName: z.string(),
    caseId: z.string(), ref: z.string(), title: z.string(), state: z.string(), warnLevel: z.string(),
  })).describe('The latest 30 timeline entries of the place\'s cases, newest first'),
});

const Markers = z.object({
  unit: z.string(),
  columns: z.tuple([z.literal('id'), z.literal('lng'), z.literal('lat'), z.literal('state'), z.literal('warnLevel')]),
  items: z.array(z.tuple([z.string(), z.number(), z.number(), z.string(), z.string()])),
});

export function registerScreenRoutes(app: TypedApp, p: Platform): void {
  const tags = ['screen 一屏掌控'];
  const db = p.database.db;

  app.get('/api/screen/summary', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags, summary: '大屏汇总 Headline figures, trends, category mix, ranking and activity of the district or a street',
      querystring: z.strictObject({ unit: UnitQuery }),
      response: { 200: Summary, 404: ErrorResponse },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return screenSummary(db, req.actor, req.query.unit);
  });

  app.get('/api/screen/markers', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags, summary: '大屏点位 Open cases and today\'s closures of the place as compact rows [id, lng, lat, state, warnLevel]',
      querystring: z.strictObject({
        unit: UnitQuery,
        ids: z.string().regex(new RegExp(`^${UUID}(,${UUID}){0,99}$`, 'i')).optional()
          .describe('Comma-separated case ids (≤100): only these, if they are still markers of the place'),
      }),
      response: { 200: Markers, 400: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req, reply) => {
    const body = await screenMarkersJson(db, req.actor, req.query.unit, req.query.ids?.split(','));
    // Already JSON (built by the database): a string with a JSON content type is sent as is, not re-serialised.
    return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body as never);
  });
}
