import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash } from '../src/platform/audit/audit-entry.js';
import { readAuditHead, type AuditRow } from '../src/platform/audit/audit-repository.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { auditLog } from '../src/platform/db/tables.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, login, userIds, type Headers } from './http-helpers.js';

// The audit trail: which writes and reads are recorded, and that the hash chain exposes tampering.
let ctx: TestContext;
let ids: Map<string, string>;
beforeAll(async () => {
  ctx = await createTestContext();
  ids = await userIds(ctx);
});
afterAll(async () => ctx?.close());

interface Entry {
  id: number; action: string; actorId: string | null; actorName: string | null; targetType: string;
  targetId: string | null; unitPath: string | null; detail: Record<string, unknown>; ip: string | null;
}

async function entries(targetType: string, targetId: string, as = 'admin'): Promise<Entry[]> {
  const res = await ctx.app.inject({ url: `/api/audit?targetType=${targetType}&targetId=${targetId}`, headers: await ctx.as(as) });
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('writes are audited with who, what, where', () => {
  it('creating a user', async () => {
    const id = await createUser(ctx, { username: 'aud_new', grants: [{ role: 'street_operator', unitCode: '500103003' }] });
    const [e] = await entries('user', id);
    expect(e).toMatchObject({
      action: 'user.create', actorId: ids.get('admin'), actorName: 'admin', unitPath: '/500103/500103003/', ip: '127.0.0.1',
      detail: { username: 'aud_new', grants: [{ role: 'street_operator', unitCode: '500103003' }] },
    });
    // The password (or its hash) never reaches the trail.
    expect(JSON.stringify(e)).not.toMatch(/password|argon2/);
  });

  it('changing a user names the changed fields, not their secret values', async () => {
    const id = ids.get('qxg_op')!;
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: await ctx.as('admin'), payload: { password: 'new-secret-1', displayName: '七星岗值班' } });
    expect(res.statusCode).toBe(200);
    const [e] = await entries('user', id);
    expect(e).toMatchObject({ action: 'user.update', unitPath: '/500103/500103001/', detail: { changed: ['displayName', 'password'] } });
    expect(JSON.stringify(e)).not.toContain('new-secret-1');
  });

  it('updating a unit', async () => {
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/units/500103003016', headers: await ctx.as('admin'), payload: { population: 4321 } });
    expect(res.statusCode).toBe(200);
    const [e] = await entries('unit', '500103003016');
    expect(e).toMatchObject({
      action: 'unit.update', actorName: 'admin', unitPath: '/500103/500103003/500103003016/', detail: { changes: { population: 4321 } },
    });
  });

  it('signing in, failing to, and creating a token — visible to a district auditor', async () => {
    const id = await createUser(ctx, { username: 'aud_login', password: 'password123', grants: [{ role: 'street_operator', unitCode: '500103001' }] });
    await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'aud_login', password: 'wrong-one' } });
    const h: Headers = await login(ctx, 'aud_login', 'password123');
    const tok = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: h, payload: { name: 'cron' } });
    const logins = await entries('user', id, 'commander');
    expect(logins.map((e) => e.action)).toEqual(['auth.login', 'auth.login-failed', 'user.create']);
    expect(logins[0]).toMatchObject({ unitPath: '/500103/500103001/', detail: { username: 'aud_login' }, ip: '127.0.0.1' });
    const [t] = await entries('token', tok.json().id, 'commander');
    expect(t).toMatchObject({ action: 'token.create', actorId: id, unitPath: '/500103/500103001/', detail: { name: 'cron' } });
    expect(JSON.stringify(t)).not.toContain(tok.json().token);
  });
});

describe('personal data', () => {
  const reads = async (userId: string) => (await entries('user', userId)).filter((e) => e.action === 'personal-data.read');
  const get = async (who: string, userId: string, query = '') =>
    ctx.app.inject({ url: `/api/users/${userId}${query}`, headers: await ctx.as(who) });

  it('an unmasked read by the admin is logged; masked reads are not', async () => {
    const id = ids.get('jfb_op')!;
    const masked = await get('admin', id);
    expect(masked.json().phone).toBe('138****0003');
    expect(await get('admin', id, '?unmask=false').then((r) => r.json().phone)).toBe('138****0003');
    expect(await reads(id)).toEqual([]);

    const unmasked = await get('admin', id, '?unmask=true');
    expect(unmasked.json().phone).toBe('13800000003');
    const logged = await reads(id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actorName: 'admin', unitPath: '/500103/500103003/', detail: { fields: ['phone'] } });
  });

  it('asking to unmask without personal-data:read returns the masked phone and logs nothing', async () => {
    const id = ids.get('qxg_op')!;
    const res = await get('commander', id, '?unmask=true');
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('138****0004');
    expect(await reads(id)).toEqual([]);
  });

  it('the data officer unmasks inside their department only, and every unmask is logged', async () => {
    const clerk = await createUser(ctx, { username: 'dsj_clerk', phone: '13912345678', grants: [{ role: 'department_handler', unitCode: 'D-DSJJ' }] });
    const res = await get('data_officer', clerk, '?unmask=true');
    expect(res.json().phone).toBe('13912345678');
    await get('data_officer', clerk, '?unmask=true');
    const logged = await reads(clerk);
    expect(logged.map((e) => [e.actorName, e.unitPath])).toEqual([['data_officer', '/500103/D-DSJJ/'], ['data_officer', '/500103/D-DSJJ/']]);
    // The officer's own audit view shows them; outside the department the user is simply not there.
    const mine = await entries('user', clerk, 'data_officer');
    expect(mine.filter((e) => e.action === 'personal-data.read')).toHaveLength(2);
    expect((await get('data_officer', ids.get('jfb_op')!, '?unmask=true')).statusCode).toBe(404);
    expect((await reads(ids.get('jfb_op')!)).filter((e) => e.actorName === 'data_officer')).toEqual([]);
  });

  it('lists never unmask', async () => {
    const res = await ctx.app.inject({ url: '/api/users?unmask=true', headers: await ctx.as('admin') });
    expect(res.statusCode).toBe(400);
  });
});

