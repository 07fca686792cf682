import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { DrainLoop } from '../jobs/drain-loop.js';
import { sealAuditBatch } from './audit-repository.js';

const BATCH = 1000;

/**
 * Links committed audit entries into the hash chain moments after their write commits (poked after each
 * audited commit, polled as a safety net, so entries of a crashed instance are sealed by the next one).
 */
export class AuditSealer {
  private readonly loop: DrainLoop;

  constructor(private database: Database, log: Logger, pollMs: number, minGapMs = 20) {
    this.loop = new DrainLoop('audit sealer', () => this.sealBatch(), log, pollMs, minGapMs);
  }

  start(): void { this.loop.start(); }
  poke(): void { this.loop.poke(); }
  /** Resolves once every entry committed before the call is sealed. */
  flush(): Promise<void> { return this.loop.flush(); }
  stop(): Promise<void> { return this.loop.stop(); }

  private async sealBatch(): Promise<boolean> {
    return (await sealOneBatch(this.database)) === BATCH;
  }
}

/** One batch in its own transaction. */
function sealOneBatch(database: Database): Promise<number> {
  return database.db.transaction((tx) => sealAuditBatch(tx, BATCH));
}

/** Seals everything committed so far, without a background loop (seeding, the CLI's verify-audit). */
export async function sealAllAudit(database: Database): Promise<void> {
  while ((await sealOneBatch(database)) === BATCH);
}
