// Planar-on-lon/lat polygon predicates and spherical measures, written here
// instead of depending on turf: the locator needs only a handful of them and
// they sit on a hot path (1e6 look-ups in the bench).
import type { AreaGeometry, BBox, Position, Ring } from './geojson.js';

/** Mean Earth radius (IUGG), metres. A sphere is accurate enough for district-scale areas. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Ray casting (crossing number) test against one ring.
 *
 * Each edge's crossing abscissa is computed from its endpoints ordered by
 * latitude, so an edge shared by two neighbouring polygons (walked in opposite
 * directions) yields the bit-identical value in both. Together with the
 * half-open rules (`>` on y, `<` on x) a point lying exactly on a shared edge is
 * inside exactly one of the two polygons — that is what makes border look-ups
 * deterministic.
 */
export function pointInRing(lng: number, lat: number, ring: readonly Position[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const pi = ring[i]!;
    const pj = ring[j]!;
    const yi = pi[1];
    const yj = pj[1];
    if (yi > lat === yj > lat) continue;
    const lo = yi < yj ? pi : pj;
    const hi = yi < yj ? pj : pi;
    const xCross = lo[0] + ((lat - lo[1]) * (hi[0] - lo[0])) / (hi[1] - lo[1]);
    if (lng < xCross) inside = !inside;
  }
  return inside;
}

/** Point in a polygon given as [exterior, ...holes]. */
export function pointInPolygonRings(lng: number, lat: number, rings: readonly Ring[]): boolean {
  const outer = rings[0];
  if (outer === undefined || !pointInRing(lng, lat, outer)) return false;
  for (let h = 1; h < rings.length; h++) {
    if (pointInRing(lng, lat, rings[h]!)) return false;
  }
  return true;
}

export function pointInGeometry(lng: number, lat: number, geometry: AreaGeometry): boolean {
  if (geometry.type === 'Polygon') return pointInPolygonRings(lng, lat, geometry.coordinates);
  for (const polygon of geometry.coordinates) {
    if (pointInPolygonRings(lng, lat, polygon)) return true;
  }
  return false;
}

/** Every ring of a geometry, exteriors and holes alike. */
export function geometryRings(geometry: AreaGeometry): Ring[] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

export function geometryBBox(geometry: AreaGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of geometryRings(geometry)) {
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Signed spherical area of a ring in m² (positive when counter-clockwise),
 * after Chamberlain & Duquette (2007), the same approximation turf uses.
 */
export function ringAreaM2(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lower = ring[i]!;
    const middle = ring[(i + 1) % n]!;
    const upper = ring[(i + 2) % n]!;
    total += (upper[0] - lower[0]) * RAD * Math.sin(middle[1] * RAD);
  }
  // The formula walks west-to-east as positive; flip so CCW (GeoJSON exterior) is positive.
  return (-total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2;
}

function polygonAreaM2(rings: readonly Ring[]): number {
  let area = 0;
  rings.forEach((ring, i) => {
    const a = Math.abs(ringAreaM2(ring));
    area += i === 0 ? a : -a;
  });
  return area;
}

/** Unsigned area of a Polygon or MultiPolygon in m², holes subtracted. */
export function geometryAreaM2(geometry: AreaGeometry): number {
  if (geometry.type === 'Polygon') return polygonAreaM2(geometry.coordinates);
  return geometry.coordinates.reduce((sum, polygon) => sum + polygonAreaM2(polygon), 0);
}

/** Metres per degree of latitude on the sphere above. */
export const METRES_PER_DEGREE = EARTH_RADIUS_M * RAD;

/**
 * Distance in metres from a point to the boundary of a geometry, or 0 when the
 * point is inside. Uses an equirectangular frame centred on the point, which
 * is exact to well under a metre at the 50 m scale it is used for.
 */
export function distanceToGeometryM(lng: number, lat: number, geometry: AreaGeometry): number {
  if (pointInGeometry(lng, lat, geometry)) return 0;
  const kx = METRES_PER_DEGREE * Math.cos(lat * RAD);
  const ky = METRES_PER_DEGREE;
  let best = Infinity;
  for (const ring of geometryRings(geometry)) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1]!;
      const b = ring[i]!;
      const d = segmentDistance((a[0] - lng) * kx, (a[1] - lat) * ky, (b[0] - lng) * kx, (b[1] - lat) * ky);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Distance from the origin to segment (ax,ay)-(bx,by). */
function segmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : -(ax * dx + ay * dy) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** A ring as a flat [x0, y0, x1, y1, …] array: the locator's hot-path layout. */
export function flattenRing(ring: readonly Position[]): Float64Array {
  const flat = new Float64Array(ring.length * 2);
  ring.forEach(([x, y], i) => {
    flat[2 * i] = x;
    flat[2 * i + 1] = y;
  });
  return flat;
}

/** {@link pointInRing} over a flat ring; same edge rules, so the same answers. */
export function pointInFlatRing(lng: number, lat: number, flat: Float64Array): boolean {
  let inside = false;
  const n = flat.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = flat[i]!;
    const yi = flat[i + 1]!;
    const xj = flat[j]!;
    const yj = flat[j + 1]!;
    if (yi > lat === yj > lat) continue;
    const xCross = yi < yj ? xi + ((lat - yi) * (xj - xi)) / (yj - yi) : xj + ((lat - yj) * (xi - xj)) / (yi - yj);
    if (lng < xCross) inside = !inside;
  }
  return inside;
}
