// The screen shows Beijing time whatever the browser's zone (the platform counts days in Beijing time too).
const fmt = (opts: Intl.DateTimeFormatOptions, locale = 'zh-CN') => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', hourCycle: 'h23', ...opts });
const hms = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hh = fmt({ hour: '2-digit' });

export const beijingTime = (d: Date | string) => hms.format(new Date(d));
export const beijingHour = (d: Date | string) => hh.format(new Date(d)).replace(/\D/g, '').padStart(2, '0');
export function beijingDate(d: Date, locale: string): string {
  return fmt({ year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'long' }, locale).format(d);
}
