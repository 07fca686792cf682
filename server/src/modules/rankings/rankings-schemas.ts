import { z } from 'zod';
import { UnitCode } from '../../platform/http/schemas.js';
import { RANKING_INDICATORS, RANKING_LEVELS, type RankingIndicator } from './rankings-indicators.js';

const Day = z.iso.date().describe('A Beijing date, YYYY-MM-DD');
const Weight = z.number().min(0).max(100);

export const RunIdParams = z.strictObject({ id: z.uuid() });

export const RunListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const PublishBody = z.strictObject({
  from: Day.optional().describe('First day counted (default: last week\'s Monday)'),
  to: Day.optional().describe('Exclusive: the first day not counted (default: this week\'s Monday)'),
  note: z.string().trim().max(500).optional(),
}).refine((b) => (b.from === undefined) === (b.to === undefined), { message: 'Give both from and to, or neither', path: ['to'] });

export const WeightsBody = z.strictObject({
  weights: z.strictObject(Object.fromEntries(RANKING_INDICATORS.map((i) => [i, Weight])) as Record<RankingIndicator, typeof Weight>)
    .describe('Every indicator\'s weight (0–100); at least one above 0'),
  note: z.string().trim().max(500).optional(),
});

export const CountedQuery = z.strictObject({
  level: z.enum(RANKING_LEVELS),
  unit: UnitCode,
  indicator: z.enum(RANKING_INDICATORS),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---- responses

const WeightsShape = z.object(Object.fromEntries(RANKING_INDICATORS.map((i) => [i, z.number()])) as Record<RankingIndicator, z.ZodNumber>);

export const RunSummary = z.object({
  id: z.string(), from: z.string(), to: z.string().describe('Exclusive'), label: z.string().nullable().describe('ISO week, e.g. 2024-W02, for a Monday–Sunday period'),
  trigger: z.enum(['schedule', 'manual']), weightsVersion: z.number().int(), note: z.string().nullable(),
  publishedAt: z.string(), publishedByName: z.string(),
});

const Part = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable(), score: z.number().nullable(), weight: z.number() });

export const FigureView = z.object({
  numerator: z.number(), denominator: z.number(), items: z.number().int().describe('Work items the figure counted'),
  value: z.number().nullable().describe('Percent for rates, 0–100 for case_score; null: nothing to count'),
  display: z.string().describe('"83.3%", "86.5" or "—"'), weight: z.number(),
  parts: z.record(z.string(), Part).optional().describe('case_score: the evaluation indicators it is made of'),
});

export const RankingRowView = z.object({
  level: z.enum(RANKING_LEVELS), rank: z.number().int().nullable(), code: z.string(), name: z.string(), nameEn: z.string().nullable(),
  score: z.number().nullable().describe('Σ weight × value / Σ weight over the indicators with a value; null: "—"'),
  display: z.string(),
  figures: z.object(Object.fromEntries(RANKING_INDICATORS.map((i) => [i, FigureView])) as Record<RankingIndicator, typeof FigureView>),
});

export const RunDetail = RunSummary.extend({
  weights: WeightsShape, countedUntil: z.string(),
  indicators: z.array(z.object({ key: z.string(), name: z.string(), weight: z.number() })),
  rows: z.array(RankingRowView).describe('Streets, then departments, each by rank (units without a score last)'),
});

export const WeightsView = z.object({
  current: z.object({ version: z.number().int(), weights: WeightsShape, note: z.string().nullable(), createdByName: z.string(), createdAt: z.string() }),
  history: z.array(z.object({ version: z.number().int(), weights: WeightsShape, note: z.string().nullable(), createdByName: z.string(), createdAt: z.string() })),
  indicators: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const CountedItem = z.object({
  id: z.string(), kind: z.string(), ref: z.string(), title: z.string(), state: z.string(), ownerUnit: z.string(), ownerName: z.string(),
  numerator: z.number().nullable(), denominator: z.number().nullable(),
  inNumerator: z.boolean().nullable().describe('Counted as on time (null for case_score: see parts)'),
  parts: z.record(z.string(), z.tuple([z.number(), z.number()])).nullable().describe('case_score: [numerator, denominator] per evaluation indicator'),
  listId: z.string().nullable().describe('milestone: the responsibility list it belongs to (its page)'),
});

export const CheckResult = z.object({
  consistent: z.boolean(),
  differences: z.array(z.object({ level: z.string(), unit: z.string(), field: z.string(), published: z.unknown(), recomputed: z.unknown() })),
});
