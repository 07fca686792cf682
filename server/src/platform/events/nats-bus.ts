import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Bus, BusListener } from './bus.js';
import { ListenerSet } from './bus.js';
import type { PublishedEvent } from './event.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The cluster bus. Events go into a JetStream stream (kept for replay and audit of delivery) with the
 * outbox id as message id, so a relay retry after a crash is dropped by the broker's duplicate window.
 * Every instance listens on the subject to feed its own SSE clients.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  readonly publishBeforeCommit = true;
  private listeners: ListenerSet;
  private sub?: Subscription;

  private constructor(
    private nc: NatsConnection,
    private js: JetStreamClient,
    private prefix: string,
    private onError: (err: unknown) => void,
  ) {
    this.listeners = new ListenerSet(onError);
  }

  static async connect(url: string, prefix: string, onError: (err: unknown) => void): Promise<NatsBus> {
    const nc = await connect({ servers: url.split(','), name: `chengyun-${prefix}`, maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    const stream = streamName(prefix);
    const config = {
      name: stream,
      subjects: [`${prefix}.ev.>`],
      duplicate_window: 10 * 60 * 1_000_000_000,
      max_age: 7 * 24 * 3600 * 1_000_000_000,
    };
    try {
      await jsm.streams.info(stream);
    } catch {
      await jsm.streams.add(config);
    }
    const bus = new NatsBus(nc, jetstream(nc), prefix, onError);
    bus.listen();
    return bus;
  }

  private listen(): void {
    this.sub = this.nc.subscribe(`${this.prefix}.ev.>`);
    void (async () => {
      for await (const msg of this.sub!) {
        let event: PublishedEvent;
        try {
          event = JSON.parse(decoder.decode(msg.data)) as PublishedEvent;
        } catch {
          continue;
        }
        this.listeners.deliver(event);
      }
    })().catch((err: unknown) => this.onError(err));
  }

  async publish(events: PublishedEvent[]): Promise<void> {
    await Promise.all(events.map((e) => this.js.publish(
      `${this.prefix}.ev.${e.type}`,
      encoder.encode(JSON.stringify(e)),
      { msgID: `${this.prefix}-${e.id}` },
    )));
  }

  subscribe(listener: BusListener): () => void {
    return this.listeners.add(listener);
  }

  status() {
    return this.nc.isClosed() ? { ok: false, detail: 'closed' } : { ok: true, detail: this.nc.getServer() };
  }

  async close(): Promise<void> {
    this.sub?.unsubscribe();
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /** Tests and tear-down: remove this prefix's stream. */
  async deleteStream(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    await jsm.streams.delete(streamName(this.prefix)).catch(() => false);
  }
}

function streamName(prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_EVENTS`;
}
