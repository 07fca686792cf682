// The supervision screen's data: the board of the caller's place, its longest-overdue items, the open supervision
// orders, the warning trend and the latest published ranking; refetched (at most every 2 s) while items move.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';

export type Board = GetResponse<'/api/supervision/board'>;
export type Items = GetResponse<'/api/supervision/items'>;
export type Orders = GetResponse<'/api/supervision/orders'>;
export type Trend = GetResponse<'/api/supervision/trend'>;
export type Ranking = GetResponse<'/api/rankings/latest'>;

export interface SupervisionScreenData {
  board: Board | null;
  overdue: Items | null;
  orders: Orders | null;
  trend: Trend | null;
  /** null until loaded; 'none' when nothing has been published yet. */
  ranking: Ranking | 'none' | null;
  error: ApiError | null;
  updatedAt: Date | null;
}

const TOPICS = ['case', 'receipt', 'task', 'milestone', 'hazard', 'ranking'];
const DEBOUNCE_MS = 2000;
const REFRESH_MS = 60_000;
export const TOP_OVERDUE = 8;

export function useSupervisionScreen(): SupervisionScreenData {
  const [data, setData] = useState<SupervisionScreenData>({ board: null, overdue: null, orders: null, trend: null, ranking: null, error: null, updatedAt: null });
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const [board, overdue, orders, trend, ranking] = await Promise.all([
        api.get<Board>('/api/supervision/board'),
        api.get<Items>('/api/supervision/items', { level: 'red', limit: TOP_OVERDUE }),
        api.get<Orders>('/api/supervision/orders', { limit: 1 }),
        api.get<Trend>('/api/supervision/trend', { days: 14 }),
        api.get<Ranking>('/api/rankings/latest').catch((e: ApiError) => (e.status === 404 ? 'none' as const : Promise.reject(e))),
      ]);
      setData({ board, overdue, orders, trend, ranking, error: null, updatedAt: new Date() });
    } catch (e) {
      setData((d) => ({ ...d, error: e as ApiError }));
    }
  }, []);

  useEffect(() => {
    void load();
    const id = window.setInterval(() => void load(), REFRESH_MS);
    return () => { window.clearInterval(id); window.clearTimeout(timer.current); };
  }, [load]);

  useEvents(TOPICS, () => {
    timer.current ??= window.setTimeout(() => {
      timer.current = undefined;
      void load();
    }, DEBOUNCE_MS);
  });

  return data;
}
