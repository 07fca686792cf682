import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.js';
import { units } from '../platform/db/tables.js';
import { geometryBBox, type YuzhongData } from '../platform/geo/index.js';

type UnitRow = typeof units.$inferInsert;

/** Builds unit rows with materialised paths and rough centres from the seed files. */
export function buildUnitRows(data: YuzhongData): UnitRow[] {
  const byCode = new Map(data.units.map((u) => [u.code, u]));
  const centres = new Map<string, [number, number]>();
  for (const fc of [data.streets, data.communities, data.grids, data.zones, data.district]) {
    for (const f of fc.features) {
      const code = String((f.properties as Record<string, unknown>).code ?? '500103');
      const [minX, minY, maxX, maxY] = geometryBBox(f.geometry);
      centres.set(code, [round6((minX + maxX) / 2), round6((minY + maxY) / 2)]);
    }
  }
  const paths = new Map<string, string>();
  const pathOf = (code: string): string => {
    const cached = paths.get(code);
    if (cached) return cached;
    const u = byCode.get(code);
    if (!u) throw new Error(`unit ${code} is referenced but not defined`);
    const p = `${u.parentCode ? pathOf(u.parentCode) : '/'}${code}/`;
    paths.set(code, p);
    return p;
  };
  return data.units.map((u) => {
    const path = pathOf(u.code);
    const centre = centres.get(u.code) ?? (u.zoneCode ? centres.get(u.zoneCode) : undefined);
    return {
      code: u.code, name: u.name, nameEn: u.nameEn, kind: u.kind, parentCode: u.parentCode,
      path, depth: path.split('/').length - 3, approximate: u.approximate ?? false,
      population: u.population ?? null, centerLng: centre?.[0] ?? null, centerLat: centre?.[1] ?? null,
      props: u.zoneCode ? { zoneCode: u.zoneCode } : {},
    };
  }).sort((a, b) => a.depth - b.depth);
}

/** Inserts or refreshes the unit tree; safe to run again after the data files change. */
export async function seedUnits(tx: Tx, data: YuzhongData): Promise<number> {
  const rows = buildUnitRows(data);
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(units).values(rows.slice(i, i + 500)).onConflictDoUpdate({
      target: units.code,
      set: {
        name: sql`excluded.name`, nameEn: sql`excluded.name_en`, kind: sql`excluded.kind`,
        parentCode: sql`excluded.parent_code`, path: sql`excluded.path`, depth: sql`excluded.depth`,
        approximate: sql`excluded.approximate`, population: sql`excluded.population`,
        centerLng: sql`excluded.center_lng`, centerLat: sql`excluded.center_lat`, props: sql`excluded.props`,
        updatedAt: sql`now()`,
      },
    });
  }
  return rows.length;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
