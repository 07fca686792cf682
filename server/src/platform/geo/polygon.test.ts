import { describe, expect, it } from 'vitest';
import type { MultiPolygonGeometry, PolygonGeometry, Position } from './geojson.js';
import {
  distanceToGeometryM,
  flattenRing,
  geometryAreaM2,
  geometryBBox,
  pointInFlatRing,
  pointInGeometry,
  pointInRing,
  ringAreaM2,
} from './polygon.js';

const square = (x0: number, y0: number, size: number): Position[] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

describe('point in polygon', () => {
  const donut: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };

  it('handles the exterior and holes', () => {
    expect(pointInGeometry(1, 1, donut)).toBe(true);
    expect(pointInGeometry(5, 5, donut)).toBe(false);
    expect(pointInGeometry(11, 5, donut)).toBe(false);
  });

  it('handles MultiPolygon parts', () => {
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(pointInGeometry(0.5, 0.5, multi)).toBe(true);
    expect(pointInGeometry(5.5, 5.5, multi)).toBe(true);
    expect(pointInGeometry(3, 3, multi)).toBe(false);
  });

  it('puts a point on a shared slanted edge in exactly one of the two neighbours', () => {
    // Two triangles sharing the diagonal of a unit square, walked in opposite directions.
    const a: Position[] = [[0, 0], [1, 0], [0.3, 1], [0, 0]];
    const b: Position[] = [[1, 0], [1.3, 1], [0.3, 1], [1, 0]];
    for (let k = 1; k < 200; k++) {
      const t = k / 200;
      const x = 1 + t * (0.3 - 1);
      const y = t;
      const inA = pointInRing(x, y, a);
      const inB = pointInRing(x, y, b);
      expect(inA !== inB).toBe(true);
      expect(pointInFlatRing(x, y, flattenRing(a))).toBe(inA);
      expect(pointInFlatRing(x, y, flattenRing(b))).toBe(inB);
    }
  });
});

describe('measures', () => {
  it('computes the spherical area of a small square', () => {
    // 0.01° × 0.01° at the equator ≈ (1111.95 m)².
    const area = geometryAreaM2({ type: 'Polygon', coordinates: [square(0, 0, 0.01)] });
    expect(area).toBeGreaterThan(1.2364e6 * 0.999);
    expect(area).toBeLessThan(1.2364e6 * 1.001);
  });

  it('gives counter-clockwise rings a positive sign and subtracts holes', () => {
    expect(ringAreaM2(square(0, 0, 0.01))).toBeGreaterThan(0);
    expect(ringAreaM2([...square(0, 0, 0.01)].reverse())).toBeLessThan(0);
    const outer = geometryAreaM2({ type: 'Polygon', coordinates: [square(0, 0, 0.02)] });
    const withHole = geometryAreaM2({ type: 'Polygon', coordinates: [square(0, 0, 0.02), square(0.005, 0.005, 0.01)] });
    expect(withHole / outer).toBeCloseTo(0.75, 3);
  });

  it('shrinks with latitude like cos(lat)', () => {
    const equator = geometryAreaM2({ type: 'Polygon', coordinates: [square(106.5, 0, 0.01)] });
    const chongqing = geometryAreaM2({ type: 'Polygon', coordinates: [square(106.5, 29.55, 0.01)] });
    expect(chongqing / equator).toBeCloseTo(Math.cos((29.555 * Math.PI) / 180), 3);
  });

  it('computes bboxes and distances', () => {
    const g: PolygonGeometry = { type: 'Polygon', coordinates: [square(106.5, 29.5, 0.01)] };
    expect(geometryBBox(g)).toEqual([106.5, 29.5, 106.51, 29.51]);
    expect(distanceToGeometryM(106.505, 29.505, g)).toBe(0);
    // 0.0001° of latitude south of the bottom edge ≈ 11.1 m.
    expect(distanceToGeometryM(106.505, 29.4999, g)).toBeCloseTo(11.12, 1);
  });
});
