import { readFileSync } from 'node:fs';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCategoryData, defaultCategoriesFile, type CategoryRecord } from '../src/modules/categories/categories-data.js';
import { listCategories } from '../src/modules/categories/categories-repository.js';
import { seedCategories } from '../src/modules/categories/categories-seed.js';
import { suggestHandlingUnit } from '../src/modules/categories/categories-service.js';
import { caseCategories } from '../src/modules/categories/categories-tables.js';
import { queryRows, sql } from '../src/platform/db/database.js';
import { loadYuzhongSync } from '../src/platform/geo/index.js';
import { createTestContext, type TestContext } from './harness.js';
import { createUser, errorOf, login } from './http-helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const data = loadCategoryData();
const byCode = new Map(data.categories.map((c) => [c.code, c]));
const limit = (amount: number, unit: string) => ({ amount, unit });

describe('case category data file', () => {
  it('holds 60–80 categories, 4–10 under each of the 6 event and 6 component major classes', () => {
    expect(data.categories.length).toBeGreaterThanOrEqual(60);
    expect(data.categories.length).toBeLessThanOrEqual(80);
    expect(data.majorClasses.map((m) => `${m.kind[0]}${m.code} ${m.name}`)).toEqual([
      'e01 市容环境', 'e02 宣传广告', 'e03 施工管理', 'e04 突发事件', 'e05 街面秩序', 'e06 其他',
      'c01 公用设施', 'c02 道路交通', 'c03 市容环境', 'c04 园林绿化', 'c05 房屋土地', 'c06 其他设施',
    ]);
    for (const m of data.majorClasses) {
      const n = data.categories.filter((c) => c.kind === m.kind && c.majorCode === m.code).length;
      expect([m.kind, m.code, n >= 4 && n <= 10]).toEqual([m.kind, m.code, true]);
    }
    // The component classes come from secondary sources and must say so.
    expect(data.majorClasses.filter((m) => m.kind === 'component').every((m) => m.note?.includes('verify'))).toBe(true);
  });

  it('gives every category a unique code made of its kind prefix, major and a 2-digit minor', () => {
    const raw = JSON.parse(readFileSync(defaultCategoriesFile(), 'utf8')) as { categories: CategoryRecord[] };
    const codes = raw.categories.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of raw.categories) {
      expect(c.code).toMatch(new RegExp(`^${c.kind === 'event' ? 'E' : 'C'}${c.majorCode}\\d{2}$`));
      expect(c.majorName).toBe(data.majorClasses.find((m) => m.kind === c.kind && m.code === c.majorCode)?.name);
      expect(c.active).toBe(true);
    }
  });

  it('names only departments that exist in data/yuzhong/units.json, or "street"', () => {
    const departments = new Set(loadYuzhongSync().units.filter((u) => u.kind === 'department').map((u) => u.code));
    const unknown = data.categories.filter((c) => c.defaultDepartment !== 'street' && !departments.has(c.defaultDepartment));
    expect(unknown.map((c) => `${c.code} ${c.defaultDepartment}`)).toEqual([]);
    // 街面秩序 is the street's own business.
    expect(byCode.get('E0501')!.defaultDepartment).toBe('street');
  });

  it('uses the register/dispatch/verify limits of the domain reference: 10 min urgent, 30 min normal, verify 1 h', () => {
    for (const c of data.categories) {
      const fast = c.urgency === 'urgent' ? 10 : 30;
      expect([c.code, c.limits.register, c.limits.dispatch, c.limits.verify])
        .toEqual([c.code, limit(fast, 'minute'), limit(fast, 'minute'), limit(1, 'hour')]);
    }
  });

  it.each([
    ['E0101', '暴露垃圾', 'normal', limit(4, 'workHour')],
    ['E0102', '私搭乱建', 'normal', limit(4, 'workHour')],
    ['E0402', '道路积水', 'urgent', limit(4, 'hour')],
    ['C0102', '污水井盖', 'urgent', limit(2, 'hour')],
    ['C0108', '路灯', 'normal', limit(1, 'workDay')],
  ])('carries the cited handle limit for %s %s', (code, name, urgency, handle) => {
    expect(byCode.get(code)).toMatchObject({ name, urgency, limits: { handle } });
  });
});

