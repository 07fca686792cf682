// The forecast: a straight line fitted (least squares) through the last 15 minutes of occupancy, extended 15 and
// 30 minutes. Simple enough to explain on the big screen ("at the last quarter hour's pace"), exact on a steady
// build-up, and its error is measured against what happened rather than assumed.

export const FIT_MINUTES = 15;
/** No forecast before the zone has this many minutes of data: a line through two noisy points is not a trend. */
export const MIN_FIT_MINUTES = 5;
/** The error shown is the mean absolute error over the forecasts whose time came in the last hour. */
export const ERROR_WINDOW_MINUTES = 60;

/** Occupancy at each of the last `FIT_MINUTES` minutes (oldest first, one value per minute) → the fitted line. */
export function fitTrend(values: readonly number[]): { slope: number; intercept: number } {
  const n = values.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  if (n === 1) return { slope: 0, intercept: values[0]! };
  const meanX = (n - 1) / 2;
  let meanY = 0;
  for (const v of values) meanY += v;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - meanX) * (values[i]! - meanY);
    sxx += (i - meanX) * (i - meanX);
  }
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/** The persons expected `minutesAhead` after the last value (never below zero). */
export function project(values: readonly number[], minutesAhead: number): number {
  const { slope, intercept } = fitTrend(values);
  return Math.max(0, Math.round(intercept + slope * (values.length - 1 + minutesAhead)));
}

/** Mean absolute error of (forecast, actual) pairs; null without any pair. */
export function meanAbsoluteError(pairs: ReadonlyArray<readonly [number, number]>): number | null {
  if (pairs.length === 0) return null;
  let sum = 0;
  for (const [f, a] of pairs) sum += Math.abs(f - a);
  return sum / pairs.length;
}
