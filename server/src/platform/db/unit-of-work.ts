import type { SQL } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { AuditEntry, AuditRecord } from '../audit/audit-entry.js';
import { auditInsert } from '../audit/audit-repository.js';
import type { DomainEvent } from '../events/event.js';
import { eventsInsert } from '../events/outbox-repository.js';
import { queryRows, sql, type Database, type Executor, type Tx } from './database.js';

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
  /**
   * A read that goes with the write's one statement, as the CTE `along` over the rows as they stand before the
   * write; its rows arrive once the statement has run (so await them after runBatch/run returns). A deferred insert
   * may select from `along` (a row that exists only if the read found something). One per write.
   */
  readAlong<R>(select: SQL): Promise<R[]>;
}

/** One write in a transaction: changes through `tx`, plus deferred rows, audit entries and events that commit with it. */
export interface UnitOfWork extends WriteBatch {
  readonly tx: Tx;
}

/**
 * Rows for one table: `into` is the table and column list, each row a parenthesised VALUES tuple — or, with
 * `select`, the rows a SELECT gives (it may read the write's `along` CTE).
 */
export type DeferredInsert = { into: string; rows: SQL[] } | { into: string; select: SQL };

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
  constructor(private database: Database, private listener: CommitListener | null) {}

  async run<T>(meta: RequestMeta, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    let collected: Collected | undefined;
    const result = await this.database.db.transaction(async (tx) => {
      const c = collect(meta, tx);
      const value = await fn({ ...c.batch, tx });
      await c.execute(tx);
      collected = c;
      return value;
    });
    this.notify(collected!);
    return result;
  }

  /** Runs an insert-only write (see WriteBatch): reads outside any transaction, then one statement. */
  async runBatch<T>(meta: RequestMeta, fn: (batch: WriteBatch) => Promise<T>): Promise<T> {
    const c = collect(meta, this.database.db);
    const value = await fn(c.batch);
    await c.execute(this.database.db);
    this.notify(c);
    return value;
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
  /** Runs everything deferred (and the read along) as one statement, and hands the read its rows. */
  execute(ex: Executor): Promise<void>;
}

interface Along {
  select: SQL;
  resolve(rows: unknown[]): void;
}

function collect(meta: RequestMeta, read: Executor): Collected {
  const audits: AuditEntry[] = [];
  const events: DomainEvent[] = [];
  const deferred: DeferredInsert[] = [];
  const now = new Date();
  let along: Along | null = null;
  return {
    events, audits,
    batch: {
      read, actor: meta.actor, now,
      audit: (e) => audits.push(e),
      emit: (e) => events.push(e),
      defer: (s) => deferred.push(s),
      readAlong: <R>(select: SQL) => {
        if (along) throw new Error('readAlong: one read along per write');
        // When the write fails the rows never come: the caller sees the write's error instead (and a rejection here
        // would surface as unhandled in every .then() the caller chained).
        return new Promise<R[]>((resolve) => { along = { select, resolve: resolve as (rows: unknown[]) => void }; });
      },
    },
    async execute(ex) {
      const combined = combineInserts([
        ...deferred,
        eventsInsert(meta.actor.userId, events),
        auditInsert(audits.map((a) => toRecord(a, meta, now))),
      ], along?.select);
      if (!combined) return;
      const rows = await queryRows<Record<string, unknown>>(ex, combined);
      (along as Along | null)?.resolve(rows);
    },
  };
}

/**
 * The inserts as one statement: one INSERT per table with its rows in the order they were deferred (so
 * serial ids keep that order), chained as `WITH w0 AS (INSERT …), w1 AS (INSERT …) INSERT …`. PostgreSQL
 * runs every data-modifying CTE exactly once; foreign keys and AFTER triggers are checked at the
 * statement's end, so a row may reference one inserted by a sibling.
 */
export function combineInserts(inserts: Array<DeferredInsert | null>, along?: SQL): SQL | null {
  const byTable = new Map<string, SQL[]>();
  const selects: SQL[] = [];
  for (const d of inserts) {
    if (!d) continue;
    if ('select' in d) {
      selects.push(sql`INSERT INTO ${sql.raw(d.into)} ${d.select}`);
      continue;
    }
    if (d.rows.length === 0) continue;
    const rows = byTable.get(d.into);
    if (rows) rows.push(...d.rows);
    else byTable.set(d.into, [...d.rows]);
  }
  const statements = [...[...byTable].map(([into, rows]) => sql`INSERT INTO ${sql.raw(into)} VALUES ${sql.join(rows, sql`, `)}`), ...selects];
  const cte = (s: SQL, i: number) => sql`${sql.raw(`w${i}`)} AS (${s})`;
  // With a read along, every insert is a CTE and the statement returns the read's rows.
  if (along) return sql`WITH along AS (${along})${statements.length ? sql`, ${sql.join(statements.map(cte), sql`, `)}` : sql``} SELECT * FROM along`;
  if (statements.length === 0) return null;
  if (statements.length === 1) return statements[0]!;
  return sql`WITH ${sql.join(statements.slice(0, -1).map(cte), sql`, `)} ${statements.at(-1)!}`;
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
