import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { toAppError } from '../../platform/http/error-handler.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { localiseIssues, RequestValidationError } from '../../platform/http/validation.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { maskPhone } from '../../platform/privacy/masking.js';
import { loadCategoryData } from '../categories/categories-data.js';
import { listCategories } from '../categories/categories-repository.js';
import type { CategoryRow } from '../categories/categories-tables.js';
import type { CaseDeps } from '../cases/cases-service.js';
import { findToken, listClients, listServiceRequests, servicesChangeset, type Open311ClientRow, type ServiceRequestRow } from './open311-repository.js';
import {
  ClientParams, ClientView, CreateClientBody, CreatedClient, JURISDICTION_ID, JurisdictionQuery, ListRequestsQuery,
  PostRequestBody, RequestParams, ServiceParams, TokenParams,
} from './open311-schemas.js';
import { clientActor, clientForKey, createClient, districtScope, Open311Error, revokeClientById, submitServiceRequest } from './open311-service.js';
import { toXml } from './open311-xml.js';

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
export const OPEN311_PREFIX = '/open311/v2';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const MAX_RESULTS = 1000;
const DEFAULT_DAYS = 90;
const DAY_MS = 86_400_000;
// A case in one of these states is finished for the citizen: closed, not taken on, or joined to another case.
const CLOSED_STATES = ['closed', 'rejected', 'merged'] as const;

/** W3C date-time in Beijing time, as the spec's examples write it: 2026-11-25T09:30:00+08:00. */
function w3c(d: Date | null): string | null {
  if (!d) return null;
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A date-only parameter means midnight in Beijing. */
function parseDateParam(v: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v);
}

// Public answers carry no reporter data; mobile numbers typed into free text are masked too.
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const maskText = (s: string | null) => (s === null ? null : s.replace(MOBILE, (m) => maskPhone(m)!));

function send(reply: FastifyReply, format: Format, root: string, data: unknown, status = 200) {
  if (format === 'xml') return reply.status(status).type('text/xml; charset=utf-8').send(toXml(root, data));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(data));
}

const formatOf = (url: string): Format => (/\.xml$/i.test(url.split('?')[0]!) ? 'xml' : 'json');

function checkJurisdiction(id: string | undefined) {
  if (id !== undefined && id !== JURISDICTION_ID) throw new Open311Error(404, 'unknownJurisdiction', { id, expected: JURISDICTION_ID });
}

function validationDescription(err: RequestValidationError, locale: Locale): string {
  const issues = localiseIssues(err, locale);
  const missing = new Set(issues.filter((i) => i.code === 'invalid_type' && /^body\.(lat|long)$/.test(i.field)).map((i) => i.field));
  if (missing.size) return t(locale, 'open311.errors.locationRequired');
  return issues.map((i) => t(locale, 'open311.errors.invalidField', { field: i.field.replace(/^(body|query|params)\./, ''), message: i.message })).join('; ');
}

/** GeoReport errors: `[{code, description}]` (`<errors><error>…` in XML), code = the HTTP status. */
function errorHandler(bodyLimit: number) {
  return (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const locale = req.locale;
    let status: number;
    let description: string;
    if (err instanceof Open311Error) {
      status = err.status;
      description = t(locale, `open311.errors.${err.key}`, err.params);
    } else if (err instanceof RequestValidationError) {
      status = 400;
      description = validationDescription(err, locale);
    } else {
      const contentType = req.headers['content-type'];
      const e = toAppError(err, bodyLimit, typeof contentType === 'string' ? contentType : '');
      status = e.code === 'OUTSIDE_DISTRICT' ? 400 : e.status;
      const params: Record<string, unknown> = { ...e.params, requestId: req.id };
      if (typeof params.what === 'string') params.what = t(locale, `what.${params.what}`);
      description = t(locale, `errors.${e.code}`, params);
      if (status >= 500) req.log.error({ err }, 'open311 request failed');
    }
    return send(reply, formatOf(req.url), 'errors', [{ code: status, description }], status);
  };
}

