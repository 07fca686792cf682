import { createHmac } from 'node:crypto';
import type { PublishedEvent } from '../../platform/events/event.js';
import { t } from '../../platform/i18n/messages.js';
import type { WebhookFormat } from './webhooks-repository.js';

/** What a message needs to know about its subscription. */
export interface Target {
  url: string;
  format: WebhookFormat;
  secret: string | null;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** `sha256=<hex>` over "timestamp.body": what a receiver recomputes with the shared secret. */
export function signJson(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** DingTalk 加签: base64 HMAC-SHA256 of "timestamp\nsecret" keyed with the secret, URL-encoded in the query. */
export function signDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestampMs}&sign=${encodeURIComponent(sign)}`;
}

// Messages for people (WeCom, DingTalk groups) are in Chinese: the robots post into the centre's groups.
const LOCALE = 'zh-CN';

/** A text of the webhooks section: the kind's own (`webhooks.kinds.<kind>.…`) first, then the shared one. */
function text(kind: string, key: string, params?: Record<string, unknown>): string | undefined {
  for (const k of [`webhooks.kinds.${kind}.${key}`, `webhooks.${key}`]) {
    const s = t(LOCALE, k, params);
    if (s !== k) return s;
  }
  return undefined;
}

/** A localised action or state name, or the raw value when the catalogue has none. */
const named = (kind: string, group: 'actions' | 'states', value: string) => text(kind, `${group}.${value}`) ?? value;

/** "2026-11-26 17:30" in Beijing time (China has no daylight saving). */
export function beijingTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

interface Summary {
  title: string;
  lines: Array<[label: string, value: string]>;
}

function summarise(e: PublishedEvent, unitName: string | null): Summary {
  const p = e.payload as {
    ref?: string; title?: string; action?: string; state?: string; ownerUnit?: string; deadlineAt?: string | null; signDeadlineAt?: string | null;
  };
  if (e.type === TEST_EVENT_TYPE) {
    return { title: t(LOCALE, 'webhooks.testTitle'), lines: [[t(LOCALE, 'webhooks.message'), t(LOCALE, 'webhooks.testMessage')]] };
  }
  // case.dispatch, receipt.sign, directive.issued…: the kind names the labels, the action the verb.
  const kind = e.type.slice(0, e.type.indexOf('.'));
  const action = named(kind, 'actions', p.action ?? e.type.slice(e.type.indexOf('.') + 1));
  const owner = p.ownerUnit ? (unitName ? `${unitName}（${p.ownerUnit}）` : p.ownerUnit) : '—';
  const deadline = p.deadlineAt ?? p.signDeadlineAt;
  return {
    title: text(kind, 'title', { action, ref: p.ref ?? '' }) ?? `${e.type} ${p.ref ?? ''}`,
    lines: [
      [text(kind, 'ref') ?? t(LOCALE, 'webhooks.kinds.case.ref'), p.ref ?? '—'],
      [t(LOCALE, 'webhooks.subject'), p.title ?? '—'],
      [t(LOCALE, 'webhooks.action'), action],
      [t(LOCALE, 'webhooks.state'), p.state ? named(kind, 'states', p.state) : '—'],
      [text(kind, 'unit') ?? t(LOCALE, 'webhooks.kinds.case.unit'), owner],
      [t(LOCALE, 'webhooks.deadline'), deadline ? beijingTime(deadline) : t(LOCALE, 'webhooks.noDeadline')],
      [t(LOCALE, 'webhooks.time'), beijingTime(e.createdAt)],
    ],
  };
}

export const TEST_EVENT_TYPE = 'webhook.test';

/**
 * The HTTP request for one delivery. json: the event itself, signed (X-Chengyun-Signature) when the
 * subscription has a secret; wecom / dingtalk: a Chinese markdown summary in the robot's format.
 */
export function buildRequest(
  target: Target, e: PublishedEvent, deliveryId: string, opts: { nowMs: number; unitName: string | null },
): OutgoingRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Chengyun-Webhooks/1',
    'x-chengyun-event': e.type,
    'x-chengyun-delivery': deliveryId,
  };
  if (target.format === 'json') {
    const body = JSON.stringify({
      id: e.id, seq: e.seq, type: e.type, occurredAt: e.createdAt, unitPath: e.unitPath,
      subject: { type: e.subjectType, id: e.subjectId }, payload: e.payload,
    });
    const timestamp = String(Math.floor(opts.nowMs / 1000));
    headers['x-chengyun-timestamp'] = timestamp;
    if (target.secret) headers['x-chengyun-signature'] = signJson(target.secret, timestamp, body);
    return { url: target.url, headers, body };
  }
  const s = summarise(e, opts.unitName);
  if (target.format === 'wecom') {
    // WeCom markdown: one quoted line each; <font color> highlights the case number.
    const content = [`**${s.title}**`, ...s.lines.map(([k, v], i) => `> ${k}：${i === 0 ? `<font color="info">${v}</font>` : v}`)].join('\n');
    return { url: target.url, headers, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
  }
  // DingTalk markdown needs a blank line between lines to break them.
  const text = [`#### ${s.title}`, ...s.lines.map(([k, v]) => `- **${k}**：${v}`)].join('\n\n');
  const url = target.secret ? signDingTalkUrl(target.url, target.secret, opts.nowMs) : target.url;
  return { url, headers, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: s.title, text } }) };
}
