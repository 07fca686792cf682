// A duty shift's status, computed on read from its times and check-in/out and the clock: nothing is stored, so a
// roster always shows who is on post, due or absent now.

/** A shift that started this long ago without a check-in counts as absent (缺岗). */
export const GRACE_MINUTES = 15;
/** Check-in opens this long before a shift starts. */
export const EARLY_CHECK_IN_MINUTES = 60;

export type ShiftStatus = 'scheduled' | 'due' | 'absent' | 'on_duty' | 'off_duty';

export interface ShiftTimes {
  starts_at: Date | string;
  ends_at: Date | string;
  checked_in_at: Date | string | null;
  checked_out_at: Date | string | null;
}

const ms = (d: Date | string) => new Date(d).getTime();
const GRACE_MS = GRACE_MINUTES * 60_000;

export function shiftStatus(s: ShiftTimes, now: Date): { status: ShiftStatus; late: boolean } {
  const late = s.checked_in_at !== null && ms(s.checked_in_at) > ms(s.starts_at) + GRACE_MS;
  if (s.checked_out_at) return { status: 'off_duty', late };
  if (s.checked_in_at) return { status: 'on_duty', late };
  const t = now.getTime();
  if (t < ms(s.starts_at)) return { status: 'scheduled', late: false };
  if (t < ms(s.starts_at) + GRACE_MS) return { status: 'due', late: false };
  return { status: 'absent', late: false };
}

/** Whether check-in is open now: from an hour before the start until the end. */
export function checkInOpen(s: Pick<ShiftTimes, 'starts_at' | 'ends_at'>, now: Date): boolean {
  const t = now.getTime();
  return t >= ms(s.starts_at) - EARLY_CHECK_IN_MINUTES * 60_000 && t < ms(s.ends_at);
}
