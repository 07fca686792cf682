import { WorkingCalendar } from './working-time.js';
import type { WorkingCalendarOptions } from './working-time.js';

export {
  BEIJING_OFFSET_MS,
  CalendarRangeError,
  DEFAULT_HOLIDAY_DATA_URL,
  HolidayCalendar,
  HolidayDataError,
  beijingEpochDay,
  defaultHolidayCalendar,
  holidayDataSchema,
  loadHolidayCalendar,
  parseHolidayData,
} from './holidays.js';
export type { DayKind, HolidayData, HolidayRange, HolidayYear } from './holidays.js';
export { DEFAULT_WORK_PERIODS, WorkingCalendar } from './working-time.js';
export type { TimeLimit, TimeLimitUnit, WorkPeriod, WorkingCalendarOptions } from './working-time.js';

/**
 * A calendar over the bundled State Council data and the 09:00–12:00 / 14:00–18:00 day.
 * Construction precomputes per-day tables, so create one per configuration and reuse it.
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  return new WorkingCalendar(options);
}
