// Reads and validates data/yuzhong/*. Files are small (≈0.5 MB together), so
// they are read whole; zod checks shapes, then codes are checked against the
// hierarchy (a grid's code must extend its community's, and so on).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  CommunityCollectionSchema,
  DistrictCollectionSchema,
  GridCollectionSchema,
  StreetCollectionSchema,
  UnitListSchema,
  ZoneCollectionSchema,
} from './schema.js';
import type {
  CommunityCollection,
  DistrictCollection,
  GridCollection,
  StreetCollection,
  UnitRecord,
  ZoneCollection,
} from './schema.js';
import { GridLocator } from './spatial-index.js';
import type { GridLocatorOptions } from './spatial-index.js';

export interface YuzhongData {
  district: DistrictCollection;
  streets: StreetCollection;
  communities: CommunityCollection;
  grids: GridCollection;
  zones: ZoneCollection;
  units: UnitRecord[];
}

const FILES = {
  district: ['district.geojson', DistrictCollectionSchema],
  streets: ['streets.geojson', StreetCollectionSchema],
  communities: ['communities.geojson', CommunityCollectionSchema],
  grids: ['grids.geojson', GridCollectionSchema],
  zones: ['zones.geojson', ZoneCollectionSchema],
  units: ['units.json', UnitListSchema],
} as const;

/** Environment variable that overrides where the data files are read from. */
export const YUZHONG_DIR_ENV = 'CHENGYUN_YUZHONG_DIR';

/** `$CHENGYUN_YUZHONG_DIR`, else `<repo root>/data/yuzhong` (this file is four levels below the root). */
export function defaultYuzhongDir(): string {
  const fromEnv = process.env[YUZHONG_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return join(dirname(fileURLToPath(import.meta.url)), '../../../../data/yuzhong');
}

function parseFile<T>(dir: string, file: string, schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${join(dir, file)}: invalid JSON (${(err as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`${join(dir, file)}: ${z.prettifyError(result.error)}`);
  return result.data;
}

function assemble(dir: string, texts: Record<keyof typeof FILES, string>): YuzhongData {
  const data: YuzhongData = {
    district: parseFile(dir, FILES.district[0], FILES.district[1], texts.district),
    streets: parseFile(dir, FILES.streets[0], FILES.streets[1], texts.streets),
    communities: parseFile(dir, FILES.communities[0], FILES.communities[1], texts.communities),
    grids: parseFile(dir, FILES.grids[0], FILES.grids[1], texts.grids),
    zones: parseFile(dir, FILES.zones[0], FILES.zones[1], texts.zones),
    units: parseFile(dir, FILES.units[0], FILES.units[1], texts.units),
  };
  const problems = hierarchyProblems(data);
  if (problems.length > 0) throw new Error(`${dir}: inconsistent codes:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return data;
}

export async function loadYuzhong(dir: string = defaultYuzhongDir()): Promise<YuzhongData> {
  const keys = Object.keys(FILES) as Array<keyof typeof FILES>;
  const texts = await Promise.all(keys.map((k) => readFile(join(dir, FILES[k][0]), 'utf8')));
  return assemble(dir, Object.fromEntries(keys.map((k, i) => [k, texts[i]!])) as Record<keyof typeof FILES, string>);
}

export function loadYuzhongSync(dir: string = defaultYuzhongDir()): YuzhongData {
  const keys = Object.keys(FILES) as Array<keyof typeof FILES>;
  return assemble(dir, Object.fromEntries(keys.map((k) => [k, readFileSync(join(dir, FILES[k][0]), 'utf8')])) as Record<keyof typeof FILES, string>);
}

/** A locator over the loaded grids and district outline. */
export function createGridLocator(data: Pick<YuzhongData, 'grids' | 'district'>, options?: GridLocatorOptions): GridLocator {
  return GridLocator.fromGeoJSON(data.grids, data.district, options);
}

/** Code-prefix and parent checks across files; empty when consistent. */
export function hierarchyProblems(data: YuzhongData): string[] {
  const problems: string[] = [];
  const districtCode = data.district.features[0]?.properties.code ?? '';
  const streets = new Set(data.streets.features.map((f) => f.properties.code));
  const communities = new Map(data.communities.features.map((f) => [f.properties.code, f.properties.streetCode]));
  for (const code of streets) {
    if (!code.startsWith(districtCode)) problems.push(`street ${code} is not under district ${districtCode}`);
  }
  for (const [code, street] of communities) {
    if (!streets.has(street) || !code.startsWith(street)) problems.push(`community ${code} does not extend street ${street}`);
  }
  for (const { properties: p } of data.grids.features) {
    if (!p.code.startsWith(p.communityCode) || communities.get(p.communityCode) !== p.streetCode) {
      problems.push(`grid ${p.code} does not extend community ${p.communityCode} of street ${p.streetCode}`);
    }
  }
  const unitCodes = new Set(data.units.map((u) => u.code));
  if (unitCodes.size !== data.units.length) problems.push('units.json has duplicate codes');
  for (const u of data.units) {
    if (u.parentCode !== null && !unitCodes.has(u.parentCode)) problems.push(`unit ${u.code} has unknown parent ${u.parentCode}`);
  }
  return problems;
}
