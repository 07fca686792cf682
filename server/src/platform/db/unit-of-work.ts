import type { Actor } from '../access/actor.js';
import type { AuditEntry, AuditRecord } from '../audit/audit-entry.js';
import { appendAuditRecords } from '../audit/audit-repository.js';
import type { DomainEvent } from '../events/event.js';
import { insertEvents } from '../events/outbox-repository.js';
import type { Relay } from '../events/relay.js';
import type { Database, Tx } from './database.js';

/** One write: the transaction, plus the audit entries and events that commit with it. */
export interface UnitOfWork {
  readonly tx: Tx;
  readonly actor: Actor;
  readonly now: Date;
  audit(entry: AuditEntry): void;
  emit(event: DomainEvent): void;
}

export interface RequestMeta {
  actor: Actor;
  ip?: string | null;
}

/**
 * Runs `fn` in a transaction and writes its audit entries and outbox events before commit, so a
 * change, its audit trail and its event are one atomic fact. The relay is poked after commit.
 */
export class TransactionRunner {
  constructor(private database: Database, private relay: Relay | null) {}

  async run<T>(meta: RequestMeta, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    let emitted = 0;
    const result = await this.database.db.transaction(async (tx) => {
      const audits: AuditEntry[] = [];
      const events: DomainEvent[] = [];
      const now = new Date();
      const uow: UnitOfWork = {
        tx, actor: meta.actor, now,
        audit: (e) => audits.push(e),
        emit: (e) => events.push(e),
      };
      const value = await fn(uow);
      await insertEvents(tx, meta.actor.userId, events);
      await appendAuditRecords(tx, audits.map((a) => toRecord(a, meta, now)));
      emitted = events.length;
      return value;
    });
    if (emitted > 0) this.relay?.poke();
    return result;
  }

  /** Audit-only write, for reads of personal data. */
  async recordAudit(meta: RequestMeta, entry: AuditEntry): Promise<void> {
    await this.run(meta, async (uow) => uow.audit(entry));
  }
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
