// 综合评价 indicators (DOMAIN §3). Every figure is Σ numerator / Σ denominator over the cases of a unit
// reported in the period [from, to) (Beijing dates, by `cases.reported_at`). One definition here feeds both
// the ranking's GROUP BY and the drill-down that lists the counted cases, so the two cannot disagree.
//
// Definitions (`c` is a row of `cases`):
//   应结案 (due)          registered (registered_at not null) and not merged into another case (duplicate_of null);
//                         rejected cases are never registered, so they are out too.
//   结案                  of those, closed: closed_at not null. `cases.closed_at` is written by the close
//                         transition in the same transaction that sets work_items.state = 'closed', and a closed
//                         item never moves again, so it stands for the state without a join.
//   按期结案              of those, closed_on_time (closed, never overdue, handled on time).
//   处置                  cases with handled_at (handled at least once, even if reworked since).
//   按期处置              of those, handled_on_time (the last handling met the handle deadline).
//   返工                  Σ rework_count over 处置 cases (a case reworked twice counts twice).
//   派遣 / 准确派遣       Σ dispatch_count / Σ (dispatch_count − send_back_count): a dispatch is accurate when
//                         the receiving unit did not send it back.
//   立案 / 按时立案       registered_at not null / registered_on_time.
//   平均处置时长          mean of (handled_at − dispatched_at) in natural (clock) hours, over cases whose last
//                         handling came after their last dispatch (a case redispatched and not yet handled again
//                         is left out). Working-time limits are not applied to this figure.
// A unit is a street (street_code), a grid (grid_code) or a department (handling_unit — the unit the case was
// last dispatched to — when that unit is a department). A zero denominator gives null ("—").

export const INDICATORS = [
  'closed_rate', 'closed_on_time_rate', 'handled_on_time_rate', 'rework_rate',
  'dispatch_accuracy', 'registered_on_time_rate', 'avg_handle_hours',
] as const;
export type Indicator = (typeof INDICATORS)[number];

export const LEVELS = ['street', 'department', 'grid'] as const;
export type Level = (typeof LEVELS)[number];

export interface IndicatorDef {
  /** rate: 0–100 where higher is better; inverseRate: 0–100 where lower is better; hours: a mean duration. */
  kind: 'rate' | 'inverseRate' | 'hours';
  /** Which cases the denominator counts (SQL over alias `c`): the drill-down's filter. */
  denominatorWhere: string;
  /** What one such case adds to the denominator / to the numerator (the drill-down's columns). */
  denominator: string;
  numerator: string;
  /** The same sums as ranking aggregates (keys of AGGREGATES): Σ numerator and Σ denominator per unit. */
  numeratorAgg: Aggregate;
  denominatorAgg: Aggregate;
}

const DUE = 'c.registered_at IS NOT NULL AND c.duplicate_of IS NULL';
const TIMED = 'c.handled_at >= c.dispatched_at';

/**
 * The sums a ranking needs, each computed once per unit (indicators share denominators). Plain counts and
 * sums with FILTER keep the per-row work small: this is what makes one GROUP BY over a period fast.
 * A send-back always follows a dispatch, so Σ send_back_count ≤ Σ dispatch_count case by case.
 */
export const AGGREGATES = {
  due: `count(*) FILTER (WHERE ${DUE})`,
  closed: `count(*) FILTER (WHERE ${DUE} AND c.closed_at IS NOT NULL)`,
  closed_on_time: `count(*) FILTER (WHERE ${DUE} AND c.closed_at IS NOT NULL AND c.closed_on_time)`,
  handled: 'count(c.handled_at)',
  handled_on_time: 'count(*) FILTER (WHERE c.handled_at IS NOT NULL AND c.handled_on_time)',
  reworks: 'coalesce(sum(c.rework_count) FILTER (WHERE c.handled_at IS NOT NULL), 0)',
  dispatches: 'coalesce(sum(c.dispatch_count), 0)',
  accurate_dispatches: 'coalesce(sum(c.dispatch_count - c.send_back_count), 0)',
  registered: 'count(c.registered_at)',
  registered_on_time: 'count(*) FILTER (WHERE c.registered_at IS NOT NULL AND c.registered_on_time)',
  timed: `count(*) FILTER (WHERE ${TIMED})`,
  handle_hours: `coalesce(extract(epoch FROM sum(c.handled_at - c.dispatched_at) FILTER (WHERE ${TIMED}))::float8 / 3600, 0)`,
} as const;
export type Aggregate = keyof typeof AGGREGATES;

