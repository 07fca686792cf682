import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { DEFAULT_DELIVERY, deliverDue, type DeliveryOptions } from './webhook-delivery.js';
import { enqueueDeliveries } from './webhooks-repository.js';
import { registerWebhookRoutes } from './webhooks-routes.js';
import { WEBHOOK_KINDS } from './webhooks-schemas.js';

export const WEBHOOK_SUBSCRIBER = 'webhooks';
export const WEBHOOK_DELIVER_JOB = 'webhooks.deliver';

const envSchema = z.object({
  /** How often a delivery round starts (on one instance at a time). */
  WEBHOOK_DELIVER_EVERY_MS: z.coerce.number().int().positive().default(5_000),
  /** First retry delay; the later ones are 4×, 20×, 120×, 720× this. */
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().positive().default(DEFAULT_DELIVERY.backoffBaseMs),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(DEFAULT_DELIVERY.timeoutMs),
});

export function webhookSettings(env: NodeJS.ProcessEnv = process.env): { everyMs: number; delivery: DeliveryOptions } {
  const e = envSchema.parse(env);
  return {
    everyMs: e.WEBHOOK_DELIVER_EVERY_MS,
    delivery: { ...DEFAULT_DELIVERY, backoffBaseMs: e.WEBHOOK_BACKOFF_BASE_MS, timeoutMs: e.WEBHOOK_TIMEOUT_MS },
  };
}

/**
 * Outgoing webhooks. A durable subscriber turns each case, directive, receipt, task or milestone event into pending deliveries in its own
 * transaction (no HTTP there); a recurring job starts delivery rounds, which send outside any transaction.
 */
export async function registerWebhookModule(app: TypedApp, p: Platform): Promise<void> {
  const settings = webhookSettings();
  registerWebhookRoutes(app, p, settings.delivery);
  // Nobody waits on the enqueue (delivery rounds run every few seconds): wake less often, batch more.
  p.subscribers.registerBatch(WEBHOOK_SUBSCRIBER, [...WEBHOOK_KINDS], async (uow, events) => {
    await enqueueDeliveries(uow.tx, events);
  }, { wakeMs: 200 });

  // The job's handler runs inside the scheduler's transaction, so it only starts the round; the round's
  // own queries wait for that commit (PGlite) or use another connection (PostgreSQL).
  let round: Promise<void> | null = null;
  let closing = false;
  const start = () => {
    if (round || closing) return;
    round = deliverDue(p, undefined, settings.delivery)
      .then(() => undefined, (err: unknown) => p.log.warn({ err }, 'webhooks: delivery round failed; will retry'))
      .finally(() => { round = null; });
  };
  await p.scheduler.defineRecurring(WEBHOOK_DELIVER_JOB, settings.everyMs, async () => {
    start();
  });
  app.addHook('onClose', async () => {
    closing = true;
    await round;
  });
}
