// The operation's part of the screen: the operation running now (or ?operation=<id>), who holds each post and the
// measures under way (GET /api/operations/:id/screen-summary), and the inspection rounds of its period
// (GET /api/hazards/rounds?from&to). Both reload, debounced, on the stream events that change them: a check-in or
// roster change, any operation task's step, a playbook run; hazard.* for the rounds. A slow timer catches what only
// time changes (a shift turning absent, a measure running over, an operation beginning or ending).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useEvents, type StreamEvent } from '../../shared/event-stream';
import { useSession } from '../../shared/session';

/** One stream for the whole screen: the crowd figures, the operation, its tasks, the inspections. */
export const SCREEN_TOPICS = ['crowd', 'operation', 'operation_task', 'hazard'];

export type OperationSummary = GetResponse<'/api/operations/{id}/screen-summary'>;
export type DutyPost = OperationSummary['duty']['posts'][number];
export type Measure = OperationSummary['measures']['items'][number];
export type Round = GetResponse<'/api/hazards/rounds'>['items'][number];

const DEBOUNCE_MS = 600;
const HAZARD_DEBOUNCE_MS = 1500;
const TICK_MS = 60_000;
const RETRY_MS = 10_000;

/** Calls `fn` once per burst of calls, `ms` after the first (a drill's playbook run brings a dozen events at once). */
function useDebounced(fn: () => void, ms: number): () => void {
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => { timer.current = undefined; latest.current(); }, ms);
  }, [ms]);
}

const touchesOperation = (e: StreamEvent) => e.type.startsWith('operation.') || e.type.startsWith('operation_task.') || e.type === 'crowd.playbook';

export interface OperationScreenData {
  /** undefined while loading; null when no operation runs (or none is visible to this user). */
  summary: OperationSummary | null | undefined;
  error: ApiError | null;
  /** Server clock minus this browser's, so ages and deadlines count from the server's now. */
  skewMs: number;
  /** Bumped on every reload: a panel can flash what changed. */
  version: number;
}

export function useOperationSummary(): OperationScreenData {
  const wanted = new URLSearchParams(useLocation().search).get('operation');
  const [id, setId] = useState<string | null | undefined>(wanted ?? undefined);
  const [summary, setSummary] = useState<OperationSummary | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [skewMs, setSkew] = useState(0);
  const [version, setVersion] = useState(0);
  const seq = useRef(0);
  const retry = useRef<number | undefined>(undefined);

  // The timer and the stream handler read these without restarting on every reload.
  const summaryRef = useRef(summary);
  summaryRef.current = summary;
  const skewRef = useRef(skewMs);
  skewRef.current = skewMs;

  const pick = useCallback(async () => {
    window.clearTimeout(retry.current);
    if (wanted) return setId(wanted);
    try {
      const page = await api.get<GetResponse<'/api/operations'>>('/api/operations', { running: 'true', limit: 1 });
      const next = page.items[0]?.id ?? null;
      setId(next);
      if (!next) setSummary(null);
      setError(null);
    } catch (e) {
      setError(e as ApiError);
      retry.current = window.setTimeout(() => void pick(), RETRY_MS);
    }
  }, [wanted]);

  const load = useCallback(async () => {
    if (!id) return;
    const mine = ++seq.current;
    try {
      const s = await api.get<OperationSummary>(`/api/operations/${id}/screen-summary`);
      if (mine !== seq.current) return; // an older answer after a newer one
      setSkew(Date.parse(s.now) - Date.now());
      setSummary(s);
      setError(null);
      setVersion((v) => v + 1);
    } catch (e) {
      if (mine === seq.current) setError(e as ApiError);
    }
  }, [id]);

  /** No operation shown, or the one shown is over: another may have begun since (one created for later starts by itself). */
  const looking = useCallback(() => {
    const s = summaryRef.current;
    return !id || (!wanted && !!s && s.operation.id === id && Date.parse(s.operation.endsAt) <= Date.now() + skewRef.current);
  }, [id, wanted]);

  useEffect(() => { void pick(); return () => window.clearTimeout(retry.current); }, [pick]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => {
    const timer = window.setInterval(() => void (looking() ? pick() : load()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [looking, pick, load]);

  const reload = useDebounced(() => void load(), DEBOUNCE_MS);
  const repick = useDebounced(() => void pick(), DEBOUNCE_MS);
  useEvents(SCREEN_TOPICS, (e) => {
    if (!touchesOperation(e)) return;
    if (looking()) { if (e.type === 'operation.created') repick(); return; }
    reload();
  });

  return { summary, error, skewMs, version };
}

/** A Beijing calendar day (a round's period is in Beijing days). */
const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** The inspection rounds overlapping the operation's period, with their progress in the viewer's scope; none without hazard:read. */
export function useInspections(period: { startsAt: string; endsAt: string } | undefined): Round[] | null {
  const allowed = useSession().can('hazard:read');
  const [rounds, setRounds] = useState<Round[] | null>(allowed ? null : []);
  const from = period ? beijingDay(period.startsAt) : undefined;
  const to = period ? beijingDay(period.endsAt) : undefined;
  const load = useCallback(async () => {
    if (!allowed) return setRounds([]);
    if (!from || !to) return;
    try {
      setRounds((await api.get<GetResponse<'/api/hazards/rounds'>>('/api/hazards/rounds', { from, to, limit: 50 })).items);
    } catch {
      // Left as it was: the next event or tick tries again.
    }
  }, [allowed, from, to]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => {
    const timer = window.setInterval(() => void load(), TICK_MS * 5);
    return () => window.clearInterval(timer);
  }, [load]);
  const reload = useDebounced(() => void load(), HAZARD_DEBOUNCE_MS);
  useEvents(SCREEN_TOPICS, (e) => { if (e.type.startsWith('hazard.')) reload(); });
  return rounds;
}

/** The server's now, ticking every `ms` (ages and time left on the measures). */
export function useServerNow(skewMs: number, ms = 10_000): number {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    setNow(Date.now() + skewMs);
    const timer = window.setInterval(() => setNow(Date.now() + skewMs), ms);
    return () => window.clearInterval(timer);
  }, [skewMs, ms]);
  return now;
}
