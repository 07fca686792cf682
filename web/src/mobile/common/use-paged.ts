import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api';

export interface Paged<T> {
  items: T[];
  total: number;
  loading: boolean;
  error: ApiError | null;
  /** Reloads from the first page (after a live event or pull to refresh). */
  reload(): void;
  more(): void;
  hasMore: boolean;
}

/** A server-paginated list shown as "load more": pages of `size`, a stale answer never overwrites a newer one. */
export function usePaged<T>(fetchPage: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>, deps: unknown[], size = 20): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);
  const shown = useRef(0);
  shown.current = items.length;

  const load = useCallback((offset: number, limit: number, append: boolean) => {
    const g = ++generation.current;
    setLoading(true);
    fetchPage(offset, limit).then((r) => {
      if (g !== generation.current) return;
      setItems((prev) => (append ? [...prev, ...r.items] : r.items));
      setTotal(r.total);
      setError(null);
    }, (e: ApiError) => { if (g === generation.current) setError(e); })
      .finally(() => { if (g === generation.current) setLoading(false); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => { load(0, size, false); }, [load, size]);
  // A live reload keeps as many rows as are on screen, so the list does not jump back to one page.
  const reload = useCallback(() => load(0, Math.max(size, Math.min(shown.current, 100)), false), [load, size]);
  const more = useCallback(() => load(shown.current, size, true), [load, size]);
  return { items, total, loading, error, reload, more, hasMore: items.length < total };
}
