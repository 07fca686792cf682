import { z } from 'zod';
import { Pagination, UnitCode } from '../../platform/http/schemas.js';

export const FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

const Url = z.url({ protocol: /^https?$/ }).max(2000)
  .describe('http(s) address of the receiver (WeCom: …/cgi-bin/webhook/send?key=…; DingTalk: …/robot/send?access_token=…)');
/** The event kinds a subscription can follow (the work items and directives). */
export const WEBHOOK_KINDS = ['case', 'directive', 'receipt', 'task', 'milestone', 'hazard', 'operation_task'] as const;
const Topic = z.string().regex(new RegExp(`^(${WEBHOOK_KINDS.join('|')})\\.([A-Za-z]+)?$`))
  .describe('An event type ("case.dispatch", "receipt.sign", "directive.issued") or a prefix ending in a dot ("case." = every case event; '
    + `kinds: ${WEBHOOK_KINDS.join(', ')})`);
const Topics = z.array(Topic).min(1).max(30);
const Secret = z.string().min(8).max(200)
  .describe('json: HMAC key of X-Chengyun-Signature (generated when omitted); dingtalk: the robot\'s 加签 secret (SEC…); wecom: unused');

export const WebhookIdParams = z.strictObject({ id: z.uuid() });

export const CreateWebhookBody = z.strictObject({
  name: z.string().trim().min(1).max(64),
  url: Url,
  format: z.enum(FORMATS).default('json'),
  secret: Secret.nullable().optional(),
  topics: Topics.default(['case.']),
  unitCode: UnitCode.optional().describe('Only events in this unit\'s subtree (default: the unit where you manage webhooks)'),
  active: z.boolean().optional(),
});

export const ChangeWebhookBody = z.strictObject({
  name: z.string().trim().min(1).max(64).optional(),
  url: Url.optional(),
  format: z.enum(FORMATS).optional(),
  secret: Secret.nullable().optional().describe('A new secret, or null to remove it (a json subscription then gets a generated one)'),
  topics: Topics.optional(),
  active: z.boolean().optional(),
});

export const WebhookView = z.object({
  id: z.string(), name: z.string(),
  url: z.string().describe('Query values (robot keys) are masked'),
  format: z.enum(FORMATS), topics: z.array(z.string()), unitCode: z.string(), unitName: z.string(), active: z.boolean(),
  hasSecret: z.boolean(),
  secret: z.string().optional().describe('Only in the answer to the write that generated or set it'),
  createdAt: z.string(), updatedAt: z.string(),
});

export const DeliveryView = z.object({
  id: z.number().int(), eventId: z.number().int(), eventSeq: z.number().int(), eventType: z.string(),
  ref: z.string().nullable().describe('Case number of the event'),
  state: z.enum(DELIVERY_STATES), attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().describe('When a pending delivery is tried next'),
  lastStatus: z.number().int().nullable(), lastError: z.string().nullable(),
  createdAt: z.string(), deliveredAt: z.string().nullable(),
});

export const DeliveryQuery = z.strictObject({ state: z.enum(DELIVERY_STATES).optional(), ...Pagination });

export const TestResult = z.object({
  ok: z.boolean(), status: z.number().int().nullable().describe('HTTP status of the receiver; null when it could not be reached'),
  error: z.string().nullable(), durationMs: z.number().int(),
});
