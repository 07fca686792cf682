// 动态晾晒: how a unit's weekly score is made. Each rate is Σ numerator / Σ denominator over the work items a
// figure counted (stored with the ranking, so the figure reopens as its list of items and can be recomputed);
// the case score is the evaluation module's 0–100 composite, computed with its own functions.
//
//   sign_on_time_rate        签收及时率: receipts signed in the period on time / receipts signed in the period plus
//                            receipts still unsigned whose sign deadline fell in the period (and has passed).
//   report_on_time_rate      反馈落实及时率: the same for reports, over directives that require one; an unreported
//                            receipt counts when the directive's report deadline fell in the period.
//   milestone_on_time_rate   节点按期完成率: milestones done in the period on time / milestones done in the period
//                            plus open milestones whose due date fell in the period (and has passed).
//   case_score               事件综合评价: the composite of the cases reported in the period (evaluation module).
//
// A street counts the items of its whole subtree (communities, grids); a department its own.
// Nothing to count is "—", never 0 or 100: a rate with a zero denominator has no value and drops out of the
// overall score, whose weights are spread over the indicators that have one; a unit with no value at all has
// no score and no rank (listed last). 0 would punish a unit for having had no work, 100 would reward it.

import { composite, INDICATORS, scoreOf, valueOf, type Indicator } from '../evaluation/evaluation-indicators.js';
import type { Weights as CaseWeights } from '../evaluation/evaluation-service.js';

export const RANKING_INDICATORS = ['sign_on_time_rate', 'report_on_time_rate', 'milestone_on_time_rate', 'case_score'] as const;
export type RankingIndicator = (typeof RANKING_INDICATORS)[number];
export const RATE_INDICATORS = ['sign_on_time_rate', 'report_on_time_rate', 'milestone_on_time_rate'] as const;

export const RANKING_LEVELS = ['street', 'department'] as const;
export type RankingLevel = (typeof RANKING_LEVELS)[number];

export type RankingWeights = Record<RankingIndicator, number>;

export interface Sums {
  numerator: number;
  denominator: number;
  /** How many work items the figure counted. */
  items: number;
}

export interface CasePart {
  numerator: number;
  denominator: number;
  value: number | null;
  score: number | null;
  weight: number;
}

export interface Figure extends Sums {
  /** A percentage for rates, the 0–100 composite for case_score; null: nothing to count ("—"). */
  value: number | null;
  weight: number;
  /** case_score only: the evaluation indicators it is made of. */
  parts?: Partial<Record<Indicator, CasePart>>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function rateFigure(s: Sums, weight: number): Figure {
  return { ...s, value: s.denominator > 0 ? round2((100 * s.numerator) / s.denominator) : null, weight };
}

/**
 * The case score from the sums of the evaluation indicators over the counted cases: each indicator's value and
 * score, and the composite, by the evaluation module's own functions and weights. Stored as numerator
 * Σ weight × score and denominator Σ weight (over the indicators that have a value).
 */
export function caseFigure(parts: Partial<Record<Indicator, { numerator: number; denominator: number }>>, items: number, weights: CaseWeights, weight: number): Figure {
  const scores: Partial<Record<Indicator, number | null>> = {};
  const out: Partial<Record<Indicator, CasePart>> = {};
  let weighted = 0;
  let total = 0;
  for (const i of INDICATORS) {
    const p = parts[i] ?? { numerator: 0, denominator: 0 };
    const value = valueOf(i, p.numerator, p.denominator);
    const score = scoreOf(i, value, weights[i].target);
    scores[i] = score;
    out[i] = { numerator: round2(p.numerator), denominator: round2(p.denominator), value: value === null ? null : round2(value), score: score === null ? null : round2(score), weight: weights[i].weight };
    if (score !== null && weights[i].weight > 0) {
      weighted += weights[i].weight * score;
      total += weights[i].weight;
    }
  }
  const c = composite(scores, weights);
  return { numerator: round2(weighted), denominator: total, items, value: c === null ? null : round2(c), weight, parts: out };
}

/** Σ weight × value / Σ weight over the indicators with a value and a weight above 0; null when none has one. */
export function overallScore(figures: Record<RankingIndicator, Figure>): number | null {
  let sum = 0;
  let total = 0;
  for (const i of RANKING_INDICATORS) {
    const f = figures[i];
    if (f.value === null || f.weight <= 0) continue;
    sum += f.weight * f.value;
    total += f.weight;
  }
  return total > 0 ? round2(sum / total) : null;
}
