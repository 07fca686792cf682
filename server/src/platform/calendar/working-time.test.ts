import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarRangeError, createWorkingCalendar, WorkingCalendar } from './index.js';
import type { TimeLimit } from './index.js';

/** Instant from Beijing wall-clock time, independent of the test machine's TZ. */
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
/** Beijing wall-clock 'yyyy-mm-dd HH:MM' of an instant. */
const fmt = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const cal = createWorkingCalendar();
const addH = (from: string, hours: number) => fmt(cal.addWorkingHours(bj(from), hours));
const addD = (from: string, days: number) => fmt(cal.addWorkingDays(bj(from), days));

describe('addWorkingMinutes / addWorkingHours', () => {
  it('stays within a period and crosses the lunch break', () => {
    expect(addH('2024-03-12 09:30', 2)).toBe('2024-03-12 11:30');
    expect(addH('2024-03-12 11:00', 2)).toBe('2024-03-12 15:00');
    expect(addH('2024-03-12 12:30', 1)).toBe('2024-03-12 15:00'); // starts in lunch → 14:00
    expect(fmt(cal.addWorkingMinutes(bj('2024-03-12 11:59'), 2))).toBe('2024-03-12 14:01');
  });

  it('moves a start outside work periods to the next period start', () => {
    expect(addH('2024-03-12 07:00', 1)).toBe('2024-03-12 10:00');
    expect(addH('2024-03-12 19:00', 1)).toBe('2024-03-13 10:00');
    expect(addH('2024-03-16 10:00', 1)).toBe('2024-03-18 10:00'); // Saturday → Monday
  });

  it('keeps a deadline that falls exactly on a period end there', () => {
    expect(addH('2024-03-15 17:00', 1)).toBe('2024-03-15 18:00'); // Friday, not Monday 09:00
    expect(addH('2024-03-12 09:00', 3)).toBe('2024-03-12 12:00');
    expect(addH('2024-03-12 09:00', 7)).toBe('2024-03-12 18:00');
    expect(addH('2024-03-15 17:00', 1.5)).toBe('2024-03-18 09:30');
  });

  it('Spring Festival 2024: 4 work hours from the afternoon before lands on the make-up Sunday', () => {
    // Fri 9 Feb (除夕, still a workday) 16:00: 2 h that day, holiday 10–17 Feb, Sun 18 Feb works.
    expect(addH('2024-02-09 16:00', 4)).toBe('2024-02-18 11:00');
    // Make-up Sunday 4 Feb counts too.
    expect(addH('2024-02-03 10:00', 4)).toBe('2024-02-04 15:00');
  });

  it('Spring Festival 2025: lands after the 8-day holiday', () => {
    expect(addH('2025-01-27 15:00', 4)).toBe('2025-02-05 10:00');
    expect(addH('2025-01-25 10:00', 4)).toBe('2025-01-26 15:00'); // Sat → make-up Sun 26 Jan
    expect(addH('2025-02-07 17:00', 2)).toBe('2025-02-08 10:00'); // make-up Sat 8 Feb
  });

  it('Spring Festival 2026: make-up Saturday before, 9-day holiday', () => {
    expect(addH('2026-02-13 16:00', 4)).toBe('2026-02-14 11:00');
    expect(addH('2026-02-14 16:00', 4)).toBe('2026-02-24 11:00');
  });

  it('National Day 2024 and 2025 with their make-up weekend days', () => {
    expect(addH('2024-09-30 17:00', 2)).toBe('2024-10-08 10:00');
    expect(addH('2024-09-28 10:00', 1)).toBe('2024-09-29 10:00'); // Sat → make-up Sun 29 Sep
    expect(addH('2025-09-30 15:00', 4)).toBe('2025-10-09 10:00');
    expect(addH('2025-10-10 17:00', 1.5)).toBe('2025-10-11 09:30'); // make-up Sat 11 Oct
  });

  it('returns the start unchanged for zero and throws RangeError for negative or non-finite input', () => {
    const t = bj('2024-03-16 10:00'); // even on a weekend
    expect(cal.addWorkingMinutes(t, 0).getTime()).toBe(t.getTime());
    expect(() => cal.addWorkingMinutes(t, -1)).toThrow(RangeError);
    expect(() => cal.addWorkingHours(t, -0.5)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(t, Number.NaN)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(t, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(new Date(NaN), 1)).toThrow(RangeError);
  });

  it('throws CalendarRangeError when the start or the deadline leaves the covered years', () => {
    expect(() => cal.addWorkingHours(bj('2022-12-30 10:00'), 1)).toThrow(CalendarRangeError);
    expect(() => cal.addWorkingHours(bj('2028-01-03 10:00'), 1)).toThrow(CalendarRangeError);
    expect(() => cal.addWorkingDays(bj('2027-12-30 10:00'), 5)).toThrow(/end of the holiday calendar/);
    expect(addH('2027-12-31 17:00', 1)).toBe('2027-12-31 18:00');
  });
});

describe('addWorkingDays', () => {
  it('1 working day from a Friday 17:00 is Monday 17:00', () => {
    expect(addD('2024-03-15 17:00', 1)).toBe('2024-03-18 17:00');
  });

  it('keeps the clock time inside working hours, lunch break included', () => {
    expect(addD('2024-03-12 10:00', 3)).toBe('2024-03-15 10:00');
    expect(addD('2024-03-12 12:30', 1)).toBe('2024-03-13 12:30');
    expect(addD('2024-03-15 09:00', 1)).toBe('2024-03-18 09:00');
  });

  it('outside working hours counts from the next working day start, ending at close of business', () => {
    expect(addD('2024-03-16 10:00', 1)).toBe('2024-03-18 18:00'); // Saturday
    expect(addD('2024-03-12 07:00', 1)).toBe('2024-03-12 18:00'); // before hours: today counts
    expect(addD('2024-03-12 18:00', 1)).toBe('2024-03-13 18:00'); // at close
    expect(addD('2024-03-12 20:00', 2)).toBe('2024-03-14 18:00');
  });

  it('skips holidays and counts make-up days (Spring Festival, National Day)', () => {
    expect(addD('2024-02-09 15:00', 1)).toBe('2024-02-18 15:00');
    expect(addD('2025-01-24 10:00', 1)).toBe('2025-01-26 10:00');
    expect(addD('2025-01-27 10:00', 1)).toBe('2025-02-05 10:00');
    expect(addD('2026-02-13 10:00', 1)).toBe('2026-02-14 10:00');
    expect(addD('2026-02-13 10:00', 2)).toBe('2026-02-24 10:00');
    expect(addD('2024-09-27 10:00', 1)).toBe('2024-09-29 10:00');
    expect(addD('2024-10-11 10:00', 1)).toBe('2024-10-12 10:00');
    expect(addD('2025-09-30 15:00', 1)).toBe('2025-10-09 15:00');
    expect(addD('2025-10-01 10:00', 1)).toBe('2025-10-09 18:00'); // starts on the holiday
  });

  it('grants exactly N working days of time', () => {
    for (const from of ['2024-03-12 10:00', '2024-03-12 12:30', '2024-03-16 10:00', '2024-02-09 15:00']) {
      const due = cal.addWorkingDays(bj(from), 3);
      expect(cal.workingMinutesBetween(bj(from), due)).toBe(3 * cal.workingMinutesPerDay);
    }
  });

  it('returns the start for zero and rejects negative or fractional days', () => {
    const t = bj('2024-03-16 10:00');
    expect(cal.addWorkingDays(t, 0).getTime()).toBe(t.getTime());
    expect(() => cal.addWorkingDays(t, -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(t, 1.5)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only work periods of working days', () => {
    expect(cal.workingMinutesBetween(bj('2024-03-12 09:00'), bj('2024-03-12 18:00'))).toBe(420);
    expect(cal.workingMinutesBetween(bj('2024-03-12 11:00'), bj('2024-03-12 15:00'))).toBe(120);
    expect(cal.workingMinutesBetween(bj('2024-03-15 17:00'), bj('2024-03-18 10:00'))).toBe(120);
    expect(cal.workingMinutesBetween(bj('2024-02-09 16:00'), bj('2024-02-18 11:00'))).toBe(240);
    expect(cal.workingMinutesBetween(bj('2024-03-16 08:00'), bj('2024-03-17 20:00'))).toBe(0);
  });

  it('is negative when the end is before the start', () => {
    expect(cal.workingMinutesBetween(bj('2024-03-12 15:00'), bj('2024-03-12 11:00'))).toBe(-120);
  });

  it('gives the elapsed fraction of a limit (yellow at 75 %, red at 100 %)', () => {
    const from = bj('2024-02-09 16:00');
    const limit = 4 * 60;
    const at = (now: string) => cal.workingMinutesBetween(from, bj(now)) / limit;
    expect(at('2024-02-12 12:00')).toBe(0.5); // holiday does not count
    expect(at('2024-02-18 10:00')).toBe(0.75);
    expect(at('2024-02-18 11:00')).toBe(1);
  });
});

describe('round trips (property)', () => {
  const start = bj('2023-01-01 00:00').getTime();
  const end = bj('2027-06-30 00:00').getTime(); // leave room for the deadline inside 2027
  const instant = fc.integer({ min: start, max: end }).map((t) => new Date(t));

  it('workingMinutesBetween(a, addWorkingMinutes(a, m)) === m', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 420 }), (a, m) => {
        expect(cal.workingMinutesBetween(a, cal.addWorkingMinutes(a, m))).toBe(m);
      }),
      { numRuns: 5000 },
    );
  });

  it('addWorkingMinutes(a, between(a, b)) is b or the last working moment before b', () => {
    fc.assert(
      fc.property(instant, instant, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const due = cal.addWorkingMinutes(a, cal.workingMinutesBetween(a, b));
        expect(due.getTime()).toBeLessThanOrEqual(b.getTime());
        expect(cal.workingMinutesBetween(due, b)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('addWorkingDays grants N × daily minutes and deadlines are monotonic', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2000 }), (a, n, m) => {
        expect(cal.workingMinutesBetween(a, cal.addWorkingDays(a, n))).toBe(n * 420);
        const d1 = cal.addWorkingMinutes(a, m).getTime();
        const d2 = cal.addWorkingMinutes(a, m + 1).getTime();
        expect(d2).toBeGreaterThan(d1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('deadlineFor and natural time', () => {
  const from = bj('2024-02-09 16:00');
  const cases: Array<[TimeLimit, string]> = [
    [{ amount: 4, unit: 'workHour' }, '2024-02-18 11:00'],
    [{ amount: 90, unit: 'workMinute' }, '2024-02-09 17:30'],
    [{ amount: 1, unit: 'workDay' }, '2024-02-18 16:00'],
    [{ amount: 24, unit: 'hour' }, '2024-02-10 16:00'],
    [{ amount: 30, unit: 'minute' }, '2024-02-09 16:30'],
  ];
  it.each(cases)('%o', (limit, expected) => {
    expect(fmt(cal.deadlineFor(from, limit))).toBe(expected);
  });

  it('natural helpers reject negative amounts', () => {
    expect(() => cal.addNaturalHours(from, -1)).toThrow(RangeError);
    expect(() => cal.deadlineFor(from, { amount: -1, unit: 'minute' })).toThrow(RangeError);
    expect(fmt(cal.addNaturalHours(from, 0.5))).toBe('2024-02-09 16:30');
  });
});

describe('configuration', () => {
  it('supports custom work periods', () => {
    const summer = new WorkingCalendar({
      workPeriods: [
        { start: '08:30', end: '12:00' },
        { start: '15:00', end: '18:00' },
      ],
    });
    expect(summer.workingMinutesPerDay).toBe(390);
    expect(fmt(summer.addWorkingHours(bj('2024-03-12 11:00'), 2))).toBe('2024-03-12 16:00');
    expect(fmt(summer.addWorkingHours(bj('2024-03-12 07:00'), 1))).toBe('2024-03-12 09:30');
  });

  it('rejects invalid periods and other time zones', () => {
    expect(() => new WorkingCalendar({ workPeriods: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ workPeriods: [{ start: '12:00', end: '09:00' }] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ workPeriods: [{ start: '9:00', end: '12:00' }] })).toThrow(RangeError);
    expect(
      () =>
        new WorkingCalendar({
          workPeriods: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '18:00' },
          ],
        }),
    ).toThrow(/overlaps/);
    expect(() => new WorkingCalendar({ timeZone: 'UTC' as 'Asia/Shanghai' })).toThrow(RangeError);
  });
});

describe('performance', () => {
  it('does not loop per minute or per day (large limits stay fast)', () => {
    const t0 = performance.now();
    const base = bj('2023-02-01 10:00').getTime();
    let sink = 0;
    for (let i = 0; i < 100_000; i++) {
      // ~300 working days each: a minute-by-minute loop would take minutes here.
      sink += cal.addWorkingMinutes(new Date(base + i * 37_000), 300 * 420).getTime() & 1;
    }
    expect(sink).toBeGreaterThanOrEqual(0);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
