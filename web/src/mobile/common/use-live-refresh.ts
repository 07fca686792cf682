import { useEffect, useRef } from 'react';
import { useEvents } from '../../shared/event-stream';

/**
 * Calls `refresh` after case events, at most once per `waitMs`: a burst (a dispatch writes several
 * events) costs one reload, which matters on a phone's link.
 */
export function useLiveRefresh(refresh: () => void, filter: (e: { type: string; subjectId: string | null }) => boolean = () => true, waitMs = 800): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEvents(['case'], (e) => {
    if (!filter(e) || timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; latest.current(); }, waitMs);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
}
