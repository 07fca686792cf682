import { describe, expect, it } from 'vitest';
import { clipRingByHalfPlane, clipRingsByHalfPlanes, convexRingHalfPlanes, planarRingArea } from './clip.js';
import type { XY } from './clip.js';
import { decodeEchartsPolygon, decodeEchartsRing } from './echarts-decode.js';

const total = (rings: XY[][]) => rings.reduce((s, r) => s + planarRingArea(r), 0);

describe('clipRingByHalfPlane', () => {
  const square: XY[] = [[0, 0], [10, 0], [10, 10], [0, 10]];

  it('keeps, drops or cuts a convex ring', () => {
    expect(total(clipRingByHalfPlane(square, { a: 1, b: 0, c: 20 }))).toBe(100);
    expect(clipRingByHalfPlane(square, { a: 1, b: 0, c: -1 })).toEqual([]);
    expect(total(clipRingByHalfPlane(square, { a: 1, b: 0, c: 4 }))).toBeCloseTo(40, 9);
  });

  it('splits a concave ring into separate simple pieces', () => {
    // A "U": two prongs joined at the bottom; cutting above the base leaves two pieces.
    const u: XY[] = [[0, 0], [30, 0], [30, 20], [20, 20], [20, 5], [10, 5], [10, 20], [0, 20]];
    const pieces = clipRingByHalfPlane(u, { a: 0, b: -1, c: -10 }); // keep y ≥ 10
    expect(pieces).toHaveLength(2);
    expect(pieces.map(planarRingArea).sort()).toEqual([100, 100]);
    // Complementary half-planes partition the ring exactly.
    const below = clipRingByHalfPlane(u, { a: 0, b: 1, c: 10 });
    expect(total(pieces) + total(below)).toBeCloseTo(planarRingArea(u), 9);
  });

  it('clips by a convex shape given as its edges', () => {
    const diamond: XY[] = [[5, -2], [12, 5], [5, 12], [-2, 5]];
    const planes = convexRingHalfPlanes(diamond);
    const out = clipRingsByHalfPlanes([[[0, 0], [10, 0], [10, 10], [0, 10]]], planes);
    expect(out).toHaveLength(1);
    expect(total(out)).toBeCloseTo(100 - 4 * 4.5, 9); // four 3×3/2 corners cut off
  });
});

describe('echarts decoding', () => {
  /** Inverse of the decoder, to round-trip known coordinates. */
  function encode(points: Array<[number, number]>): { s: string; offset: [number, number] } {
    const q = points.map(([x, y]) => [Math.round(x * 1024), Math.round(y * 1024)] as const);
    const offset: [number, number] = [q[0]![0], q[0]![1]];
    let [px, py] = offset;
    let s = '';
    for (const [x, y] of q) {
      const zig = (v: number) => (v << 1) ^ (v >> 31);
      s += String.fromCharCode(zig(x - px) + 64, zig(y - py) + 64);
      px = x;
      py = y;
    }
    return { s, offset };
  }

  it('round-trips quantised coordinates', () => {
    const pts: Array<[number, number]> = [[106.5889, 29.5713], [106.5908, 29.5684], [106.5, 29.53], [106.5889, 29.5713]];
    const { s, offset } = encode(pts);
    const decoded = decodeEchartsRing(s, offset);
    decoded.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(pts[i]![0], 3);
      expect(y).toBeCloseTo(pts[i]![1], 3);
    });
  });

  it('decodes polygon geometries ring by ring', () => {
    const { s, offset } = encode([[1, 1], [2, 1], [2, 2], [1, 1]]);
    const rings = decodeEchartsPolygon({ type: 'Polygon', coordinates: [s], encodeOffsets: [offset] });
    expect(rings).toEqual([[[[1, 1], [2, 1], [2, 2], [1, 1]]]]);
  });
});
