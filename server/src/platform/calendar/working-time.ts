import {
  BEIJING_OFFSET_MS,
  CalendarRangeError,
  MS_PER_DAY,
  defaultHolidayCalendar,
  epochDayToIso,
} from './holidays.js';
import type { HolidayCalendar } from './holidays.js';

/** A daily working period in Beijing local time, 'HH:MM' (end may be '24:00'). */
export interface WorkPeriod {
  start: string;
  end: string;
}

export interface WorkingCalendarOptions {
  /** Only Beijing time is supported: it is a fixed UTC+8 with no DST. */
  timeZone?: 'Asia/Shanghai';
  workPeriods?: readonly WorkPeriod[];
  holidays?: HolidayCalendar;
}

export type TimeLimitUnit = 'workHour' | 'workDay' | 'hour' | 'minute' | 'workMinute';

/** A 处置时限 as configured on a case type, e.g. { amount: 4, unit: 'workHour' }. */
export interface TimeLimit {
  amount: number;
  unit: TimeLimitUnit;
}

export const DEFAULT_WORK_PERIODS: readonly WorkPeriod[] = Object.freeze([
  { start: '09:00', end: '12:00' },
  { start: '14:00', end: '18:00' },
]);

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/**
 * Working-time arithmetic over Chinese working days.
 *
 * Internally every instant is mapped to W(t) = working milliseconds elapsed since the start
 * of the holiday data; W is monotonic, so adding working time is "W(from) + n, then invert",
 * which is O(number of periods) per call regardless of the amount added.
 */
export class WorkingCalendar {
  readonly timeZone = 'Asia/Shanghai' as const;
  readonly workPeriods: readonly WorkPeriod[];
  readonly workingMinutesPerDay: number;
  readonly holidays: HolidayCalendar;

  private readonly starts: number[]; // period starts, ms after local midnight
  private readonly ends: number[];
  private readonly dailyMs: number;
  private readonly firstDay: number;
  private readonly working: Uint8Array; // per covered day: 1 if working
  private readonly workingBefore: Int32Array; // per covered day: working days strictly before it
  private readonly workingDays: Int32Array; // epoch days of all working days, ascending

  constructor(options: WorkingCalendarOptions = {}) {
    const tz = options.timeZone ?? 'Asia/Shanghai';
    if (tz !== 'Asia/Shanghai') throw new RangeError(`unsupported time zone "${String(tz)}"`);
    this.holidays = options.holidays ?? defaultHolidayCalendar();
    const periods = options.workPeriods ?? DEFAULT_WORK_PERIODS;
    if (periods.length === 0) throw new RangeError('workPeriods must not be empty');
    this.starts = [];
    this.ends = [];
    for (const p of periods) {
      const s = parseClock(p.start);
      const e = parseClock(p.end);
      if (e <= s) throw new RangeError(`work period ${p.start}-${p.end} ends before it starts`);
      const prevEnd = this.ends[this.ends.length - 1];
      if (prevEnd !== undefined && s < prevEnd) {
        throw new RangeError(`work period ${p.start}-${p.end} overlaps or is out of order`);
      }
      this.starts.push(s);
      this.ends.push(e);
    }
    this.workPeriods = Object.freeze(periods.map((p) => ({ start: p.start, end: p.end })));
    this.dailyMs = this.starts.reduce((sum, s, i) => sum + this.ends[i]! - s, 0);
    this.workingMinutesPerDay = this.dailyMs / MS_PER_MINUTE;

    const h = this.holidays;
    this.firstDay = h.firstEpochDay;
    const n = h.lastEpochDay - h.firstEpochDay + 1;
    this.working = new Uint8Array(n);
    this.workingBefore = new Int32Array(n + 1);
    const days: number[] = [];
    for (let i = 0; i < n; i++) {
      this.workingBefore[i] = days.length;
      if (h.isWorkingEpochDay(this.firstDay + i)) {
        this.working[i] = 1;
        days.push(this.firstDay + i);
      }
    }
    this.workingBefore[n] = days.length;
    this.workingDays = Int32Array.from(days);
  }

