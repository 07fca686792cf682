import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { findUnit } from '../units/units-repository.js';
import {
  INDICATOR_DEFS, INDICATORS, LEVELS, composite, rankRows, scoreOf, valueOf, type Indicator, type Level, type Weight,
} from './evaluation-indicators.js';
import {
  countedCases, listWeights, rankingSums, setWeight, unitsUnder, type CaseScope, type PeriodFilter,
} from './evaluation-repository.js';

/** The weights are district-wide: their audit entries and events belong to the district. */
export const EVALUATION_UNIT_PATH = '/500103/';

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Which cases the caller's figures cover. A grant at the district (or above) sees every case. A street-level
 * grant sees its street's row, its grids, and the departments' figures over its street's cases; a
 * department-level grant sees its own department's row over all the cases dispatched to it.
 */
export async function caseScope(ex: Executor, actor: Actor): Promise<CaseScope> {
  const paths = scopeOf(actor, 'evaluation:read');
  if (paths.some((p) => p.split('/').filter(Boolean).length <= 1)) return { all: true, streets: [], departments: [] };
  const units = await unitsUnder(ex, paths);
  return {
    all: false,
    streets: units.filter((u) => u.kind === 'street').map((u) => u.code),
    departments: units.filter((u) => u.kind === 'department').map((u) => u.code),
  };
}

/** `YYYY-MM-DD` as the start of that Beijing day. */
export function beijingDay(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

export interface PeriodQuery {
  from: string;
  to: string;
  street?: string;
}

async function period(ex: Executor, actor: Actor, q: PeriodQuery, scope: CaseScope): Promise<PeriodFilter> {
  const from = beijingDay(q.from);
  const to = beijingDay(q.to);
  if (!(from < to)) {
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'querystring.to', code: 'afterFrom', message: t(actor.locale, 'evaluation.toAfterFrom') }]);
  }
  if (q.street) {
    const street = await findUnit(ex, q.street);
    if (!street || street.kind !== 'street' || (!scope.all && !scope.streets.includes(street.code))) {
      throw new AppError('NOT_FOUND', { what: 'unit', id: q.street });
    }
  }
  return { from, to, street: q.street };
}

export type Weights = Record<Indicator, Weight>;

export async function weightsOf(ex: Executor, level: Level): Promise<Weights> {
  const rows = await listWeights(ex, { scope: level });
  return Object.fromEntries(rows.map((r) => [r.indicator, { weight: r.weight, target: r.target }])) as Weights;
}

export interface IndicatorFigure {
  /** A percentage (rates) or hours (avg_handle_hours); null when the denominator is zero. */
  value: number | null;
  /** The value as shown: "83.3%", "2.5 小时", or "—". */
  display: string;
  numerator: number;
  denominator: number;
  /** 0–100 (see scoreOf); null without a value. */
  score: number | null;
  weight: number;
}

export interface RankingRow {
  rank: number | null;
  code: string;
  name: string;
  nameEn: string | null;
  reported: number;
  composite: number | null;
  indicators: Record<Indicator, IndicatorFigure>;
}

function display(locale: Actor['locale'], indicator: Indicator, value: number | null): string {
  if (value === null) return '—';
  return INDICATOR_DEFS[indicator].kind === 'hours'
    ? t(locale, 'evaluation.hours', { n: value.toFixed(1) })
    : `${value.toFixed(1)}%`;
}

/** The ranking of one level over a period: one GROUP BY, then scores, composite and rank per unit. */
export async function ranking(ex: Executor, actor: Actor, level: Level, q: PeriodQuery): Promise<{ weights: Weights; rows: RankingRow[] }> {
  const scope = await caseScope(ex, actor);
  const f = await period(ex, actor, q, scope);
  const [weights, sums] = await Promise.all([weightsOf(ex, level), rankingSums(ex, level, f, scope)]);
  const rows = sums.map((u) => {
    const indicators = {} as Record<Indicator, IndicatorFigure>;
    const scores: Partial<Record<Indicator, number | null>> = {};
    for (const i of INDICATORS) {
      const { numerator, denominator } = u.sums[i];
      const value = valueOf(i, numerator, denominator);
      const score = scoreOf(i, value, weights[i].target);
      scores[i] = score;
      indicators[i] = {
        value: value === null ? null : round2(value), display: display(actor.locale, i, value),
        numerator: round2(numerator), denominator: round2(denominator),
        score: score === null ? null : round2(score), weight: weights[i].weight,
      };
    }
    const c = composite(scores, weights);
    return { code: u.code, name: u.name, nameEn: u.name_en, reported: u.reported, composite: c === null ? null : round2(c), indicators };
  });
  return { weights, rows: rankRows(rows) };
}

