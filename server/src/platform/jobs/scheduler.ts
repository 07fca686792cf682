import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../access/actor.js';
import { queryRows, sql, type Executor } from '../db/database.js';
import type { TransactionRunner, UnitOfWork } from '../db/unit-of-work.js';
import { toPgArray } from '../events/outbox-repository.js';

export interface TimerRow {
  id: number;
  kind: string;
  dedupe_key: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

export type TimerHandler = (ctx: { uow: UnitOfWork; timer: TimerRow }) => Promise<void>;

export interface TimerSpec {
  kind: string;
  /** Scheduling the same key twice is a no-op, so callers can schedule idempotently. */
  key: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

interface Definition {
  handler: TimerHandler;
  everyMs?: number;
}

class LeaseLost extends Error {}

const MAX_ATTEMPTS = 5;

/**
 * Database-backed timers. Instances claim due timers with SKIP LOCKED under a lease; a timer's effects
 * and its `done` mark commit in one transaction guarded by the lease, so each timer takes effect once
 * even when an instance dies mid-run and another reclaims it.
 */
export class Scheduler {
  private defs = new Map<string, Definition>();
  private loop?: NodeJS.Timeout;
  private ticking: Promise<number> | null = null;

  constructor(
    private ex: Executor,
    private runner: TransactionRunner,
    private log: Logger,
    private instanceId: string,
    private opts: { pollMs: number; leaseMs?: number; batch?: number },
  ) {}

  define(kind: string, handler: TimerHandler): void {
    this.defs.set(kind, { handler });
  }

  /** A sweep that runs every `everyMs` on exactly one instance at a time. */
  async defineRecurring(kind: string, everyMs: number, handler: TimerHandler): Promise<void> {
    this.defs.set(kind, { handler, everyMs });
    await schedule(this.ex, { kind, key: `recurring:${kind}`, dueAt: new Date(Date.now() + everyMs) });
  }

  start(): void {
    // A failed tick (database briefly unreachable) must not become an unhandled rejection, which ends the process.
    this.loop = setInterval(() => {
      this.tick().catch((err: unknown) => this.log.warn({ err }, 'scheduler: tick failed; will retry'));
    }, this.opts.pollMs);
    this.loop.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.loop);
    await this.ticking?.catch(() => {});
  }

  /** Runs every due timer once; returns how many took effect. Safe to call concurrently. */
  tick(): Promise<number> {
    if (!this.ticking) {
      this.ticking = this.runDue().finally(() => {
        this.ticking = null;
      });
    }
    return this.ticking;
  }

  private async runDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const claimed = await this.claim();
      for (const timer of claimed) if (await this.runOne(timer)) fired++;
      if (claimed.length < (this.opts.batch ?? 50)) return fired;
    }
  }

  private claim(): Promise<TimerRow[]> {
    const kinds = [...this.defs.keys()];
    if (kinds.length === 0) return Promise.resolve([]);
    const leaseMs = this.opts.leaseMs ?? 60_000;
    return queryRows<TimerRow>(this.ex, sql`UPDATE timers SET state = 'running', locked_by = ${this.instanceId},
        locked_until = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1
      WHERE id IN (SELECT id FROM timers
        WHERE kind = ANY(${toPgArray(kinds)}::text[])
          AND ((state = 'pending' AND due_at <= now()) OR (state = 'running' AND locked_until < now()))
        ORDER BY due_at LIMIT ${this.opts.batch ?? 50} FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, dedupe_key, due_at, payload, attempts`);
  }

  private async runOne(timer: TimerRow): Promise<boolean> {
    const def = this.defs.get(timer.kind)!;
    try {
      await this.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
        await def.handler({ uow, timer });
        const next = def.everyMs ? sql`state = 'pending', attempts = 0, due_at = now() + ${`${def.everyMs} milliseconds`}::interval`
          : sql`state = 'done'`;
        const done = await queryRows(uow.tx, sql`UPDATE timers SET ${next}, fired_at = now(), locked_by = NULL,
            locked_until = NULL, last_error = NULL
          WHERE id = ${timer.id} AND state = 'running' AND locked_by = ${this.instanceId} AND attempts = ${timer.attempts}
          RETURNING id`);
        if (done.length === 0) throw new LeaseLost();
        await uow.tx.execute(sql`INSERT INTO timer_runs (timer_id, kind, instance) VALUES (${timer.id}, ${timer.kind}, ${this.instanceId})`);
      });
      return true;
    } catch (err) {
      if (err instanceof LeaseLost) return false;
      this.log.warn({ err, timer: timer.id, kind: timer.kind }, 'timer failed');
      const backoffMs = Math.min(60_000 * 2 ** (timer.attempts - 1), 3_600_000);
      await this.ex.execute(sql`UPDATE timers SET
          state = CASE WHEN attempts >= ${MAX_ATTEMPTS} AND ${!def.everyMs} THEN 'failed' ELSE 'pending' END,
          due_at = now() + ${`${backoffMs} milliseconds`}::interval, last_error = ${String((err as Error)?.message ?? err)},
          locked_by = NULL, locked_until = NULL
        WHERE id = ${timer.id} AND locked_by = ${this.instanceId} AND attempts = ${timer.attempts}`);
      return false;
    }
  }
}

/** Adds a timer in the caller's transaction; a timer with the same key already there is kept. */
export async function schedule(ex: Executor, spec: TimerSpec): Promise<void> {
  await ex.execute(sql`INSERT INTO timers (kind, dedupe_key, due_at, payload)
    VALUES (${spec.kind}, ${spec.key}, ${spec.dueAt}, ${JSON.stringify(spec.payload ?? {})}::jsonb)
    ON CONFLICT (dedupe_key) DO NOTHING`);
}

/** Cancels a pending timer (a deadline met before it fired). */
export async function cancelTimer(ex: Executor, key: string): Promise<boolean> {
  const rows = await queryRows(ex, sql`UPDATE timers SET state = 'cancelled'
    WHERE dedupe_key = ${key} AND state = 'pending' RETURNING id`);
  return rows.length > 0;
}
