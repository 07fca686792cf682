import type { Logger } from 'pino';
import { sql, type Database } from '../db/database.js';
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
  private running = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private idle: Array<() => void> = [];

  private lastStart = 0;
  private pending?: NodeJS.Timeout;

  constructor(
    private database: Database,
    private bus: Bus,
    private log: Logger,
    private pollMs: number,
    /** Runs at most this often, so a burst of commits is published in one claim (one transaction). */
    private minGapMs = 10,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
    this.poke();
  }

  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.pending) return;
    const wait = this.lastStart + this.minGapMs - Date.now();
    if (wait <= 0) this.begin();
    else this.pending = setTimeout(() => this.begin(), wait);
  }

  private begin(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    if (this.stopped || this.running) return;
    this.running = true;
    this.lastStart = Date.now();
    void this.drainLoop();
  }

  /** Resolves once everything committed so far has been published (tests, shutdown). */
  async flush(): Promise<void> {
    if (this.running) this.again = true;
    else this.begin();
    if (!this.running) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.flush();
    this.stopped = true;
  }

  private async drainLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        while ((await this.publishBatch()) === BATCH);
      } while (this.again);
    } catch (err) {
      this.log.warn({ err }, 'relay: publish failed; will retry');
    } finally {
      this.running = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

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
