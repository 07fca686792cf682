import dayjs from 'dayjs';

/** Status colours the console also uses: blue in progress, orange waiting for a check, green done, grey ended. */
export const STATE_COLOR: Record<string, string> = {
  reported: 'default', registered: 'processing', dispatched: 'processing', accepted: 'processing',
  handled: 'orange', verified: 'cyan', closed: 'success', rejected: 'default', merged: 'default', parked: 'purple',
};

export const WARN_COLOR: Record<string, string> = { none: 'green', yellow: 'gold', red: 'red' };

export const when = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
export const whenFull = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
