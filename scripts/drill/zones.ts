import type { DrillZone } from './generator.js';

/** An item of GET /api/crowd/zones?geometry=true, as far as the drill needs it. */
export interface ApiZone {
  code: string;
  areaM2: number;
  gates?: Array<{ code: string; direction: 'in' | 'out' | 'both'; flowPerMin: number; active: boolean }>;
}

/** The zones as the server has them (area, active gates), so the drill's readings fit its settings. */
export function drillZonesOf(items: ApiZone[], only?: string[]): DrillZone[] {
  return items
    .filter((z) => !only || only.includes(z.code))
    .map((z) => ({ code: z.code, areaM2: z.areaM2, gates: (z.gates ?? []).filter((g) => g.active).map((g) => ({ code: g.code, direction: g.direction, flowPerMin: g.flowPerMin })) }))
    .filter((z) => z.gates.length > 0);
}

/** 19:00 Beijing time of the latest evening that has ended (01:30 the next day) by `now`. */
export function lastEvening(now: number): number {
  const day = 86_400_000;
  const cst = new Date(now + 8 * 3_600_000);
  let start = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate(), 11, 0);
  while (start + 390 * 60_000 > now) start -= day;
  return start;
}
