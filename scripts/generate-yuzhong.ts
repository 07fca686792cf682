// Generates the readable Yuzhong (渝中区) seed data in data/yuzhong/ from
// data/yuzhong/reference.json and the district outline in echarts@4.9.0.
//
//   npx tsx scripts/generate-yuzhong.ts
//
// Only the outline is real (coarse: ~54 points). Street, community and grid
// polygons are a deterministic power-diagram partition of it — plausible, not
// surveyed — and every such feature says so (approximate: true,
// geometrySource: "generated"). Same inputs and seed ⇒ byte-identical output.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { clipRingsByHalfPlanes, convexRingHalfPlanes, planarRingArea } from '../server/src/platform/geo/clip.js';
import type { XY } from '../server/src/platform/geo/clip.js';
import { decodeEchartsPolygon } from '../server/src/platform/geo/echarts-decode.js';
import type { EchartsEncodedGeometry } from '../server/src/platform/geo/echarts-decode.js';
import type { AreaGeometry, Position, Ring } from '../server/src/platform/geo/geojson.js';
import {
  LocalProjection,
  cellArea,
  fitWeights,
  mulberry32,
  pointInPlanarRegion,
  relax,
  samplePoints,
} from '../server/src/platform/geo/partition.js';
import type { Site } from '../server/src/platform/geo/partition.js';
import { geometryAreaM2 } from '../server/src/platform/geo/polygon.js';
import type { UnitRecord } from '../server/src/platform/geo/schema.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'data/yuzhong');
const OUTLINE_SOURCE = 'echarts@4.9.0 map/json/province/chongqing.json (Apache-2.0)';

// ---------------------------------------------------------------- inputs

const lngLat = z.tuple([z.number(), z.number()]);
const Reference = z.object({
  seed: z.number().int(),
  projectionOrigin: lngLat,
  gridTargetAreaM2: z.number().positive(),
  district: z.object({
    code: z.string().regex(/^\d{6}$/),
    name: z.string(),
    nameEn: z.string(),
    population: z.number().int(),
    landAreaKm2: z.number(),
  }),
  streets: z.array(
    z.object({
      code: z.string().regex(/^\d{9}$/),
      name: z.string(),
      nameEn: z.string(),
      site: lngLat,
      targetAreaKm2: z.number().positive(),
      population: z.number().int(),
    }),
  ),
  communities: z.array(
    z.object({
      street: z.string(),
      serial: z.string().regex(/^\d{3}$/).nullable(),
      name: z.string(),
      nameEn: z.string(),
      nameSource: z.string(),
      anchor: lngLat.optional(),
    }),
  ),
  generatedCommunities: z.array(z.object({ street: z.string(), committees: z.number().int(), workStations: z.number().int() })),
  zones: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      center: lngLat,
      streets: z.array(z.string()).min(1),
      usableAreaM2: z.number().positive(),
      shape: z.object({ aspect: z.number().positive(), bearingDeg: z.number() }),
    }),
  ),
  commandPosts: z.array(z.object({ code: z.string(), zone: z.string(), name: z.string(), nameEn: z.string() })),
  departments: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  taskForces: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
});
type Reference = z.infer<typeof Reference>;

const ref: Reference = Reference.parse(JSON.parse(readFileSync(join(OUT_DIR, 'reference.json'), 'utf8')));
const proj = new LocalProjection(ref.projectionOrigin[0], ref.projectionOrigin[1]);
const random = mulberry32(ref.seed);

function loadOutline(): Position[] {
  const require = createRequire(import.meta.url);
  const map = require('echarts4/map/json/province/chongqing.json') as {
    features: Array<{ id?: string; geometry: EchartsEncodedGeometry }>;
  };
  const feature = map.features.find((f) => f.id === ref.district.code);
  if (feature === undefined) throw new Error(`district ${ref.district.code} not in echarts map`);
  const polygons = decodeEchartsPolygon(feature.geometry);
  if (polygons.length !== 1 || polygons[0]!.length !== 1) throw new Error('expected a single-ring outline');
  return polygons[0]![0]!;
}

// ---------------------------------------------------------------- geometry helpers

/** Planar cell (list of open rings) → GeoJSON geometry, rounded, closed, CCW. */
function toGeometry(cell: readonly XY[][]): AreaGeometry {
  const rings: Ring[] = [];
  for (const planar of cell) {
    const ccw = planarRingArea(planar) >= 0 ? planar : [...planar].reverse();
    const ring: Ring = [];
    for (const p of ccw) {
      const [lng, lat] = proj.toLngLat(p);
      const q: Position = [round6(lng), round6(lat)];
      const last = ring[ring.length - 1];
      if (last === undefined || last[0] !== q[0] || last[1] !== q[1]) ring.push(q);
    }
    if (ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]) ring.pop();
    if (ring.length < 3) continue;
    ring.push([ring[0]![0], ring[0]![1]]);
    rings.push(ring);
  }
  if (rings.length === 0) throw new Error('cell vanished after rounding');
  return rings.length === 1 ? { type: 'Polygon', coordinates: rings } : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Sites for `count` cells in a region: pinned anchors first, then random points, relaxed. */
