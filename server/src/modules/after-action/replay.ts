// The night minute by minute from the stored buckets: occupancy carried between readings (no reading, no change),
// density of the usable area, and the tier as the alert rules held it — the same hysteresis replayed over the
// occupancy series, so the colours match the alerts without storing a tier per minute.
import { capacityOf, thresholdsOf, type Bands, type Level } from '../crowd/bands.js';
import { NORMAL, stepTier, type TierState } from '../crowd/tier-machine.js';
import type { BucketRow, NightZoneRow } from './after-action-repository.js';

export const MINUTE = 60_000;
/** Buckets before the window that warm the hysteresis up (a tier held then is still held at the start). */
export const WARM_UP_MS = 60 * MINUTE;

export interface Window {
  from: Date;
  to: Date;
  /** Minutes per point. */
  step: number;
}

export interface ZonePeak {
  occupancy: number;
  density: number;
  at: string;
}

export interface ZoneSeries {
  code: string;
  name: string;
  nameEn: string | null;
  post: { code: string; name: string } | null;
  areaM2: number;
  capacity: number;
  bands: Bands;
  /** Per point (null: no reading yet, or later than now): the highest occupancy in the step, its density, the highest tier level held (0 normal … 4 red). */
  occupancy: Array<number | null>;
  density: Array<number | null>;
  tier: Array<number | null>;
  /** Persons through the gates in the step. */
  inflow: number[];
  outflow: number[];
  /** The 15-minute forecast made at the step's last minute with readings. */
  forecast15: Array<number | null>;
  peak: ZonePeak | null;
  /** The highest tier held and when it was first entered. */
  maxTier: { level: number; at: string } | null;
  /** Minutes held at each level 1…4 (index 0: normal). */
  minutesAtLevel: [number, number, number, number, number];
}

export const pointsOf = (w: Window) => Math.ceil((w.to.getTime() - w.from.getTime()) / (w.step * MINUTE));

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * One zone's series over the window. `buckets` are the zone's, by minute, from the warm-up on (and possibly one
 * bucket before it, the level the series starts at). Minutes after `now` stay empty.
 */
export function zoneSeries(zone: NightZoneRow, buckets: readonly BucketRow[], w: Window, now: Date): ZoneSeries {
  const limits = { areaM2: Number(zone.area_m2), bands: zone.bands, capacityOverride: zone.capacity_override, marginDensity: Number(zone.margin_density) };
  const th = thresholdsOf(limits);
  const dwell = zone.min_dwell_minutes * MINUTE;
  const n = pointsOf(w);
  const out: ZoneSeries = {
    code: zone.code, name: zone.name, nameEn: zone.name_en, post: zone.post_code ? { code: zone.post_code, name: zone.post_name ?? zone.post_code } : null,
    areaM2: limits.areaM2, capacity: capacityOf(limits), bands: zone.bands,
    occupancy: new Array(n).fill(null), density: new Array(n).fill(null), tier: new Array(n).fill(null),
    inflow: new Array(n).fill(0), outflow: new Array(n).fill(0), forecast15: new Array(n).fill(null),
    peak: null, maxTier: null, minutesAtLevel: [0, 0, 0, 0, 0],
  };
  const from = w.from.getTime();
  const to = w.to.getTime();
  const end = Math.min(to, Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE);
  const stepMs = w.step * MINUTE;
  const byMinute = new Map(buckets.map((b) => [new Date(b.minute).getTime(), b]));
  const start = from - WARM_UP_MS;
  // The level before the warm-up: the last bucket earlier than it.
  let occupancy: number | null = null;
  for (const b of buckets) if (new Date(b.minute).getTime() < start) occupancy = b.occupancy;
  let tier: TierState = NORMAL;
  for (let m = start; m < end; m += MINUTE) {
    const b = byMinute.get(m);
    if (b) occupancy = b.occupancy;
    if (occupancy === null) continue;
    tier = stepTier(tier, occupancy, m + MINUTE - 1, th, dwell);
    if (m < from) continue;
    const k = Math.floor((m - from) / stepMs);
    const level: Level = tier.level;
    out.occupancy[k] = Math.max(out.occupancy[k] ?? 0, occupancy);
    out.density[k] = round2(out.occupancy[k]! / limits.areaM2);
    out.tier[k] = Math.max(out.tier[k] ?? 0, level);
    if (b) {
      out.inflow[k]! += b.gate_in;
      out.outflow[k]! += b.gate_out;
      if (b.forecast15 !== null) out.forecast15[k] = b.forecast15;
    }
    out.minutesAtLevel[level]++;
    if (!out.peak || occupancy > out.peak.occupancy) out.peak = { occupancy, density: round2(occupancy / limits.areaM2), at: new Date(m).toISOString() };
    if (level > 0 && (!out.maxTier || level > out.maxTier.level)) out.maxTier = { level, at: new Date(m).toISOString() };
  }
  return out;
}

/** Buckets grouped by zone (the repository returns them by zone and minute). */
export function bucketsByZone(rows: readonly BucketRow[]): Map<string, BucketRow[]> {
  const out = new Map<string, BucketRow[]>();
  for (const r of rows) {
    const list = out.get(r.zone_code);
    if (list) list.push(r);
    else out.set(r.zone_code, [r]);
  }
  return out;
}
