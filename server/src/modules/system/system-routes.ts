import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { API_VERSION } from '../../app.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';

export function registerSystemRoutes(app: TypedApp, p: Platform): void {
  app.get('/api/health', {
    config: { permission: 'public' },
    schema: {
      tags: ['system 系统'], summary: '健康检查 Database and bus status (503 when either is down)',
      response: {
        200: z.object({
          status: z.enum(['ok', 'degraded']), version: z.string(), instance: z.string(), uptimeSeconds: z.number(),
          db: z.object({ kind: z.string(), ok: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
          bus: z.object({ kind: z.string(), ok: z.boolean(), detail: z.string().optional() }),
          sseClients: z.number(),
        }),
        503: z.unknown(),
      },
    },
  }, async (_req, reply) => {
    let db: { kind: string; ok: boolean; latencyMs: number | null; error?: string };
    try {
      db = { kind: p.database.kind, ok: true, latencyMs: Math.round((await p.database.ping()) * 100) / 100 };
    } catch (err) {
      db = { kind: p.database.kind, ok: false, latencyMs: null, error: (err as Error).message };
    }
    const bus = { kind: p.bus.kind, ...p.bus.status() };
    const ok = db.ok && bus.ok;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded', version: API_VERSION, instance: p.config.instanceId,
      uptimeSeconds: Math.round((Date.now() - p.startedAt.getTime()) / 1000), db, bus, sseClients: p.sse.size,
    });
  });

  app.get('/api/stream', {
    config: { permission: 'stream:read' },
    schema: {
      tags: ['system 系统'],
      summary: '实时事件流 Server-sent events in my scope; resume with the Last-Event-ID header or ?lastEventId=',
      querystring: z.strictObject({
        topics: z.string().regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/).optional().describe('Comma-separated topics, e.g. unit,case'),
        lastEventId: z.coerce.number().int().min(0).optional(),
        named: z.enum(['true', 'false']).optional().describe('false: frames carry no event name, so EventSource.onmessage receives every event (default true)'),
      }),
      headers: z.object({ 'last-event-id': z.string().regex(/^\d+$/).optional() }),
      response: { 401: ErrorResponse },
    },
  }, async (req, reply) => {
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' ? Number(header) : req.query.lastEventId;
    reply.hijack();
    await p.sse.open(reply.raw, req.actor, { topics: req.query.topics?.split(','), lastEventId, named: req.query.named !== 'false' });
  });

  app.get('/api/calendar/:year', {
    config: { permission: 'calendar:read' },
    schema: {
      tags: ['system 系统'], summary: '工作日历 Holidays and make-up workdays of a year',
      params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
      response: {
        200: z.object({
          year: z.number(), provisional: z.boolean(),
          days: z.array(z.object({ date: z.string(), kind: z.string(), name: z.string().optional() })),
        }),
        404: ErrorResponse,
      },
    },
  }, async (req) => {
    const cal = p.calendar.holidays;
    if (req.params.year < cal.firstYear || req.params.year > cal.lastYear) {
      throw new AppError('NOT_FOUND', { what: 'resource', id: String(req.params.year) });
    }
    const days: Array<{ date: string; kind: string; name?: string }> = [];
    const start = Date.UTC(req.params.year, 0, 1);
    for (let d = start; new Date(d).getUTCFullYear() === req.params.year; d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      const kind = cal.dayKind(date);
      if (kind === 'holiday') days.push({ date, kind, name: cal.holidayName(date) });
      else if (kind === 'makeup-workday') days.push({ date, kind });
    }
    return { year: req.params.year, provisional: cal.provisionalYears.includes(req.params.year), days };
  });
}
