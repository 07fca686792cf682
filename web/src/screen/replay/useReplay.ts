// The night to replay: one fetch of the operation's replay (per zone and minute occupancy, density and tier; the
// events in time order) and the zones' static figures (polygons, bands, gates) for the cards and the map. Everything
// after that is local: scrubbing only picks another index.
import { useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { byDisplayOrder, tierOfLevel, tierPersons, type Zone } from '../operation/tiers';

export type Replay = GetResponse<'/api/operations/{id}/replay'>;
export type ReplayZone = Replay['zones'][number];
export type ReplayEvent = Replay['events'][number];

export interface ReplayData {
  replay: Replay;
  /** The zones as the crowd API gives them (polygons, gates, bands), in display order, each with its replay series. */
  zones: Array<{ zone: Zone; series: ReplayZone }>;
  /** Milliseconds of each point's start. */
  times: number[];
  stepMs: number;
}

export function useReplay(operationId: string | null): { data: ReplayData | null; error: ApiError | null } {
  const [data, setData] = useState<ReplayData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!operationId) return;
    let live = true;
    Promise.all([
      api.get<Replay>(`/api/operations/${operationId}/replay`),
      api.get<GetResponse<'/api/crowd/zones'>>('/api/crowd/zones', { geometry: true }),
    ]).then(([replay, crowd]) => {
      if (!live) return;
      const byCode = new Map(crowd.items.map((z) => [z.code, z]));
      const zones = replay.zones.flatMap((series) => {
        const zone = byCode.get(series.code);
        return zone ? [{ zone, series }] : [];
      }).sort((a, b) => byDisplayOrder(a.zone, b.zone));
      const from = Date.parse(replay.window.from);
      const stepMs = replay.window.step * 60_000;
      setData({ replay, zones, times: Array.from({ length: replay.window.points }, (_, k) => from + k * stepMs), stepMs });
      setError(null);
    }, (e: unknown) => live && setError(e as ApiError));
    return () => { live = false; };
  }, [operationId]);
  return { data, error };
}

/** Minutes the flow rates look back over (as the live screen: the last five). */
const RATE_MINUTES = 5;

/**
 * The zone as it stood at point `k`: its live figures replaced by the replay's — occupancy, density and tier held
 * then, the flow over the five minutes before, the 15-minute forecast made then. No reading yet: shown as no data.
 */
export function zoneAt(zone: Zone, s: ReplayZone, k: number, step: number, at: number): Zone {
  const occupancy = s.occupancy[k] ?? null;
  const empty = { ...zone.live, occupancy: 0, density: 0, utilisation: 0, inRate: 0, outRate: 0, netRate: 0, tier: null, tierLevel: 0, forecastTier: null, asOf: null };
  if (occupancy === null) return { ...zone, live: { ...empty, forecast: { ...zone.live.forecast, in15: null, in30: null } } };
  const level = s.tier[k] ?? 0;
  const back = Math.max(1, Math.round(RATE_MINUTES / step));
  let inSum = 0;
  let outSum = 0;
  for (let i = Math.max(0, k - back + 1); i <= k; i++) {
    inSum += s.inflow[i] ?? 0;
    outSum += s.outflow[i] ?? 0;
  }
  const minutes = Math.min(back, k + 1) * step;
  const f15 = s.forecast15[k] ?? null;
  const enter = tierPersons(zone);
  const levelOf = (persons: number) => (persons >= enter.red ? 4 : persons >= enter.orange ? 3 : persons >= enter.yellow ? 2 : persons >= enter.blue ? 1 : 0);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    ...zone,
    live: {
      ...zone.live,
      occupancy, density: s.density[k] ?? occupancy / zone.areaM2, utilisation: occupancy / zone.capacity,
      inRate: round1(inSum / minutes), outRate: round1(outSum / minutes), netRate: round1((inSum - outSum) / minutes),
      tier: tierOfLevel(level), tierLevel: level, tierSince: null,
      forecast: {
        ...zone.live.forecast,
        in15: f15 === null ? null : { occupancy: f15, density: Math.round((f15 / zone.areaM2) * 100) / 100, level: levelOf(f15) },
        in30: null, mae15: null, mae30: null, samples15: 0, samples30: 0,
      },
      forecastTier: f15 === null ? null : tierOfLevel(levelOf(f15)), forecastTierSince: null,
      evacuationMinutes: zone.flow.exitPerMin ? Math.round((occupancy / zone.flow.exitPerMin) * 10) / 10 : null,
      asOf: new Date(at).toISOString(),
    },
  };
}

/** The point to open at: `?at=` if given, else the first. */
export function indexAt(times: number[], iso: string | null): number {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at) || times.length === 0) return 0;
  const step = times.length > 1 ? times[1]! - times[0]! : 60_000;
  return Math.max(0, Math.min(times.length - 1, Math.floor((at - times[0]!) / step)));
}

/** The point where the night was at its worst: the highest tier's first entry, else the highest density. */
export function peakIndex(data: ReplayData): number | null {
  let best: { level: number; density: number; k: number } | null = null;
  for (const { series } of data.zones) {
    series.tier.forEach((level, k) => {
      const d = series.density[k];
      if (level === null || d === null || d === undefined) return;
      if (!best || level > best.level || (level === best.level && d > best.density)) best = { level, density: d, k };
    });
  }
  return best === null ? null : (best as { k: number }).k;
}
