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

  read(query: Q): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ query, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        while (this.waiting.length) void this.run(this.waiting.splice(0, this.maxBatch));
      });
    });
  }

  private async run(batch: typeof this.waiting): Promise<void> {
    try {
      const rows = await queryRows<R & { q: number }>(this.ex, this.build(batch.map((b) => b.query)));
      const answers = batch.map((): R[] => []);
      for (const { q, ...row } of rows) answers[Number(q)]!.push(row as unknown as R);
      batch.forEach((b, i) => b.resolve(answers[i]!));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}
