import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useLiveRefresh } from '../common/use-live-refresh';

/** How many cases wait for me (owned by my grid now): the badge on the 任务 tab, kept live. */
export function useTaskCount(): [number, (n: number) => void] {
  const [n, setN] = useState(0);
  const load = useCallback(() => {
    api.get<GetResponse<'/api/cases'>>('/api/cases', { mine: 'true', limit: 1 }).then((r) => setN(r.total), () => undefined);
  }, []);
  useEffect(load, [load]);
  useLiveRefresh(load);
  return [n, setN];
}

/** Lets the task list, which loads the same count, correct the badge at once. */
export const TaskCountContext = createContext<(n: number) => void>(() => undefined);
export const useSetTaskCount = () => useContext(TaskCountContext);
