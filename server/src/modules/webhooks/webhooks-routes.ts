import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { ErrorResponse, Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { sendEvent, type DeliveryOptions } from './webhook-delivery.js';
import { TEST_EVENT_TYPE } from './webhook-messages.js';
import { listDeliveries, listSubscriptions, type DeliveryRow, type SubscriptionRow } from './webhooks-repository.js';
import {
  ChangeWebhookBody, CreateWebhookBody, DeliveryQuery, DeliveryView, TestResult, WebhookIdParams, WebhookView,
} from './webhooks-schemas.js';
import { changeWebhook, createWebhook, maskUrl, removeWebhook, visibleWebhook } from './webhooks-service.js';

function view(r: SubscriptionRow, secret: string | null = null) {
  return {
    id: r.id, name: r.name, url: maskUrl(r.url), format: r.format, topics: r.topics, unitCode: r.unit_code, unitName: r.unit_name,
    active: r.active, hasSecret: r.secret !== null, ...(secret ? { secret } : {}),
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

function deliveryView(d: DeliveryRow) {
  return {
    id: d.id, eventId: d.event_id, eventSeq: d.event_seq, eventType: d.event_type, ref: d.subject_ref, state: d.state, attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? d.next_attempt_at.toISOString() : null, lastStatus: d.last_status, lastError: d.last_error,
    createdAt: d.created_at.toISOString(), deliveredAt: d.delivered_at?.toISOString() ?? null,
  };
}

export function registerWebhookRoutes(app: TypedApp, p: Platform, delivery: DeliveryOptions): void {
  const tags = ['webhooks 外发通知'];
  const db = p.database.db;

  app.post('/api/webhooks', {
    config: { permission: 'webhook:manage' },
    schema: {
      tags, summary: '新建 Webhook Subscribe a receiver (JSON signed with HMAC, WeCom or DingTalk robot) to case events',
      body: CreateWebhookBody,
      response: { 201: WebhookView, 400: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const { row, secret } = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createWebhook(uow, req.body));
    return reply.status(201).send(view(row, secret));
  });

  app.get('/api/webhooks', {
    config: { permission: 'webhook:manage' },
    schema: {
      tags, summary: 'Webhook 列表 Subscriptions of units in my scope',
      response: { 200: Page(WebhookView) },
    },
  }, async (req) => {
    const rows = await listSubscriptions(db, scopeOf(req.actor, 'webhook:manage'));
    return { items: rows.map((r) => view(r)), total: rows.length };
  });

  app.patch('/api/webhooks/:id', {
    config: { permission: 'webhook:manage' },
    schema: {
      tags, summary: '修改 Webhook Switch on/off, change topics, format, address or secret', params: WebhookIdParams,
      body: ChangeWebhookBody,
      response: { 200: WebhookView, 400: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => {
    const { row, secret } = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => changeWebhook(uow, req.params.id, req.body));
    return view(row, secret);
  });

  app.delete('/api/webhooks/:id', {
    config: { permission: 'webhook:manage' },
    schema: {
      tags, summary: '删除 Webhook Remove a subscription and its delivery log', params: WebhookIdParams,
      response: { 204: z.null(), 404: ErrorResponse },
    },
  }, async (req, reply) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => removeWebhook(uow, req.params.id));
    return reply.status(204).send(null);
  });

  app.get('/api/webhooks/:id/deliveries', {
    config: { permission: 'webhook:manage' },
    schema: {
      tags, summary: '投递记录 Delivery log, newest first: state, attempts, last status and error', params: WebhookIdParams,
      querystring: DeliveryQuery,
      response: { 200: Page(DeliveryView), 404: ErrorResponse },
    },
  }, async (req) => {
    await visibleWebhook(db, req.actor, req.params.id);
    const { rows, total } = await listDeliveries(db, { subscriptionId: req.params.id, ...req.query });
    return { items: rows.map(deliveryView), total };
  });

  app.post('/api/webhooks/:id/test', {
    config: { permission: 'webhook:manage' },
    schema: {
      tags, summary: '测试 Send a test message now and report how the receiver answered (not retried, not logged as a delivery)',
      params: WebhookIdParams,
      response: { 200: TestResult, 404: ErrorResponse },
    },
  }, async (req) => {
    const sub = await visibleWebhook(db, req.actor, req.params.id);
    const event = {
      id: 0, seq: 0, type: TEST_EVENT_TYPE, unitPath: sub.unit_path, alsoPaths: [], subjectType: 'webhook', subjectId: sub.id,
      actorId: req.actor.userId, payload: { message: 'test', name: sub.name }, createdAt: new Date().toISOString(),
    };
    // The request goes out with no transaction open; only its outcome is audited.
    const result = await sendEvent(p, sub, event, `test-${randomUUID()}`, delivery.timeoutMs);
    await p.runner.recordAudit({ actor: req.actor, ip: req.ip }, {
      action: 'webhook.test', targetType: 'webhook', targetId: sub.id, unitPath: sub.unit_path,
      detail: { ok: result.ok, status: result.status, error: result.error },
    });
    return result;
  });
}
