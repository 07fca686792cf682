// The console's server-paged lists keep their filters, page and size in the URL, so a reload, the back
// button and a link sent on all give the same list; they follow live events without a spinner.
import type { TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type ApiError } from '../../shared/api';
import { useEvents, type StreamEvent } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';

export type Filters<K extends string> = Record<K, string | undefined>;
type Query = Record<string, string | undefined>;

const PAGE_SIZES = [20, 50, 100];
// One quiet reload per burst: a sweep or a fan-out sends many events at once.
const LIVE_DEBOUNCE_MS = 800;

export interface PagedListOptions<K extends string> {
  /** The list endpoint; it takes the query and limit/offset and answers `{ items, total }`. */
  url: string;
  /** The URL keys that are filters. A module constant: the filters are read again when it changes. */
  filterKeys: readonly K[];
  /** A filter's value while its key is not in the URL; a key present but empty ('') means "any". */
  defaults?: Partial<Filters<K>>;
  /** The request's query where it differs from the filters (a URL key the API names otherwise). A module function. */
  toQuery?: (filters: Filters<K>) => Query;
  /** The event topics that reload the page of the list, and which of their events do (all by default). */
  live: { topics: string[]; when?: (e: StreamEvent) => boolean };
  pageSizes?: number[];
}

/** One page of a server-paged list, its filters in the URL, and the props for the antd Table's pagination. */
export function usePagedList<P extends { total: number }, K extends string = string>(
  { url, filterKeys, defaults, toQuery, live, pageSizes = PAGE_SIZES }: PagedListOptions<K>,
) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  // Defaults often come from the session (a handler starts on their own cases): compare them by value.
  const defaultsKey = JSON.stringify(defaults ?? {});
  const filters = useMemo(() => {
    const fallback = JSON.parse(defaultsKey) as Partial<Filters<K>>;
    return Object.fromEntries(filterKeys.map((k) => [k, params.has(k) ? params.get(k)! : fallback[k]])) as Filters<K>;
  }, [params, filterKeys, defaultsKey]);
  const query = useMemo(() => (toQuery ? toQuery(filters) : filters), [filters, toQuery]);
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const size = pageSizes.includes(Number(params.get('size'))) ? Number(params.get('size')) : pageSizes[0]!;

  const [data, setData] = useState<P | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);

  // Only the latest request may write: a slow answer to an older filter must not replace a newer one.
  const reload = useCallback(async (quiet = false) => {
    const mine = ++seq.current;
    if (!quiet) setLoading(true);
    try {
      const res = await api.get<P>(url, { ...query, limit: size, offset: (page - 1) * size });
      if (mine !== seq.current) return;
      setData(res);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(e as ApiError);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [url, query, page, size]);
  useEffect(() => { void reload(); }, [reload]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(live.topics, (e) => {
    if (live.when && !live.when(e)) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void reload(true); }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  /** A new filter value starts again at page 1; undefined removes the key (back to its default). */
  const setFilter = (key: K, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key); else next.set(key, value);
    next.delete('page');
    setParams(next);
  };
  const reset = () => setParams(new URLSearchParams());

  const pagination = {
    current: page, pageSize: size, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: pageSizes, size: 'small',
    // A list that stops counting (the case ledger past 10,000) says "more than".
    showTotal: (n: number) => t((data as { totalCapped?: boolean } | undefined)?.totalCapped ? 'common.totalCapped' : 'common.total', { n }),
    onChange: (p: number, s: number) => {
      const next = new URLSearchParams(params);
      next.set('page', String(s !== size ? 1 : p));
      next.set('size', String(s));
      setParams(next);
    },
  } satisfies TablePaginationConfig;

  return { filters, setFilter, reset, data, loading, error, reload, pagination };
}
