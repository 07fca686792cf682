import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CalendarRangeError,
  DEFAULT_HOLIDAY_DATA_URL,
  HolidayDataError,
  defaultHolidayCalendar,
  parseHolidayData,
} from './holidays.js';
import type { HolidayData } from './holidays.js';

// Read the file independently of the loader so the sanity checks do not trust the code under test.
const raw = JSON.parse(readFileSync(DEFAULT_HOLIDAY_DATA_URL, 'utf8')) as HolidayData;
const DAY = 86_400_000;
const utcDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const length = (h: { from: string; to: string }) => utcDay(h.to) - utcDay(h.from) + 1;
const find = (year: string, name: string) => raw.years[year]!.holidays.find((h) => h.name === name)!;
const cloneData = (): HolidayData => JSON.parse(JSON.stringify(raw)) as HolidayData;

describe('cn-holidays.json sanity', () => {
  it('covers every year 2023–2027, official notices for 2023–2026 and a provisional 2027', () => {
    expect(Object.keys(raw.years).sort()).toEqual(['2023', '2024', '2025', '2026', '2027']);
    expect(raw.years['2023']!.notice).toBe('国办发明电〔2022〕16号');
    expect(raw.years['2024']!.notice).toBe('国办发明电〔2023〕7号');
    expect(raw.years['2025']!.notice).toBe('国办发明电〔2024〕12号');
    expect(raw.years['2026']!.notice).toBe('国办发明电〔2025〕7号');
    for (const y of ['2023', '2024', '2025', '2026']) expect(raw.years[y]!.status).toBe('official');
    expect(raw.years['2027']!.status).toBe('provisional');
    expect(raw.years['2027']!.note).toMatch(/replace/i);
  });

  it('lists only Saturdays and Sundays as make-up workdays', () => {
    for (const entry of Object.values(raw.years)) {
      for (const w of entry.workdays) expect([0, 6], w.date).toContain(weekday(w.date));
    }
  });

  it('has well-formed holiday ranges that never overlap, and no make-up day inside one', () => {
    const ranges = Object.values(raw.years)
      .flatMap((e) => e.holidays)
      .sort((a, b) => a.from.localeCompare(b.from));
    for (const r of ranges) expect(r.from <= r.to, `${r.name} ${r.from}`).toBe(true);
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i - 1]!.to < ranges[i]!.from, `${ranges[i - 1]!.from} vs ${ranges[i]!.from}`).toBe(true);
    }
    const makeup = Object.values(raw.years).flatMap((e) => e.workdays.map((w) => w.date));
    for (const d of makeup) {
      expect(ranges.some((r) => r.from <= d && d <= r.to), d).toBe(false);
    }
  });

  it('matches the announced lengths (2025 added a day to Spring Festival and Labour Day)', () => {
    expect(length(find('2023', '春节'))).toBe(7);
    expect(length(find('2024', '春节'))).toBe(8);
    expect(length(find('2025', '春节'))).toBe(8);
    expect(length(find('2025', '劳动节'))).toBe(5);
    expect(length(find('2025', '国庆节、中秋节'))).toBe(8);
    expect(length(find('2026', '春节'))).toBe(9);
    expect(length(find('2026', '国庆节'))).toBe(7);
    expect(length(find('2027', '春节'))).toBe(8);
  });

  it('starts the provisional 2027 Spring Festival on 除夕 and keeps Wednesday festivals to one day', () => {
    expect(find('2027', '春节').from).toBe('2027-02-05');
    expect(weekday('2027-06-09')).toBe(3);
    expect(length(find('2027', '端午节'))).toBe(1);
    expect(length(find('2027', '中秋节'))).toBe(1);
  });
});