describe('verifying the chain', () => {
  it('POST /api/audit/verify checks every entry of an untouched chain', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/audit/verify', headers: await ctx.as('data_officer') });
    expect(res.statusCode).toBe(200);
    const [n] = await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM audit_log`);
    expect(res.json()).toEqual({ ok: true, checked: Number(n!.n) });
    expect((await readAuditHead(ctx.platform.database.db)).entries).toBe(Number(n!.n));
  });
});

// Each tampering runs on its own database copy, so it cannot disturb the tests above (or the others).
describe('tampering is detected', () => {
  type Tamper = (t: TestContext, rows: AuditRow[]) => Promise<{ brokenAt?: number; checked: number }>;
  const exec = (t: TestContext, q: ReturnType<typeof sql>) => t.platform.database.db.execute(q);
  const middle = (rows: AuditRow[]) => rows[Math.floor(rows.length / 2)]!;
  const before = (rows: AuditRow[], id: number) => rows.filter((r) => r.id < id).length;

  it.each<[string, string, Tamper]>([
    ['the detail of a middle entry is rewritten', 'edited', async (t, rows) => {
      const m = middle(rows);
      await exec(t, sql`UPDATE audit_log SET detail = ${JSON.stringify({ forged: true })}::jsonb WHERE id = ${m.id}`);
      return { brokenAt: m.id, checked: before(rows, m.id) };
    }],
    ['the actor of a middle entry is changed', 'edited', async (t, rows) => {
      const m = middle(rows);
      await exec(t, sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = ${m.id}`);
      return { brokenAt: m.id, checked: before(rows, m.id) };
    }],
    ['the time of a middle entry is moved', 'edited', async (t, rows) => {
      const m = middle(rows);
      await exec(t, sql`UPDATE audit_log SET at = at - interval '1 day' WHERE id = ${m.id}`);
      return { brokenAt: m.id, checked: before(rows, m.id) };
    }],
    ['an entry is edited and its own hash recomputed', 'link-broken', async (t, rows) => {
      const m = middle(rows);
      const forged = { ...m, detail: { forged: true } };
      await exec(t, sql`UPDATE audit_log SET detail = ${JSON.stringify(forged.detail)}::jsonb,
        hash = ${auditHash(m.prevHash!, forged)} WHERE id = ${m.id}`);
      const next = rows.find((r) => r.id > m.id)!;
      return { brokenAt: next.id, checked: before(rows, next.id) };
    }],
    ['a middle entry is deleted', 'link-broken', async (t, rows) => {
      const m = middle(rows);
      await exec(t, sql`DELETE FROM audit_log WHERE id = ${m.id}`);
      const next = rows.find((r) => r.id > m.id)!;
      return { brokenAt: next.id, checked: before(rows, m.id) };
    }],
    ['the last entry is deleted', 'tail-missing', async (t, rows) => {
      const last = rows.at(-1)!;
      await exec(t, sql`DELETE FROM audit_log WHERE id = ${last.id}`);
      return { brokenAt: last.id, checked: rows.length - 1 };
    }],
    ['the entry count in the head is altered', 'count-mismatch', async (t, rows) => {
      await exec(t, sql`UPDATE audit_head SET entries = entries + 1 WHERE id = 1`);
      return { checked: rows.length };
    }],
  ])('%s → %s', async (_label, problem, tamper) => {
    const t = await createTestContext();
    try {
      // A few requests of our own, so the chain holds more than the seed's entries.
      const admin = await t.as('admin');
      await t.app.inject({ method: 'PATCH', url: '/api/units/500103001', headers: admin, payload: { population: 52000 } });
      await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: admin, payload: { name: 'x' } });
      const verify = async () => (await t.app.inject({ method: 'POST', url: '/api/audit/verify', headers: admin })).json();
      expect((await verify()).ok).toBe(true);

      const rows = await readAll(t);
      const { brokenAt, checked } = await tamper(t, rows);
      expect(await verify()).toEqual({ ok: false, checked, problem, ...(brokenAt === undefined ? {} : { brokenAtId: brokenAt }) });
    } finally {
      await t.close();
    }
  });
});

function readAll(t: TestContext): Promise<AuditRow[]> {
  return t.platform.database.db.select().from(auditLog).orderBy(auditLog.id);
}
