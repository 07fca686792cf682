import { useEffect, useRef } from 'react';
import { useEvents } from '../../shared/event-stream';

/** Calls `refresh` after task and milestone events (a new list, a warning, a reschedule), once per burst. */
export function useTaskRefresh(refresh: () => void, waitMs = 800): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEvents(['task', 'milestone'], () => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; latest.current(); }, waitMs);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
}
