// Point → grid look-up for the district: flatbush over grid bounding boxes,
// then an exact point-in-polygon test on the few candidates.
import Flatbush from 'flatbush';
import type { AreaGeometry } from './geojson.js';
import { METRES_PER_DEGREE, distanceToGeometryM, flattenRing, geometryBBox, pointInFlatRing } from './polygon.js';
import type { DistrictCollection, GridCollection } from './schema.js';

export interface GridAssignment {
  gridCode: string;
  communityCode: string;
  streetCode: string;
}

export type LocateResult =
  | ({ status: 'inside' } & GridAssignment)
  /** Inside the district outline but in no grid polygon; nearest grid within the snap distance. */
  | ({ status: 'snapped'; distanceM: number } & GridAssignment)
  | { status: 'outside' };

export type LocatedResult = Exclude<LocateResult, { status: 'outside' }>;

export class OutsideDistrictError extends Error {
  constructor(
    readonly lng: number,
    readonly lat: number,
  ) {
    super(`point (${lng}, ${lat}) is outside the district`);
    this.name = 'OutsideDistrictError';
  }
}

export interface GridInput extends GridAssignment {
  geometry: AreaGeometry;
}

export interface GridLocatorOptions {
  /** How far (m) a point inside the outline may be from a grid and still snap to it. Default 50. */
  snapMaxM?: number;
}

/** One polygon of a grid as flat rings: [exterior, ...holes]. */
type FlatPolygon = Float64Array[];

export class GridLocator {
  private readonly grids: GridInput[];
  private readonly polygons: FlatPolygon[][];
  private readonly index: Flatbush;
  private readonly outline: FlatPolygon[];
  private readonly snapMaxM: number;

  constructor(grids: readonly GridInput[], district: AreaGeometry, options: GridLocatorOptions = {}) {
    if (grids.length === 0) throw new Error('GridLocator needs at least one grid');
    // Sorted by code so that "lowest index wins" means "lowest code wins" on overlaps.
    this.grids = [...grids].sort((a, b) => (a.gridCode < b.gridCode ? -1 : a.gridCode > b.gridCode ? 1 : 0));
    this.polygons = this.grids.map((g) => flatPolygons(g.geometry));
    this.outline = flatPolygons(district);
    this.snapMaxM = options.snapMaxM ?? 50;
    this.index = new Flatbush(this.grids.length);
    for (const g of this.grids) {
      const [minX, minY, maxX, maxY] = geometryBBox(g.geometry);
      this.index.add(minX, minY, maxX, maxY);
    }
    this.index.finish();
  }

  static fromGeoJSON(grids: GridCollection, district: DistrictCollection | AreaGeometry, options?: GridLocatorOptions): GridLocator {
    const outline = 'features' in district ? district.features[0]?.geometry : district;
    if (outline === undefined) throw new Error('district collection is empty');
    const inputs = grids.features.map((f) => ({
      gridCode: f.properties.code,
      communityCode: f.properties.communityCode,
      streetCode: f.properties.streetCode,
      geometry: f.geometry,
    }));
    return new GridLocator(inputs, outline, options);
  }

  get gridCount(): number {
    return this.grids.length;
  }

  locate(lng: number, lat: number): LocateResult {
    let best = -1;
    this.index.search(lng, lat, lng, lat, (i) => {
      if ((best < 0 || i < best) && this.contains(i, lng, lat)) best = i;
      return false;
    });
    if (best >= 0) return { status: 'inside', ...this.assignment(best) };
    if (!inPolygons(this.outline, lng, lat)) return { status: 'outside' };
    return this.snap(lng, lat);
  }

  /** Like {@link locate} but throws {@link OutsideDistrictError} instead of returning `outside`. */
  locateOrThrow(lng: number, lat: number): LocatedResult {
    const result = this.locate(lng, lat);
    if (result.status === 'outside') throw new OutsideDistrictError(lng, lat);
    return result;
  }

  private contains(i: number, lng: number, lat: number): boolean {
    return inPolygons(this.polygons[i]!, lng, lat);
  }

  private assignment(i: number): GridAssignment {
    const g = this.grids[i]!;
    return { gridCode: g.gridCode, communityCode: g.communityCode, streetCode: g.streetCode };
  }

  /** Generation gaps (rounding slivers) are tiny; the nearest grid is the right one. */
  private snap(lng: number, lat: number): LocateResult {
    const dLat = this.snapMaxM / METRES_PER_DEGREE;
    const dLng = dLat / Math.cos((lat * Math.PI) / 180);
    let best = -1;
    let bestDistance = Infinity;
    for (const i of this.index.search(lng - dLng, lat - dLat, lng + dLng, lat + dLat)) {
      const d = distanceToGeometryM(lng, lat, this.grids[i]!.geometry);
      if (d < bestDistance || (d === bestDistance && i < best)) {
        best = i;
        bestDistance = d;
      }
    }
    if (best < 0 || bestDistance > this.snapMaxM) return { status: 'outside' };
    return { status: 'snapped', distanceM: bestDistance, ...this.assignment(best) };
  }
}

function flatPolygons(geometry: AreaGeometry): FlatPolygon[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map(flattenRing));
}

function inPolygons(polygons: readonly FlatPolygon[], lng: number, lat: number): boolean {
  for (const rings of polygons) {
    if (!pointInFlatRing(lng, lat, rings[0]!)) continue;
    let inHole = false;
    for (let h = 1; h < rings.length && !inHole; h++) inHole = pointInFlatRing(lng, lat, rings[h]!);
    if (!inHole) return true;
  }
  return false;
}
