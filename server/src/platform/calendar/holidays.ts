import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What a Beijing calendar day is, for deadline purposes. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

export const MS_PER_DAY = 86_400_000;
/** China has used UTC+8 all year since 1991, so a fixed offset is exact. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Default location of the State Council holiday data, relative to this file. */
export const DEFAULT_HOLIDAY_DATA_URL = new URL(
  '../../../../data/calendar/cn-holidays.json',
  import.meta.url,
);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd')
  .refine((s) => epochDayToIso(isoToEpochDay(s)) === s, 'not a real calendar date');

const holidaySchema = z.object({
  name: z.string().min(1),
  nameEn: z.string().min(1),
  from: isoDate,
  to: isoDate,
  note: z.string().optional(),
});

const workdaySchema = z.object({
  date: isoDate,
  for: z.string().min(1),
});

const yearSchema = z.object({
  status: z.enum(['official', 'provisional']),
  notice: z.string().min(1).optional(),
  note: z.string().optional(),
  holidays: z.array(holidaySchema),
  workdays: z.array(workdaySchema),
});

export const holidayDataSchema = z.object({
  source: z.string().min(1),
  years: z.record(z.string().regex(/^\d{4}$/, 'year keys are four digits'), yearSchema),
});

export type HolidayData = z.infer<typeof holidayDataSchema>;
export type HolidayYear = z.infer<typeof yearSchema>;
export type HolidayRange = z.infer<typeof holidaySchema>;

/** Thrown for a day the data does not describe; guessing would silently give wrong deadlines. */
export class CalendarRangeError extends RangeError {
  override name = 'CalendarRangeError';
}

/** Thrown when the holiday data file is malformed or self-contradictory. */
export class HolidayDataError extends Error {
  override name = 'HolidayDataError';
}

// Numeric codes keep the per-day table a compact Uint8Array.
const KIND_CODES: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup-workday'];
const WORKDAY = 0;
const WEEKEND = 1;
const HOLIDAY = 2;
const MAKEUP = 3;

