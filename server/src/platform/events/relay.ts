import type { Logger } from 'pino';
import { sql, type Database } from '../db/database.js';
import { DrainLoop } from '../jobs/drain-loop.js';
import type { Bus } from './bus.js';
import { claimUnpublished } from './outbox-repository.js';
import type { PublishedEvent } from './event.js';

const RELAY_LOCK = 724_810_332;
const BATCH = 500;

/**
 * Moves committed outbox rows onto the bus. Poked after every commit and polled as a safety net, so an
 * event committed just before a crash is published by whichever instance runs next.
 */
export class Relay {
  private readonly loop: DrainLoop;

  constructor(private database: Database, private bus: Bus, log: Logger, pollMs: number, minGapMs = 10) {
    this.loop = new DrainLoop('relay', async () => (await this.publishBatch()) === BATCH, log, pollMs, minGapMs);
  }

  start(): void { this.loop.start(); }
  poke(): void { this.loop.poke(); }
  /** Resolves once everything committed so far has been published (tests, shutdown). */
  flush(): Promise<void> { return this.loop.flush(); }
  stop(): Promise<void> { return this.loop.stop(); }

  private async publishBatch(): Promise<number> {
    let batch: PublishedEvent[] = [];
    const { bus } = this;
    await this.database.db.transaction(async (tx) => {
      if (this.database.kind === 'postgres') await tx.execute(sql`SELECT pg_advisory_xact_lock(${RELAY_LOCK})`);
      batch = await claimUnpublished(tx, BATCH);
      // With a broker, publish inside the transaction: a failure rolls the claim back and it is retried;
      // a retry of an already-published message is dropped by the broker's duplicate window.
      if (batch.length && bus.publishBeforeCommit) await bus.publish(batch);
    });
    if (batch.length && !bus.publishBeforeCommit) await bus.publish(batch);
    return batch.length;
  }
}
