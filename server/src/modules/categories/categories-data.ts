// Reads and validates data/categories/case-categories.json, the default case category code table.
// Department codes are checked against the unit tree by a test (and by the database's foreign key),
// not here: this loader must not depend on the Yuzhong data files.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { TimeLimitUnit } from '../../platform/calendar/index.js';

// A Record over the calendar's union, so adding a unit there fails to compile until it is accepted here.
const UNITS: Record<TimeLimitUnit, TimeLimitUnit> = {
  workHour: 'workHour', workDay: 'workDay', hour: 'hour', minute: 'minute', workMinute: 'workMinute',
};
export const TimeLimitUnitSchema = z.enum(UNITS);

/** A time limit as the calendar computes it; whole days only, because the calendar refuses fractional working days. */
export const TimeLimitSchema = z.strictObject({
  amount: z.number().positive().max(10_000),
  unit: TimeLimitUnitSchema,
}).superRefine((v, ctx) => {
  if (v.unit === 'workDay' && !Number.isInteger(v.amount)) {
    ctx.addIssue({ code: 'invalid_type', expected: 'int', input: v.amount, path: ['amount'] });
  }
});

export const LIMIT_STAGES = ['register', 'dispatch', 'handle', 'verify'] as const;
export type LimitStage = (typeof LIMIT_STAGES)[number];

export const CategoryLimitsSchema = z.strictObject({
  register: TimeLimitSchema, dispatch: TimeLimitSchema, handle: TimeLimitSchema, verify: TimeLimitSchema,
});
export type CategoryLimits = z.infer<typeof CategoryLimitsSchema>;

export const CategoryKindSchema = z.enum(['event', 'component']);
export type CategoryKind = z.infer<typeof CategoryKindSchema>;
export const UrgencySchema = z.enum(['normal', 'urgent']);
export type Urgency = z.infer<typeof UrgencySchema>;

/** `E0101`: kind prefix (E event, C component) + 2-digit major + 2-digit minor. */
export const CATEGORY_CODE = /^[EC]\d{4}$/;
export const KIND_PREFIX: Record<CategoryKind, 'E' | 'C'> = { event: 'E', component: 'C' };
/** The JSON's marker for "the street where the case lies handles it". */
export const STREET = 'street';

const MajorCode = z.string().regex(/^\d{2}$/);

export const CategoryRecordSchema = z.strictObject({
  code: z.string().regex(CATEGORY_CODE),
  kind: CategoryKindSchema,
  majorCode: MajorCode,
  majorName: z.string().min(1),
  name: z.string().min(1).max(64),
  nameEn: z.string().min(1).max(128),
  defaultDepartment: z.string().min(1).max(32),
  urgency: UrgencySchema,
  active: z.boolean(),
  limits: CategoryLimitsSchema,
  note: z.string().optional(),
});
export type CategoryRecord = z.infer<typeof CategoryRecordSchema>;

export const MajorClassSchema = z.strictObject({
  kind: CategoryKindSchema, code: MajorCode, name: z.string().min(1), nameEn: z.string().min(1), note: z.string().optional(),
});
export type MajorClass = z.infer<typeof MajorClassSchema>;

export const CategoryFileSchema = z.strictObject({
  note: z.string(),
  units: z.record(TimeLimitUnitSchema, z.string()),
  majorClasses: z.array(MajorClassSchema).min(1),
  categories: z.array(CategoryRecordSchema).min(1),
}).superRefine((file, ctx) => {
  // Codes are the join key for cases and the city platform: they must be unique and say what they are.
  const majors = new Map(file.majorClasses.map((m) => [`${m.kind}:${m.code}`, m]));
  const seen = new Set<string>();
  file.categories.forEach((c, i) => {
    const path = ['categories', i, 'code'];
    if (seen.has(c.code)) ctx.addIssue({ code: 'custom', path, message: `duplicate category code ${c.code}` });
    seen.add(c.code);
    if (!c.code.startsWith(`${KIND_PREFIX[c.kind]}${c.majorCode}`)) {
      ctx.addIssue({ code: 'custom', path, message: `${c.code} does not match kind ${c.kind} and major ${c.majorCode}` });
    }
    const major = majors.get(`${c.kind}:${c.majorCode}`);
    if (!major || major.name !== c.majorName) {
      ctx.addIssue({ code: 'custom', path: ['categories', i, 'majorName'], message: `${c.code}: no major class ${c.kind} ${c.majorCode} ${c.majorName}` });
    }
  });
});
export type CategoryFile = z.infer<typeof CategoryFileSchema>;

/** `<repo root>/data/categories/case-categories.json` (this file is four levels below the root). */
export function defaultCategoriesFile(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '../../../../data/categories/case-categories.json');
}

let cached: { file: string; data: CategoryFile } | undefined;

/** Reads and validates the file once per path; it is small (≈40 kB), so a synchronous read is fine at start-up. */
export function loadCategoryData(file = defaultCategoriesFile()): CategoryFile {
  if (cached?.file === file) return cached.data;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read JSON: ${(err as Error).message}`);
  }
  const parsed = CategoryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid case category data: ${issues}`);
  }
  cached = { file, data: parsed.data };
  return parsed.data;
}
