// Power-diagram partitioning of a planar region, for generating approximate
// administrative polygons. A power diagram (Voronoi with per-site weights)
// lets a fixed site keep its location while its cell grows or shrinks to an
// area target; every cell is convex, so each is an exact half-plane clip.
import { clipRingsByHalfPlanes, planarCentroid, planarRingArea } from './clip.js';
import type { HalfPlane, XY } from './clip.js';
import { METRES_PER_DEGREE } from './polygon.js';
import type { Position } from './geojson.js';

export interface Site {
  x: number;
  y: number;
  /** Power weight (m²); larger grows the cell. */
  w: number;
}

/** Local equirectangular projection; metre-accurate over a district. */
export class LocalProjection {
  private readonly kx: number;

  constructor(
    readonly lng0: number,
    readonly lat0: number,
  ) {
    this.kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  }

  toXY([lng, lat]: Position): XY {
    return [(lng - this.lng0) * this.kx, (lat - this.lat0) * METRES_PER_DEGREE];
  }

  toLngLat([x, y]: XY): Position {
    return [this.lng0 + x / this.kx, this.lat0 + y / METRES_PER_DEGREE];
  }
}

/** Half-planes bounding site i's power cell. */
function powerHalfPlanes(sites: readonly Site[], i: number): HalfPlane[] {
  const si = sites[i]!;
  const planes: HalfPlane[] = [];
  sites.forEach((sj, j) => {
    if (j === i) return;
    // |p−si|² − wi ≤ |p−sj|² − wj  ⇔  2p·(sj−si) ≤ |sj|² − |si|² − wj + wi
    planes.push({
      a: 2 * (sj.x - si.x),
      b: 2 * (sj.y - si.y),
      c: sj.x * sj.x + sj.y * sj.y - si.x * si.x - si.y * si.y - sj.w + si.w,
    });
  });
  return planes;
}

/** Each site's cell within the region, as a list of rings (usually one). */
export function powerCells(region: readonly XY[][], sites: readonly Site[]): XY[][][] {
  return sites.map((_, i) => clipRingsByHalfPlanes(region, powerHalfPlanes(sites, i)));
}

export function cellArea(cell: readonly XY[][]): number {
  return cell.reduce((sum, ring) => sum + planarRingArea(ring), 0);
}

/**
 * Adjusts weights so cell areas approach the targets (same unit as the region's
 * area). Sites stay put. Converges in a few dozen rounds for well-placed sites.
 */
export function fitWeights(region: readonly XY[][], sites: Site[], targets: readonly number[], rounds = 400): XY[][][] {
  let cells = powerCells(region, sites);
  for (let round = 0; round < rounds; round++) {
    const areas = cells.map(cellArea);
    const worst = Math.max(...areas.map((a, i) => Math.abs(a - targets[i]!) / targets[i]!));
    if (worst < 0.002) break;
    sites.forEach((site, i) => {
      // A weight change Δw moves each bisector by Δw / (2·|si − sj|); for a
      // roughly round cell (perimeter ≈ 4·|si − sj|) the area moves by ≈ 2·Δw.
      // Step under half of that so neighbours' simultaneous moves don't overshoot.
      site.w += 0.25 * (targets[i]! - areas[i]!);
    });
    cells = powerCells(region, sites);
  }
  return cells;
}

/** Lloyd relaxation on plain Voronoi cells: sites drift to their cells' centroids. `pinned` sites stay. */
export function relax(region: readonly XY[][], sites: Site[], rounds: number, pinned: ReadonlySet<number> = new Set()): XY[][][] {
  let cells = powerCells(region, sites);
  for (let round = 0; round < rounds; round++) {
    cells.forEach((cell, i) => {
      if (pinned.has(i) || cell.length === 0) return;
      const [x, y] = planarCentroid(cell);
      sites[i]!.x = x;
      sites[i]!.y = y;
    });
    cells = powerCells(region, sites);
  }
  return cells;
}

/** Deterministic PRNG (mulberry32) so generated data is reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pointInPlanarRing(x: number, y: number, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPlanarRegion(x: number, y: number, region: readonly XY[][]): boolean {
  return region.some((ring) => pointInPlanarRing(x, y, ring));
}

/** `count` random points inside the region (rejection sampling in its bbox). */
export function samplePoints(region: readonly XY[][], count: number, random: () => number): XY[] {
  const xs = region.flat().map((p) => p[0]);
  const ys = region.flat().map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const out: XY[] = [];
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 10_000) throw new Error('samplePoints: region too thin');
    const x = minX + random() * (maxX - minX);
    const y = minY + random() * (maxY - minY);
    if (pointInPlanarRegion(x, y, region)) out.push([x, y]);
  }
  return out;
}