describe('case_categories table', () => {
  it('matches its drizzle definition column for column', async () => {
    const cfg = getTableConfig(caseCategories);
    const cols = await queryRows<{ column_name: string; is_nullable: string }>(ctx.platform.database.db,
      sql`SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'case_categories'`);
    const db = new Map(cols.map((c) => [c.column_name, c.is_nullable === 'YES']));
    expect([...db.keys()].sort()).toEqual(cfg.columns.map((c) => c.name).sort());
    for (const c of cfg.columns) expect([c.name, db.get(c.name)]).toEqual([c.name, !c.notNull]);
  });

  it('is seeded from the file, with street-handled categories stored as handled_by_street', async () => {
    const rows = await listCategories(ctx.platform.database.db);
    expect(rows).toHaveLength(data.categories.length);
    const e0501 = rows.find((r) => r.code === 'E0501')!;
    expect(e0501).toMatchObject({ handledByStreet: true, defaultDepartment: null });
    expect(rows.find((r) => r.code === 'E0101')).toMatchObject({ handledByStreet: false, defaultDepartment: 'D-CGJ' });
    const [seeded] = await queryRows<{ detail: { categories: number; inserted: number } }>(ctx.platform.database.db,
      sql`SELECT detail FROM audit_log WHERE action = 'seed.categories' ORDER BY id LIMIT 1`);
    expect(seeded!.detail).toEqual({ categories: data.categories.length, inserted: data.categories.length });
  });

  it('refuses rows whose code does not match kind and major, or that name both a department and the street', async () => {
    const db = ctx.platform.database.db;
    const limits = JSON.stringify(byCode.get('E0101')!.limits);
    const insert = (code: string, kind: string, major: string, dept: string | null, byStreet: boolean) => db.execute(sql`
      INSERT INTO case_categories (code, kind, major_code, major_name, name, default_department, handled_by_street, limits)
      VALUES (${code}, ${kind}, ${major}, 'x', 'x', ${dept}, ${byStreet}, ${limits}::jsonb)`);
    await expect(insert('C0199', 'event', '01', 'D-CGJ', false)).rejects.toThrow();
    await expect(insert('E0299', 'event', '01', 'D-CGJ', false)).rejects.toThrow();
    await expect(insert('E0199', 'event', '01', 'D-CGJ', true)).rejects.toThrow();
    await expect(insert('E0199', 'event', '01', 'D-NOPE', false)).rejects.toThrow();
  });
});

describe('GET /api/categories', () => {
  it('lists every category with its limits, and the 12 major classes with counts', async () => {
    const res = await ctx.app.inject({ url: '/api/categories', headers: await ctx.as('grid_lhc01') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(data.categories.length);
    expect(body.items[0]).toMatchObject({ code: 'E0101', name: '暴露垃圾', kind: 'event', limits: { handle: limit(4, 'workHour') } });
    expect(body.majors).toHaveLength(12);
    expect(body.majors[0]).toMatchObject({ kind: 'event', code: '01', name: '市容环境', nameEn: 'City appearance and sanitation' });
    expect(body.majors.reduce((n: number, m: { total: number }) => n + m.total, 0)).toBe(data.categories.length);
  });

  it.each([
    ['kind=event', (c: CategoryRecord) => c.kind === 'event'],
    ['kind=component&major=01', (c: CategoryRecord) => c.kind === 'component' && c.majorCode === '01'],
    ['major=E04', (c: CategoryRecord) => c.kind === 'event' && c.majorCode === '04'],
    ['major=05', (c: CategoryRecord) => c.majorCode === '05'],
    ['q=井盖', (c: CategoryRecord) => c.name.includes('井盖')],
    ['q=manhole', (c: CategoryRecord) => c.nameEn.toLowerCase().includes('manhole')],
    ['q=C02', (c: CategoryRecord) => c.code.startsWith('C02')],
    ['kind=event&major=C01', () => false],
    ['q=%', () => false],
  ])('filters by %s', async (query, expected) => {
    const res = await ctx.app.inject({ url: `/api/categories?${encodeURI(query)}`, headers: await ctx.as('jfb_op') });
    expect(res.statusCode).toBe(200);
    const want = data.categories.filter(expected).map((c) => c.code).sort();
    expect(res.json().items.map((c: { code: string }) => c.code).sort()).toEqual(want);
  });

  it('gives every emergency (突发事件) the urgent figures', async () => {
    const res = await ctx.app.inject({ url: '/api/categories?major=E04', headers: await ctx.as('cgj_handler') });
    const items = res.json().items as Array<{ urgency: string; limits: Record<string, unknown> }>;
    expect(items).toHaveLength(data.categories.filter((c) => c.kind === 'event' && c.majorCode === '04').length);
    // Key order too: the API lists stages in loop order and each limit as {amount, unit}.
    for (const c of items) {
      expect(c.urgency).toBe('urgent');
      expect(JSON.stringify(c.limits).startsWith('{"register":{"amount":10,"unit":"minute"},"dispatch":{"amount":10,"unit":"minute"},"handle"')).toBe(true);
    }
  });

  it('reads one category; unknown codes are 404 and malformed ones 400', async () => {
    const h = await ctx.as('leader');
    const one = await ctx.app.inject({ url: '/api/categories/C0102', headers: h });
    expect(one.json()).toMatchObject({ code: 'C0102', name: '污水井盖', urgency: 'urgent', limits: { handle: limit(2, 'hour') } });
    expect((await ctx.app.inject({ url: '/api/categories/E9999', headers: h })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/categories/x1', headers: h })).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/categories?kind=case', headers: h })).statusCode).toBe(400);
  });

  it('is readable by every role (citizens pick a category when they report), not anonymously', async () => {
    for (const who of ['admin', 'commander', 'district_op', 'jfb_op', 'cgj_handler', 'grid_lhc01', 'leader', 'data_officer', 'citizen']) {
      const res = await ctx.app.inject({ url: '/api/categories/E0101', headers: await ctx.as(who) });
      expect([who, res.statusCode]).toEqual([who, 200]);
    }
    expect((await ctx.app.inject({ url: '/api/categories' })).statusCode).toBe(401);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/categories', '/api/categories/{code}']));
  });
});

