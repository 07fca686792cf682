// Planar clipping of simple polygons by half-planes. Used by the data
// generator to cut the district into power-diagram cells: every cell is an
// intersection of half-planes, and cutting the (non-convex) outline with them
// one at a time yields exact, gap-free partitions — unlike Sutherland–Hodgman,
// which joins disconnected pieces with zero-width bridges.

/** Planar point (metres in a local projection). */
export type XY = [number, number];

/** The half-plane a·x + b·y ≤ c. */
export interface HalfPlane {
  a: number;
  b: number;
  c: number;
}

/** Signed shoelace area of an open ring (positive when counter-clockwise). */
export function planarRingArea(ring: readonly XY[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  }
  return twice / 2;
}

export function planarCentroid(rings: readonly XY[][]): XY {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j]!;
      const [x1, y1] = ring[i]!;
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
  }
  return [cx / (3 * area), cy / (3 * area)];
}

interface Crossing {
  /** Position along the cut line, used to pair crossings into inside segments. */
  s: number;
  enter: boolean;
  chain: number;
}

/**
 * Part of a simple, open, counter-clockwise ring inside a half-plane. Returns
 * zero or more simple rings (a concave ring can fall apart into several).
 * Assumes general position; vertices within 1e-9 of the line count as outside,
 * which only ever adds a vanishing sliver, never a crossing.
 */
export function clipRingByHalfPlane(ring: readonly XY[], plane: HalfPlane): XY[][] {
  const norm = Math.hypot(plane.a, plane.b);
  const a = plane.a / norm;
  const b = plane.b / norm;
  const c = plane.c / norm;
  const n = ring.length;
  const d = ring.map(([x, y]) => {
    const v = a * x + b * y - c;
    return Math.abs(v) < 1e-9 ? 1e-9 : v;
  });
  const start = d.findIndex((v) => v > 0);
  if (start < 0) return [ring.slice()];
  if (d.every((v) => v > 0)) return [];

  // Walk from an outside vertex so every kept chain starts by entering and ends by leaving.
  const chains: XY[][] = [];
  const crossings: Crossing[] = [];
  let current: XY[] | null = null;
  for (let step = 0; step < n; step++) {
    const i = (start + step) % n;
    const j = (i + 1) % n;
    const di = d[i]!;
    const dj = d[j]!;
    if (di <= 0) current!.push(ring[i]!);
    if (di <= 0 === dj <= 0) continue;
    const t = di / (di - dj);
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    const p: XY = [xi + t * (xj - xi), yi + t * (yj - yi)];
    const s = -b * p[0] + a * p[1];
    if (di > 0) {
      current = [p];
      chains.push(current);
      crossings.push({ s, enter: true, chain: chains.length - 1 });
    } else {
      current!.push(p);
      crossings.push({ s, enter: false, chain: chains.length - 1 });
      current = null;
    }
  }

  // Along the line, consecutive crossings bound the segments lying inside the
  // polygon; each joins the end of one chain to the start of the next.
  const sorted = [...crossings].sort((p, q) => p.s - q.s);
  const nextChain = new Array<number>(chains.length);
  for (let k = 0; k < sorted.length; k += 2) {
    const p = sorted[k]!;
    const q = sorted[k + 1]!;
    if (p.enter === q.enter) throw new Error('clipRingByHalfPlane: ring is not simple');
    const leave = p.enter ? q : p;
    const enter = p.enter ? p : q;
    nextChain[leave.chain] = enter.chain;
  }

  const used = new Array<boolean>(chains.length).fill(false);
  const out: XY[][] = [];
  for (let first = 0; first < chains.length; first++) {
    if (used[first]) continue;
    const piece: XY[] = [];
    let k = first;
    do {
      used[k] = true;
      piece.push(...chains[k]!);
      k = nextChain[k]!;
    } while (k !== first);
    const clean = dropRepeats(piece);
    if (clean.length >= 3 && planarRingArea(clean) > 1e-6) out.push(clean);
  }
  return out;
}

/** Intersection of rings with a convex region given as half-planes. */
export function clipRingsByHalfPlanes(rings: readonly XY[][], planes: readonly HalfPlane[]): XY[][] {
  let pieces: XY[][] = rings.map((r) => r.slice());
  for (const plane of planes) {
    pieces = pieces.flatMap((r) => clipRingByHalfPlane(r, plane));
    if (pieces.length === 0) break;
  }
  return pieces;
}

/** Half-planes of a convex, counter-clockwise ring (for clipping by a convex shape). */
export function convexRingHalfPlanes(ring: readonly XY[]): HalfPlane[] {
  return ring.map(([x0, y0], i) => {
    const [x1, y1] = ring[(i + 1) % ring.length]!;
    // Inside is to the left of each edge: (p - p0) × (p1 - p0) ≤ 0.
    const a = y1 - y0;
    const b = -(x1 - x0);
    return { a, b, c: a * x0 + b * y0 };
  });
}

function dropRepeats(ring: XY[]): XY[] {
  const out: XY[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last === undefined || Math.abs(last[0] - p[0]) > 1e-9 || Math.abs(last[1] - p[1]) > 1e-9) out.push(p);
  }
  while (out.length > 1 && Math.abs(out[0]![0] - out[out.length - 1]![0]) <= 1e-9 && Math.abs(out[0]![1] - out[out.length - 1]![1]) <= 1e-9) {
    out.pop();
  }
  return out;
}
