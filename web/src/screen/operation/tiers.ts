// Tier colours and thresholds as the crowd module evaluates them (DOMAIN.md §4): a tier is entered at its band
// density times the zone's effective area (capacity ÷ red density), so a capacity set by hand moves every tier.
import type { GetResponse } from '../../shared/api';

export type Zone = GetResponse<'/api/crowd/zones'>['items'][number];
export type Alert = GetResponse<'/api/crowd/alerts'>['items'][number];
export type Series = GetResponse<'/api/crowd/zones/{code}/series'>;
export type Tier = Alert['tier'];

export const TIERS: readonly Tier[] = ['blue', 'yellow', 'orange', 'red'];

/** 四级蓝 < 三级黄 < 二级橙 < 一级红; below the blue band the zone is normal (green). */
export const TIER_COLORS: Record<Tier | 'normal', string> = {
  normal: '#3ddc84',
  blue: '#2f8fff',
  yellow: '#fadb14',
  orange: '#ff8a1f',
  red: '#ff3b3b',
};
/** Shown above the red band: where a standing crowd becomes unstable. */
export const CRITICAL_COLOR = '#d90aff';

export const tierColor = (tier: Tier | null | undefined) => TIER_COLORS[tier ?? 'normal'];
export const levelOf = (tier: Tier | null | undefined) => (tier ? TIERS.indexOf(tier) + 1 : 0);
export const tierOfLevel = (level: number): Tier | null => TIERS[level - 1] ?? null;

/** Persons at which each tier is entered. */
export function tierPersons(z: Pick<Zone, 'bands' | 'capacity'>): Record<Tier, number> {
  const area = z.capacity / z.bands.red;
  return { blue: z.bands.blue * area, yellow: z.bands.yellow * area, orange: z.bands.orange * area, red: z.bands.red * area };
}

/** The same thresholds as densities of the usable area (what the gauge and the density axis show). */
export function tierDensities(z: Pick<Zone, 'bands' | 'capacity' | 'areaM2'>): Record<Tier, number> {
  const p = tierPersons(z);
  return { blue: p.blue / z.areaM2, yellow: p.yellow / z.areaM2, orange: p.orange / z.areaM2, red: p.red / z.areaM2 };
}

/** How urgent a zone is: its present tier, else the tier its 15-minute forecast reaches. */
export function severity(z: Zone): number {
  return Math.max(z.live.tierLevel, levelOf(z.live.forecastTier)) * 10 + Math.min(9, z.live.density);
}

/** Persons in the reader's units: 28.7万 / 286.8k. */
export function persons(n: number, locale: string): string {
  const abs = Math.abs(n);
  if (locale === 'en') return abs >= 10_000 ? `${(n / 1000).toFixed(abs >= 100_000 ? 0 : 1)}k` : Math.round(n).toLocaleString('en');
  return abs >= 10_000 ? `${(n / 10_000).toFixed(abs >= 1_000_000 ? 0 : 1)}万` : Math.round(n).toLocaleString('zh-CN');
}

export const density = (d: number) => d.toFixed(2);

/** The display order of the New Year's Eve zones (as the operation lists them); other zones follow by code. */
const ORDER = ['ZONE-JFB', 'ZONE-CTM', 'ZONE-HYD', 'ZONE-SBT', 'ZONE-SDTJ'];
export function byDisplayOrder(a: { code: string }, b: { code: string }): number {
  const ia = ORDER.indexOf(a.code);
  const ib = ORDER.indexOf(b.code);
  return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || a.code.localeCompare(b.code);
}

export const zoneName = (z: { name: string; nameEn?: string | null }, locale: string) => (locale === 'en' && z.nameEn) || z.name;

/**
 * Where space is short (cards, map labels, tabs, the gate table): the English name's first word — Jiefangbei,
 * Chaotianmen, Shibati, Longfor — which is what the place is called; the full name stays in the tooltip.
 */
export const zoneLabel = (z: { name: string; nameEn?: string | null }, locale: string) =>
  (locale === 'en' && z.nameEn ? z.nameEn.split(/\s+/)[0]! : z.name);
