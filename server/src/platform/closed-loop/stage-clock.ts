import type { TimeLimit, WorkingCalendar } from '../calendar/index.js';
import type { StageClock } from './work-item-repository.js';

const WORKING_UNITS = new Set<TimeLimit['unit']>(['workMinute', 'workHour', 'workDay']);
export const WARN_FRACTION = 0.75;

/** Starts a stage's clock: the deadline on the working-day calendar and the yellow line at 75 % of it. */
export function startClock(calendar: WorkingCalendar, name: string, startedAt: Date, limit: TimeLimit): StageClock {
  const deadlineAt = calendar.deadlineFor(startedAt, limit);
  let warnAt: Date;
  if (WORKING_UNITS.has(limit.unit)) {
    const total = calendar.workingMinutesBetween(startedAt, deadlineAt);
    warnAt = calendar.addWorkingMinutes(startedAt, total * WARN_FRACTION);
  } else {
    warnAt = new Date(startedAt.getTime() + (deadlineAt.getTime() - startedAt.getTime()) * WARN_FRACTION);
  }
  return { name, startedAt, warnAt, deadlineAt };
}

/** Share of the limit used so far, in the limit's own kind of time (1 = due). */
export function elapsedShare(calendar: WorkingCalendar, clock: StageClock, limit: TimeLimit, now: Date): number {
  if (WORKING_UNITS.has(limit.unit)) {
    const total = calendar.workingMinutesBetween(clock.startedAt, clock.deadlineAt);
    return total <= 0 ? 1 : calendar.workingMinutesBetween(clock.startedAt, now) / total;
  }
  const total = clock.deadlineAt.getTime() - clock.startedAt.getTime();
  return total <= 0 ? 1 : (now.getTime() - clock.startedAt.getTime()) / total;
}
