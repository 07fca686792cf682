import { useEffect, useRef } from 'react';
import { useEvents } from '../../shared/event-stream';

/** Calls `refresh` after directive and receipt events (a new directive, an amendment, a warning), once per burst. */
export function useReceiptRefresh(refresh: () => void, waitMs = 800): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEvents(['directive', 'receipt'], () => {
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; latest.current(); }, waitMs);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
}
