import type { TimeLimit } from '../../platform/calendar/index.js';

export type Grade = 'ordinary' | 'major';

/**
 * The stage clocks of a finding, on the working-day calendar. Fire safety sets the pattern (DOMAIN §5): a
 * 限期改正 notice within 3 working days, re-inspection within 3 working days of the report, a 重大 finding
 * reported with its plan within 7 working days. The rectification deadline itself is the plan's.
 */
export const STAGE_LIMITS: {
  assign: TimeLimit;
  plan: Record<Grade, TimeLimit>;
  reinspect: TimeLimit;
  rework: { amount: number; unit: 'workDay' };
  closeOut: TimeLimit;
} = {
  assign: { amount: 1, unit: 'workDay' },
  plan: { ordinary: { amount: 3, unit: 'workDay' }, major: { amount: 7, unit: 'workDay' } },
  reinspect: { amount: 3, unit: 'workDay' },
  // A failed re-inspection without a new deadline: this much time to rework.
  rework: { amount: 5, unit: 'workDay' },
  closeOut: { amount: 2, unit: 'workDay' },
};
