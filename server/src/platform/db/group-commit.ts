import type { SQL } from 'drizzle-orm';
import { sql, type Executor } from './database.js';
import { sqlState } from './sql-state.js';

/**
 * Errors that belong to one write's rows — bad data (SQLSTATE class 22) or a broken rule (23: a repeated external id,
 * a missing reference). Only these make a group's writes run again one by one; anything else (a lost connection, a
 * timeout, a shutdown) fails every write of the group: the outcome of a statement whose answer never came is unknown,
 * and running it again could write it twice.
 */
function isRowError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

/**
 * Rows for one table: `into` is the table and column list, each row a parenthesised VALUES tuple — or, with
 * `select`, the rows a SELECT gives.
 */
export type DeferredInsert = { into: string; rows: SQL[] } | { into: string; select: SQL };

/** One write's share of a statement: its inserts, in the order they were made. */
export interface PendingWrite {
  inserts: Array<DeferredInsert | null>;
}

/** How many rows a write inserts (a SELECT counts as one): what a group's size is measured in. */
export function rowCount(w: PendingWrite): number {
  let n = 0;
  for (const d of w.inserts) if (d) n += 'select' in d ? 1 : d.rows.length;
  return n;
}

/**
 * Rows one statement carries at most: PostgreSQL's protocol counts bind parameters in 16 bits (65,535), and our widest
 * row has 15. A group is cut at this size; a single write larger than this (a year's plan of thousands of milestones)
 * goes as several statements in one transaction.
 */
export const MAX_ROWS_PER_STATEMENT = 500;

/** The writes' inserts per table, tables in the order first deferred, each table's rows in the order deferred. */
function byTable(writes: readonly PendingWrite[]): { tables: Array<[string, SQL[]]>; selects: SQL[] } {
  const tables = new Map<string, SQL[]>();
  const selects: SQL[] = [];
  for (const w of writes) {
    for (const d of w.inserts) {
      if (!d) continue;
      if ('select' in d) {
        selects.push(sql`INSERT INTO ${sql.raw(d.into)} ${d.select}`);
        continue;
      }
      if (d.rows.length === 0) continue;
      const rows = tables.get(d.into);
      if (rows) rows.push(...d.rows);
      else tables.set(d.into, [...d.rows]);
    }
  }
  return { tables: [...tables], selects };
}

const insertValues = (into: string, rows: SQL[]) => sql`INSERT INTO ${sql.raw(into)} VALUES ${sql.join(rows, sql`, `)}`;

/**
 * Any number of writes as one statement: one INSERT per table with every write's rows in order (so serial ids keep
 * that order), chained as `WITH w0 AS (INSERT …), w1 AS (INSERT …) INSERT …`. PostgreSQL runs every data-modifying
 * CTE exactly once; foreign keys and AFTER triggers are checked at the statement's end, so a row may reference one
 * inserted by a sibling.
 */
export function combineWrites(writes: readonly PendingWrite[]): SQL | null {
  const { tables, selects } = byTable(writes);
  const statements = [...tables.map(([into, rows]) => insertValues(into, rows)), ...selects];
  if (statements.length === 0) return null;
  if (statements.length === 1) return statements[0]!;
  const cte = (s: SQL, i: number) => sql`${sql.raw(`w${i}`)} AS (${s})`;
  return sql`WITH ${sql.join(statements.slice(0, -1).map(cte), sql`, `)} ${statements.at(-1)!}`;
}

/**
 * Runs the writes as one statement — or, past MAX_ROWS_PER_STATEMENT rows, as one statement per table and slice of
 * rows in one transaction (tables in the order their rows were deferred, so a row comes after the rows it refers to).
 */
export async function executeWrites(ex: Executor, writes: readonly PendingWrite[]): Promise<void> {
  if (writes.reduce((n, w) => n + rowCount(w), 0) <= MAX_ROWS_PER_STATEMENT) {
    const statement = combineWrites(writes);
    if (statement) await ex.execute(statement);
    return;
  }
  const { tables, selects } = byTable(writes);
  await ex.transaction(async (tx) => {
    for (const [into, rows] of tables) {
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_STATEMENT) await tx.execute(insertValues(into, rows.slice(i, i + MAX_ROWS_PER_STATEMENT)));
    }
    for (const s of selects) await tx.execute(s);
  });
}

export interface GroupCommitOptions {
  /** Statements running at once (1 on the embedded engine, which has one connection). */
  maxInFlight: number;
  /** Rows a group may carry (at most MAX_ROWS_PER_STATEMENT); a larger write goes alone. */
  maxRows: number;
}

interface Queued {
  write: PendingWrite;
  rows: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for insert-only writes. A write that arrives while the statements in flight are busy waits, and the
 * writes that waited go together as one statement when one finishes — so under load many reports share one
 * statement's parsing, planning and commit, and with no load a write runs at once. Each write's caller is answered
 * only after the statement that carried it has committed. The statement is atomic: if a row of it is refused, no write
 * in it happened, and each runs again alone so only the bad one gets the error (see isRowError).
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Statements run, writes they carried, time spent in them, groups that failed (their re-runs count as statements). */
  readonly stats = { statements: 0, writes: 0, busyMs: 0, failedGroups: 0 };

  constructor(private ex: Executor, private opts: GroupCommitOptions) {}

  submit(write: PendingWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ write, rows: rowCount(write), resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts statements after the requests already read from the sockets have had their turn (setImmediate runs
   * after the poll phase): on the embedded engine a statement blocks the event loop while it runs, so the reports
   * that arrived meanwhile are all handled in the next poll phase — and go together.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length) {
      const group = this.take();
      this.inFlight++;
      void this.flush(group).finally(() => {
        this.inFlight--;
        if (this.queue.length) this.schedule();
      });
    }
  }

  /** The oldest waiting writes up to the row budget (the first one always, however large). */
  private take(): Queued[] {
    let rows = this.queue[0]!.rows;
    let n = 1;
    while (n < this.queue.length && rows + this.queue[n]!.rows <= this.opts.maxRows) rows += this.queue[n++]!.rows;
    return this.queue.splice(0, n);
  }

  private async flush(group: Queued[]): Promise<void> {
    this.stats.statements++;
    this.stats.writes += group.length;
    const t0 = performance.now();
    try {
      await executeWrites(this.ex, group.map((q) => q.write));
      this.stats.busyMs += performance.now() - t0;
      for (const q of group) q.resolve();
      return;
    } catch (err) {
      this.stats.busyMs += performance.now() - t0;
      if (group.length > 1) this.stats.failedGroups++;
      if (group.length === 1 || !isRowError(err)) {
        for (const q of group) q.reject(err);
        return;
      }
    }
    for (const q of group) {
      this.stats.statements++;
      try {
        await executeWrites(this.ex, [q.write]);
        q.resolve();
      } catch (err) {
        q.reject(err);
      }
    }
  }
}
