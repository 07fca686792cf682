// Public surface of the geo module: Yuzhong unit geometry, loading and point look-up.
export type { AreaGeometry, BBox, Feature, FeatureCollection, MultiPolygonGeometry, PolygonGeometry, Position, Ring } from './geojson.js';
export {
  EARTH_RADIUS_M,
  distanceToGeometryM,
  geometryAreaM2,
  geometryBBox,
  pointInGeometry,
  pointInPolygonRings,
  pointInRing,
  ringAreaM2,
} from './polygon.js';
export { GridLocator, OutsideDistrictError } from './spatial-index.js';
export type { GridAssignment, GridInput, GridLocatorOptions, LocateResult, LocatedResult } from './spatial-index.js';
export { YUZHONG_DIR_ENV, createGridLocator, defaultYuzhongDir, hierarchyProblems, loadYuzhong, loadYuzhongSync } from './load-yuzhong.js';
export type { YuzhongData } from './load-yuzhong.js';
export {
  AreaGeometrySchema,
  CommunityCollectionSchema,
  DistrictCollectionSchema,
  GridCollectionSchema,
  StreetCollectionSchema,
  UnitKindSchema,
  UnitListSchema,
  UnitRecordSchema,
  ZoneCollectionSchema,
} from './schema.js';
export type {
  CommunityCollection,
  DistrictCollection,
  GridCollection,
  StreetCollection,
  UnitKind,
  UnitRecord,
  ZoneCollection,
} from './schema.js';
