// Minimal GeoJSON types for the shapes this platform stores (2-D polygons only).
// Hand-written rather than pulled from @types/geojson to keep tuples exact.

/** [longitude, latitude] in degrees. */
export type Position = [number, number];
/** A closed linear ring: first and last positions are equal. */
export type Ring = Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  /** Exterior ring first, then holes. */
  coordinates: Ring[];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface Feature<G, P> {
  type: 'Feature';
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Array<Feature<G, P>>;
}

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];
