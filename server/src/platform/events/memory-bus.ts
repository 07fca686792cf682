import type { Bus, BusListener } from './bus.js';
import { ListenerSet } from './bus.js';
import type { PublishedEvent } from './event.js';

/** The embedded deployment's bus: one process, listeners called synchronously after commit. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  readonly publishBeforeCommit = false;
  private listeners: ListenerSet;
  constructor(onError: (err: unknown) => void) {
    this.listeners = new ListenerSet(onError);
  }
  async publish(events: PublishedEvent[]): Promise<void> {
    for (const e of events) this.listeners.deliver(e);
  }
  subscribe(listener: BusListener): () => void {
    return this.listeners.add(listener);
  }
  status() {
    return { ok: true };
  }
  async close(): Promise<void> {}
}
