import type { PublishedEvent } from './event.js';

export type BusListener = (event: PublishedEvent) => void;

/** Carries committed events to every instance. Delivery to listeners is at-least-once; `seq` dedupes. */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish(events: PublishedEvent[]): Promise<void>;
  /** True when publish must happen before the relay commits (broker-side dedup by id covers a retry). */
  readonly publishBeforeCommit: boolean;
  subscribe(listener: BusListener): () => void;
  status(): { ok: boolean; detail?: string };
  close(): Promise<void>;
}

/** Fans out to listeners; a failing listener is logged by the caller's handler and never stops the others. */
export class ListenerSet {
  private listeners = new Set<BusListener>();
  constructor(private onError: (err: unknown) => void) {}
  add(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  deliver(event: PublishedEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
