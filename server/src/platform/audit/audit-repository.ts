import { asc, eq, gt } from 'drizzle-orm';
import { queryRows, sql, type Executor, type Tx } from '../db/database.js';
import { auditLog } from '../db/tables.js';
import { auditHash, type AuditRecord } from './audit-entry.js';

/**
 * Appends records to the hash chain inside the caller's transaction. Locking the head row makes
 * concurrent appenders wait for each other, so every entry links to the one committed before it.
 */
export async function appendAuditRecords(tx: Tx, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  // Locks the head and reads its hash in one statement (the UPDATE's lock serialises appenders).
  const [head] = await queryRows<{ last_hash: string }>(tx, sql`UPDATE audit_head h SET entries = h.entries
    FROM (SELECT last_hash FROM audit_head WHERE id = 1 FOR UPDATE) old WHERE h.id = 1 RETURNING old.last_hash`);
  let prev = head!.last_hash;
  const rows = records.map((r) => {
    const hash = auditHash(prev, r);
    const row = { ...r, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  const values = rows.map((r) => sql`(${r.at}, ${r.actorId}::uuid, ${r.actorName}, ${r.action}, ${r.targetType}, ${r.targetId},
    ${r.unitPath}, ${JSON.stringify(r.detail)}::jsonb, ${r.ip}, ${r.prevHash}, ${r.hash})`);
  await tx.execute(sql`WITH ins AS (
      INSERT INTO audit_log (at, actor_id, actor_name, action, target_type, target_id, unit_path, detail, ip, prev_hash, hash)
      VALUES ${sql.join(values, sql`, `)} RETURNING id)
    UPDATE audit_head SET last_id = (SELECT max(id) FROM ins), last_hash = ${prev}, entries = entries + ${rows.length}
    WHERE id = 1`);
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function readAuditPage(ex: Executor, afterId: number, limit: number): Promise<AuditRow[]> {
  return ex.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit);
}

export async function readAuditHead(ex: Executor): Promise<{ lastId: number; lastHash: string; entries: number }> {
  const [h] = await queryRows<{ last_id: number; last_hash: string; entries: number }>(
    ex, sql`SELECT last_id, last_hash, entries FROM audit_head WHERE id = 1`,
  );
  return { lastId: Number(h!.last_id), lastHash: h!.last_hash, entries: Number(h!.entries) };
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
