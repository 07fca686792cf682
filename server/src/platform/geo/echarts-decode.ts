// Decoder for the compressed GeoJSON shipped in echarts@4 map files
// (`"UTF8Encoding": true`). Each coordinate pair is two UTF-16 chars holding
// zig-zag encoded deltas, offset by 64, quantised at 1/1024 degree; the first
// delta is relative to the ring's `encodeOffsets` entry.
import type { Position } from './geojson.js';

const DEFAULT_SCALE = 1024;

export function decodeEchartsRing(encoded: string, offset: readonly [number, number], scale = DEFAULT_SCALE): Position[] {
  if (encoded.length % 2 !== 0) throw new Error('echarts ring: odd-length string');
  let prevX = offset[0];
  let prevY = offset[1];
  const out: Position[] = [];
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    prevX += x;
    prevY += y;
    out.push([prevX / scale, prevY / scale]);
  }
  return out;
}

/** Encoded geometry as stored in the map file. */
export interface EchartsEncodedGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
  encodeOffsets: unknown;
}

/** Decodes a Polygon's rings (MultiPolygon: each polygon's rings) into plain positions. */
export function decodeEchartsPolygon(geometry: EchartsEncodedGeometry, scale = DEFAULT_SCALE): Position[][][] {
  const asPolygons =
    geometry.type === 'Polygon'
      ? { rings: [geometry.coordinates as string[]], offsets: [geometry.encodeOffsets as Array<[number, number]>] }
      : { rings: geometry.coordinates as string[][], offsets: geometry.encodeOffsets as Array<Array<[number, number]>> };
  return asPolygons.rings.map((rings, p) =>
    rings.map((ring, r) => {
      const offset = asPolygons.offsets[p]?.[r];
      if (offset === undefined) throw new Error('echarts geometry: missing encodeOffsets');
      return decodeEchartsRing(ring, offset, scale);
    }),
  );
}