export function isoToEpochDay(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function epochDayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The Beijing calendar day containing an instant, as days since 1970-01-01. */
export function beijingEpochDay(instant: Date): number {
  return Math.floor((instant.getTime() + BEIJING_OFFSET_MS) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * Lookup of Chinese working days built from validated holiday data.
 * Dates may be Date instants (interpreted in Beijing time) or 'yyyy-mm-dd' strings.
 */
export class HolidayCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Epoch days (Beijing) of the first and last covered day, inclusive. */
  readonly firstEpochDay: number;
  readonly lastEpochDay: number;
  /** Every day inside an announced holiday range (may spill into an adjacent year, e.g. 2022-12-31). */
  readonly daysOff: ReadonlySet<string>;
  /** Weekend days announced as working days (调休上班). */
  readonly makeupWorkdays: ReadonlySet<string>;
  readonly provisionalYears: readonly number[];
  readonly data: HolidayData;
  private readonly kinds: Uint8Array;

  constructor(data: HolidayData) {
    this.data = data;
    const years = Object.keys(data.years).map(Number).sort((a, b) => a - b);
    if (years.length === 0) throw new HolidayDataError('holiday data lists no years');
    this.firstYear = years[0]!;
    this.lastYear = years[years.length - 1]!;
    // A gap year would be treated as having no holidays at all; refuse instead.
    for (let y = this.firstYear; y <= this.lastYear; y++) {
      if (!data.years[String(y)]) throw new HolidayDataError(`holiday data is missing year ${y}`);
    }
    this.provisionalYears = years.filter((y) => data.years[String(y)]!.status === 'provisional');

    const daysOff = new Set<string>();
    const makeup = new Set<string>();
    const holidayOf = new Map<string, string>();
    for (const y of years) {
      const entry = data.years[String(y)]!;
      const names = new Set(entry.holidays.map((h) => h.name));
      for (const h of entry.holidays) {
        const from = isoToEpochDay(h.from);
        const to = isoToEpochDay(h.to);
        if (to < from) throw new HolidayDataError(`${y} ${h.name}: range ends before it starts`);
        if (h.from.slice(0, 4) !== String(y) && h.to.slice(0, 4) !== String(y)) {
          throw new HolidayDataError(`${y} ${h.name}: range ${h.from}..${h.to} is not in ${y}`);
        }
        for (let d = from; d <= to; d++) {
          const iso = epochDayToIso(d);
          const clash = holidayOf.get(iso);
          if (clash) throw new HolidayDataError(`${iso} is in both ${clash} and ${y} ${h.name}`);
          holidayOf.set(iso, `${y} ${h.name}`);
          daysOff.add(iso);
        }
      }
      for (const w of entry.workdays) {
        if (w.date.slice(0, 4) !== String(y)) {
          throw new HolidayDataError(`${y}: make-up workday ${w.date} is filed under the wrong year`);
        }
        const wd = weekdayOfEpochDay(isoToEpochDay(w.date));
        if (wd !== 0 && wd !== 6) {
          throw new HolidayDataError(`${w.date} is listed as a make-up workday but is not a weekend day`);
        }
        if (!names.has(w.for)) {
          throw new HolidayDataError(`${w.date}: make-up workday is for unknown holiday "${w.for}"`);
        }
        if (makeup.has(w.date)) throw new HolidayDataError(`${w.date} is listed twice as a make-up workday`);
        makeup.add(w.date);
      }
    }
    for (const iso of makeup) {
      if (daysOff.has(iso)) throw new HolidayDataError(`${iso} is both a holiday and a make-up workday`);
    }
    this.daysOff = daysOff;
    this.makeupWorkdays = makeup;

    // Precompute one byte per covered day so hot paths never build date strings.
    this.firstEpochDay = Math.floor(Date.UTC(this.firstYear, 0, 1) / MS_PER_DAY);
    this.lastEpochDay = Math.floor(Date.UTC(this.lastYear, 11, 31) / MS_PER_DAY);
    this.kinds = new Uint8Array(this.lastEpochDay - this.firstEpochDay + 1);
    for (let d = this.firstEpochDay; d <= this.lastEpochDay; d++) {
      const iso = epochDayToIso(d);
      const wd = weekdayOfEpochDay(d);
      this.kinds[d - this.firstEpochDay] = daysOff.has(iso)
        ? HOLIDAY
        : makeup.has(iso)
          ? MAKEUP
          : wd === 0 || wd === 6
            ? WEEKEND
            : WORKDAY;
    }
  }

  isWorkingDay(date: Date | string): boolean {
    return this.isWorkingEpochDay(toEpochDay(date));
  }

  dayKind(date: Date | string): DayKind {
    return KIND_CODES[this.kindCode(toEpochDay(date))]!;
  }

  /** Name of the holiday a day falls in (e.g. '春节'), or undefined. */
  holidayName(date: Date | string): string | undefined {
    const day = toEpochDay(date);
    if (this.kindCode(day) !== HOLIDAY) return undefined;
    const iso = epochDayToIso(day);
    // Ranges may cross a year boundary (元旦 2023 began on 2022-12-31), so scan every year.
    for (const entry of Object.values(this.data.years)) {
      for (const h of entry.holidays) if (h.from <= iso && iso <= h.to) return h.name;
    }
    return undefined;
  }

  /** Hot-path variant taking a Beijing epoch day. */
  isWorkingEpochDay(day: number): boolean {
    const k = this.kindCode(day);
    return k === WORKDAY || k === MAKEUP;
  }

  covers(day: number): boolean {
    return day >= this.firstEpochDay && day <= this.lastEpochDay;
  }

  assertCovered(day: number): void {
    if (!this.covers(day)) {
      throw new CalendarRangeError(
        `${epochDayToIso(day)} is outside the holiday calendar (${this.firstYear}–${this.lastYear}); ` +
          `add that year's State Council notice to data/calendar/cn-holidays.json`,
      );
    }
  }

  private kindCode(day: number): number {
    this.assertCovered(day);
    return this.kinds[day - this.firstEpochDay]!;
  }
}

function toEpochDay(date: Date | string): number {
  if (typeof date === 'string') {
    const parsed = isoDate.safeParse(date);
    if (!parsed.success) throw new RangeError(`invalid date "${date}", expected yyyy-mm-dd`);
    return isoToEpochDay(date);
  }
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return beijingEpochDay(date);
}

/** Validates raw JSON (schema plus consistency checks) and builds the lookup. */
export function parseHolidayData(raw: unknown): HolidayCalendar {
  const parsed = holidayDataSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new HolidayDataError(`invalid holiday data:\n${lines.join('\n')}`);
  }
  return new HolidayCalendar(parsed.data);
}

export function loadHolidayCalendar(file: string | URL = DEFAULT_HOLIDAY_DATA_URL): HolidayCalendar {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HolidayDataError(`cannot read holiday data from ${String(file)}: ${(err as Error).message}`);
  }
  return parseHolidayData(raw);
}

let defaultCalendar: HolidayCalendar | undefined;

/** The bundled calendar, parsed once per process. */
export function defaultHolidayCalendar(): HolidayCalendar {
  defaultCalendar ??= loadHolidayCalendar();
  return defaultCalendar;
}
