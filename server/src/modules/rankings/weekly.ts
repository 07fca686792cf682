// The weekly publication: every Monday at 09:00 Beijing time (UTC+8 all year) for the week Monday–Sunday before.

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
export const PUBLISH_HOUR = 9;

/** `YYYY-MM-DD` of the Beijing calendar day `at` falls on. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing date begins. */
export function beijingMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

export function addDays(date: string, days: number): string {
  return beijingDate(new Date(beijingMidnight(date).getTime() + days * DAY_MS));
}

/** The Monday (Beijing date) of the week `at` falls in. */
export function mondayOf(at: Date): string {
  const local = new Date(at.getTime() + BEIJING_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return addDays(beijingDate(at), -sinceMonday);
}

/** The last whole week before `at`: [Monday, next Monday) in Beijing dates. */
export function previousWeek(at: Date): { from: string; to: string } {
  const to = mondayOf(at);
  return { from: addDays(to, -7), to };
}

/** When the week ending on Monday `to` (exclusive) is published: that Monday, 09:00 Beijing. */
export function publicationAt(to: string): Date {
  return new Date(beijingMidnight(to).getTime() + PUBLISH_HOUR * 3_600_000);
}

/** The week whose publication is the first one strictly after `after`. */
export function nextWeekToPublish(after: Date): { from: string; to: string } {
  let to = mondayOf(after);
  if (publicationAt(to).getTime() <= after.getTime()) to = addDays(to, 7);
  return { from: addDays(to, -7), to };
}

/** ISO week label of a period that is exactly one Monday-to-Monday week ("2024-W02"), else null. */
export function isoWeekLabel(from: string, to: string): string | null {
  const start = beijingMidnight(from);
  if (addDays(from, 7) !== to || mondayOf(start) !== from) return null;
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(Date.parse(`${addDays(from, 3)}T00:00:00Z`));
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
