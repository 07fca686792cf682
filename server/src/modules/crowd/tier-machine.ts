import { enterLevel, stayLevel, type Level, type Thresholds } from './bands.js';

/** A tier held since an instant of event time (ms). */
export interface TierState {
  level: Level;
  since: number | null;
}

export const NORMAL: TierState = { level: 0, since: null };

/**
 * One evaluation with hysteresis, so a crowd hovering at a band does not flap: a higher band is entered at once
 * (safety first); a tier is left only when `persons` is below its band minus the margin and the tier has been held
 * for the minimum dwell, and then for the highest tier that may still be held.
 */
export function stepTier(state: TierState, persons: number, at: number, th: Thresholds, minDwellMs: number): TierState {
  const up = enterLevel(persons, th);
  if (up > state.level) return { level: up, since: at };
  const keep = stayLevel(persons, th);
  if (keep < state.level && (state.since === null || at - state.since >= minDwellMs)) {
    return keep === 0 ? NORMAL : { level: keep, since: at };
  }
  return state;
}
