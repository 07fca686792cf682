import { randomUUID } from 'node:crypto';
import { levelOf, thresholdsOf, tierOf, type Bands, type Level, type Tier } from './bands.js';
import { ERROR_WINDOW_MINUTES, FIT_MINUTES, meanAbsoluteError, MIN_FIT_MINUTES, project } from './forecast.js';
import { emptyBucket, fuseMinute, hasEstimate, type Bucket } from './fusion.js';
import { NORMAL, stepTier, type TierState } from './tier-machine.js';

export const MINUTE = 60_000;
/** A reading older than the zone's latest reading by more than this is refused as too late. */
export const LATE_WINDOW_MS = 120 * MINUTE;
/** Minutes kept in memory behind the latest reading (the late window, plus the forecasts that errors are measured on). */
export const KEEP_MS = 180 * MINUTE;
/** Inflow and outflow rates are averaged over the last five minutes. */
export const RATE_MINUTES = 5;

export type Source = 'gate' | 'camera' | 'mobile';
export type AlertKind = 'density' | 'forecast';
export type ClearReason = 'lowered' | 'superseded' | 'realised' | 'withdrawn' | 'reset';

export interface GateConfig {
  code: string;
  direction: 'in' | 'out' | 'both';
  active: boolean;
  /** Persons a minute the gate passes (width × flow per metre). */
  flowPerMin: number;
}

export interface ZoneConfig {
  code: string;
  name: string;
  nameEn: string | null;
  unitPath: string;
  postCode: string | null;
  postPath: string | null;
  areaM2: number;
  bands: Bands;
  capacityOverride: number | null;
  marginDensity: number;
  minDwellMinutes: number;
  gates: Map<string, GateConfig>;
}

/** What the database holds of a zone's live state (the row and its recent buckets and active alerts). */
export interface StoredState {
  version: number;
  watermark: number | null;
  evaluatedMinute: number | null;
  tier: Tier | null;
  tierSince: number | null;
  forecastTier: Tier | null;
  forecastTierSince: number | null;
  lastReceivedAt: number | null;
  /** Buckets from the keep window, oldest first, plus the last one before it (its occupancy is the base). */
  buckets: Bucket[];
  active: ActiveAlert[];
}

export interface ActiveAlert {
  id: string;
  kind: AlertKind;
  level: Level;
}

export interface Reading {
  id: string;
  zone: string;
  gate: string | null;
  source: Source;
  at: number;
  in: number;
  out: number;
  /** Camera (scaled up by its coverage) or mobile estimate of the persons in the zone. */
  estimate: number | null;
}

export interface RaisedAlert {
  id: string;
  zone: string;
  kind: AlertKind;
  level: Level;
  tier: Tier;
  at: number;
  occupancy: number;
  density: number;
  forecast15: number | null;
  forecastDensity: number | null;
}

export interface Evaluation {
  raised: RaisedAlert[];
  cleared: Array<{ alert: ActiveAlert; reason: ClearReason; at: number }>;
  /** Buckets written this batch (new, changed counts, occupancy or forecast). */
  buckets: Bucket[];
  tierChanged: boolean;
}

/** The state shown on screens and written to the zone's row. */
export interface Snapshot {
  occupancy: number;
  inRate: number;
  outRate: number;
  forecast15: number | null;
  forecast30: number | null;
  mae15: number | null;
  mae30: number | null;
  mae15Samples: number;
  mae30Samples: number;
  tier: Tier | null;
  tierSince: number | null;
  forecastTier: Tier | null;
  forecastTierSince: number | null;
  watermark: number | null;
  evaluatedMinute: number | null;
  lastReceivedAt: number | null;
}

const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

/**
 * One zone's minute buckets over the keep window, its tiers and active alerts — the ingest's working copy. A batch
 * works on a `fork()` (buckets copied on first write), which replaces the committed copy only after its transaction
 * commits, so a failed batch leaves memory as it was.
 */
