// Density bands and tiers (DOMAIN.md §4): standing crowd < 2 persons/m² normal, 2–3 blue, 3–4 yellow, 4–5 orange,
// ≥ 5 red; ≥ 6 critical. Each zone keeps its own copy (editable), these are the defaults.

/** Tiers from the lowest to the highest: 四级蓝 < 三级黄 < 二级橙 < 一级红. */
export const TIERS = ['blue', 'yellow', 'orange', 'red'] as const;
export type Tier = (typeof TIERS)[number];
/** 0 = normal (no tier), 1 = blue … 4 = red. */
export type Level = 0 | 1 | 2 | 3 | 4;

export type Bands = Record<Tier, number>;

export const DEFAULT_BANDS: Bands = { blue: 2, yellow: 3, orange: 4, red: 5 };
/** Shown on screen as the line where a standing crowd becomes unstable; above the red tier, not a tier itself. */
export const CRITICAL_DENSITY = 6;

/** Persons per minute through one metre of width (IMO MSC.1/Circ.1533): level ground, and stairs (the slower, upward figure). */
export const FLOW_PER_METRE = { level: 78, stairs: 53 } as const;

export const tierOf = (level: Level): Tier | null => (level === 0 ? null : TIERS[level - 1]!);
export const levelOf = (tier: Tier | null | undefined): Level => (tier ? (TIERS.indexOf(tier) + 1) as Level : 0);

export interface ZoneLimits {
  areaM2: number;
  bands: Bands;
  capacityOverride: number | null;
  marginDensity: number;
}

/** 最大承载量: persons at the red band — the usable area × the red density, unless set by hand (e.g. a permit's figure). */
export function capacityOf(z: Pick<ZoneLimits, 'areaM2' | 'bands' | 'capacityOverride'>): number {
  return z.capacityOverride ?? Math.round(z.areaM2 * z.bands.red);
}

/**
 * The alert rules work in persons: the band densities times the zone's effective area (capacity ÷ red density,
 * which is the usable area unless the capacity was set by hand), so an edited capacity moves every tier with it.
 */
export interface Thresholds {
  /** Persons at which levels 1…4 are entered (index 0 unused). */
  enter: [0, number, number, number, number];
  /** Persons below a level's entry at which it may be left. */
  margin: number;
}

export function thresholdsOf(z: ZoneLimits): Thresholds {
  const effectiveArea = capacityOf(z) / z.bands.red;
  return {
    enter: [0, z.bands.blue * effectiveArea, z.bands.yellow * effectiveArea, z.bands.orange * effectiveArea, z.bands.red * effectiveArea],
    margin: z.marginDensity * effectiveArea,
  };
}

/** The highest level whose band `persons` has reached. */
export function enterLevel(persons: number, th: Thresholds): Level {
  for (let l = 4; l >= 1; l--) if (persons >= th.enter[l]!) return l as Level;
  return 0;
}

/** The highest level `persons` may stay in: its band minus the margin. */
export function stayLevel(persons: number, th: Thresholds): Level {
  for (let l = 4; l >= 1; l--) if (persons >= th.enter[l]! - th.margin) return l as Level;
  return 0;
}

export function bandsAscending(b: Bands): boolean {
  return b.blue > 0 && b.blue < b.yellow && b.yellow < b.orange && b.orange < b.red;
}
