import type { TimeLimit, WorkingCalendar } from '../../platform/calendar/index.js';
import { WARN_FRACTION } from '../../platform/closed-loop/stage-clock.js';
import type { ClosedLoop } from '../../platform/closed-loop/closed-loop.js';
import type { StageClock } from '../../platform/closed-loop/work-item-repository.js';
import type { DeadlineSpec } from './directives-repository.js';

const WORKING: ReadonlySet<string> = new Set(['workMinute', 'workHour', 'workDay']);

export const isAbsolute = (d: DeadlineSpec): d is { at: string } => 'at' in d;

/**
 * A stage clock from `start`: a relative limit runs on the working-day calendar (yellow line at 75 % of the
 * working time); an absolute instant has its yellow line at 75 % of the time left (and is due now if already past).
 */
export function clockFor(loop: ClosedLoop, name: string, start: Date, spec: DeadlineSpec): StageClock {
  if (!isAbsolute(spec)) return loop.clock(name, start, spec);
  const deadlineAt = new Date(Math.max(new Date(spec.at).getTime(), start.getTime()));
  const warnAt = new Date(start.getTime() + (deadlineAt.getTime() - start.getTime()) * WARN_FRACTION);
  return { name, startedAt: start, warnAt, deadlineAt };
}

/** The instant a deadline falls on when counted from `start`. */
export function deadlineAt(loop: ClosedLoop, start: Date, spec: DeadlineSpec): Date {
  return clockFor(loop, 'x', start, spec).deadlineAt;
}

/**
 * The report stage as a time limit the closed loop can start at `now`, ending at the directive's report deadline:
 * in working minutes when the directive's limit was in working units (so the yellow line follows working time).
 */
export function limitUntil(calendar: WorkingCalendar, now: Date, deadline: Date, spec: DeadlineSpec): TimeLimit {
  if (deadline.getTime() <= now.getTime()) return { amount: 0, unit: 'minute' };
  if (!isAbsolute(spec) && WORKING.has(spec.unit)) {
    const minutes = calendar.workingMinutesBetween(now, deadline);
    if (minutes > 0) return { amount: minutes, unit: 'workMinute' };
  }
  return { amount: (deadline.getTime() - now.getTime()) / 60_000, unit: 'minute' };
}
