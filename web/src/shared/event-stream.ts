// Live updates: one EventSource per page on /api/stream?named=false (the server filters by the user's
// scope and topics; unnamed frames all arrive in onmessage). The browser reconnects by itself and sends
// Last-Event-ID, so the server replays what was missed.
import { useEffect, useRef, useState } from 'react';

export interface StreamEvent {
  id: number; seq: number; type: string; unitPath: string; alsoPaths: string[];
  subjectType: string | null; subjectId: string | null; actorId: string | null;
  payload: Record<string, unknown>; createdAt: string;
}

type Listener = (e: StreamEvent) => void;

class EventStream {
  private source: EventSource | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly statusListeners = new Set<(online: boolean) => void>();
  online = false;

  constructor(private readonly topics: string[]) {}

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    this.open();
    return () => { this.listeners.delete(fn); };
  }

  onStatus(fn: (online: boolean) => void): () => void {
    this.statusListeners.add(fn);
    return () => { this.statusListeners.delete(fn); };
  }

  private setOnline(v: boolean): void {
    if (this.online === v) return;
    this.online = v;
    for (const fn of this.statusListeners) fn(v);
  }

  private open(): void {
    if (this.source) return;
    const qs = new URLSearchParams({ named: 'false' });
    if (this.topics.length) qs.set('topics', this.topics.join(','));
    const src = new EventSource(`/api/stream?${qs}`);
    this.source = src;
    src.addEventListener('ready', () => this.setOnline(true));
    src.onopen = () => this.setOnline(true);
    src.onerror = () => this.setOnline(false);
    src.onmessage = (m: MessageEvent<string>) => {
      const e = JSON.parse(m.data) as StreamEvent;
      for (const fn of this.listeners) fn(e);
    };
  }
}

const streams = new Map<string, EventStream>();

/** The page's stream for these topics, shared by every component that asks for the same topics. */
export function eventStream(topics: string[]): EventStream {
  const key = [...topics].sort().join(',');
  let s = streams.get(key);
  if (!s) streams.set(key, (s = new EventStream(topics)));
  return s;
}

/**
 * Calls `onEvent` for every event on the topics (e.g. ['case'] → case.report, case.dispatch, case.warn, …).
 * The latest callback is used without reconnecting.
 */
export function useEvents(topics: string[], onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  const key = topics.join(',');
  useEffect(() => eventStream(key ? key.split(',') : []).subscribe((e) => ref.current(e)), [key]);
}

/** true while the stream is connected: show a banner when it is not. Opens the stream if nothing else has. */
export function useStreamOnline(topics: string[]): boolean {
  const s = eventStream(topics);
  const [online, setOnline] = useState(s.online);
  useEffect(() => {
    const offStatus = s.onStatus(setOnline);
    const unsubscribe = s.subscribe(() => {});
    setOnline(s.online);
    return () => { offStatus(); unsubscribe(); };
  }, [s]);
  return online;
}
