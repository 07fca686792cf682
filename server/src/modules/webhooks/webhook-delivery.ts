import type { Platform } from '../../platform/platform.js';
import type { PublishedEvent } from '../../platform/events/event.js';
import { findUnit } from '../units/units-repository.js';
import { buildRequest, type Target } from './webhook-messages.js';
import {
  claimDueDeliveries, loadClaimed, recordAttempt, type AttemptResult, type ClaimedDelivery, type WebhookFormat,
} from './webhooks-repository.js';

export interface DeliveryOptions {
  /** First retry delay; later ones are 4×, 20×, 120× and 720× this (30 s → 2 min, 10 min, 1 h, 6 h). */
  backoffBaseMs: number;
  timeoutMs: number;
  maxAttempts: number;
  batch: number;
}

const BACKOFF_FACTORS = [1, 4, 20, 120, 720];

export const DEFAULT_DELIVERY: DeliveryOptions = { backoffBaseMs: 30_000, timeoutMs: 5_000, maxAttempts: 6, batch: 25 };

/** Delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(attempts: number, baseMs: number): number {
  return baseMs * BACKOFF_FACTORS[Math.min(attempts, BACKOFF_FACTORS.length) - 1]!;
}

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

const snippet = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

/**
 * Sends one request. 2xx is success, except that the WeCom and DingTalk robots answer 200 with a
 * non-zero `errcode` when they refuse a message (bad key, wrong signature, rate limit).
 */
export async function send(format: WebhookFormat, req: { url: string; headers: Record<string, string>; body: string }, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): SendResult =>
    ({ ok, status, error, durationMs: Math.round(performance.now() - started) });
  let res: Response;
  try {
    // Redirects are not followed: a receiver must answer at the address it was registered with.
    res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return done(false, null, snippet(String(reason)));
  }
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status >= 300) return done(false, res.status, snippet(`HTTP ${res.status} ${text}`));
  if (format !== 'json') {
    try {
      const reply = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
      if (typeof reply.errcode === 'number' && reply.errcode !== 0) {
        return done(false, res.status, snippet(`errcode ${reply.errcode}: ${String(reply.errmsg ?? '')}`));
      }
    } catch {
      // A non-JSON 2xx answer from a proxy or test receiver: accepted as delivered.
    }
  }
  return done(true, res.status, null);
}

async function unitName(p: Platform, e: PublishedEvent): Promise<string | null> {
  const code = (e.payload as { ownerUnit?: unknown }).ownerUnit;
  if (typeof code !== 'string') return null;
  return (await findUnit(p.database.db, code))?.name ?? null;
}

/** Sends a message for `e` to a subscription right away (used by deliveries and the test button). */
export async function sendEvent(p: Platform, target: Target, e: PublishedEvent, deliveryId: string, timeoutMs: number): Promise<SendResult> {
  const name = target.format === 'json' ? null : await unitName(p, e);
  return send(target.format, buildRequest(target, e, deliveryId, { nowMs: Date.now(), unitName: name }), timeoutMs);
}

async function attempt(p: Platform, d: ClaimedDelivery, at: () => Date, opts: DeliveryOptions): Promise<AttemptResult> {
  // Deliveries whose subscription was switched off, or whose event was pruned, end here.
  if (!d.subscription || !d.subscription.active) return { outcome: 'failed', status: null, error: 'subscription inactive' };
  if (!d.event) return { outcome: 'failed', status: null, error: 'event no longer available' };
  const r = await sendEvent(p, d.subscription, d.event, String(d.id), opts.timeoutMs);
  if (r.ok) return { outcome: 'delivered', status: r.status! };
  return failure(d, at(), opts, r.status, r.error ?? 'failed');
}

/** Another attempt after the backoff, or failed for good once the attempts are used up. */
function failure(d: ClaimedDelivery, now: Date, opts: DeliveryOptions, status: number | null, error: string): AttemptResult {
  if (d.attempts >= opts.maxAttempts) return { outcome: 'failed', status, error };
  return { outcome: 'retry', status, error, nextAttemptAt: new Date(now.getTime() + backoffMs(d.attempts, opts.backoffBaseMs)) };
}

/**
 * One delivery round: claims due deliveries (safe with several instances), sends them outside any
 * transaction, and records each result. Returns how many attempts were made. `now` (default: the clock at
 * each step) lets tests move time.
 */
export async function deliverDue(p: Platform, now?: Date, options: Partial<DeliveryOptions> = {}): Promise<number> {
  const opts = { ...DEFAULT_DELIVERY, ...options };
  const db = p.database.db;
  // The lease outlasts the request's timeout, so a live sender keeps its rows.
  const leaseMs = opts.timeoutMs * 2 + 30_000;
  const at = () => now ?? new Date();
  let attempted = 0;
  // A full batch means there may be more; a bounded number of rounds keeps one call from running forever.
  for (let round = 0; round < 20; round++) {
    const claimed = await loadClaimed(db, await claimDueDeliveries(db, at(), leaseMs, opts.batch));
    await Promise.all(claimed.map(async (d) => {
      let result: AttemptResult;
      try {
        result = await attempt(p, d, at, opts);
      } catch (err) {
        result = failure(d, at(), opts, null, String((err as Error)?.message ?? err));
      }
      await recordAttempt(db, d.id, d.attempts, at(), result);
    }));
    attempted += claimed.length;
    if (claimed.length < opts.batch) break;
  }
  return attempted;
}