export function registerOpen311Routes(app: TypedApp, p: Platform, deps: CaseDeps): void {
  const db = p.database.db;
  const tags = ['open311 GeoReport v2'];
  const majorNameEn = new Map(loadCategoryData().majorClasses.map((m) => [`${m.kind}:${m.code}`, m.nameEn]));

  function service(c: CategoryRow, locale: Locale) {
    const en = locale === 'en';
    const group = (en ? majorNameEn.get(`${c.kind}:${c.majorCode}`) : null) ?? c.majorName;
    const name = (en ? c.nameEn : null) ?? c.name;
    return {
      service_code: c.code, service_name: name,
      description: t(locale, `open311.serviceDescription.${c.kind}`, { group, name }),
      metadata: false, type: 'realtime',
      keywords: [...new Set([c.majorName, c.name, c.nameEn].filter((k): k is string => !!k))].join(','),
      group,
    };
  }

  function request(r: ServiceRequestRow, locale: Locale) {
    return {
      service_request_id: r.ref,
      status: (CLOSED_STATES as readonly string[]).includes(r.state) ? 'closed' : 'open',
      status_notes: maskText(r.status_notes),
      service_name: (locale === 'en' ? r.category_name_en : null) ?? r.category_name,
      service_code: r.category_code,
      description: maskText(r.description),
      agency_responsible: r.agency,
      service_notice: null,
      requested_datetime: w3c(r.reported_at),
      updated_datetime: w3c(r.updated_at),
      expected_datetime: w3c(r.deadline_at),
      address: r.address,
      address_id: null,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: r.media_url,
    };
  }

  // One encapsulated scope: the form-body parser and the GeoReport error format apply to these routes only.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.setErrorHandler(errorHandler(p.config.bodyLimit));
    scope.setNotFoundHandler((req, reply) => send(reply, formatOf(req.url), 'errors',
      [{ code: 404, description: t(req.locale, 'open311.errors.noSuchEndpoint', { url: req.url.split('?')[0] }) }], 404));

    for (const format of FORMATS) {
      scope.get(`/discovery.${format}`, {
        config: { permission: 'public' },
        schema: { tags, summary: `Service discovery (${format})`, querystring: JurisdictionQuery },
      }, async (req, reply) => {
        const changeset = w3c(await servicesChangeset(db));
        return send(reply, format, 'discovery', {
          changeset, contact: t(req.locale, 'open311.contact'), key_service: t(req.locale, 'open311.keyService'),
          endpoints: [{
            specification: SPECIFICATION, url: `${req.protocol}://${req.host}${OPEN311_PREFIX}`, changeset, type: 'production',
            formats: ['application/json', 'text/xml'],
          }],
        });
      });

      scope.get(`/services.${format}`, {
        config: { permission: 'public' },
        schema: { tags, summary: `Service list: the active case categories (${format})`, querystring: JurisdictionQuery },
      }, async (req, reply) => {
        checkJurisdiction(req.query.jurisdiction_id);
        const rows = await listCategories(db, { active: true });
        return send(reply, format, 'services', rows.map((c) => service(c, req.locale)));
      });

      scope.get(`/services/:service_code.${format}`, {
        config: { permission: 'public' },
        schema: { tags, summary: `Service definition (no extra attributes) (${format})`, params: ServiceParams, querystring: JurisdictionQuery },
      }, async (req, reply) => {
        checkJurisdiction(req.query.jurisdiction_id);
        const rows = await listCategories(db, { active: true });
        const c = rows.find((r) => r.code === req.params.service_code);
        if (!c) throw new Open311Error(404, 'unknownService', { code: req.params.service_code });
        return send(reply, format, 'service_definition', { service_code: c.code, attributes: [] });
      });

      scope.post(`/requests.${format}`, {
        config: { permission: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
        schema: { tags, summary: `Submit a service request: becomes a case on channel open311 (needs api_key) (${format})`, body: PostRequestBody },
      }, async (req, reply) => {
        const b = req.body;
        checkJurisdiction(b.jurisdiction_id);
        const client = await clientForKey(db, b.api_key);
        const created = await p.runner.runBatch({ actor: clientActor(client, req.locale), ip: req.ip }, (batch) => submitServiceRequest(batch, deps, client, {
          serviceCode: b.service_code, lat: b.lat, long: b.long, addressString: b.address_string, description: b.description,
          email: b.email, firstName: b.first_name, lastName: b.last_name, phone: b.phone, mediaUrl: b.media_url,
          deviceId: b.device_id, accountId: b.account_id,
        }));
        return send(reply, format, 'service_requests', [{
          service_request_id: created.ref, token: created.token,
          service_notice: t(req.locale, 'open311.serviceNotice', { ref: created.ref }), account_id: b.account_id ?? null,
        }], 201);
      });

      scope.get(`/tokens/:token.${format}`, {
        config: { permission: 'public' },
        schema: { tags, summary: `Service request id from a token (${format})`, params: TokenParams, querystring: JurisdictionQuery },
      }, async (req, reply) => {
        checkJurisdiction(req.query.jurisdiction_id);
        const row = await findToken(db, req.params.token);
        if (!row) throw new Open311Error(404, 'unknownToken', { token: req.params.token });
        return send(reply, format, 'service_requests', [{ service_request_id: row.ref, token: row.token }]);
      });

      scope.get(`/requests.${format}`, {
        config: { permission: 'public' },
        schema: { tags, summary: `Service requests (cases), newest first, at most ${MAX_RESULTS} (${format})`, querystring: ListRequestsQuery },
      }, async (req, reply) => {
        const q = req.query;
        checkJurisdiction(q.jurisdiction_id);
        let rows: ServiceRequestRow[];
        if (q.service_request_id) {
          // The spec: with ids given, the other parameters are ignored.
          rows = await listServiceRequests(db, { refs: q.service_request_id.split(','), limit: MAX_RESULTS });
        } else {
          const end = q.end_date ? parseDateParam(q.end_date) : undefined;
          const start = q.start_date ? parseDateParam(q.start_date) : new Date((end ?? new Date()).getTime() - DEFAULT_DAYS * DAY_MS);
          if (end && start > end) throw new Open311Error(400, 'dateRange');
          const statuses = q.status?.split(',') ?? [];
          const onlyOne = statuses.length === 1 ? statuses[0] : undefined;
          rows = await listServiceRequests(db, {
            categoryCodes: q.service_code?.split(','), from: start, to: end,
            states: onlyOne === 'closed' ? CLOSED_STATES : undefined, statesExcluded: onlyOne === 'open' ? CLOSED_STATES : undefined,
            limit: MAX_RESULTS,
          });
        }
        return send(reply, format, 'service_requests', rows.map((r) => request(r, req.locale)));
      });

      scope.get(`/requests/:service_request_id.${format}`, {
        config: { permission: 'public' },
        schema: { tags, summary: `One service request (${format})`, params: RequestParams, querystring: JurisdictionQuery },
      }, async (req, reply) => {
        checkJurisdiction(req.query.jurisdiction_id);
        const id = req.params.service_request_id;
        const rows = /^[A-Za-z0-9-]+$/.test(id) ? await listServiceRequests(db, { refs: [id], limit: 1 }) : [];
        if (!rows[0]) throw new Open311Error(404, 'unknownRequest', { id });
        return send(reply, format, 'service_requests', [request(rows[0], req.locale)]);
      });
    }
  }, { prefix: OPEN311_PREFIX });

  registerClientAdminRoutes(app, p);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const clientView = (c: Open311ClientRow) => ({
  id: c.id, name: c.name, createdBy: c.created_by, createdByName: c.created_by_name, createdAt: iso(c.created_at)!, revokedAt: iso(c.revoked_at),
});

function registerClientAdminRoutes(app: TypedApp, p: Platform): void {
  const tags = ['open311 GeoReport v2'];

  app.post('/api/open311/clients', {
    config: { permission: 'open311:manage' },
    schema: {
      tags, summary: '新建 Open311 客户端 Create a client and its API key (shown once)', body: CreateClientBody,
      response: { 201: CreatedClient, 403: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req, reply) => {
    const { client, key } = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createClient(uow, req.body.name));
    return reply.status(201).send({ ...clientView(client), key });
  });

  app.get('/api/open311/clients', {
    config: { permission: 'open311:manage' },
    schema: { tags, summary: 'Open311 客户端 Clients, live first (keys are never shown again)', response: { 200: z.object({ items: z.array(ClientView) }) } },
  }, async (req) => {
    districtScope(req.actor);
    return { items: (await listClients(p.database.db)).map(clientView) };
  });

  app.delete('/api/open311/clients/:id', {
    config: { permission: 'open311:manage' },
    schema: {
      tags, summary: '停用 Open311 客户端 Revoke a client: its key stops working at once', params: ClientParams,
      response: { 200: ClientView, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (req) => {
    const row = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => revokeClientById(uow, req.params.id));
    return clientView(row);
  });
}
