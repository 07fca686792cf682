// Occupancy from the readings of one minute (a bucket): gate counters give the change, camera and mobile-signal
// estimates correct the level. Counters are exact about change but drift (a missed count is never recovered, and
// nobody counted who was there before the counting began); estimates are noisy but do not drift. So each minute:
//
//   occupancy = max(0, occupancy of the minute before + Σ in − Σ out)
//   then, if the minute has camera estimates:  occupancy += 0.3 × (mean camera estimate − occupancy)
//   then, if the minute has mobile estimates:  occupancy += 0.1 × (mean mobile estimate − occupancy)
//
// (a complementary filter: mobile signal is the coarser source, so it pulls more weakly), except in the zone's first
// minute with an estimate, which sets the level outright (the camera's mean, else the mobile one): the counters
// cannot know how many were there when they started. Every step is a sum or a mean, so the order in which readings
// arrive does not matter, and a late reading only changes its own minute and those after it.

export const CAMERA_WEIGHT = 0.3;
export const MOBILE_WEIGHT = 0.1;

export interface Bucket {
  /** Start of the minute (ms since the epoch). */
  minute: number;
  gateIn: number;
  gateOut: number;
  cameraSum: number;
  cameraN: number;
  mobileSum: number;
  mobileN: number;
  /** Fused occupancy at the minute's end. */
  occupancy: number;
  /** Forecasts made at this minute for 15 and 30 minutes later, as issued. */
  forecast15: number | null;
  forecast30: number | null;
}

export function emptyBucket(minute: number): Bucket {
  return { minute, gateIn: 0, gateOut: 0, cameraSum: 0, cameraN: 0, mobileSum: 0, mobileN: 0, occupancy: 0, forecast15: null, forecast30: null };
}

export const hasEstimate = (b: Bucket) => b.cameraN > 0 || b.mobileN > 0;

/** The fused occupancy at the end of bucket `b`, given the occupancy before it; `calibrate`: the zone's first estimate. */
export function fuseMinute(before: number, b: Bucket, calibrate: boolean): number {
  if (calibrate && b.cameraN > 0) return Math.round(b.cameraSum / b.cameraN);
  if (calibrate && b.mobileN > 0) return Math.round(b.mobileSum / b.mobileN);
  let o = Math.max(0, before + b.gateIn - b.gateOut);
  if (b.cameraN > 0) o += CAMERA_WEIGHT * (b.cameraSum / b.cameraN - o);
  if (b.mobileN > 0) o += MOBILE_WEIGHT * (b.mobileSum / b.mobileN - o);
  return Math.max(0, Math.round(o));
}
