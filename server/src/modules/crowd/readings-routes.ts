import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { IngestResult, ReadingsBody, RefusalsView } from './crowd-schemas.js';
import type { CrowdDeps } from './crowd-service.js';
import { parseNdjson } from './readings.js';
import { listRefusals } from './readings-repository.js';
import { listZones } from './zones-repository.js';

/** A batch of 20,000 readings as JSON is about 3 MB; the platform's default body limit is for forms. */
const READINGS_BODY_LIMIT = 16 * 1024 * 1024;

export async function registerReadingRoutes(app: TypedApp, p: Platform, deps: CrowdDeps): Promise<void> {
  const tags = ['crowd 客流安全'];
  const db = p.database.db;

  // NDJSON only for this route: its own plugin scope keeps the parser from the rest of the API.
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: READINGS_BODY_LIMIT }, (_req, body, done) => {
      done(null, parseNdjson(body as string));
    });

    scope.post('/api/crowd/readings', {
      bodyLimit: READINGS_BODY_LIMIT,
      config: { permission: 'crowd:ingest' },
      schema: {
        tags, summary: '客流数据接入 Readings from gate counters, cameras and mobile signal (JSON array or NDJSON); idempotent on the reading id',
        body: ReadingsBody, response: { 200: IngestResult, 400: ErrorResponse, 413: ErrorResponse },
      },
    }, async (req) => {
      const out = await deps.ingest.submit(req.actor, req.body);
      return {
        accepted: out.accepted, duplicates: out.duplicates, rejected: out.refusals.length,
        refusals: out.refusals.map((f) => ({
          index: f.index, id: f.id, reason: f.reason, ...(f.field ? { field: f.field } : {}),
          message: t(req.locale, `crowd.reject.${f.reason}`, { field: f.field ?? '' }),
        })),
      };
    });
  });

  app.get('/api/crowd/rejections', {
    config: { permission: 'crowd:read' },
    schema: { tags, summary: '异常数据统计 Refused readings counted by zone and reason, with the last example of each', response: { 200: RefusalsView } },
  }, async (req) => {
    const scope = scopeOf(req.actor, 'crowd:read');
    const zones = await listZones(db, scope);
    // Readings that named no known zone belong to nobody's subtree: the district sees them.
    const rows = await listRefusals(db, zones.map((z) => z.code), scope.some((s) => s.split('/').filter(Boolean).length === 1));
    return {
      items: rows.map((r) => ({
        zone: r.zone_code || null, reason: r.reason, count: Number(r.count), lastAt: r.last_at ? new Date(r.last_at).toISOString() : null,
        lastSample: r.last_sample,
      })),
    };
  });
}
