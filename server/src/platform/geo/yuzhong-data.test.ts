// Checks on the generated data in data/yuzhong/ (regenerate with
// `npx tsx scripts/generate-yuzhong.ts`) and the locator built over it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { YUZHONG_DIR_ENV, createGridLocator, defaultYuzhongDir, loadYuzhong, loadYuzhongSync } from './load-yuzhong.js';
import { geometryAreaM2, geometryBBox, pointInGeometry } from './polygon.js';

const data = loadYuzhongSync();
const locator = createGridLocator(data);
const streetCodeByName = new Map(data.streets.features.map((f) => [f.properties.name, f.properties.code]));

describe('Yuzhong units', () => {
  it('has 11 streets and 80 community-level units (79 committees + 1 work station)', () => {
    expect(data.streets.features).toHaveLength(11);
    expect(data.communities.features).toHaveLength(80);
    const types = data.communities.features.map((f) => f.properties.communityType);
    expect(types.filter((t) => t === 'committee')).toHaveLength(79);
    expect(types.filter((t) => t === 'work_station')).toHaveLength(1);
    const kinds = (k: string) => data.units.filter((u) => u.kind === k).length;
    expect(kinds('district')).toBe(1);
    expect(kinds('street')).toBe(11);
    expect(kinds('community')).toBe(80);
    expect(kinds('grid')).toBe(data.grids.features.length);
    expect(kinds('zone')).toBe(5);
    expect(kinds('command_post')).toBe(5);
    expect(kinds('task_force')).toBe(7);
    expect(kinds('department')).toBeGreaterThanOrEqual(21);
  });

  it('has 600–900 grids, each coded 14 digits under its community', () => {
    const grids = data.grids.features;
    expect(grids.length).toBeGreaterThanOrEqual(600);
    expect(grids.length).toBeLessThanOrEqual(900);
    const communities = new Set(data.communities.features.map((f) => f.properties.code));
    for (const { properties: p } of grids) {
      expect(p.code).toMatch(/^\d{14}$/);
      expect(p.code.startsWith(p.communityCode)).toBe(true);
      expect(communities.has(p.communityCode)).toBe(true);
    }
    expect(new Set(grids.map((g) => g.properties.code)).size).toBe(grids.length);
  });

  it('marks every generated polygon as approximate', () => {
    for (const fc of [data.streets, data.communities, data.grids, data.zones]) {
      for (const f of fc.features) {
        expect(f.properties.approximate).toBe(true);
        expect(f.properties.geometrySource).toBe('generated');
      }
    }
    expect(data.district.features[0]!.properties.geometrySource).toMatch(/^echarts@4\.9\.0 /);
  });

  it('splits the 2020 population over streets and communities', () => {
    const streets = data.streets.features;
    expect(streets.reduce((s, f) => s + f.properties.population, 0)).toBe(588_717);
    for (const street of streets) {
      const inStreet = data.communities.features.filter((c) => c.properties.streetCode === street.properties.code);
      expect(inStreet.reduce((s, c) => s + c.properties.population, 0)).toBe(street.properties.population);
    }
  });
});

describe('Yuzhong geometry', () => {
  const outline = data.district.features[0]!.geometry;
  const outlineArea = geometryAreaM2(outline);
  const sum = (features: ReadonlyArray<{ geometry: Parameters<typeof geometryAreaM2>[0] }>) =>
    features.reduce((s, f) => s + geometryAreaM2(f.geometry), 0);

  it('street areas add up to the district outline (within 2 %)', () => {
    expect(Math.abs(sum(data.streets.features) / outlineArea - 1)).toBeLessThan(0.02);
  });

  it('communities and grids add up to their parents (within 1 %)', () => {
    for (const street of data.streets.features) {
      const kids = data.communities.features.filter((c) => c.properties.streetCode === street.properties.code);
      expect(Math.abs(sum(kids) / geometryAreaM2(street.geometry) - 1)).toBeLessThan(0.01);
    }
    for (const community of data.communities.features) {
      const kids = data.grids.features.filter((g) => g.properties.communityCode === community.properties.code);
      expect(Math.abs(sum(kids) / geometryAreaM2(community.geometry) - 1)).toBeLessThan(0.01);
    }
  });

  it('streets do not overlap and cover the outline (lattice sample)', () => {
    const [minX, minY, maxX, maxY] = geometryBBox(outline);
    let inside = 0;
    let uncovered = 0;
    for (let i = 0; i <= 200; i++) {
      for (let j = 0; j <= 100; j++) {
        // Irrational-ish offsets keep lattice points off polygon edges.
        const x = minX + ((i + 0.3183) / 201) * (maxX - minX);
        const y = minY + ((j + 0.5772) / 101) * (maxY - minY);
        const hits = data.streets.features.filter((f) => pointInGeometry(x, y, f.geometry)).length;
        expect(hits).toBeLessThanOrEqual(1);
        if (pointInGeometry(x, y, outline)) {
          inside++;
          if (hits === 0) uncovered++;
        }
      }
    }
    expect(inside).toBeGreaterThan(5000);
    expect(uncovered).toBe(0);
  });
});

