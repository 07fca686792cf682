import { describe, expect, it } from 'vitest';
import type { PolygonGeometry, Position } from './geojson.js';
import { GridLocator, OutsideDistrictError } from './spatial-index.js';
import type { GridInput } from './spatial-index.js';

const rect = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as Position[]],
});

// Two grids share the edge x = 106.501; a 0.0002° (~19 m) gap separates the
// second from a third grid. The outline covers all three and the gap.
const grids: GridInput[] = [
  { gridCode: '50010300100102', communityCode: '500103001001', streetCode: '500103001', geometry: rect(106.501, 29.5, 106.502, 29.501) },
  { gridCode: '50010300100101', communityCode: '500103001001', streetCode: '500103001', geometry: rect(106.5, 29.5, 106.501, 29.501) },
  { gridCode: '50010300300101', communityCode: '500103003001', streetCode: '500103003', geometry: rect(106.5022, 29.5, 106.504, 29.501) },
];
const outline = rect(106.5, 29.5, 106.504, 29.501);

describe('GridLocator', () => {
  const locator = new GridLocator(grids, outline);

  it('finds the grid containing a point', () => {
    expect(locator.locate(106.5005, 29.5005)).toEqual({
      status: 'inside',
      gridCode: '50010300100101',
      communityCode: '500103001001',
      streetCode: '500103001',
    });
    expect(locator.locate(106.503, 29.5005)).toMatchObject({ status: 'inside', streetCode: '500103003' });
  });

  it('resolves points on a shared border to one grid, every time', () => {
    const first = locator.locate(106.501, 29.5005);
    expect(first.status).toBe('inside');
    for (let i = 0; i < 5; i++) expect(locator.locate(106.501, 29.5005)).toEqual(first);
  });

  it('snaps points in a gap inside the outline to the nearest grid within 50 m', () => {
    // 106.50215 is ~5 m from the third grid and ~14 m from the second.
    const r = locator.locate(106.50215, 29.5005);
    expect(r).toMatchObject({ status: 'snapped', gridCode: '50010300300101' });
    if (r.status === 'snapped') expect(r.distanceM).toBeGreaterThan(3);
  });

  it('does not snap beyond the limit', () => {
    const strict = new GridLocator(grids, outline, { snapMaxM: 2 });
    expect(strict.locate(106.50215, 29.5005)).toEqual({ status: 'outside' });
  });

  it('reports points outside the outline as outside, even near a grid', () => {
    expect(locator.locate(106.5005, 29.50101)).toEqual({ status: 'outside' });
    expect(locator.locate(116.4074, 39.9042)).toEqual({ status: 'outside' });
    expect(() => locator.locateOrThrow(116.4074, 39.9042)).toThrow(OutsideDistrictError);
    expect(locator.locateOrThrow(106.5005, 29.5005).gridCode).toBe('50010300100101');
  });

  it('prefers the lowest grid code where grids overlap', () => {
    const overlapping = new GridLocator(
      [
        { ...grids[0]!, gridCode: '50010300100109', geometry: rect(106.5, 29.5, 106.502, 29.501) },
        { ...grids[0]!, gridCode: '50010300100103', geometry: rect(106.5, 29.5, 106.502, 29.501) },
      ],
      outline,
    );
    expect(overlapping.locate(106.5015, 29.5005)).toMatchObject({ gridCode: '50010300100103' });
  });
});
