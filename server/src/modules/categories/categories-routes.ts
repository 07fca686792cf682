import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ErrorResponse, UnitCode } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import {
  CATEGORY_CODE, CategoryKindSchema, KIND_PREFIX, LIMIT_STAGES, STREET, TimeLimitSchema, UrgencySchema, loadCategoryData,
  type CategoryKind, type CategoryLimits,
} from './categories-data.js';
import { findCategory, listCategories, listMajorClasses } from './categories-repository.js';
import { changeCategory } from './categories-service.js';
import type { CategoryRow } from './categories-tables.js';

const TimeLimitView = z.object({ amount: z.number(), unit: z.string() });
const CategoryView = z.object({
  code: z.string(), kind: z.string(), majorCode: z.string(), majorName: z.string(), name: z.string(), nameEn: z.string().nullable(),
  defaultDepartment: z.string().nullable().describe('Department unit code; null when the street of the case handles it'),
  handledByStreet: z.boolean(), urgency: z.string(),
  limits: z.object({ register: TimeLimitView, dispatch: TimeLimitView, handle: TimeLimitView, verify: TimeLimitView }),
  active: z.boolean(), updatedAt: z.string(),
});
const MajorView = z.object({
  kind: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable(),
  total: z.number().int(), active: z.number().int(),
});

function view(c: CategoryRow) {
  return {
    code: c.code, kind: c.kind, majorCode: c.majorCode, majorName: c.majorName, name: c.name, nameEn: c.nameEn,
    defaultDepartment: c.defaultDepartment, handledByStreet: c.handledByStreet, urgency: c.urgency,
    limits: ordered(c.limits), active: c.active, updatedAt: c.updatedAt.toISOString(),
  };
}

/** jsonb stores keys shortest first; give clients the stages in loop order and {amount, unit} as written. */
function ordered(limits: CategoryLimits): CategoryLimits {
  return Object.fromEntries(LIMIT_STAGES.map((s) => [s, { amount: limits[s].amount, unit: limits[s].unit }])) as CategoryLimits;
}

const PREFIX_KIND: Record<string, CategoryKind> = Object.fromEntries(Object.entries(KIND_PREFIX).map(([k, p]) => [p, k as CategoryKind]));

export function registerCategoryRoutes(app: TypedApp, p: Platform): void {
  const tags = ['categories 案件类别'];
  const CodeParams = z.strictObject({ code: z.string().regex(CATEGORY_CODE) });
  // English major class names live only in the data file (the table keeps the Chinese name per row).
  const majorNameEn = new Map(loadCategoryData().majorClasses.map((m) => [`${m.kind}:${m.code}`, m.nameEn]));

  app.get('/api/categories', {
    config: { permission: 'category:read' },
    schema: {
      tags, summary: '案件类别 Case categories (events and components) with their time limits, and the major classes',
      querystring: z.strictObject({
        kind: CategoryKindSchema.optional(),
        major: z.string().regex(/^[EC]?\d{2}$/).optional().describe('Major class: "01" (with kind) or prefixed, "E01" / "C01"'),
        q: z.string().min(1).max(64).optional().describe('Name (Chinese or English) contains, or code starts with'),
        active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      }),
      response: { 200: z.object({ items: z.array(CategoryView), total: z.number().int(), majors: z.array(MajorView) }) },
    },
  }, async (req) => {
    const { major, ...query } = req.query;
    const majorKind = major && major.length === 3 ? PREFIX_KIND[major[0]!] : undefined;
    const majors = (await listMajorClasses(p.database.db)).map((m) => ({
      kind: m.kind, code: m.majorCode, name: m.majorName, nameEn: majorNameEn.get(`${m.kind}:${m.majorCode}`) ?? null,
      total: m.total, active: m.active,
    }));
    // "kind=event&major=C01" asks for nothing; say so instead of silently dropping one filter.
    if (query.kind && majorKind && query.kind !== majorKind) return { items: [], total: 0, majors };
    const rows = await listCategories(p.database.db, {
      kind: query.kind ?? majorKind, majorCode: major?.slice(-2), active: query.active, q: query.q,
    });
    return { items: rows.map(view), total: rows.length, majors };
  });

  app.get('/api/categories/:code', {
    config: { permission: 'category:read' },
    schema: {
      tags, summary: '类别详情 One case category', params: CodeParams,
      response: { 200: CategoryView, 404: ErrorResponse },
    },
  }, async (req) => {
    const c = await findCategory(p.database.db, req.params.code);
    if (!c) throw new AppError('NOT_FOUND', { what: 'category', id: req.params.code });
    return view(c);
  });

  app.patch('/api/categories/:code', {
    config: { permission: 'category:manage' },
    schema: {
      tags, summary: '修改类别 Change time limits, default department, urgency or active (district administrators)',
      params: CodeParams,
      body: z.strictObject({
        limits: z.strictObject({
          register: TimeLimitSchema.optional(), dispatch: TimeLimitSchema.optional(),
          handle: TimeLimitSchema.optional(), verify: TimeLimitSchema.optional(),
        }).optional().describe('Only the stages given change'),
        defaultDepartment: UnitCode.optional().describe(`A department unit code, or "${STREET}": the street of the case handles it`),
        urgency: UrgencySchema.optional(),
        active: z.boolean().optional(),
      }),
      response: { 200: CategoryView, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req) => {
    const row = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => changeCategory(uow, req.params.code, req.body));
    return view(row);
  });
}
