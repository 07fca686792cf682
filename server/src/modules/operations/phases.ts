// The three phases of an operation (前期/中期/后期), contiguous over its period, and the instants tasks are due.

export const PHASES = ['before', 'during', 'after'] as const;
export type Phase = (typeof PHASES)[number];

export interface OperationPeriod {
  startsAt: Date;
  duringStartsAt: Date;
  duringEndsAt: Date;
  endsAt: Date;
}

export interface Window {
  startsAt: Date;
  endsAt: Date;
}

export function phaseWindows(p: OperationPeriod): Record<Phase, Window> {
  return {
    before: { startsAt: p.startsAt, endsAt: p.duringStartsAt },
    during: { startsAt: p.duringStartsAt, endsAt: p.duringEndsAt },
    after: { startsAt: p.duringEndsAt, endsAt: p.endsAt },
  };
}

/** The phase running at `at`; before the period 'before', after it null (the operation is over). */
export function phaseAt(p: OperationPeriod, at: Date): Phase | null {
  const t = at.getTime();
  if (t < p.duringStartsAt.getTime()) return 'before';
  if (t < p.duringEndsAt.getTime()) return 'during';
  if (t < p.endsAt.getTime()) return 'after';
  return null;
}

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

/** 00:00 Beijing time of a calendar day 'YYYY-MM-DD'. */
export function beijingMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - BEIJING);
}

/** A template's phase offsets (hours from the anchor day's 00:00 Beijing time) made into a period. */
export function periodFromOffsets(anchorDay: string, o: { before: number; duringStart: number; duringEnd: number; afterEnd: number }): OperationPeriod {
  const base = beijingMidnight(anchorDay).getTime();
  const at = (h: number) => new Date(base + h * HOUR);
  return { startsAt: at(o.before), duringStartsAt: at(o.duringStart), duringEndsAt: at(o.duringEnd), endsAt: at(o.afterEnd) };
}

export interface DueRule {
  dueBeforePhaseEndHours?: number;
  dueAfterPhaseStartHours?: number;
}

/** When a template task falls due: its phase's end, some hours before it, or some hours after the phase starts (kept inside the phase). */
export function dueInPhase(w: Window, rule: DueRule): Date {
  const start = w.startsAt.getTime();
  const end = w.endsAt.getTime();
  let at = end;
  if (rule.dueAfterPhaseStartHours !== undefined) at = start + rule.dueAfterPhaseStartHours * HOUR;
  else if (rule.dueBeforePhaseEndHours !== undefined) at = end - rule.dueBeforePhaseEndHours * HOUR;
  return new Date(Math.min(end, Math.max(start, at)));
}

export const WARN_SHARE = 0.75;

/**
 * A task's clock: it starts when its phase starts (or now, if later) and is due at `deadline`; the yellow line at
 * 75 % between. A deadline already behind the start is due at once (the next sweep marks it).
 */
export function taskClock(now: Date, phaseStart: Date | null, deadline: Date): { startedAt: Date; warnAt: Date; deadlineAt: Date } {
  const startedAt = new Date(Math.max(now.getTime(), phaseStart?.getTime() ?? 0));
  const span = deadline.getTime() - startedAt.getTime();
  const warnAt = span > 0 ? new Date(startedAt.getTime() + span * WARN_SHARE) : deadline;
  return { startedAt, warnAt, deadlineAt: deadline };
}