function partitionEvenly(region: XY[][], count: number, anchors: ReadonlyArray<XY | undefined>): XY[][][] {
  const pinned = new Set<number>();
  const free = samplePoints(region, count, random);
  const sites: Site[] = free.map(([x, y], i) => {
    const anchor = anchors[i];
    if (anchor !== undefined) {
      pinned.add(i);
      return { x: anchor[0], y: anchor[1], w: 0 };
    }
    return { x, y, w: 0 };
  });
  const cells = relax(region, sites, 40, pinned);
  cells.forEach((cell, i) => {
    if (cell.length === 0) throw new Error(`empty cell ${i} of ${count}`);
  });
  return cells;
}

/** Splits `total` into integers proportional to `weights` (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const remainder = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < remainder; k++) out[order[k]![1]]! += 1;
  return out;
}

// ---------------------------------------------------------------- output shapes

interface Out {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: AreaGeometry;
}

/** One feature per line: diffable and still readable. */
function writeCollection(file: string, name: string, features: Out[]): void {
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  writeFileSync(join(OUT_DIR, file), `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[\n${body}\n]}\n`);
}

function writeUnits(units: UnitRecord[]): void {
  writeFileSync(join(OUT_DIR, 'units.json'), `[\n${units.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`);
}

// ---------------------------------------------------------------- generation

const outlineLngLat = loadOutline();
const outlineOpen = outlineLngLat.slice(0, -1).map((p) => proj.toXY(p));
const outlineRegion: XY[][] = [planarRingArea(outlineOpen) >= 0 ? outlineOpen : outlineOpen.reverse()];
const outlineArea = cellArea(outlineRegion);

// Streets: one power cell per street, weights fitted to the reference area shares.
const targetSum = ref.streets.reduce((s, st) => s + st.targetAreaKm2, 0);
const streetSites: Site[] = ref.streets.map((st) => {
  const [x, y] = proj.toXY(st.site);
  return { x, y, w: 0 };
});
const streetCells = fitWeights(
  outlineRegion,
  streetSites,
  ref.streets.map((st) => (st.targetAreaKm2 / targetSum) * outlineArea),
);

function streetAt(lngLatPoint: Position): string | undefined {
  const [x, y] = proj.toXY(lngLatPoint);
  const i = streetCells.findIndex((cell) => pointInPlanarRegion(x, y, cell));
  return i < 0 ? undefined : ref.streets[i]!.code;
}

for (const zone of ref.zones) {
  const street = streetAt(zone.center);
  if (street === undefined || !zone.streets.includes(street)) {
    throw new Error(`${zone.code} centre falls in ${street ?? 'no street'}, expected ${zone.streets.join('/')}`);
  }
}

interface CommunityPlan {
  code: string;
  name: string;
  nameEn: string;
  nameSource: string;
  codeSource: 'public list' | 'generated';
  communityType: 'committee' | 'work_station';
  anchor?: XY;
}

function planCommunities(streetIndex: number): CommunityPlan[] {
  const street = ref.streets[streetIndex]!;
  const listed = ref.communities.filter((c) => c.street === street.code);
  // Serials for names without a published code start at 901 so they can never
  // collide with (or be mistaken for) real codes.
  let nextGenerated = 901;
  const plans: CommunityPlan[] = listed.map((c) => {
    const plan: CommunityPlan = {
      code: street.code + (c.serial ?? String(nextGenerated++)),
      name: c.name,
      nameEn: c.nameEn,
      nameSource: c.nameSource,
      codeSource: c.serial === null ? 'generated' : 'public list',
      communityType: 'committee',
    };
    if (c.anchor !== undefined) plan.anchor = proj.toXY(c.anchor);
    return plan;
  });
  const shortName = street.name.replace(/街道$/, '');
  const shortEn = street.nameEn.replace(/ Subdistrict$/, '');
  for (const g of ref.generatedCommunities.filter((x) => x.street === street.code)) {
    for (let k = 1; k <= g.committees; k++) {
      plans.push({
        code: street.code + String(nextGenerated++),
        name: `${shortName}第${k}社区（生成）`,
        nameEn: `${shortEn} Community ${k} (generated)`,
        nameSource: 'generated',
        codeSource: 'generated',
        communityType: 'committee',
      });
    }
    for (let k = 1; k <= g.workStations; k++) {
      plans.push({
        code: street.code + String(nextGenerated++),
        name: `${shortName}社区工作站${g.workStations > 1 ? k : ''}（生成）`,
        nameEn: `${shortEn} Community Work Station${g.workStations > 1 ? ` ${k}` : ''} (generated)`,
        nameSource: 'generated',
        codeSource: 'generated',
        communityType: 'work_station',
      });
    }
  }
  return plans;
}

