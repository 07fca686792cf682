import type { Logger } from 'pino';

/**
 * A background loop that drains a table in batches: poked after commits, polled as a safety net, at most
 * one pass at a time, and at most one pass per `minGapMs` so a burst of commits is handled in one batch.
 * The outbox relay and the audit sealer are both one of these.
 */
export class DrainLoop {
  private running = false;
  /** Poked while a pass ran: another pass is due (after minGapMs, or at once when `urgent`). */
  private again = false;
  /** A flush waits: the next pass starts without the gap. */
  private urgent = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private pending?: NodeJS.Timeout;
  private lastStart = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly name: string,
    /** Handles one batch; returns true when a full batch was taken (more may be waiting). */
    private readonly drainBatch: () => Promise<boolean>,
    private readonly log: Logger,
    private readonly pollMs: number,
    private readonly minGapMs = 10,
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

  /** Resolves once everything committed before the call has been drained (tests, verify, shutdown). */
  async flush(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      this.urgent = true;
    } else this.begin();
    if (!this.running) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.flush();
    this.stopped = true;
  }

  private begin(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    if (this.stopped || this.running) return;
    this.running = true;
    this.lastStart = Date.now();
    void this.loop();
  }

  private async loop(): Promise<void> {
    let failed = false;
    try {
      // Full batches back to back: a backlog drains at once.
      while (await this.drainBatch());
    } catch (err) {
      failed = true;
      this.log.warn({ err }, `${this.name}: batch failed; the poll retries`);
    } finally {
      this.running = false;
      // After a failure the poll timer retries (a database that is down is not hammered every few ms).
      if (this.again && !this.stopped && !failed) {
        // Commits arrived during the pass. Under steady load a pass per commit would keep the (single, on PGlite)
        // connection busy with one-row batches: the next pass keeps the gap, so it takes all of them at once.
        // A waiting flush takes it now; its promise resolves after that pass.
        this.again = false;
        if (this.urgent) {
          this.urgent = false;
          this.begin();
        } else this.poke();
      } else {
        this.again = false;
        this.urgent = false;
        for (const resolve of this.idle.splice(0)) resolve();
      }
    }
  }
}
