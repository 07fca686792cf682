import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { listAudit } from '../../platform/audit/audit-repository.js';
import { verifyAuditChain } from '../../platform/audit/verify-audit.js';
import type { Platform } from '../../platform/platform.js';

const AuditView = z.object({
  id: z.number(), at: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), action: z.string(),
  targetType: z.string(), targetId: z.string().nullable(), unitPath: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()), ip: z.string().nullable(),
  hash: z.string().nullable().describe('null for a moment after the write, until the sealer links the entry into the chain'),
  chainSeq: z.number().nullable().describe('Position in the hash chain'),
});

export function registerAuditRoutes(app: TypedApp, p: Platform): void {
  const tags = ['audit 审计'];
  app.get('/api/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags, summary: '审计日志 Audit entries in my scope, newest first',
      querystring: z.strictObject({
        targetType: z.string().max(40).optional(), targetId: z.string().max(80).optional(), actorId: z.uuid().optional(),
        beforeId: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(AuditView) }) },
    },
  }, async (req) => {
    const rows = await listAudit(p.database.db, { ...req.query, scopePaths: scopeOf(req.actor, 'audit:read') });
    return { items: rows.map(({ prevHash: _p, ...r }) => ({ ...r, at: r.at.toISOString() })) };
  });

  app.post('/api/audit/verify', {
    config: { permission: 'audit:verify' },
    schema: {
      tags, summary: '校验审计链 Recompute the hash chain; reports the first edited or missing entry',
      response: {
        200: z.object({
          ok: z.boolean(), checked: z.number(), pending: z.number().optional(), brokenAtId: z.number().optional(), problem: z.string().optional(),
        }),
      },
    },
  }, async () => {
    // What is committed is sealed first, so the answer covers every entry written before the request.
    await p.sealer.flush();
    return verifyAuditChain(p.database.db);
  });
}
