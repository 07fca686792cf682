// The project's GeoJSON layers (approximate generated geometry), fetched once per page and registered with
// ECharts under stable names. Regions are keyed by unit code (geo.nameProperty = 'code').
import { api } from '../shared/api';
import { echarts } from './echarts';

export interface Feature {
  type: 'Feature';
  properties: { code: string; name: string; nameEn?: string; streetCode?: string; street?: string; center?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}
export interface FeatureCollection { type: 'FeatureCollection'; features: Feature[] }

const cache = new Map<string, Promise<FeatureCollection>>();
export function layer(name: 'district' | 'streets' | 'grids' | 'zones'): Promise<FeatureCollection> {
  let p = cache.get(name);
  if (!p) {
    p = api.get<FeatureCollection>(`/api/geo/${name}`);
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

const registered = new Set<string>();

/** The map of a place: the district's streets, or one street's grids. Returns the ECharts map name. */
export async function placeMap(kind: 'district' | 'street', code: string): Promise<{ map: string; features: Feature[] }> {
  const map = kind === 'district' ? 'cy-streets' : `cy-grids-${code}`;
  const fc = kind === 'district'
    ? await layer('streets')
    : { type: 'FeatureCollection' as const, features: (await layer('grids')).features.filter((f) => f.properties.streetCode === code) };
  if (!registered.has(map)) {
    echarts.registerMap(map, fc as unknown as Parameters<typeof echarts.registerMap>[1]);
    registered.add(map);
  }
  return { map, features: fc.features };
}

/** Outer rings of a feature (for zone outlines drawn as polylines). */
export function rings(f: Feature): number[][][] {
  return f.geometry.type === 'Polygon'
    ? [(f.geometry.coordinates as number[][][])[0]!]
    : (f.geometry.coordinates as number[][][][]).map((p) => p[0]!);
}

/** Area-weighted centroid of a feature's largest outer ring (where its label goes). */
export function centroid(f: Feature): [number, number] {
  let best: number[][] = [];
  let bestArea = -1;
  for (const r of rings(f)) {
    let a = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j]![0]! * r[i]![1]! - r[i]![0]! * r[j]![1]!;
    if (Math.abs(a) > bestArea) { bestArea = Math.abs(a); best = r; }
  }
  let a = 0; let cx = 0; let cy = 0;
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const [x0, y0] = best[j]!; const [x1, y1] = best[i]!;
    const k = x0! * y1! - x1! * y0!;
    a += k; cx += (x0! + x1!) * k; cy += (y0! + y1!) * k;
  }
  return a === 0 ? [best[0]![0]!, best[0]![1]!] : [cx / (3 * a), cy / (3 * a)];
}
