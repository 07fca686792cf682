import type { SQL } from 'drizzle-orm';
import { queryRows, type Executor } from './database.js';

/**
 * Many look-ups of one shape as one query. Look-ups asked for in the same turn of the event loop (the requests
 * read from the sockets together, see GroupCommit) wait for `setImmediate` and go together: `build` turns them into
 * one SELECT whose rows carry `q`, the index of the look-up they answer. One plan and one round trip for a burst
 * of reports instead of one each; with no load a look-up waits one turn at most.
 */
export class BatchedRead<Q, R> {
  private waiting: Array<{ query: Q; resolve(rows: R[]): void; reject(err: unknown): void }> = [];
  private scheduled = false;

  constructor(
    private ex: Executor,
    private build: (queries: readonly Q[]) => SQL,
    private maxBatch = 200,
  ) {}

  /**
   * One look-up's rows. `via` is where the caller reads: inside a transaction (its `tx`) the look-up runs there
   * alone — on the embedded engine a query on the pool inside a transaction would wait for that transaction.
   */
  read(query: Q, via: Executor = this.ex): Promise<R[]> {
    if (via !== this.ex) return this.run(via, [query]).then((answers) => answers[0]!);
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ query, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        while (this.waiting.length) {
          const batch = this.waiting.splice(0, this.maxBatch);
          this.run(this.ex, batch.map((b) => b.query)).then(
            (answers) => batch.forEach((b, i) => b.resolve(answers[i]!)),
            (err: unknown) => batch.forEach((b) => b.reject(err)),
          );
        }
      });
    });
  }

  /** The rows of each query, in the queries' order. */
  private async run(ex: Executor, queries: Q[]): Promise<R[][]> {
    const rows = await queryRows<R & { q: number }>(ex, this.build(queries));
    const answers = queries.map((): R[] => []);
    for (const { q, ...row } of rows) answers[Number(q)]!.push(row as unknown as R);
    return answers;
  }
}
