import type { TimeLimit } from '../../platform/calendar/index.js';
import type { ClosedLoop } from '../../platform/closed-loop/closed-loop.js';
import type { StageClock } from '../../platform/closed-loop/work-item-repository.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import { MILESTONE_STAGE } from './task-machines.js';

/** A milestone's due date as given: an instant, or a span from now (working days follow the holiday calendar). */
export type DueSpec = { at: string } | { amount: number; unit: 'workDay' | 'day' };

const MAX_AHEAD_MS = 5 * 366 * 86_400_000;

/** The time limit the closed loop runs from `now` to the due instant. */
export function dueLimit(spec: DueSpec, now: Date): TimeLimit {
  if ('at' in spec) return { amount: (new Date(spec.at).getTime() - now.getTime()) / 60_000, unit: 'minute' };
  return spec.unit === 'workDay' ? { amount: spec.amount, unit: 'workDay' } : { amount: spec.amount * 24, unit: 'hour' };
}

/**
 * The milestone's clock from `now`: the red line at the due instant, the yellow line at 75 % of the span (of the
 * working time when given in working days). A due instant must lie ahead (at most five years); a span past the
 * holiday calendar's years is refused like bad input.
 */
export function dueClock(loop: ClosedLoop, spec: DueSpec, now: Date, field: string, locale: Locale): { limit: TimeLimit; clock: StageClock } {
  const bad = (key: string) => new AppError('VALIDATION_FAILED', {}, [{ field, code: key, message: t(locale, `responsibility.fields.${key}`) }]);
  const limit = dueLimit(spec, now);
  if (limit.amount <= 0) throw bad('duePast');
  let clock: StageClock;
  try {
    clock = loop.clock(MILESTONE_STAGE, now, limit);
  } catch (err) {
    if (err instanceof RangeError) throw bad('dueOutOfCalendar');
    throw err;
  }
  if (clock.deadlineAt.getTime() - now.getTime() > MAX_AHEAD_MS) throw bad('dueTooFar');
  return { limit, clock };
}