export class ZoneState {
  private minutes: number[] = [];
  private buckets = new Map<number, Bucket>();
  private base = 0;
  /** The minute of the zone's first estimate (its occupancy is set by it); -Infinity: before the kept window. */
  private calibratedFrom: number | null = null;
  private copied = new Set<number>();
  private changed = new Set<number>();
  private earliestChange: number | null = null;
  watermark: number | null = null;
  evaluatedMinute: number | null = null;
  lastReceivedAt: number | null = null;
  tier: TierState = NORMAL;
  forecastTier: TierState = NORMAL;
  active: ActiveAlert[] = [];
  accepted = 0;
  duplicates = 0;
  rejected = 0;

  constructor(readonly config: ZoneConfig, public version: number) {}

  static fromStored(config: ZoneConfig, s: StoredState): ZoneState {
    const z = new ZoneState(config, s.version);
    z.watermark = s.watermark;
    z.evaluatedMinute = s.evaluatedMinute;
    z.lastReceivedAt = s.lastReceivedAt;
    z.tier = s.tier ? { level: levelOf(s.tier), since: s.tierSince } : NORMAL;
    z.forecastTier = s.forecastTier ? { level: levelOf(s.forecastTier), since: s.forecastTierSince } : NORMAL;
    z.active = [...s.active];
    const keepFrom = s.watermark === null ? -Infinity : minuteOf(s.watermark) - KEEP_MS;
    for (const b of s.buckets) {
      if (hasEstimate(b) && z.calibratedFrom === null) z.calibratedFrom = b.minute < keepFrom ? -Infinity : b.minute;
      if (b.minute < keepFrom) z.base = b.occupancy;
      else {
        z.minutes.push(b.minute);
        z.buckets.set(b.minute, b);
      }
    }
    return z;
  }

  fork(): ZoneState {
    const z = new ZoneState(this.config, this.version);
    z.minutes = this.minutes.slice();
    z.buckets = new Map(this.buckets);
    z.base = this.base;
    z.calibratedFrom = this.calibratedFrom;
    z.watermark = this.watermark;
    z.evaluatedMinute = this.evaluatedMinute;
    z.lastReceivedAt = this.lastReceivedAt;
    z.tier = this.tier;
    z.forecastTier = this.forecastTier;
    z.active = this.active.slice();
    return z;
  }

  /** Too late: older than the late window behind the latest reading the zone has had. */
  isTooLate(at: number): boolean {
    return this.watermark !== null && at < this.watermark - LATE_WINDOW_MS;
  }

  apply(r: Reading, receivedAt: number): void {
    const minute = minuteOf(r.at);
    const b = this.touch(minute);
    if (r.source === 'gate') {
      b.gateIn += r.in;
      b.gateOut += r.out;
    } else if (r.source === 'camera') {
      b.cameraSum += r.estimate!;
      b.cameraN++;
    } else {
      b.mobileSum += r.estimate!;
      b.mobileN++;
    }
    if (r.source !== 'gate' && (this.calibratedFrom === null || minute < this.calibratedFrom)) {
      // An earlier first estimate: the minute that was first is now an ordinary one, so recompute from here.
      this.calibratedFrom = minute;
    }
    if (this.earliestChange === null || minute < this.earliestChange) this.earliestChange = minute;
    if (this.watermark === null || r.at > this.watermark) this.watermark = r.at;
    this.lastReceivedAt = receivedAt;
    this.accepted++;
  }

