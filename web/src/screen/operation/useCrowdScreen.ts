// The crowd screen's data: the zones in scope (with polygons for the map) and their alerts, kept live over SSE.
// `crowd.zone` carries a zone's live figures (at most once a second per zone, at once on a tier change) and, after a
// settings change or reset, the whole zone; `crowd.alert` says raised / cleared / acknowledged at once. Events that
// arrive while the first load is on its way are applied on top of it, so nothing between the two is lost.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents, type StreamEvent } from '../../shared/event-stream';
import { byDisplayOrder, type Alert, type Zone } from './tiers';
import { SCREEN_TOPICS } from './useOperationScreen';

const ALERTS_KEPT = 60;
const RETRY_MS = 10_000;

interface ZonePayload { code?: string; live?: Zone['live']; zone?: Omit<Zone, 'geometry' | 'gates'> }
type AlertPayload =
  | { action: 'raised' | 'acknowledged'; alert: Alert }
  | { action: 'cleared'; alertId: string; reason: string; at: string };

function applyZone(zones: Zone[], e: StreamEvent): Zone[] {
  const p = e.payload as ZonePayload;
  const i = zones.findIndex((z) => z.code === p.code);
  if (i < 0) return zones;
  const next = [...zones];
  next[i] = p.zone ? { ...zones[i]!, ...p.zone } : p.live ? { ...zones[i]!, live: p.live } : zones[i]!;
  return next;
}

function applyAlert(alerts: Alert[], e: StreamEvent): Alert[] {
  const p = e.payload as AlertPayload;
  if (p.action === 'cleared') {
    return alerts.map((a) => (a.id === p.alertId && a.active ? { ...a, active: false, clearedAt: e.createdAt, clearReason: p.reason } : a));
  }
  const i = alerts.findIndex((a) => a.id === p.alert.id);
  if (i < 0) return [p.alert, ...alerts].slice(0, ALERTS_KEPT);
  const next = [...alerts];
  next[i] = p.alert; // read back after the write: the database's view, cleared or not
  return next;
}

export interface CrowdScreen {
  zones: Zone[] | null;
  alerts: Alert[];
  error: ApiError | null;
  acknowledge(id: string): Promise<void>;
}

export function useCrowdScreen(): CrowdScreen {
  const [zones, setZones] = useState<Zone[] | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  // Events received before the first load completes (null once it has).
  const early = useRef<StreamEvent[] | null>([]);
  const codes = useRef(new Set<string>());
  const retry = useRef<number | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const [z, a] = await Promise.all([
        api.get<GetResponse<'/api/crowd/zones'>>('/api/crowd/zones', { geometry: 'true' }),
        api.get<GetResponse<'/api/crowd/alerts'>>('/api/crowd/alerts', { limit: ALERTS_KEPT }),
      ]);
      let zs = [...z.items].sort(byDisplayOrder);
      let as = a.items;
      for (const e of early.current ?? []) {
        if (e.type === 'crowd.alert') as = applyAlert(as, e);
        else if (e.type === 'crowd.zone') zs = applyZone(zs, e);
      }
      early.current = null;
      codes.current = new Set(zs.map((x) => x.code));
      setZones(zs);
      setAlerts(as);
      setError(null);
    } catch (e) {
      // A wall display is not watched by someone who would press reload: try again shortly.
      setError(e as ApiError);
      retry.current = window.setTimeout(() => void load(), RETRY_MS);
    }
  }, []);

  useEffect(() => {
    void load();
    return () => window.clearTimeout(retry.current);
  }, [load]);

  const onEvent = useCallback((e: StreamEvent) => {
    if (e.type !== 'crowd.zone' && e.type !== 'crowd.alert') return;
    if (early.current) {
      early.current.push(e);
      return;
    }
    if (e.type === 'crowd.alert') {
      setAlerts((as) => applyAlert(as, e));
      return;
    }
    if (!codes.current.has((e.payload as ZonePayload).code ?? '')) {
      // A zone registered since the page loaded: load again (with its polygon), collecting events meanwhile.
      early.current = [e];
      void load();
      return;
    }
    setZones((zs) => zs && applyZone(zs, e));
  }, [load]);

  useEvents(SCREEN_TOPICS, onEvent);

  const acknowledge = useCallback(async (id: string) => {
    const a = await api.post<Alert>(`/api/crowd/alerts/${id}/ack`, { note: null });
    setAlerts((as) => as.map((x) => (x.id === id ? a : x)));
  }, []);

  return { zones, alerts, error, acknowledge };
}
