// The screen's data: the summary and the marker set of one place, kept live over SSE. A case event updates
// its marker at once (state and lateness are in the event); an unknown case (a new report) is fetched by id
// within 300 ms; the figures, trends and ranking are refetched at most once a second.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../shared/api';
import { useEvents, type StreamEvent } from '../shared/event-stream';
import { MarkerSet } from './markers';
import { takePrefetched } from './prefetch';

export type Summary = GetResponse<'/api/screen/summary'>;
// The OpenAPI generator widens the row tuple to (string | number)[]; the server sends [id, lng, lat, state, warnLevel].
type Markers = { unit: string; items: Array<[string, number, number, string, string]> };
export type FeedItem = Summary['feed'][number];

const SUMMARY_DEBOUNCE_MS = 700;
const MARKER_FETCH_MS = 250;

export interface ScreenData {
  summary: Summary | null;
  markers: MarkerSet;
  /** Bumped whenever the marker set changes (the map redraws its scatter series). */
  markersVersion: number;
  /** Whether the first marker load has arrived. */
  markersLoaded: boolean;
  error: ApiError | null;
  feed: FeedItem[];
}

export function useScreenData(unit: string | undefined): ScreenData {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const markers = useRef(new MarkerSet()).current;
  const [markersVersion, setVersion] = useState(0);
  const [markersLoaded, setLoaded] = useState(false);
  const placeRef = useRef<{ code: string; kind: string } | null>(null);
  const pendingIds = useRef(new Set<string>());
  const timers = useRef<{ summary?: number; markers?: number }>({});

  const loadSummary = useCallback(async (first = false) => {
    try {
      const s = await ((first && takePrefetched<Summary>(`summary:${unit ?? ''}`)) || api.get<Summary>('/api/screen/summary', { unit }));
      placeRef.current = s.unit;
      setSummary(s);
      setFeed(s.feed);
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [unit]);

  useEffect(() => {
    let live = true;
    setSummary(null);
    setLoaded(false);
    markers.replace([]);
    void loadSummary(true);
    (takePrefetched<Markers>(`markers:${unit ?? ''}`) ?? api.get<Markers>('/api/screen/markers', { unit })).then((m) => {
      if (!live) return;
      markers.replace(m.items);
      setLoaded(true);
      setVersion((v) => v + 1);
    }, (e: ApiError) => live && setError(e));
    const t = timers.current;
    return () => {
      live = false;
      window.clearTimeout(t.summary);
      window.clearTimeout(t.markers);
      t.summary = undefined;
      t.markers = undefined;
    };
  }, [unit, loadSummary, markers]);

  const fetchPending = useCallback(async () => {
    timers.current.markers = undefined;
    const ids = [...pendingIds.current].slice(0, 100);
    for (const id of ids) pendingIds.current.delete(id);
    if (ids.length === 0) return;
    try {
      const m = await api.get<Markers>('/api/screen/markers', { unit: placeRef.current?.code ?? unit, ids: ids.join(',') });
      markers.merge(ids, m.items);
      setVersion((v) => v + 1);
    } catch { /* the next summary refresh or event retries */ }
    if (pendingIds.current.size) timers.current.markers = window.setTimeout(() => void fetchPending(), MARKER_FETCH_MS);
  }, [markers, unit]);

  const onEvent = useCallback((e: StreamEvent) => {
    const place = placeRef.current;
    if (!place || e.subjectType !== 'case' || !e.subjectId) return;
    if (place.kind === 'street' && !e.unitPath.includes(`/${place.code}/`)) return;
    const p = e.payload as { ref?: string; title?: string; action?: string; state?: string; warnLevel?: string };
    if (markers.apply(e.subjectId, p.state, p.warnLevel)) setVersion((v) => v + 1);
    else if (p.state !== 'rejected' && p.state !== 'merged') {
      pendingIds.current.add(e.subjectId);
      timers.current.markers ??= window.setTimeout(() => void fetchPending(), MARKER_FETCH_MS);
    }
    if (p.action && p.ref) {
      const item: FeedItem = {
        id: `e${e.id}`, at: e.createdAt, action: p.action, toState: p.state ?? null, actorName: '', caseId: e.subjectId,
        ref: p.ref, title: p.title ?? '', state: p.state ?? '', warnLevel: p.warnLevel ?? 'none',
      };
      setFeed((f) => [item, ...f].slice(0, 30));
    }
    timers.current.summary ??= window.setTimeout(() => {
      timers.current.summary = undefined;
      void loadSummary();
    }, SUMMARY_DEBOUNCE_MS);
  }, [fetchPending, loadSummary, markers]);

  useEvents(['case'], onEvent);

  return { summary, markers, markersVersion, markersLoaded, error, feed };
}