describe('GridLocator over Yuzhong', () => {
  const keyZones: Array<[string, number, number, string[]]> = [
    ['解放碑', 29.5576, 106.5771, ['解放碑街道']],
    ['朝天门', 29.5669, 106.5853, ['朝天门街道']],
    ['洪崖洞', 29.5631, 106.5786, ['解放碑街道']],
    ['十八梯', 29.5527, 106.5737, ['南纪门街道', '七星岗街道']],
    ['龙湖重庆时代天街', 29.5384, 106.5163, ['大坪街道']],
  ];

  it.each(keyZones)('locates the %s centre in a grid of the right street', (_name, lat, lng, streets) => {
    const r = locator.locate(lng, lat);
    expect(r.status).toBe('inside');
    if (r.status === 'outside') return;
    expect(streets.map((s) => streetCodeByName.get(s))).toContain(r.streetCode);
    expect(r.gridCode.startsWith(r.communityCode)).toBe(true);
  });

  it('places each zone polygon on its listed street', () => {
    expect(data.zones.features).toHaveLength(5);
    for (const zone of data.zones.features) {
      const [lng, lat] = zone.properties.center;
      expect(locator.locateOrThrow(lng, lat).streetCode).toBe(zone.properties.street);
      expect(pointInGeometry(lng, lat, zone.geometry)).toBe(true);
    }
  });

  it.each([
    ['the Yangtze', 106.565, 29.538],
    ['the Jialing', 106.56, 29.572],
    ['Beijing', 116.4074, 39.9042],
  ])('reports a point in %s as outside', (_name, lng, lat) => {
    expect(locator.locate(lng, lat)).toEqual({ status: 'outside' });
  });

  it('agrees with a brute-force scan of the grid polygons', () => {
    const [minX, minY, maxX, maxY] = geometryBBox(data.district.features[0]!.geometry);
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 2000; k++) {
      const x = minX + rnd() * (maxX - minX);
      const y = minY + rnd() * (maxY - minY);
      const hits = data.grids.features.filter((g) => pointInGeometry(x, y, g.geometry)).map((g) => g.properties.code).sort();
      const r = locator.locate(x, y);
      if (hits.length > 0) expect(r).toMatchObject({ status: 'inside', gridCode: hits[0] });
      else expect(r.status).not.toBe('inside');
    }
  });
});

describe('loading', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'yuzhong-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads the repo data by default and honours the directory override', async () => {
    const previous = process.env[YUZHONG_DIR_ENV];
    process.env[YUZHONG_DIR_ENV] = tmp;
    try {
      expect(defaultYuzhongDir()).toBe(tmp);
    } finally {
      if (previous === undefined) delete process.env[YUZHONG_DIR_ENV];
      else process.env[YUZHONG_DIR_ENV] = previous;
    }
    expect(defaultYuzhongDir()).toMatch(/data[\\/]yuzhong$/);
    const again = await loadYuzhong();
    expect(again.grids.features.length).toBe(data.grids.features.length);
  });

  it('rejects a grid whose code does not extend its community', async () => {
    cpSync(defaultYuzhongDir(), tmp, { recursive: true });
    const file = join(tmp, 'grids.geojson');
    const text = readFileSync(file, 'utf8');
    const code = data.grids.features[0]!.properties.code;
    writeFileSync(file, text.replace(`"code":"${code}"`, `"code":"99999999999999"`));
    await expect(loadYuzhong(tmp)).rejects.toThrow(/does not extend community/);
  });

  it('rejects malformed shapes with the file name', async () => {
    cpSync(defaultYuzhongDir(), tmp, { recursive: true });
    writeFileSync(join(tmp, 'streets.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] }));
    await expect(loadYuzhong(tmp)).rejects.toThrow(/streets\.geojson/);
  });
});