  /**
   * After a batch's readings: refuses nothing, recomputes occupancy from the earliest changed minute on, then runs
   * the alert rules for each minute from the last one evaluated (the open minute is evaluated again as it fills) up
   * to the latest reading. Forecasts of minutes already passed stay as issued.
   */
  evaluate(): Evaluation {
    const out: Evaluation = { raised: [], cleared: [], buckets: [], tierChanged: false };
    if (this.watermark === null) return out;
    this.recompute();
    const th = thresholdsOf(this.config);
    const dwell = this.config.minDwellMinutes * MINUTE;
    const last = minuteOf(this.watermark);
    const from = this.evaluatedMinute ?? -Infinity;
    for (const m of this.minutes) {
      if (m < from || m > last) continue;
      const at = m === last ? this.watermark : m + MINUTE - 1;
      const occupancy = this.buckets.get(m)!.occupancy;
      const recent = this.series(m);
      const ready = recent.length >= MIN_FIT_MINUTES;
      const f15 = ready ? project(recent, 15) : null;
      const f30 = ready ? project(recent, 30) : null;
      const b = this.buckets.get(m)!;
      if (b.forecast15 !== f15 || b.forecast30 !== f30) {
        const w = this.touch(m);
        w.forecast15 = f15;
        w.forecast30 = f30;
      }
      const tier = stepTier(this.tier, occupancy, at, th, dwell);
      const forecastTier = f15 === null ? this.forecastTier : stepTier(this.forecastTier, f15, at, th, dwell);
      if (tier.level !== this.tier.level) this.onTier(tier.level, at, occupancy, f15, out);
      if (forecastTier.level !== this.forecastTier.level) this.onForecastTier(forecastTier.level, tier.level, at, occupancy, f15, out);
      if (tier.level !== this.tier.level || forecastTier.level !== this.forecastTier.level) out.tierChanged = true;
      this.tier = tier;
      this.forecastTier = forecastTier;
    }
    this.evaluatedMinute = last;
    out.buckets = [...this.changed].sort((a, b) => a - b).map((m) => this.buckets.get(m)!);
    this.prune(last - KEEP_MS);
    return out;
  }

  snapshot(): Snapshot {
    const last = this.watermark === null ? null : minuteOf(this.watermark);
    const current = last === null ? undefined : this.buckets.get(last);
    let inSum = 0;
    let outSum = 0;
    const pairs15: Array<[number, number]> = [];
    const pairs30: Array<[number, number]> = [];
    if (last !== null) {
      for (const m of this.minutes) {
        if (m > last - RATE_MINUTES * MINUTE && m <= last) {
          const b = this.buckets.get(m)!;
          inSum += b.gateIn;
          outSum += b.gateOut;
        }
      }
      // Forecasts whose minute has fully passed in the last hour, against the occupancy that minute ended with.
      for (let k = last - MINUTE; k > last - ERROR_WINDOW_MINUTES * MINUTE; k -= MINUTE) {
        const actual = this.occupancyAt(k);
        const made15 = this.buckets.get(k - 15 * MINUTE)?.forecast15;
        const made30 = this.buckets.get(k - 30 * MINUTE)?.forecast30;
        if (made15 !== undefined && made15 !== null) pairs15.push([made15, actual]);
        if (made30 !== undefined && made30 !== null) pairs30.push([made30, actual]);
      }
    }
    const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    return {
      occupancy: last === null ? 0 : this.occupancyAt(last),
      inRate: round1(inSum / RATE_MINUTES)!,
      outRate: round1(outSum / RATE_MINUTES)!,
      forecast15: current?.forecast15 ?? null,
      forecast30: current?.forecast30 ?? null,
      mae15: round1(meanAbsoluteError(pairs15)),
      mae30: round1(meanAbsoluteError(pairs30)),
      mae15Samples: pairs15.length,
      mae30Samples: pairs30.length,
      tier: tierOf(this.tier.level),
      tierSince: this.tier.since,
      forecastTier: tierOf(this.forecastTier.level),
      forecastTierSince: this.forecastTier.since,
      watermark: this.watermark,
      evaluatedMinute: this.evaluatedMinute,
      lastReceivedAt: this.lastReceivedAt,
    };
  }

