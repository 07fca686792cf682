import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; the chain fields are added when it is appended. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  unitPath?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRecord {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  unitPath: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export function auditHash(prevHash: string, r: AuditRecord): string {
  const body = canonicalJson({
    at: r.at.toISOString(), actorId: r.actorId, actorName: r.actorName, action: r.action,
    targetType: r.targetType, targetId: r.targetId, unitPath: r.unitPath, detail: r.detail, ip: r.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
