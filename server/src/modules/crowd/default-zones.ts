import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import type { TransactionRunner } from '../../platform/db/unit-of-work.js';
import type { AreaGeometry, YuzhongData } from '../../platform/geo/index.js';
import { DEFAULT_BANDS } from './bands.js';
import { insertZone, replaceGates, unregisteredZoneUnits, type GateInput } from './zones-repository.js';

type GateSpec = Pick<GateInput, 'name' | 'nameEn' | 'widthM' | 'direction' | 'kind'>;

/**
 * The gates of the five key zones of the New Year's Eve operation (DOMAIN.md §1). Names follow the streets and
 * stairways that lead into each area; widths are plausible, not surveyed, and the positions are spread along the
 * generated zone outline — all approximate, to be corrected by the command post (PUT …/gates).
 */
export const DEFAULT_GATES: Record<string, GateSpec[]> = {
  'ZONE-JFB': [
    { name: '民族路口', nameEn: 'Minzu Rd entrance', widthM: 16, direction: 'both', kind: 'level' },
    { name: '邹容路口', nameEn: 'Zourong Rd entrance', widthM: 14, direction: 'both', kind: 'level' },
    { name: '八一路口', nameEn: 'Bayi Rd entrance', widthM: 12, direction: 'both', kind: 'level' },
    { name: '五一路口', nameEn: 'Wuyi Rd entrance', widthM: 12, direction: 'both', kind: 'level' },
    { name: '民权路口', nameEn: 'Minquan Rd entrance', widthM: 10, direction: 'both', kind: 'level' },
    { name: '青年路口', nameEn: 'Qingnian Rd entrance', widthM: 10, direction: 'both', kind: 'level' },
    { name: '新华路口', nameEn: 'Xinhua Rd entrance', widthM: 8, direction: 'both', kind: 'level' },
    { name: '中华路口', nameEn: 'Zhonghua Rd entrance', widthM: 8, direction: 'both', kind: 'level' },
  ],
  'ZONE-CTM': [
    { name: '广场大台阶', nameEn: 'Grand stairway', widthM: 20, direction: 'both', kind: 'stairs' },
    { name: '朝东路口', nameEn: 'Chaodong Rd entrance', widthM: 12, direction: 'both', kind: 'level' },
    { name: '陕西路口', nameEn: 'Shaanxi Rd entrance', widthM: 10, direction: 'both', kind: 'level' },
    { name: '来福士北口', nameEn: 'Raffles City north', widthM: 8, direction: 'both', kind: 'level' },
    { name: '码头梯道', nameEn: 'Pier stairway', widthM: 6, direction: 'both', kind: 'stairs' },
  ],
  'ZONE-HYD': [
    { name: '沧白路口', nameEn: 'Cangbai Rd entrance', widthM: 8, direction: 'both', kind: 'level' },
    { name: '嘉陵江滨江路梯道', nameEn: 'Jialing riverside stairway', widthM: 6, direction: 'both', kind: 'stairs' },
    { name: '千厮门大桥口', nameEn: 'Qiansimen Bridge entrance', widthM: 5, direction: 'both', kind: 'level' },
    { name: '纸盐河街口', nameEn: 'Zhiyanhe St entrance', widthM: 4, direction: 'both', kind: 'stairs' },
  ],
  'ZONE-SBT': [
    { name: '较场口入口', nameEn: 'Jiaochangkou entrance', widthM: 8, direction: 'both', kind: 'level' },
    { name: '十八梯主梯道', nameEn: 'Shibati main stairway', widthM: 6, direction: 'both', kind: 'stairs' },
    { name: '凯旋路口', nameEn: 'Kaixuan Rd entrance', widthM: 5, direction: 'both', kind: 'level' },
    { name: '厚慈街口', nameEn: 'Houci St entrance', widthM: 4, direction: 'both', kind: 'stairs' },
  ],
  'ZONE-SDTJ': [
    { name: '大坪正街口', nameEn: 'Daping Main St entrance', widthM: 12, direction: 'both', kind: 'level' },
    { name: '轨道大坪站口', nameEn: 'Daping Metro exit', widthM: 12, direction: 'both', kind: 'level' },
    { name: '长江二路口', nameEn: 'Changjiang 2nd Rd entrance', widthM: 10, direction: 'both', kind: 'level' },
    { name: '石油路口', nameEn: 'Shiyou Rd entrance', widthM: 8, direction: 'both', kind: 'level' },
    { name: '天街北广场', nameEn: 'North plaza', widthM: 8, direction: 'both', kind: 'level' },
    { name: '天街南广场', nameEn: 'South plaza', widthM: 6, direction: 'both', kind: 'level' },
  ],
};

/** `count` points spread evenly along the zone's outer ring (approximate gate positions). */
export function pointsAlongOutline(geometry: AreaGeometry, count: number): Array<[number, number]> {
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0]! : geometry.coordinates[0]![0]!;
  const n = ring.length - 1;
  return Array.from({ length: count }, (_, i) => {
    const p = ring[Math.floor((i * n) / count)]!;
    return [p[0]!, p[1]!];
  });
}

/**
 * Every unit of kind 'zone' that has a polygon in data/yuzhong/zones.geojson becomes a crowd zone at start, with
 * its usable area, the default bands and its gates; zones already registered (and edited) are left alone.
 */
export async function registerDefaultZones(runner: TransactionRunner, yuzhong: YuzhongData, log: Logger): Promise<string[]> {
  const features = new Map(yuzhong.zones.features.map((f) => [f.properties.code, f]));
  return runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    const added: string[] = [];
    for (const u of await unregisteredZoneUnits(uow.tx)) {
      const f = features.get(u.code);
      if (!f) continue;
      const inserted = await insertZone(uow.tx, {
        code: u.code, unitPath: u.path, postCode: u.post_code, postPath: u.post_path, geometry: f.geometry,
        areaM2: f.properties.usableAreaM2, bands: DEFAULT_BANDS, approximate: f.properties.approximate,
      });
      if (!inserted) continue;
      const specs = DEFAULT_GATES[u.code] ?? [];
      const at = pointsAlongOutline(f.geometry, specs.length);
      await replaceGates(uow.tx, u.code, specs.map((g, i) => ({ ...g, code: `${u.code}-G${i + 1}`, lng: at[i]![0], lat: at[i]![1] })));
      uow.audit({ action: 'crowd.zone.register', targetType: 'crowd_zone', targetId: u.code, unitPath: u.path, detail: { gates: specs.length, source: 'zones.geojson' } });
      added.push(u.code);
    }
    if (added.length) log.info({ zones: added }, 'crowd: key zones registered');
    return added;
  });
}