  /** Occupancy at the end of minute `m`: the last bucket at or before it (no readings: no change). */
  occupancyAt(m: number): number {
    let lo = 0;
    let hi = this.minutes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.minutes[mid]! <= m) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? this.base : this.buckets.get(this.minutes[found]!)!.occupancy;
  }

  /** The occupancy of the FIT_MINUTES minutes ending at `m`, from the zone's first minute with data (or its first estimate). */
  private series(m: number): number[] {
    const first = Math.max(this.minutes[0] ?? m, this.calibratedFrom ?? -Infinity);
    const start = Math.max(first, m - (FIT_MINUTES - 1) * MINUTE);
    const values: number[] = [];
    for (let k = start; k <= m; k += MINUTE) values.push(this.occupancyAt(k));
    return values;
  }

  private onTier(to: Level, at: number, occupancy: number, f15: number | null, out: Evaluation): void {
    if (to > this.tier.level) {
      this.clearWhere(out, at, (a) => (a.kind === 'density' && a.level < to ? 'superseded' : a.kind === 'forecast' && a.level <= to ? 'realised' : null));
      this.raise(out, 'density', to, at, occupancy, f15);
    } else {
      this.clearWhere(out, at, (a) => (a.kind === 'density' && a.level > to ? 'lowered' : null));
    }
  }

  private onForecastTier(to: Level, densityLevel: Level, at: number, occupancy: number, f15: number | null, out: Evaluation): void {
    if (to > this.forecastTier.level) {
      if (to <= densityLevel) return;
      this.clearWhere(out, at, (a) => (a.kind === 'forecast' && a.level < to ? 'superseded' : null));
      this.raise(out, 'forecast', to, at, occupancy, f15);
    } else {
      this.clearWhere(out, at, (a) => (a.kind === 'forecast' && a.level > to ? 'withdrawn' : null));
    }
  }

  private raise(out: Evaluation, kind: AlertKind, level: Level, at: number, occupancy: number, f15: number | null): void {
    const area = this.config.areaM2;
    const alert: RaisedAlert = {
      id: randomUUID(), zone: this.config.code, kind, level, tier: tierOf(level)!, at, occupancy,
      density: Math.round((occupancy / area) * 100) / 100, forecast15: f15, forecastDensity: f15 === null ? null : Math.round((f15 / area) * 100) / 100,
    };
    out.raised.push(alert);
    this.active.push({ id: alert.id, kind, level });
  }

  private clearWhere(out: Evaluation, at: number, reasonOf: (a: ActiveAlert) => ClearReason | null): void {
    const keep: ActiveAlert[] = [];
    for (const a of this.active) {
      const reason = reasonOf(a);
      if (reason) {
        // An alert raised and cleared in the same batch is still reported: it happened.
        out.cleared.push({ alert: a, reason, at });
      } else keep.push(a);
    }
    this.active = keep;
  }

  private recompute(): void {
    if (this.earliestChange === null) return;
    let i = this.minutes.findIndex((m) => m >= this.earliestChange!);
    let before = i > 0 ? this.buckets.get(this.minutes[i - 1]!)!.occupancy : this.base;
    for (; i >= 0 && i < this.minutes.length; i++) {
      const m = this.minutes[i]!;
      const occupancy = fuseMinute(before, this.buckets.get(m)!, m === this.calibratedFrom);
      if (occupancy !== this.buckets.get(m)!.occupancy) this.touch(m).occupancy = occupancy;
      before = occupancy;
    }
    this.earliestChange = null;
  }

  /** The bucket of minute `m`, copied before its first change in this batch (the committed copy shares the rest). */
  private touch(m: number): Bucket {
    this.changed.add(m);
    let b = this.buckets.get(m);
    if (b && this.copied.has(m)) return b;
    if (b) b = { ...b };
    else {
      b = emptyBucket(m);
      this.insertMinute(m);
    }
    this.buckets.set(m, b);
    this.copied.add(m);
    return b;
  }

  private insertMinute(m: number): void {
    const ms = this.minutes;
    if (ms.length === 0 || m > ms[ms.length - 1]!) {
      ms.push(m);
      return;
    }
    let lo = 0;
    let hi = ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ms[mid]! < m) lo = mid + 1;
      else hi = mid;
    }
    ms.splice(lo, 0, m);
  }

  private prune(before: number): void {
    let n = 0;
    while (n < this.minutes.length && this.minutes[n]! < before) n++;
    if (n === 0) return;
    this.base = this.buckets.get(this.minutes[n - 1]!)!.occupancy;
    for (const m of this.minutes.slice(0, n)) this.buckets.delete(m);
    this.minutes = this.minutes.slice(n);
  }
}