const streetFeatures: Out[] = [];
const communityFeatures: Out[] = [];
const gridFeatures: Out[] = [];
const units: UnitRecord[] = [];
const multipart: string[] = [];

units.push({
  code: ref.district.code,
  name: ref.district.name,
  nameEn: ref.district.nameEn,
  kind: 'district',
  parentCode: null,
  population: ref.district.population,
});

ref.streets.forEach((street, si) => {
  const cell = streetCells[si]!;
  if (cell.length === 0) throw new Error(`street ${street.code} has no area`);
  if (cell.length > 1) multipart.push(street.code);
  const streetGeometry = toGeometry(cell);
  streetFeatures.push({
    type: 'Feature',
    properties: {
      code: street.code,
      name: street.name,
      nameEn: street.nameEn,
      districtCode: ref.district.code,
      population: street.population,
      areaM2: Math.round(geometryAreaM2(streetGeometry)),
      approximate: true,
      geometrySource: 'generated',
    },
    geometry: streetGeometry,
  });
  units.push({
    code: street.code,
    name: street.name,
    nameEn: street.nameEn,
    kind: 'street',
    parentCode: ref.district.code,
    approximate: true,
    population: street.population,
  });

  const plans = planCommunities(si);
  const anchors = plans.map((p) => (p.anchor !== undefined && pointInPlanarRegion(p.anchor[0], p.anchor[1], cell) ? p.anchor : undefined));
  plans.forEach((p, i) => {
    if (p.anchor !== undefined && anchors[i] === undefined) console.warn(`anchor of ${p.name} is outside its street; ignored`);
  });
  const communityCells = partitionEvenly(cell, plans.length, anchors);
  // Population follows area with ±30 % jitter: dense and sparse blocks both exist.
  const communityPops = apportion(
    street.population,
    communityCells.map((c) => cellArea(c) * (0.7 + 0.6 * random())),
  );

  plans.forEach((plan, ci) => {
    const communityCell = communityCells[ci]!;
    if (communityCell.length > 1) multipart.push(plan.code);
    const geometry = toGeometry(communityCell);
    communityFeatures.push({
      type: 'Feature',
      properties: {
        code: plan.code,
        name: plan.name,
        nameEn: plan.nameEn,
        streetCode: street.code,
        communityType: plan.communityType,
        nameSource: plan.nameSource,
        codeSource: plan.codeSource,
        population: communityPops[ci]!,
        areaM2: Math.round(geometryAreaM2(geometry)),
        approximate: true,
        geometrySource: 'generated',
      },
      geometry,
    });
    units.push({
      code: plan.code,
      name: plan.name,
      nameEn: plan.nameEn,
      kind: 'community',
      parentCode: street.code,
      approximate: true,
      population: communityPops[ci]!,
    });

    const gridCount = Math.min(99, Math.max(2, Math.round(cellArea(communityCell) / ref.gridTargetAreaM2)));
    const gridCells = partitionEvenly(communityCell, gridCount, []);
    // Number grids north-west to south-east so neighbouring codes are neighbours on the map.
    const order = gridCells
      .map((g, gi) => ({ gi, key: bandKey(g) }))
      .sort((a, b) => a.key - b.key || a.gi - b.gi)
      .map((o) => o.gi);
    order.forEach((gi, k) => {
      const gridCell = gridCells[gi]!;
      if (gridCell.length > 1) multipart.push(`${plan.code}#${k + 1}`);
      const code = plan.code + String(k + 1).padStart(2, '0');
      const gridGeometry = toGeometry(gridCell);
      const label = `第${k + 1}网格`;
      gridFeatures.push({
        type: 'Feature',
        properties: {
          code,
          name: plan.name.replace(/（生成）$/, '') + label,
          nameEn: `${plan.nameEn.replace(/ \(generated\)$/, '')} Grid ${k + 1}`,
          communityCode: plan.code,
          streetCode: street.code,
          areaM2: Math.round(geometryAreaM2(gridGeometry)),
          approximate: true,
          geometrySource: 'generated',
        },
        geometry: gridGeometry,
      });
      units.push({
        code,
        name: plan.name.replace(/（生成）$/, '') + label,
        nameEn: `${plan.nameEn.replace(/ \(generated\)$/, '')} Grid ${k + 1}`,
        kind: 'grid',
        parentCode: plan.code,
        approximate: true,
      });
    });
  });
});

