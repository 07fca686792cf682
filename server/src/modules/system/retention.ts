import type { Platform } from '../../platform/platform.js';
import { pruneEvents } from '../../platform/events/outbox-repository.js';
import { pruneDeliveries } from '../webhooks/webhooks-repository.js';

export const RETENTION_SWEEP = 'retention.sweep';
const HOUR = 3_600_000;
/** Rows one sweep deletes at most per table: an hourly sweep catches up with any backlog without a long transaction. */
export const RETENTION_BATCH = 20_000;

/**
 * What the retention sweep deletes, older than `retentionDays`: published outbox events every durable subscriber has
 * passed (SSE replay and subscribers need only recent ones) and finished webhook deliveries. The audit log, the
 * cases and every work item's timeline are records and are kept.
 */
export async function sweepRetention(p: Pick<Platform, 'config'>, ex: Parameters<typeof pruneEvents>[0], now = new Date()): Promise<{ events: number; deliveries: number }> {
  const before = new Date(now.getTime() - p.config.retentionDays * 24 * HOUR);
  return {
    deliveries: await pruneDeliveries(ex, before, RETENTION_BATCH),
    events: await pruneEvents(ex, before, RETENTION_BATCH),
  };
}

/** The sweep, hourly on one instance (a recurring timer). */
export async function registerRetention(p: Platform): Promise<void> {
  await p.scheduler.defineRecurring(RETENTION_SWEEP, HOUR, async ({ uow }) => {
    const pruned = await sweepRetention(p, uow.tx);
    if (pruned.events || pruned.deliveries) p.log.info(pruned, 'retention: pruned old events and webhook deliveries');
  });
}
