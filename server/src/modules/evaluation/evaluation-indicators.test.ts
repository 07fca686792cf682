import { describe, expect, it } from 'vitest';
import { INDICATORS, composite, rankRows, scoreOf, valueOf, type Indicator, type Weight } from './evaluation-indicators.js';

const weights = (w: Partial<Record<Indicator, number>>, target: number | null = 24) =>
  Object.fromEntries(INDICATORS.map((i) => [i, { weight: w[i] ?? 0, target: i === 'avg_handle_hours' ? target : null }])) as Record<Indicator, Weight>;

describe('evaluation indicators', () => {
  it('gives null on a zero denominator, percentages for rates and means for hours', () => {
    expect(valueOf('closed_rate', 0, 0)).toBeNull();
    expect(valueOf('closed_rate', 1, 4)).toBe(25);
    expect(valueOf('avg_handle_hours', 21, 4)).toBe(5.25);
  });

  it('scores rates as they are, rework inversely (floored at 0), hours against the target', () => {
    expect(scoreOf('closed_rate', 80, null)).toBe(80);
    expect(scoreOf('rework_rate', 25, null)).toBe(75);
    expect(scoreOf('rework_rate', 150, null)).toBe(0);
    expect(scoreOf('avg_handle_hours', 24, 24)).toBe(100);
    expect(scoreOf('avg_handle_hours', 48, 24)).toBe(50);
    expect(scoreOf('avg_handle_hours', 10, null)).toBe(100);
    expect(scoreOf('closed_rate', null, null)).toBeNull();
  });

  it('reweights over the indicators that have a score; null when none is weighted', () => {
    const w = weights({ closed_rate: 20, rework_rate: 10, avg_handle_hours: 10 });
    expect(composite({ closed_rate: 50, rework_rate: null, avg_handle_hours: 100 }, w)).toBeCloseTo((20 * 50 + 10 * 100) / 30);
    expect(composite({ rework_rate: null, dispatch_accuracy: 100 }, w)).toBeNull();
  });

  it('ranks by composite with shared ranks for ties and unranked units last', () => {
    const ranked = rankRows([
      { code: 'c', composite: 70 }, { code: 'a', composite: null }, { code: 'b', composite: 90 }, { code: 'd', composite: 70 }, { code: 'e', composite: 10 },
    ]);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([['b', 1], ['c', 2], ['d', 2], ['e', 4], ['a', null]]);
  });
});