// Fixed SQL fragments (no input reaches them).
export const INDICATOR_DEFS: Record<Indicator, IndicatorDef> = {
  closed_rate: {
    kind: 'rate', denominatorWhere: DUE, denominator: '1', numerator: '(c.closed_at IS NOT NULL)::int',
    numeratorAgg: 'closed', denominatorAgg: 'due',
  },
  closed_on_time_rate: {
    kind: 'rate', denominatorWhere: DUE, denominator: '1', numerator: '(c.closed_at IS NOT NULL AND c.closed_on_time IS TRUE)::int',
    numeratorAgg: 'closed_on_time', denominatorAgg: 'due',
  },
  handled_on_time_rate: {
    kind: 'rate', denominatorWhere: 'c.handled_at IS NOT NULL', denominator: '1', numerator: '(c.handled_on_time IS TRUE)::int',
    numeratorAgg: 'handled_on_time', denominatorAgg: 'handled',
  },
  rework_rate: {
    kind: 'inverseRate', denominatorWhere: 'c.handled_at IS NOT NULL', denominator: '1', numerator: 'c.rework_count',
    numeratorAgg: 'reworks', denominatorAgg: 'handled',
  },
  dispatch_accuracy: {
    kind: 'rate', denominatorWhere: 'c.dispatch_count > 0', denominator: 'c.dispatch_count', numerator: 'c.dispatch_count - c.send_back_count',
    numeratorAgg: 'accurate_dispatches', denominatorAgg: 'dispatches',
  },
  registered_on_time_rate: {
    kind: 'rate', denominatorWhere: 'c.registered_at IS NOT NULL', denominator: '1', numerator: '(c.registered_on_time IS TRUE)::int',
    numeratorAgg: 'registered_on_time', denominatorAgg: 'registered',
  },
  avg_handle_hours: {
    kind: 'hours', denominatorWhere: TIMED, denominator: '1', numerator: 'extract(epoch FROM c.handled_at - c.dispatched_at)::float8 / 3600',
    numeratorAgg: 'handle_hours', denominatorAgg: 'timed',
  },
};

/** The column that names a case's unit at each level. */
export const LEVEL_KEY: Record<Level, string> = {
  street: 'c.street_code',
  grid: 'c.grid_code',
  department: 'c.handling_unit',
};

export interface Weight {
  weight: number;
  /** avg_handle_hours only: the mean that still scores 100. */
  target: number | null;
}

export const DEFAULT_TARGET_HOURS = 24;

/**
 * An indicator's 0–100 score, or null when it has no value.
 * - rates score their value (clamped to 0–100);
 * - 返工率 scores 100 − rate (0 once there are as many reworks as handled cases);
 * - 平均处置时长 scores 100 up to the target, then 100 × target / mean (48 h against a 24 h target: 50).
 */
export function scoreOf(indicator: Indicator, value: number | null, target: number | null): number | null {
  if (value === null) return null;
  const clamp = (n: number) => Math.max(0, Math.min(100, n));
  switch (INDICATOR_DEFS[indicator].kind) {
    case 'rate': return clamp(value);
    case 'inverseRate': return clamp(100 - value);
    case 'hours': {
      const t = target ?? DEFAULT_TARGET_HOURS;
      return value <= t ? 100 : clamp((100 * t) / value);
    }
  }
}

/** The value of an indicator from its sums: a percentage, or the mean in hours; null on a zero denominator. */
export function valueOf(indicator: Indicator, numerator: number, denominator: number): number | null {
  if (!denominator) return null;
  return INDICATOR_DEFS[indicator].kind === 'hours' ? numerator / denominator : (100 * numerator) / denominator;
}

/**
 * Σ weight × score / Σ weight over the indicators that have a score: an indicator without a value (zero
 * denominator) drops out and the others are reweighted. Null when no weighted indicator has a value.
 */
export function composite(scores: Partial<Record<Indicator, number | null>>, weights: Record<Indicator, Weight>): number | null {
  let sum = 0;
  let total = 0;
  for (const i of INDICATORS) {
    const s = scores[i];
    const w = weights[i]?.weight ?? 0;
    if (s === null || s === undefined || w <= 0) continue;
    sum += w * s;
    total += w;
  }
  return total > 0 ? sum / total : null;
}

/** Competition ranking ("1, 2, 2, 4") by composite, highest first; units without a composite come last, unranked. */
export function rankRows<T extends { composite: number | null; code: string }>(rows: T[]): Array<T & { rank: number | null }> {
  const sorted = [...rows].sort((a, b) => {
    if (a.composite === null || b.composite === null) {
      return a.composite === b.composite ? a.code.localeCompare(b.code) : a.composite === null ? 1 : -1;
    }
    return b.composite - a.composite || a.code.localeCompare(b.code);
  });
  let rank = 0;
  return sorted.map((r, i) => {
    if (r.composite === null) return { ...r, rank: null };
    if (i === 0 || Math.abs(sorted[i - 1]!.composite! - r.composite) > 1e-9) rank = i + 1;
    return { ...r, rank };
  });
}
