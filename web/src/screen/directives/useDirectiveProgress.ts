// The big screen's directive figures: the newest active directives (progress counted in my scope) and, for the one
// on show, its progress one level below the screen's place (the district's streets). Kept live: any directive or
// receipt event refetches both, at most once a second.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';

export type DirectiveItem = GetResponse<'/api/directives'>['items'][number];
export type ProgressRow = GetResponse<'/api/directives/{id}/progress'>['children'][number];

const LIMIT = 5;
const REFRESH_MS = 1000;

export function useDirectiveProgress(place: string | undefined, shownIndex: number) {
  const [items, setItems] = useState<DirectiveItem[]>([]);
  const [total, setTotal] = useState(0);
  const [rows, setRows] = useState<ProgressRow[]>([]);
  const [loaded, setLoaded] = useState(false);
  const current = items.length ? items[shownIndex % items.length] : undefined;
  const currentId = current?.id;
  const timer = useRef<number | undefined>(undefined);

  const loadList = useCallback(async () => {
    try {
      const r = await api.get<GetResponse<'/api/directives'>>('/api/directives', { state: 'active', limit: LIMIT });
      setItems(r.items);
      setTotal(r.total);
    } catch { /* the next event or the next rotation tries again */ }
    setLoaded(true);
  }, []);

  const loadRows = useCallback(async (id: string | undefined) => {
    if (!id || !place) { setRows([]); return; }
    try {
      const p = await api.get<GetResponse<'/api/directives/{id}/progress'>>(`/api/directives/${id}/progress`, { under: place });
      setRows(p.children);
    } catch { /* kept as they were */ }
  }, [place]);

  useEffect(() => { void loadList(); }, [loadList]);
  useEffect(() => { void loadRows(currentId); }, [currentId, loadRows]);

  const latest = useRef({ loadList, loadRows, currentId });
  latest.current = { loadList, loadRows, currentId };
  useEvents(['directive', 'receipt'], () => {
    timer.current ??= window.setTimeout(() => {
      timer.current = undefined;
      const l = latest.current;
      void l.loadList();
      void l.loadRows(l.currentId);
    }, REFRESH_MS);
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return { items, total, current, rows, loaded };
}