  /**
   * `minutes` of working time after `from`. Time outside work periods does not count, so a
   * start outside a period effectively begins at the next period start. A result landing
   * exactly on a period end stays there (Fri 17:00 + 60 → Fri 18:00, not Mon 09:00).
   * Zero returns `from` unchanged.
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    assertAmount(minutes, 'minutes');
    const t = instantMs(from);
    const base = this.workedUntil(t);
    const add = Math.round(minutes * MS_PER_MINUTE);
    return add === 0 ? new Date(t) : new Date(this.instantAtWorked(base + add));
  }

  addWorkingHours(from: Date, hours: number): Date {
    assertAmount(hours, 'hours');
    return this.addWorkingMinutes(from, hours * 60);
  }

  /**
   * `days` working days later at the same clock time.
   *
   * Rule: when `from` is within the working span of a working day (first period start ≤ time <
   * last period end, lunch break included), the result is the same Beijing clock time on the
   * N-th following working day (Fri 17:00 + 1 → Mon 17:00). Otherwise (non-working day,
   * before the first or from the last period end on) counting starts at the next working
   * period start and the result is the end of the N-th working day counted from there
   * (Sat 10:00 + 1 → Mon 18:00; Tue 07:00 + 1 → Tue 18:00).
   * Either way the working time granted is exactly N × workingMinutesPerDay.
   */
  addWorkingDays(from: Date, days: number): Date {
    assertAmount(days, 'days');
    if (!Number.isInteger(days)) {
      throw new RangeError(`days must be a whole number, got ${days}; use working hours for fractions`);
    }
    const t = instantMs(from);
    const local = t + BEIJING_OFFSET_MS;
    const day = Math.floor(local / MS_PER_DAY);
    const i = this.index(day);
    if (days === 0) return new Date(t);
    const clock = local - day * MS_PER_DAY;
    if (this.working[i] === 1 && clock >= this.starts[0]! && clock < this.ends[this.ends.length - 1]!) {
      const k = this.workingBefore[i]! + days;
      if (k >= this.workingDays.length) throw this.pastEnd();
      return new Date(this.workingDays[k]! * MS_PER_DAY + clock - BEIJING_OFFSET_MS);
    }
    return new Date(this.instantAtWorked(this.workedUntil(t) + days * this.dailyMs));
  }

  /**
   * Working minutes in [a, b); negative when b is before a. Fractional when the instants carry
   * seconds. Feeds the "time limit elapsed" percentage (yellow ≥ 75 %, red ≥ 100 %).
   */
  workingMinutesBetween(a: Date, b: Date): number {
    return (this.workedUntil(instantMs(b)) - this.workedUntil(instantMs(a))) / MS_PER_MINUTE;
  }

  addNaturalHours(from: Date, hours: number): Date {
    assertAmount(hours, 'hours');
    return new Date(instantMs(from) + Math.round(hours * MS_PER_HOUR));
  }

  addNaturalMinutes(from: Date, minutes: number): Date {
    assertAmount(minutes, 'minutes');
    return new Date(instantMs(from) + Math.round(minutes * MS_PER_MINUTE));
  }

  deadlineFor(from: Date, limit: TimeLimit): Date {
    switch (limit.unit) {
      case 'workMinute':
        return this.addWorkingMinutes(from, limit.amount);
      case 'workHour':
        return this.addWorkingHours(from, limit.amount);
      case 'workDay':
        return this.addWorkingDays(from, limit.amount);
      case 'hour':
        return this.addNaturalHours(from, limit.amount);
      case 'minute':
        return this.addNaturalMinutes(from, limit.amount);
      default: {
        const unit: never = limit.unit;
        throw new RangeError(`unknown time limit unit "${String(unit)}"`);
      }
    }
  }

  /** Working ms from the start of the covered range up to instant t. */
  private workedUntil(t: number): number {
    const local = t + BEIJING_OFFSET_MS;
    const day = Math.floor(local / MS_PER_DAY);
    const i = this.index(day);
    let worked = this.workingBefore[i]! * this.dailyMs;
    if (this.working[i] === 1) {
      const clock = local - day * MS_PER_DAY;
      for (let p = 0; p < this.starts.length; p++) {
        const s = this.starts[p]!;
        if (clock <= s) break;
        const e = this.ends[p]!;
        worked += (clock < e ? clock : e) - s;
      }
    }
    return worked;
  }

  /** Inverse of workedUntil for worked > 0, choosing the earliest instant (so period ends stick). */
  private instantAtWorked(worked: number): number {
    const k = Math.ceil(worked / this.dailyMs) - 1;
    if (k >= this.workingDays.length) throw this.pastEnd();
    let within = worked - k * this.dailyMs; // in (0, dailyMs]
    const dayStart = this.workingDays[k]! * MS_PER_DAY - BEIJING_OFFSET_MS;
    const last = this.starts.length - 1;
    for (let p = 0; p < last; p++) {
      const len = this.ends[p]! - this.starts[p]!;
      if (within <= len) return dayStart + this.starts[p]! + within;
      within -= len;
    }
    return dayStart + this.starts[last]! + within;
  }

  private index(day: number): number {
    const i = day - this.firstDay;
    if (i < 0 || i >= this.working.length) this.holidays.assertCovered(day);
    return i;
  }

  private pastEnd(): CalendarRangeError {
    return new CalendarRangeError(
      `deadline falls after ${epochDayToIso(this.firstDay + this.working.length - 1)}, the end of the ` +
        `holiday calendar; add the next year's State Council notice to data/calendar/cn-holidays.json`,
    );
  }
}

function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (!m || min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new RangeError(`invalid clock time "${hhmm}", expected HH:MM`);
  }
  return h * MS_PER_HOUR + min * MS_PER_MINUTE;
}

function assertAmount(n: number, what: string): void {
  if (!Number.isFinite(n) || n < 0) {
    throw new RangeError(`${what} must be a finite number ≥ 0, got ${n}`);
  }
}

function instantMs(d: Date): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return t;
}