describe('PATCH /api/categories/:code', () => {
  const patch = async (code: string, payload: unknown, who = 'admin', headers?: Record<string, string>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/categories/${code}`, headers: headers ?? await ctx.as(who), payload: payload as object });

  it('lets the district admin change one stage limit, audited and announced; the other stages stay', async () => {
    const db = ctx.platform.database.db;
    const res = await patch('E0101', { limits: { handle: limit(3, 'workHour') } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().limits).toEqual({ ...byCode.get('E0101')!.limits, handle: limit(3, 'workHour') });
    const again = await ctx.app.inject({ url: '/api/categories/E0101', headers: await ctx.as('jfb_op') });
    expect(again.json().limits.handle).toEqual(limit(3, 'workHour'));

    const audits = await queryRows<{ action: string; actor_name: string; unit_path: string; detail: Record<string, unknown> }>(db,
      sql`SELECT action, actor_name, unit_path, detail FROM audit_log WHERE target_type = 'category' AND target_id = 'E0101'`);
    expect(audits).toEqual([{
      action: 'category.update', actor_name: 'admin', unit_path: '/500103/',
      detail: { changes: { limits: { handle: limit(3, 'workHour') } }, before: { limits: byCode.get('E0101')!.limits } },
    }]);
    const events = await queryRows<{ type: string; unit_path: string; subject_id: string }>(db,
      sql`SELECT type, unit_path, subject_id FROM events WHERE subject_type = 'category'`);
    expect(events).toEqual([{ type: 'category.updated', unit_path: '/500103/', subject_id: 'E0101' }]);
  });

  it('moves a category between a department and the street, and deactivates it', async () => {
    const toStreet = await patch('E0103', { defaultDepartment: 'street', urgency: 'urgent', active: false });
    expect(toStreet.json()).toMatchObject({ defaultDepartment: null, handledByStreet: true, urgency: 'urgent', active: false });
    const inactive = await ctx.app.inject({ url: '/api/categories?active=false', headers: await ctx.as('admin') });
    expect(inactive.json().items.map((c: { code: string }) => c.code)).toEqual(['E0103']);
    const toDept = await patch('E0103', { defaultDepartment: 'D-YJJ', active: true });
    expect(toDept.json()).toMatchObject({ defaultDepartment: 'D-YJJ', handledByStreet: false, active: true });
  });

  it.each([
    ['an unknown unit', 'D-NOPE'],
    ['a unit that is not a department', '500103003'],
  ])('refuses %s as the department (422)', async (_what, unit) => {
    const res = await patch('E0104', { defaultDepartment: unit });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res)).toMatchObject({ code: 'UNKNOWN_UNIT', params: { code: unit } });
  });

  it.each([
    ['a negative amount', { limits: { handle: limit(-1, 'hour') } }, 'body.limits.handle.amount', 'too_small'],
    ['an amount over 10000', { limits: { verify: limit(10_001, 'minute') } }, 'body.limits.verify.amount', 'too_big'],
    ['a fraction of a working day', { limits: { handle: limit(1.5, 'workDay') } }, 'body.limits.handle.amount', 'invalid_type'],
    ['an unknown unit', { limits: { handle: limit(2, 'week') } }, 'body.limits.handle.unit', 'invalid_value'],
    ['an unknown stage', { limits: { close: limit(2, 'hour') } }, 'body.limits', 'unrecognized_keys'],
    ['an unknown field', { name: '改名' }, 'body', 'unrecognized_keys'],
    ['an unknown urgency', { urgency: 'critical' }, 'body.urgency', 'invalid_value'],
  ])('rejects %s with 400 and the field', async (_what, payload, field, code) => {
    const res = await patch('E0105', payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(errorOf(res).fields).toEqual([expect.objectContaining({ field, code })]);
  });

  it('forbids a street operator (403) and a street-level admin (403: the table is district-wide)', async () => {
    const op = await patch('E0106', { active: false }, 'jfb_op');
    expect(op.statusCode).toBe(403);
    await createUser(ctx, { username: 'jfb_cat_admin', grants: [{ role: 'admin', unitCode: '500103003' }] });
    const streetAdmin = await patch('E0106', { active: false }, '', await login(ctx, 'jfb_cat_admin', 'password123'));
    expect(streetAdmin.statusCode).toBe(403);
    expect(errorOf(streetAdmin).code).toBe('FORBIDDEN');
    expect((await ctx.app.inject({ url: '/api/categories/E0106', headers: await ctx.as('admin') })).json().active).toBe(true);
  });

  it('answers 404 for an unknown code and treats an empty body as a no-op', async () => {
    expect((await patch('E9999', { active: false })).statusCode).toBe(404);
    const before = await queryRows<{ n: number }>(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE target_id = 'E0107'`);
    const res = await patch('E0107', {});
    expect(res.statusCode).toBe(200);
    expect(res.json().code).toBe('E0107');
    expect(await queryRows(ctx.platform.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE target_id = 'E0107'`)).toEqual(before);
  });
});

describe('seedCategories', () => {
  it('adds missing codes and never overwrites an administrator\'s change', async () => {
    expect((await patch2('C0201', { limits: { handle: limit(5, 'workDay') } })).statusCode).toBe(200);
    const db = ctx.platform.database.db;
    await db.execute(sql`DELETE FROM case_categories WHERE code = 'C0202'`);
    const result = await db.transaction((tx) => seedCategories(tx));
    expect(result).toEqual({ categories: data.categories.length, inserted: 1 });
    const [c0201] = await queryRows<{ limits: { handle: unknown } }>(db, sql`SELECT limits FROM case_categories WHERE code = 'C0201'`);
    expect(c0201!.limits.handle).toEqual(limit(5, 'workDay'));
    expect(await queryRows(db, sql`SELECT code FROM case_categories WHERE code = 'C0202'`)).toHaveLength(1);
  });

  async function patch2(code: string, payload: object) {
    return ctx.app.inject({ method: 'PATCH', url: `/api/categories/${code}`, headers: await ctx.as('admin'), payload });
  }
});

describe('suggestHandlingUnit', () => {
  it('sends a street-handled category to the street of the case and others to their department', async () => {
    const rows = await listCategories(ctx.platform.database.db);
    const vending = rows.find((r) => r.code === 'E0501')!; // 占道经营
    const hydrant = rows.find((r) => r.code === 'C0107')!; // 消防栓
    expect(suggestHandlingUnit(vending, '500103003')).toBe('500103003');
    expect(suggestHandlingUnit(hydrant, '500103003')).toBe('D-XFJY');
    expect(suggestHandlingUnit({ handledByStreet: false, defaultDepartment: 'D-CGJ' }, '500103001')).toBe('D-CGJ');
  });
});
