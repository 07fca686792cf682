import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { PublishedEvent } from '../../src/platform/events/event.js';

/**
 * A minimal SSE client over fetch, recording every message, so tests can assert exactly what a
 * browser's EventSource would have seen (including the `ready` marker the hub sends after replay).
 */
export class SseClient {
  readonly messages: EventSourceMessage[] = [];
  private waiters = new Set<() => void>();
  private ended = false;

  private constructor(readonly status: number, readonly body: string, private ac: AbortController) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const ac = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ac.signal });
    if (res.status !== 200 || !res.body) {
      const body = await res.text();
      return new SseClient(res.status, body, ac);
    }
    const client = new SseClient(200, '', ac);
    void client.read(res.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = createParser({
      onEvent: (m) => {
        this.messages.push(m);
        for (const w of this.waiters) w();
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
      for (const w of this.waiters) w();
    }
  }

  get closedByServer(): boolean {
    return this.ended;
  }

  /** Domain events received (everything but the `ready` marker), parsed. */
  get events(): PublishedEvent[] {
    return this.messages.filter((m) => m.event !== 'ready').map((m) => JSON.parse(m.data) as PublishedEvent);
  }

  /** The `id:` of the last domain event, what EventSource would send as Last-Event-ID. */
  get lastEventId(): string | undefined {
    return [...this.messages].reverse().find((m) => m.id !== undefined)?.id;
  }

  ready(timeoutMs = 5_000): Promise<EventSourceMessage> {
    return this.waitFor((m) => m.event === 'ready', timeoutMs, 'ready');
  }

  waitForEvent(pred: (e: PublishedEvent) => boolean, timeoutMs = 5_000, what = 'event'): Promise<EventSourceMessage> {
    return this.waitFor((m) => m.event !== 'ready' && pred(JSON.parse(m.data) as PublishedEvent), timeoutMs, what);
  }

  waitFor(pred: (m: EventSourceMessage) => boolean, timeoutMs: number, what: string): Promise<EventSourceMessage> {
    return new Promise((resolve, reject) => {
      let scanned = 0; // each message is tested once: replays run to thousands of messages
      const check = () => {
        for (; scanned < this.messages.length; scanned++) {
          const m = this.messages[scanned]!;
          if (pred(m)) return done(() => resolve(m));
        }
        if (this.ended) done(() => reject(new Error(`stream ended before ${what}; got ${this.describe()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no ${what} within ${timeoutMs} ms; got ${this.describe()}`))), timeoutMs);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        fn();
      };
      this.waiters.add(check);
      check();
    });
  }

  private describe(): string {
    const tail = this.messages.slice(-20).map((m) => `${m.id ?? '-'}:${m.event ?? ''}`);
    return `${this.messages.length} messages, last ${JSON.stringify(tail)}`;
  }

  close(): void {
    this.ac.abort();
  }
}
