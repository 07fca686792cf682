import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../access/actor.js';
import { queryRows, sql, type Executor } from '../db/database.js';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work.js';
import type { Bus } from './bus.js';
import { topicOf, type PublishedEvent } from './event.js';
import { eventsAfter } from './outbox-repository.js';

export type EventHandler = (uow: UnitOfWork, event: PublishedEvent) => Promise<void>;
/** Gets the batch's events of its topics at once (one statement for many events). */
export type BatchHandler = (uow: UnitOfWork, events: PublishedEvent[]) => Promise<void>;

interface Subscriber {
  name: string;
  topics: Set<string> | null;
  handler: BatchHandler;
  /** How long a wake-up waits to collect a burst into one batch. */
  wakeMs: number;
  running: boolean;
  again: boolean;
  /** Position after the last step, and the highest seq the bus has announced. */
  cursor: number;
  announced: number;
  recheck?: NodeJS.Timeout;
  wake?: NodeJS.Timeout;
}

// A broker bus delivers an event while the relay's transaction that numbered it is still committing, so
// a wake-up can arrive before the event is readable: look again shortly, for about a second, then leave it to the poll.
const RECHECK_MS = 25;
// A wake-up waits this long so a burst of events is handled in one batch (one transaction).
const WAKE_MS = 15;
const RECHECKS = 40;

/**
 * Subscribers that must see every event exactly once (webhooks, evaluation). Each keeps its position in
 * `subscriber_cursors` and advances it in the same transaction as its effects; the row lock makes one
 * instance at a time process a subscriber. The bus only wakes them; the outbox table is the source.
 */
export class DurableSubscribers {
  private subs = new Map<string, Subscriber>();
  private unsubscribe?: () => void;
  private loop?: NodeJS.Timeout;
  private stopped = false;

  constructor(private ex: Executor, private runner: TransactionRunner, private bus: Bus, private log: Logger, private pollMs: number) {}

  register(name: string, topics: string[] | null, handler: EventHandler): void {
    this.registerBatch(name, topics, async (uow, events) => {
      for (const e of events) await handler(uow, e);
    });
  }

  /** `wakeMs`: a subscriber nobody waits for (webhooks) can gather bigger batches. */
  registerBatch(name: string, topics: string[] | null, handler: BatchHandler, opts: { wakeMs?: number } = {}): void {
    this.subs.set(name, {
      name, topics: topics ? new Set(topics) : null, handler, wakeMs: opts.wakeMs ?? WAKE_MS,
      running: false, again: false, cursor: 0, announced: 0,
    });
  }

  start(): void {
    this.unsubscribe = this.bus.subscribe((e) => {
      for (const s of this.subs.values()) {
        if (s.topics && !s.topics.has(topicOf(e.type))) continue;
        s.announced = Math.max(s.announced, e.seq);
        if (!s.wake) {
          s.wake = setTimeout(() => {
            s.wake = undefined;
            void this.drain(s);
          }, s.wakeMs);
          s.wake.unref();
        }
      }
    });
    this.loop = setInterval(() => void this.drainAll(), this.pollMs);
    this.loop.unref();
    void this.drainAll();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.loop);
    for (const s of this.subs.values()) {
      clearTimeout(s.recheck);
      clearTimeout(s.wake);
    }
  }

  async drainAll(): Promise<void> {
    await Promise.all([...this.subs.values()].map((s) => this.drain(s)));
  }

  private async drain(s: Subscriber, rechecks = 0): Promise<void> {
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    clearTimeout(s.recheck);
    try {
      do {
        s.again = false;
        while (await this.step(s));
      } while (s.again);
      if (s.cursor < s.announced && !this.stopped) {
        if (rechecks < RECHECKS) {
          s.recheck = setTimeout(() => void this.drain(s, rechecks + 1), RECHECK_MS);
          s.recheck.unref();
        } else s.announced = s.cursor; // numbered by a relay transaction that rolled back; it gets a new seq
      }
    } catch (err) {
      this.log.warn({ err, subscriber: s.name }, 'subscriber failed; will retry');
    } finally {
      s.running = false;
    }
  }

  /** Handles the next batch after the cursor in one transaction; true when there may be more. */
  private async step(s: Subscriber): Promise<boolean> {
    const result = await this.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
      // Creates the cursor on first use and locks it (the conflict update takes the row lock).
      const [cursor] = await queryRows<{ last_seq: number }>(uow.tx, sql`INSERT INTO subscriber_cursors (name) VALUES (${s.name})
        ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING last_seq`);
      const batch = await eventsAfter(uow.tx, Number(cursor!.last_seq), 200);
      const mine = s.topics ? batch.filter((e) => s.topics!.has(topicOf(e.type))) : batch;
      if (mine.length) await s.handler(uow, mine);
      const last = batch.length ? batch[batch.length - 1]!.seq : Number(cursor!.last_seq);
      if (batch.length) {
        await uow.tx.execute(sql`UPDATE subscriber_cursors SET last_seq = ${last}, updated_at = now() WHERE name = ${s.name}`);
      }
      return { more: batch.length === 200, last };
    });
    // Only a committed position counts; a failed step throws before this.
    s.cursor = Math.max(s.cursor, result.last);
    return result.more;
  }
}