/** Reading-order key: 250 m latitude bands north→south, then west→east. */
function bandKey(cell: XY[][]): number {
  const pts = cell.flat();
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return -Math.round(cy / 250) * 1e6 + cx;
}

// Key zones: an ellipse of the given aspect and bearing, clipped to the
// outline, scaled until the usable (on-land) area matches the reference.
function zoneCell(center: XY, areaM2: number, aspect: number, bearingDeg: number): XY[][] {
  const theta = (bearingDeg * Math.PI) / 180;
  const ellipse = (scale: number): XY[] => {
    const a = scale * Math.sqrt(aspect);
    const b = scale / Math.sqrt(aspect);
    return Array.from({ length: 24 }, (_, k) => {
      const t = (2 * Math.PI * k) / 24;
      const u = a * Math.cos(t);
      const v = b * Math.sin(t);
      // Bearing is clockwise from north along the major axis.
      return [center[0] + u * Math.sin(theta) + v * Math.cos(theta), center[1] + u * Math.cos(theta) - v * Math.sin(theta)] as XY;
    }).reverse();
  };
  const clipped = (scale: number): XY[][] => {
    const ring = ellipse(scale);
    const ccw = planarRingArea(ring) >= 0 ? ring : ring.reverse();
    return clipRingsByHalfPlanes(outlineRegion, convexRingHalfPlanes(ccw));
  };
  let lo = 1;
  let hi = 2000;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (cellArea(clipped(mid)) < areaM2) lo = mid;
    else hi = mid;
  }
  return clipped((lo + hi) / 2);
}

const zoneFeatures: Out[] = ref.zones.map((zone) => {
  const cell = zoneCell(proj.toXY(zone.center), zone.usableAreaM2, zone.shape.aspect, zone.shape.bearingDeg);
  const geometry = toGeometry(cell);
  const street = streetAt(zone.center)!;
  units.push({ code: zone.code, name: zone.name, nameEn: zone.nameEn, kind: 'zone', parentCode: street, approximate: true });
  return {
    type: 'Feature',
    properties: {
      code: zone.code,
      name: zone.name,
      nameEn: zone.nameEn,
      street,
      center: zone.center,
      usableAreaM2: Math.round(geometryAreaM2(geometry)),
      approximate: true,
      geometrySource: 'generated',
    },
    geometry,
  };
});

for (const cp of ref.commandPosts) {
  units.push({ code: cp.code, name: cp.name, nameEn: cp.nameEn, kind: 'command_post', parentCode: ref.district.code, zoneCode: cp.zone });
}
for (const d of ref.departments) {
  units.push({ code: d.code, name: d.name, nameEn: d.nameEn, kind: 'department', parentCode: ref.district.code });
}
for (const tf of ref.taskForces) {
  units.push({ code: tf.code, name: tf.name, nameEn: tf.nameEn, kind: 'task_force', parentCode: ref.district.code });
}

const districtGeometry: AreaGeometry = {
  type: 'Polygon',
  coordinates: [outlineRegion[0]!.map((p) => proj.toLngLat(p)).map(([a, b]) => [round6(a), round6(b)] as Position)],
};
districtGeometry.coordinates[0]!.push([...districtGeometry.coordinates[0]![0]!]);

writeCollection('district.geojson', 'yuzhong-district', [
  {
    type: 'Feature',
    properties: {
      code: ref.district.code,
      name: ref.district.name,
      nameEn: ref.district.nameEn,
      population: ref.district.population,
      landAreaKm2: ref.district.landAreaKm2,
      outlineAreaM2: Math.round(geometryAreaM2(districtGeometry)),
      approximate: true,
      geometrySource: OUTLINE_SOURCE,
    },
    geometry: districtGeometry,
  },
]);
writeCollection('streets.geojson', 'yuzhong-streets', streetFeatures);
writeCollection('communities.geojson', 'yuzhong-communities', communityFeatures);
writeCollection('grids.geojson', 'yuzhong-grids', gridFeatures);
writeCollection('zones.geojson', 'yuzhong-zones', zoneFeatures);
writeUnits(units);

const km2 = (m2: number) => (m2 / 1e6).toFixed(3);
console.log(`outline ${km2(geometryAreaM2(districtGeometry))} km² (official land area ${ref.district.landAreaKm2} km²)`);
console.log(`streets ${streetFeatures.length}, communities ${communityFeatures.length}, grids ${gridFeatures.length}, units ${units.length}`);
for (const f of streetFeatures) console.log(`  ${f.properties['code']} ${f.properties['name']} ${km2(f.properties['areaM2'] as number)} km²`);
if (multipart.length > 0) console.log(`multi-part cells: ${multipart.join(', ')}`);
