import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { ErrorResponse, Pagination, UnitCode } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { INDICATOR_DEFS, INDICATORS, LEVELS, type Indicator } from './evaluation-indicators.js';
import { listWeights } from './evaluation-repository.js';
import { countedCasesOf, ranking, updateWeights } from './evaluation-service.js';

const Day = z.iso.date().describe('A Beijing date, YYYY-MM-DD');
const IndicatorSchema = z.enum(INDICATORS);
const LevelSchema = z.enum(LEVELS);

const Figure = z.object({
  value: z.number().nullable().describe('Percent for rates, natural hours for avg_handle_hours; null when the denominator is 0'),
  display: z.string().describe('"83.3%", "2.5 小时" or "—"'),
  numerator: z.number(), denominator: z.number(),
  score: z.number().nullable().describe('0–100'), weight: z.number(),
});

const RankingRowView = z.object({
  rank: z.number().int().nullable().describe('1 = best; equal composites share a rank; null without a composite'),
  code: z.string(), name: z.string(), nameEn: z.string().nullable(),
  reported: z.number().int().describe('Cases reported in the period that belong to the unit'),
  composite: z.number().nullable().describe('Σ weight × score / Σ weight over the indicators that have a value'),
  indicators: z.object(Object.fromEntries(INDICATORS.map((i) => [i, Figure])) as Record<Indicator, typeof Figure>),
});

const WeightView = z.object({
  scope: z.string(), indicator: z.string(), name: z.string(), weight: z.number(),
  target: z.number().nullable().describe('avg_handle_hours only: the mean (hours) that still scores 100'),
  updatedAt: z.string(),
});

const TOP = 20;

type RankingRow = Awaited<ReturnType<typeof ranking>>['rows'][number];

/** Units without a figure (null) go last whatever the order; ties keep the ranking's order. */
function sortRanking(rows: RankingRow[], sort: 'rank' | 'reported' | Indicator, order?: 'asc' | 'desc'): RankingRow[] {
  const value = (r: RankingRow): number | null => (sort === 'rank' ? r.rank : sort === 'reported' ? r.reported : r.indicators[sort].value);
  const ascending = order ? order === 'asc' : sort === 'rank' || (sort !== 'reported' && INDICATOR_DEFS[sort].kind !== 'rate');
  return rows.map((r, i) => ({ r, i, v: value(r) })).sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    return (ascending ? a.v - b.v : b.v - a.v) || a.i - b.i;
  }).map((x) => x.r);
}

export function registerEvaluationRoutes(app: TypedApp, p: Platform): void {
  const tags = ['evaluation 综合评价'];
  const db = p.database.db;

  app.get('/api/evaluation/rankings', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags, summary: '综合评价排名 Ranking of streets, departments or grids over cases reported in [from, to)',
      querystring: z.strictObject({
        level: LevelSchema,
        from: Day, to: Day.describe('Exclusive: the first Beijing date not counted'),
        street: UnitCode.optional().describe('Only cases that happened in this street (grids of it; departments on its cases)'),
        sort: z.enum(['rank', 'reported', ...INDICATORS]).default('rank').describe('rank = by composite, best first'),
        order: z.enum(['asc', 'desc']).optional().describe('Default: best first (rank asc, rates desc, rework rate and hours asc)'),
        limit: Pagination.limit.default(500), offset: Pagination.offset,
      }),
      response: {
        200: z.object({
          level: z.string(), from: z.string(), to: z.string(),
          indicators: z.array(z.object({ key: z.string(), name: z.string() })),
          total: z.number().int(),
          items: z.array(RankingRowView).describe('The page asked for, in the order asked for'),
          top: z.array(RankingRowView).describe(`The best ${TOP} by composite (for the chart)`),
        }),
        400: ErrorResponse, 404: ErrorResponse,
      },
    },
  }, async (req) => {
    const { level, from, to, street, sort, order, limit, offset } = req.query;
    const { rows } = await ranking(db, req.actor, level, { from, to, street });
    // Every unit is scored to rank them; the page is cut from the ranked set (a few thousand grids at most).
    const sorted = sortRanking(rows, sort, order);
    return {
      level, from, to,
      indicators: INDICATORS.map((key) => ({ key, name: t(req.actor.locale, `evaluation.indicators.${key}`) })),
      total: rows.length,
      items: sorted.slice(offset, offset + limit),
      top: rows.filter((r) => r.rank !== null).slice(0, TOP),
    };
  });

  app.get('/api/evaluation/cases', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags, summary: '评价明细 The cases one figure counted (its denominator), each flagged if it counted in the numerator',
      querystring: z.strictObject({
        unit: UnitCode.describe('A street, grid or department code'),
        indicator: IndicatorSchema,
        from: Day, to: Day,
        ...Pagination,
      }),
      response: {
        200: z.object({
          unit: z.string(), level: z.string(), indicator: z.string(), total: z.number().int(),
          items: z.array(z.object({
            id: z.string(), ref: z.string(), title: z.string(), state: z.string(), streetCode: z.string(), gridCode: z.string(),
            handlingUnit: z.string().nullable(), reportedAt: z.string(),
            numerator: z.number().describe('What the case added to the numerator (1/0, reworks, accurate dispatches, hours)'),
            denominator: z.number().describe('What it added to the denominator (1, or its dispatches)'),
            inNumerator: z.boolean(),
          })),
        }),
        400: ErrorResponse, 404: ErrorResponse,
      },
    },
  }, async (req) => countedCasesOf(db, req.actor, req.query));

  const weightsView = async (locale: Parameters<typeof t>[0]) => ({
    items: (await listWeights(db)).map((w) => ({
      scope: w.scope, indicator: w.indicator, name: t(locale, `evaluation.indicators.${w.indicator}`), weight: w.weight,
      target: w.target, updatedAt: new Date(w.updated_at).toISOString(),
    })),
  });
  const WeightsResponse = z.object({ items: z.array(WeightView) });

  app.get('/api/evaluation/weights', {
    config: { permission: 'evaluation:read' },
    schema: { tags, summary: '评价权重 Weights of the composite per level', response: { 200: WeightsResponse } },
  }, async (req) => weightsView(req.actor.locale));

  app.put('/api/evaluation/weights', {
    config: { permission: 'evaluation:manage' },
    schema: {
      tags, summary: '修改评价权重 Change the weights of one level (district administrators)',
      body: z.strictObject({
        scope: LevelSchema,
        weights: z.strictObject(Object.fromEntries(INDICATORS.map((i) => [i, z.number().min(0).max(100).optional()])) as Record<Indicator, z.ZodOptional<z.ZodNumber>>)
          .optional().describe('Only the indicators given change; at least one weight of the level must stay above 0'),
        targetHours: z.number().positive().max(8760).optional().describe('Average handling time (natural hours) that still scores 100'),
      }),
      response: { 200: WeightsResponse, 400: ErrorResponse, 403: ErrorResponse },
    },
  }, async (req) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => updateWeights(uow, req.body));
    return weightsView(req.actor.locale);
  });
}
