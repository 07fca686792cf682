import { capacityOf, CRITICAL_DENSITY, enterLevel, FLOW_PER_METRE, levelOf, thresholdsOf, type Bands } from './bands.js';
import type { AlertRow } from './alerts-repository.js';
import type { GateRow, ZoneRow } from './zones-repository.js';
import type { RaisedAlert, Snapshot, ZoneConfig } from './zone-state.js';

// What the API and the stream show: one shape for a zone's live figures and one for an alert, whether built from
// the database rows (GET) or from the ingest's memory (the events of a batch).

const iso = (t: number | Date | string | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Limits {
  areaM2: number;
  bands: Bands;
  capacityOverride: number | null;
}

export function liveView(limits: Limits, s: Snapshot, exitPerMin: number | null) {
  const capacity = capacityOf(limits);
  const density = (n: number | null) => (n === null ? null : round2(n / limits.areaM2));
  return {
    occupancy: s.occupancy,
    density: density(s.occupancy)!,
    utilisation: round2(s.occupancy / capacity),
    inRate: s.inRate,
    outRate: s.outRate,
    netRate: Math.round((s.inRate - s.outRate) * 10) / 10,
    forecast: {
      in15: s.forecast15 === null ? null : { occupancy: s.forecast15, density: density(s.forecast15)!, level: levelForDensity(limits, s.forecast15) },
      in30: s.forecast30 === null ? null : { occupancy: s.forecast30, density: density(s.forecast30)!, level: levelForDensity(limits, s.forecast30) },
      mae15: s.mae15, mae30: s.mae30, samples15: s.mae15Samples, samples30: s.mae30Samples,
    },
    tier: s.tier, tierLevel: levelOf(s.tier), tierSince: iso(s.tierSince),
    forecastTier: s.forecastTier, forecastTierSince: iso(s.forecastTierSince),
    evacuationMinutes: exitPerMin ? Math.round((s.occupancy / exitPerMin) * 10) / 10 : null,
    asOf: iso(s.watermark),
    lastReceivedAt: iso(s.lastReceivedAt),
  };
}

function levelForDensity(limits: Limits, persons: number): number {
  return enterLevel(persons, thresholdsOf({ ...limits, marginDensity: 0 }));
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

export function snapshotOfRow(r: ZoneRow): Snapshot {
  return {
    occupancy: r.occupancy, inRate: Number(r.in_rate), outRate: Number(r.out_rate), forecast15: r.forecast15, forecast30: r.forecast30,
    mae15: r.mae15 === null ? null : Number(r.mae15), mae30: r.mae30 === null ? null : Number(r.mae30), mae15Samples: r.mae15_samples,
    mae30Samples: r.mae30_samples, tier: r.tier, tierSince: ms(r.tier_since), forecastTier: r.forecast_tier,
    forecastTierSince: ms(r.forecast_tier_since), watermark: ms(r.watermark), evaluatedMinute: ms(r.evaluated_minute),
    lastReceivedAt: ms(r.last_received_at),
  };
}

/** Entry and exit capacity of the active gates (persons/min): a queue builds when arrivals exceed what the exits pass. */
export function gateCapacity(gates: GateRow[]): { entryPerMin: number; exitPerMin: number } {
  let entryPerMin = 0;
  let exitPerMin = 0;
  for (const g of gates) {
    if (!g.active) continue;
    const flow = Number(g.width_m) * FLOW_PER_METRE[g.kind];
    if (g.direction !== 'out') entryPerMin += flow;
    if (g.direction !== 'in') exitPerMin += flow;
  }
  return { entryPerMin: Math.round(entryPerMin), exitPerMin: Math.round(exitPerMin) };
}

export function gateView(g: GateRow) {
  return {
    code: g.code, name: g.name, nameEn: g.name_en, widthM: Number(g.width_m), direction: g.direction, kind: g.kind,
    flowPerMin: Math.round(Number(g.width_m) * FLOW_PER_METRE[g.kind]), location: g.lng === null || g.lat === null ? null : [g.lng, g.lat] as [number, number],
    active: g.active,
  };
}

export function zoneView(r: ZoneRow, gates: GateRow[]) {
  const limits = { areaM2: Number(r.area_m2), bands: r.bands, capacityOverride: r.capacity_override };
  const flow = gateCapacity(gates);
  return {
    code: r.code, name: r.name, nameEn: r.name_en, approximate: r.approximate,
    post: r.post_code ? { code: r.post_code, name: r.post_name ?? r.post_code } : null,
    areaM2: limits.areaM2, capacity: capacityOf(limits), capacityDerived: r.capacity_override === null,
    bands: r.bands, criticalDensity: CRITICAL_DENSITY,
    hysteresis: { marginDensity: Number(r.margin_density), minDwellMinutes: r.min_dwell_minutes },
    flow: { entryPerMin: flow.entryPerMin, exitPerMin: flow.exitPerMin, gates: gates.filter((g) => g.active).length },
    live: liveView(limits, snapshotOfRow(r), flow.exitPerMin || null),
    alerts: { active: r.active_alerts, open: r.open_alerts },
    readings: { accepted: Number(r.readings_accepted), duplicates: Number(r.readings_duplicate), rejected: Number(r.readings_rejected) },
    updatedAt: iso(r.updated_at)!,
  };
}

/** The zone's figures from the ingest's memory, for the `crowd.zone` event of a batch. */
export function zoneEventPayload(c: ZoneConfig, s: Snapshot, exitPerMin: number | null) {
  return { code: c.code, name: c.name, live: liveView(c, s, exitPerMin) };
}

export function alertView(a: AlertRow) {
  return {
    id: a.id, zone: { code: a.zone_code, name: a.zone_name }, kind: a.kind, tier: a.tier, level: a.level, at: iso(a.at)!,
    occupancy: a.occupancy, density: Number(a.density), forecast15: a.forecast15, forecastDensity: a.forecast_density === null ? null : Number(a.forecast_density),
    state: a.state, active: a.cleared_at === null, createdAt: iso(a.created_at)!, clearedAt: iso(a.cleared_at), clearReason: a.clear_reason,
    ack: a.acked_at ? { at: iso(a.acked_at)!, by: a.acked_by_name ?? '', unit: a.ack_unit, note: a.ack_note } : null,
  };
}

/** A just-raised alert as the stream carries it (the same shape as GET /api/crowd/alerts items). */
export function raisedAlertView(a: RaisedAlert, zoneName: string, createdAt: Date): ReturnType<typeof alertView> {
  return {
    id: a.id, zone: { code: a.zone, name: zoneName }, kind: a.kind, tier: a.tier, level: a.level, at: iso(a.at)!, occupancy: a.occupancy,
    density: a.density, forecast15: a.forecast15, forecastDensity: a.forecastDensity, state: 'open', active: true,
    createdAt: createdAt.toISOString(), clearedAt: null, clearReason: null, ack: null,
  };
}
