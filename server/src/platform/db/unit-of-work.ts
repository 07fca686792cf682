import type { SQL } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { AuditEntry, AuditRecord } from '../audit/audit-entry.js';
import { auditInsert } from '../audit/audit-repository.js';
import type { DomainEvent } from '../events/event.js';
import { eventsInsert } from '../events/outbox-repository.js';
import type { Database, Executor, Tx } from './database.js';
import { combineWrites, executeWrites, GroupCommit, MAX_ROWS_PER_STATEMENT, type DeferredInsert, type PendingWrite } from './group-commit.js';

/**
 * A write made only of new rows: what it reads comes from `read`, every row it adds is deferred, and the
 * rows, audit entries and events are inserted by one statement at the end (atomic by itself). A case
 * report is one: it needs no BEGIN/COMMIT round trips and holds no lock while the request runs.
 */
export interface WriteBatch {
  /** Where the write reads: the transaction in a UnitOfWork, the pool (outside any transaction) in a batch. */
  readonly read: Executor;
  readonly actor: Actor;
  readonly now: Date;
  audit(entry: AuditEntry): void;
  emit(event: DomainEvent): void;
  /**
   * Rows nothing in this write reads back (a timeline row, a new item whose row the caller already holds):
   * inserted at the end, in one statement with the audit entries and events.
   */
  defer(insert: DeferredInsert): void;
  /** Told once the write has committed (true) or failed (false): for state kept in memory while a write is on its way. */
  onSettled(fn: (committed: boolean) => void): void;
}

/** One write in a transaction: changes through `tx`, plus deferred rows, audit entries and events that commit with it. */
export interface UnitOfWork extends WriteBatch {
  readonly tx: Tx;
}

export type { DeferredInsert } from './group-commit.js';

export interface RequestMeta {
  actor: Actor;
  ip?: string | null;
}

/** Told after a commit what it wrote, so the background loops can pick it up at once. */
export interface CommitListener {
  committed(what: { events: number; audits: number }): void;
}

/**
 * Runs `fn` in a transaction and writes its deferred inserts, audit entries and outbox events before
 * commit, so a change, its audit trail and its event are one atomic fact. Several inserts go as one
 * statement (data-modifying CTEs): a report costs one round trip for its rows instead of five.
 */
export class TransactionRunner {
  readonly group: GroupCommit;

  constructor(private database: Database, private listener: CommitListener | null) {
    // One statement at a time per instance, the rest wait and go together. PGlite has one connection anyway; on
    // PostgreSQL (measured, bench case-intake) more in flight only adds waits on the rows they share (the evaluation
    // rollup's), and the pool stays free for reads.
    this.group = new GroupCommit(database.db, { maxInFlight: 1, maxRows: MAX_ROWS_PER_STATEMENT });
  }

  async run<T>(meta: RequestMeta, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    let collected: Collected | undefined;
    try {
      const result = await this.database.db.transaction(async (tx) => {
        const c = collect(meta, tx);
        collected = c;
        const value = await fn({ ...c.batch, tx });
        await c.execute(tx);
        return value;
      });
      collected!.settle(true);
      this.notify(collected!);
      return result;
    } catch (err) {
      collected?.settle(false);
      throw err;
    }
  }

  /**
   * Runs an insert-only write (see WriteBatch): reads outside any transaction, then its rows go as one statement —
   * shared with other batch writes that arrive while the database is busy (group commit, see GroupCommit).
   */
  async runBatch<T>(meta: RequestMeta, fn: (batch: WriteBatch) => Promise<T>): Promise<T> {
    const c = collect(meta, this.database.db);
    try {
      const value = await fn(c.batch);
      await this.group.submit(c.pending());
      c.settle(true);
      this.notify(c);
      return value;
    } catch (err) {
      c.settle(false);
      throw err;
    }
  }

  private notify(c: Collected): void {
    const events = c.events.length;
    const audits = c.audits.length;
    if (events || audits) this.listener?.committed({ events, audits });
  }

  /** Audit-only write, for reads of personal data. */
  async recordAudit(meta: RequestMeta, entry: AuditEntry): Promise<void> {
    await this.run(meta, async (uow) => uow.audit(entry));
  }
}

interface Collected {
  batch: WriteBatch;
  events: DomainEvent[];
  audits: AuditEntry[];
  /** Everything deferred, as one write's share of a statement. */
  pending(): PendingWrite;
  /** Runs the pending write alone as one statement. */
  execute(ex: Executor): Promise<void>;
  /** Tells the write's onSettled listeners how it ended (once). */
  settle(committed: boolean): void;
}

function collect(meta: RequestMeta, read: Executor): Collected {
  const audits: AuditEntry[] = [];
  const events: DomainEvent[] = [];
  const deferred: DeferredInsert[] = [];
  const listeners: Array<(committed: boolean) => void> = [];
  const now = new Date();
  return {
    events, audits,
    batch: {
      read, actor: meta.actor, now,
      audit: (e) => audits.push(e),
      emit: (e) => events.push(e),
      defer: (s) => deferred.push(s),
      onSettled: (fn) => listeners.push(fn),
    },
    settle(committed) {
      for (const fn of listeners.splice(0)) fn(committed);
    },
    pending() {
      return {
        inserts: [...deferred, eventsInsert(meta.actor.userId, events), auditInsert(audits.map((a) => toRecord(a, meta, now)))],
      };
    },
    async execute(ex) {
      await executeWrites(ex, [this.pending()]);
    },
  };
}

/** The inserts of one write as one statement: see combineWrites. */
export function combineInserts(inserts: Array<DeferredInsert | null>): SQL | null {
  return combineWrites([{ inserts }]);
}

function toRecord(a: AuditEntry, meta: RequestMeta, at: Date): AuditRecord {
  return {
    at,
    actorId: meta.actor.userId,
    actorName: meta.actor.username,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId ?? null,
    unitPath: a.unitPath ?? null,
    detail: a.detail ?? {},
    ip: meta.ip ?? null,
  };
}
