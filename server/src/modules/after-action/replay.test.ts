import { describe, expect, it } from 'vitest';
import type { BucketRow, NightZoneRow } from './after-action-repository.js';
import { MINUTE, zoneSeries } from './replay.js';

// 1,000 m², default bands: blue at 2,000 persons, yellow 3,000, orange 4,000, red 5,000; left 300 below, after 5 minutes.
const ZONE: NightZoneRow = {
  code: 'Z', name: '测试区', name_en: null, unit_path: '/1/', post_code: null, post_path: null, post_name: null, area_m2: 1000,
  capacity_override: null, bands: { blue: 2, yellow: 3, orange: 4, red: 5 }, margin_density: 0.3, min_dwell_minutes: 5,
};
const T0 = Date.parse('2024-12-31T15:00:00Z');
const bucket = (m: number, occupancy: number, gateIn = 0): BucketRow => ({
  zone_code: 'Z', minute: new Date(T0 + m * MINUTE), occupancy, gate_in: gateIn, gate_out: 0, forecast15: null,
});

describe('zoneSeries', () => {
  it('carries the level between readings, replays the hysteresis and leaves the future empty', () => {
    const buckets = [bucket(-90, 1500), bucket(2, 5100, 40), bucket(3, 4800), bucket(6, 4600), bucket(9, 1000)];
    const s = zoneSeries(ZONE, buckets, { from: new Date(T0), to: new Date(T0 + 12 * MINUTE), step: 1 }, new Date(T0 + 10 * MINUTE + 5000));
    // Before the window the zone held 1,500 (the bucket 90 minutes earlier is the level it starts at).
    expect(s.occupancy).toEqual([1500, 1500, 5100, 4800, 4800, 4800, 4600, 4600, 4600, 1000, 1000, null]);
    // Red at once; 4,600 is below 4,700 but red is held 5 minutes (until minute 7), then orange until the drop.
    expect(s.tier).toEqual([0, 0, 4, 4, 4, 4, 4, 3, 3, 3, 3, null]);
    expect(s.density[2]).toBe(5.1);
    expect(s.inflow[2]).toBe(40);
    expect(s.peak).toEqual({ occupancy: 5100, density: 5.1, at: new Date(T0 + 2 * MINUTE).toISOString() });
    expect(s.maxTier).toEqual({ level: 4, at: new Date(T0 + 2 * MINUTE).toISOString() });
    expect(s.minutesAtLevel).toEqual([2, 0, 0, 4, 5]);
  });

  it('keeps each step\'s highest level and sums its flow', () => {
    const buckets = [bucket(0, 1000, 10), bucket(1, 5200, 20), bucket(2, 800, 30), bucket(5, 900, 5)];
    const s = zoneSeries(ZONE, buckets, { from: new Date(T0), to: new Date(T0 + 10 * MINUTE), step: 5 }, new Date(T0 + 60 * MINUTE));
    expect(s.occupancy).toEqual([5200, 900]);
    // Red (from minute 1) is held 5 minutes: into the second step.
    expect(s.tier).toEqual([4, 4]);
    expect(s.inflow).toEqual([60, 5]);
  });

  it('has nothing for a zone without readings', () => {
    const s = zoneSeries(ZONE, [], { from: new Date(T0), to: new Date(T0 + 3 * MINUTE), step: 1 }, new Date(T0 + 60 * MINUTE));
    expect(s.occupancy).toEqual([null, null, null]);
    expect(s.peak).toBeNull();
  });
});
