import type { Executor } from '../db/database.js';
import { auditHash, GENESIS_HASH } from './audit-entry.js';
import { countUnsealed, readAuditHead, readChainPage } from './audit-repository.js';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** Entries committed but not linked into the chain yet (the sealer runs moments after each write). */
  pending?: number;
  /** The first row whose content or link does not match, when not ok. */
  brokenAtId?: number;
  problem?: 'edited' | 'link-broken' | 'tail-missing' | 'count-mismatch';
}

/** Walks the chain in seal order, recomputing every hash; an edited, deleted or inserted row shows. */
export async function verifyAuditChain(ex: Executor, pageSize = 5000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const page = await readChainPage(ex, lastSeq, pageSize);
    for (const row of page) {
      if (row.prevHash !== prev) return { ok: false, checked, brokenAtId: row.id, problem: 'link-broken' };
      const expected = auditHash(prev, {
        at: row.at, actorId: row.actorId, actorName: row.actorName, action: row.action,
        targetType: row.targetType, targetId: row.targetId, unitPath: row.unitPath,
        detail: row.detail, ip: row.ip,
      });
      if (expected !== row.hash) return { ok: false, checked, brokenAtId: row.id, problem: 'edited' };
      prev = row.hash;
      lastSeq = row.chainSeq!;
      checked++;
    }
    if (page.length < pageSize) break;
  }
  const head = await readAuditHead(ex);
  if (head.lastHash !== prev) return { ok: false, checked, brokenAtId: head.lastId, problem: 'tail-missing' };
  if (head.entries !== checked) return { ok: false, checked, problem: 'count-mismatch' };
  const pending = await countUnsealed(ex);
  return pending ? { ok: true, checked, pending } : { ok: true, checked };
}
