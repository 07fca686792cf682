import { asc, eq, gt, isNull } from 'drizzle-orm';
import type { DeferredInsert } from '../db/unit-of-work.js';
import { toPgArray } from '../events/outbox-repository.js';
import { queryRows, sql, type Executor, type Tx } from '../db/database.js';
import { auditLog } from '../db/tables.js';
import { auditHash, type AuditRecord } from './audit-entry.js';

/**
 * The INSERT that records entries, unchained: it runs with the write's other deferred inserts in one
 * statement, and takes no lock, so audited writes no longer queue behind each other. The sealer links them.
 */
export function auditInsert(records: AuditRecord[]): DeferredInsert {
  return {
    into: 'audit_log (at, actor_id, actor_name, action, target_type, target_id, unit_path, detail, ip)',
    rows: records.map((r) => sql`(${r.at}, ${r.actorId}::uuid, ${r.actorName}, ${r.action}, ${r.targetType}, ${r.targetId},
      ${r.unitPath}, ${JSON.stringify(r.detail)}::jsonb, ${r.ip})`),
  };
}

/**
 * Seals up to `limit` committed entries: each gets the next chain_seq and links to the one sealed before it.
 * The head row's lock makes sealers (one per instance) take turns; no writer touches that row any more.
 * Returns how many were sealed.
 */
export async function sealAuditBatch(tx: Tx, limit: number): Promise<number> {
  const [head] = await queryRows<{ last_seq: number; last_hash: string; entries: number }>(tx,
    sql`SELECT last_seq, last_hash, entries FROM audit_head WHERE id = 1 FOR UPDATE`);
  const rows = await tx.select().from(auditLog).where(isNull(auditLog.chainSeq)).orderBy(asc(auditLog.id)).limit(limit);
  if (rows.length === 0) return 0;
  let prev = head!.last_hash;
  let seq = Number(head!.last_seq);
  const ids: number[] = [];
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (const r of rows) {
    const hash = auditHash(prev, { ...r, at: new Date(r.at) });
    ids.push(r.id);
    seqs.push(++seq);
    prevs.push(prev);
    hashes.push(hash);
    prev = hash;
  }
  await tx.execute(sql`WITH sealed AS (
      UPDATE audit_log a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
      FROM (SELECT unnest(${toPgArray(ids)}::bigint[]) AS id, unnest(${toPgArray(seqs)}::bigint[]) AS seq,
        unnest(${toPgArray(prevs)}::text[]) AS prev, unnest(${toPgArray(hashes)}::text[]) AS hash) v
      WHERE a.id = v.id)
    UPDATE audit_head SET last_id = ${ids.at(-1)!}, last_seq = ${seq}, last_hash = ${prev}, entries = entries + ${rows.length} WHERE id = 1`);
  return rows.length;
}

export async function countUnsealed(ex: Executor): Promise<number> {
  const [r] = await queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL`);
  return Number(r!.n);
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Sealed entries after a chain position, in chain order. */
export async function readChainPage(ex: Executor, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return ex.select().from(auditLog).where(gt(auditLog.chainSeq, afterSeq)).orderBy(asc(auditLog.chainSeq)).limit(limit);
}

export async function readAuditHead(ex: Executor): Promise<{ lastId: number; lastSeq: number; lastHash: string; entries: number }> {
  const [h] = await queryRows<{ last_id: number; last_seq: number; last_hash: string; entries: number }>(
    ex, sql`SELECT last_id, last_seq, last_hash, entries FROM audit_head WHERE id = 1`,
  );
  return { lastId: Number(h!.last_id), lastSeq: Number(h!.last_seq), lastHash: h!.last_hash, entries: Number(h!.entries) };
}

export interface AuditQuery {
  targetType?: string;
  targetId?: string;
  actorId?: string;
  scopePaths: string[];
  limit: number;
  beforeId?: number;
}

export async function listAudit(ex: Executor, q: AuditQuery): Promise<AuditRow[]> {
  const conds = [sql`TRUE`];
  if (q.targetType) conds.push(sql`target_type = ${q.targetType}`);
  if (q.targetId) conds.push(sql`target_id = ${q.targetId}`);
  if (q.actorId) conds.push(sql`actor_id = ${q.actorId}`);
  if (q.beforeId) conds.push(sql`id < ${q.beforeId}`);
  if (!q.scopePaths.includes('/')) {
    const scoped = q.scopePaths.map((p) => sql`unit_path LIKE ${`${p}%`}`);
    conds.push(scoped.length ? sql`(${sql.join(scoped, sql` OR `)})` : sql`FALSE`);
  }
  return ex.select().from(auditLog)
    .where(sql.join(conds, sql` AND `))
    .orderBy(sql`id DESC`).limit(q.limit);
}

export { eq };
