// One zone's last three hours per minute (occupancy, in/out, what was forecast) and its projection. The series
// moves when the zone's latest reading does (`asOf` from its live figures), fetched at most every 2 s: the figures
// come once a second per zone, and a drill at high speed-up moves a minute of event time every second.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api';
import type { Series } from './tiers';

const MIN_GAP_MS = 2000;

export function useZoneSeries(code: string | undefined, asOf: string | null | undefined): Series | null {
  const [series, setSeries] = useState<Series | null>(null);
  const last = useRef({ code: '', at: 0 });
  const current = useRef(code);
  current.current = code;
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!code) return;
    const fetchNow = () => {
      last.current = { code, at: Date.now() };
      api.get<Series>(`/api/crowd/zones/${encodeURIComponent(code)}/series`)
        // A late answer for a zone no longer shown is dropped; a failed one is asked again at the next reading.
        .then((s) => { if (current.current === code) setSeries(s); }, () => undefined);
    };
    const wait = last.current.code === code ? last.current.at + MIN_GAP_MS - Date.now() : 0;
    if (wait <= 0) fetchNow();
    else timer.current = window.setTimeout(fetchNow, wait);
    return () => window.clearTimeout(timer.current);
  }, [code, asOf]);

  return series?.zone.code === code ? series : null;
}
