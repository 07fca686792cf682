import dayjs from 'dayjs';
import type { TFunction } from '../../shared/i18n';

/** "2024-W02 · 01-08 ~ 01-14": the period as published ([from, to) with `to` exclusive). */
export function periodLabel(r: { from: string; to: string; label: string | null }): string {
  const last = dayjs(r.to).subtract(1, 'day');
  const span = `${r.from} ~ ${last.format('YYYY-MM-DD')}`;
  return r.label ? `${r.label} · ${span}` : span;
}

/** Score colours: the console's green / blue / orange / red bands. */
export function scoreColor(v: number | null): string | undefined {
  if (v === null) return undefined;
  return v >= 90 ? '#389e0d' : v >= 75 ? '#1677ff' : v >= 60 ? '#d48806' : '#cf1322';
}

export const triggerLabel = (t: TFunction, trigger: string) => t(`rankings.trigger.${trigger}`);