describe('HolidayCalendar', () => {
  const cal = defaultHolidayCalendar();

  it('reports the covered year range', () => {
    expect(cal.firstYear).toBe(2023);
    expect(cal.lastYear).toBe(2027);
    expect(cal.provisionalYears).toEqual([2027]);
  });

  it('classifies days around Spring Festival 2024', () => {
    expect(cal.dayKind('2024-02-03')).toBe('weekend');
    expect(cal.dayKind('2024-02-04')).toBe('makeup-workday'); // Sunday
    expect(cal.dayKind('2024-02-09')).toBe('workday'); // 除夕 was not a holiday in 2024
    expect(cal.dayKind('2024-02-10')).toBe('holiday');
    expect(cal.dayKind('2024-02-17')).toBe('holiday');
    expect(cal.dayKind('2024-02-18')).toBe('makeup-workday');
    expect(cal.dayKind('2024-02-19')).toBe('workday');
    expect(cal.isWorkingDay('2024-02-04')).toBe(true);
    expect(cal.isWorkingDay('2024-02-12')).toBe(false);
  });

  it('makes 除夕 and 5月2日 holidays from 2025', () => {
    expect(cal.dayKind('2025-01-28')).toBe('holiday');
    expect(cal.dayKind('2025-05-02')).toBe('holiday');
    expect(cal.dayKind('2025-01-26')).toBe('makeup-workday');
    expect(cal.dayKind('2025-02-08')).toBe('makeup-workday');
  });

  it('classifies National Day 2024/2025 and the 2026 New Year make-up Sunday', () => {
    expect(cal.dayKind('2024-09-29')).toBe('makeup-workday');
    expect(cal.dayKind('2024-10-07')).toBe('holiday');
    expect(cal.dayKind('2024-10-12')).toBe('makeup-workday');
    expect(cal.dayKind('2025-10-08')).toBe('holiday');
    expect(cal.dayKind('2025-10-11')).toBe('makeup-workday');
    expect(cal.dayKind('2026-01-04')).toBe('makeup-workday');
  });

  it('reads Date instants as Beijing calendar days', () => {
    // 16:30 UTC on 9 Feb is 00:30 on 10 Feb in Beijing: first day of the 2024 holiday.
    expect(cal.dayKind(new Date('2024-02-09T16:30:00Z'))).toBe('holiday');
    expect(cal.dayKind(new Date('2024-02-09T15:59:59Z'))).toBe('workday');
  });

  it('names the holiday, including ranges that start in the previous year', () => {
    expect(cal.holidayName('2025-01-30')).toBe('春节');
    expect(cal.holidayName('2023-12-30')).toBe('元旦');
    expect(cal.holidayName('2025-01-29')).toBe('春节');
    expect(cal.holidayName('2025-02-05')).toBeUndefined();
  });

  it('throws a clear error outside the covered years', () => {
    expect(() => cal.dayKind('2022-12-30')).toThrow(CalendarRangeError);
    expect(() => cal.isWorkingDay('2022-12-31')).toThrow(/outside the holiday calendar \(2023–2027\)/);
    expect(() => cal.isWorkingDay('2028-01-03')).toThrow(CalendarRangeError);
    expect(() => cal.isWorkingDay(new Date('2027-12-31T16:00:00Z'))).toThrow(CalendarRangeError);
    expect(cal.isWorkingDay(new Date('2027-12-31T15:59:59Z'))).toBe(true);
  });

  it('rejects malformed date inputs', () => {
    expect(() => cal.dayKind('2024-2-4')).toThrow(RangeError);
    expect(() => cal.dayKind('2024-02-30')).toThrow(RangeError);
    expect(() => cal.dayKind(new Date(NaN))).toThrow(RangeError);
  });
});

describe('parseHolidayData validation', () => {
  it('accepts the bundled data', () => {
    expect(() => parseHolidayData(raw)).not.toThrow();
  });

  it('rejects a make-up workday that is not a weekend day', () => {
    const d = cloneData();
    d.years['2024']!.workdays.push({ date: '2024-02-05', for: '春节' });
    expect(() => parseHolidayData(d)).toThrow(/not a weekend day/);
  });

  it('rejects overlapping holiday ranges, even across years', () => {
    const d = cloneData();
    d.years['2023']!.holidays.push({ name: '测试', nameEn: 'Test', from: '2023-12-31', to: '2023-12-31' });
    expect(() => parseHolidayData(d)).toThrow(HolidayDataError);
  });

  it('rejects a gap in the covered years', () => {
    const d = cloneData();
    delete d.years['2025'];
    expect(() => parseHolidayData(d)).toThrow(/missing year 2025/);
  });

  it('rejects impossible dates and unknown holiday references', () => {
    const bad = cloneData();
    bad.years['2024']!.holidays[0]!.to = '2024-02-30';
    expect(() => parseHolidayData(bad)).toThrow(/not a real calendar date/);
    const unknown = cloneData();
    unknown.years['2024']!.workdays[0]!.for = '圣诞节';
    expect(() => parseHolidayData(unknown)).toThrow(/unknown holiday/);
  });
});
