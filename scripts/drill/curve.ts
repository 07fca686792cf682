import { EVENING, SURGE, type ZoneProfile } from './profiles.js';

const smoothstep = (x: number) => {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
};

/**
 * The true density (persons/m²) `t` minutes after 19:00: a build-up to the peak at 23:30, a plateau with a bump at
 * midnight, dispersal to 01:30; with `surge`, the zone's extra crowd from 23:35 to 00:30 on top.
 */
export function densityAt(p: ZoneProfile, t: number, surge: boolean): number {
  let d: number;
  if (t < EVENING.peakStart) d = p.start + (p.peak - p.start) * smoothstep(t / EVENING.peakStart);
  else if (t <= EVENING.peakEnd) d = p.peak * (1 + 0.04 * Math.exp(-(((t - EVENING.midnight) / 8) ** 2)));
  else d = p.end + (p.peak - p.end) * (1 - smoothstep((t - EVENING.peakEnd) / (EVENING.end - EVENING.peakEnd)));
  if (surge && t > SURGE.from && t < SURGE.until) {
    const extra = Math.max(0, SURGE.density - p.peak);
    d += t <= SURGE.top ? extra * ((t - SURGE.from) / (SURGE.top - SURGE.from)) : extra * (1 - smoothstep((t - SURGE.top) / (SURGE.until - SURGE.top)));
  }
  return d;
}

/** Persons a minute in and out at minute `t`: visitors turn over every `stayMinutes`, and the change of crowd adds to one side. */
export function flowsAt(p: ZoneProfile, areaM2: number, t: number, surge: boolean): { occupancy: number; inPerMin: number; outPerMin: number } {
  const occupancy = densityAt(p, t, surge) * areaM2;
  const change = (densityAt(p, t + 0.5, surge) - densityAt(p, t - 0.5, surge)) * areaM2;
  const turnover = occupancy / p.stayMinutes;
  return { occupancy, inPerMin: turnover + Math.max(0, change), outPerMin: turnover + Math.max(0, -change) };
}