export interface CountedQuery extends PeriodQuery {
  unit: string;
  indicator: Indicator;
  limit: number;
  offset: number;
}

/** The cases one figure counted (its denominator), each saying what it added to the numerator. */
export async function countedCasesOf(ex: Executor, actor: Actor, q: CountedQuery) {
  const unit = await findUnit(ex, q.unit);
  const level = unit && (LEVELS as readonly string[]).includes(unit.kind) ? (unit.kind as Level) : null;
  if (!unit || !level) throw new AppError('NOT_FOUND', { what: 'unit', id: q.unit });
  const scope = await caseScope(ex, actor);
  const own = scope.all || can(actor, 'evaluation:read', unit.path);
  // Another street's (or grid's) figures are not the caller's to read; a street reads the departments' figures
  // over its own cases, so a department stays readable to it.
  if (!own && (level !== 'department' || scope.streets.length === 0)) throw new AppError('NOT_FOUND', { what: 'unit', id: q.unit });
  const f = await period(ex, actor, q, scope);
  const { rows, total } = await countedCases(ex, level, unit.code, q.indicator, f, scope, { limit: q.limit, offset: q.offset });
  return {
    unit: unit.code, level, indicator: q.indicator, total,
    items: rows.map((r) => ({
      id: r.id, ref: r.ref, title: r.title, state: r.state, streetCode: r.street_code, gridCode: r.grid_code,
      handlingUnit: r.handling_unit, reportedAt: new Date(r.reported_at).toISOString(),
      numerator: round2(Number(r.numerator)), denominator: Number(r.denominator),
      inNumerator: Number(r.numerator) > 0,
    })),
  };
}

export interface WeightsUpdate {
  scope: Level;
  weights?: Partial<Record<Indicator, number>>;
  /** The average handling time (natural hours) that still scores 100. */
  targetHours?: number;
}

/** Changes the weights of one level (district-wide administrators). At least one weight must stay above zero. */
export async function updateWeights(uow: UnitOfWork, input: WeightsUpdate): Promise<void> {
  if (!can(uow.actor, 'evaluation:manage', EVALUATION_UNIT_PATH)) throw new AppError('FORBIDDEN', { permission: 'evaluation:manage' });
  const before = await listWeights(uow.tx, { scope: input.scope, forUpdate: true });
  const changes = Object.entries(input.weights ?? {}) as Array<[Indicator, number]>;
  const after = new Map(before.map((r) => [r.indicator, r.weight]));
  for (const [i, w] of changes) after.set(i, w);
  if (![...after.values()].some((w) => w > 0)) {
    throw new AppError('VALIDATION_FAILED', {}, [{ field: 'body.weights', code: 'allZero', message: t(uow.actor.locale, 'evaluation.allZero') }]);
  }
  if (changes.length === 0 && input.targetHours === undefined) return;
  for (const [indicator, weight] of changes) await setWeight(uow.tx, { scope: input.scope, indicator, weight, by: uow.actor.userId });
  if (input.targetHours !== undefined) {
    await setWeight(uow.tx, { scope: input.scope, indicator: 'avg_handle_hours', target: input.targetHours, by: uow.actor.userId });
  }
  const detail = {
    scope: input.scope, weights: input.weights ?? {}, targetHours: input.targetHours ?? null,
    before: Object.fromEntries(before.map((r) => [r.indicator, r.indicator === 'avg_handle_hours' ? { weight: r.weight, target: r.target } : r.weight])),
  };
  uow.audit({ action: 'evaluation.weights-update', targetType: 'evaluation_weights', targetId: input.scope, unitPath: EVALUATION_UNIT_PATH, detail });
  uow.emit({
    type: 'evaluation.weights-updated', unitPath: EVALUATION_UNIT_PATH, subjectType: 'evaluation_weights', subjectId: input.scope,
    payload: { scope: input.scope, weights: input.weights ?? {}, targetHours: input.targetHours ?? null },
  });
}
