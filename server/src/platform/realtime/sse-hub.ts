import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { scopeOf, type Actor } from '../access/actor.js';
import type { Executor } from '../db/database.js';
import type { Bus } from '../events/bus.js';
import { topicOf, type PublishedEvent } from '../events/event.js';
import { latestSeq, replayEvents } from '../events/outbox-repository.js';

interface Connection {
  res: ServerResponse;
  scope: string[];
  topics: Set<string> | null;
  lastSeq: number;
  /** Live events that arrive while the replay is being written; null once live. */
  pending: PublishedEvent[] | null;
}

const MAX_REPLAY = 10_000;
const REPLAY_PAGE = 1000;
// A client this far behind is dropped; it reconnects with Last-Event-ID and catches up from the database.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function formatSse(e: PublishedEvent): string {
  return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/**
 * Fans committed events out to the SSE clients of this instance, each filtered by the viewer's scope
 * and chosen topics. Reconnection resumes from Last-Event-ID by replaying from the outbox table.
 */
export class SseHub {
  private connections = new Set<Connection>();
  private heartbeat: NodeJS.Timeout;
  private unsubscribe: () => void;

  constructor(bus: Bus, private ex: Executor, private log: Logger, heartbeatMs = 15_000) {
    this.unsubscribe = bus.subscribe((e) => this.dispatch(e));
    this.heartbeat = setInterval(() => this.ping(), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.connections.size;
  }

  async open(res: ServerResponse, actor: Actor, opts: { topics?: string[]; lastEventId?: number }): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const conn: Connection = {
      res,
      scope: scopeOf(actor, 'stream:read'),
      topics: opts.topics?.length ? new Set(opts.topics) : null,
      lastSeq: opts.lastEventId ?? 0,
      pending: [],
    };
    this.connections.add(conn);
    res.on('close', () => this.connections.delete(conn));
    try {
      if (opts.lastEventId !== undefined) await this.replay(conn);
      else conn.lastSeq = await latestSeq(this.ex);
    } catch (err) {
      this.log.warn({ err }, 'sse: replay failed');
    }
    const pending = conn.pending ?? [];
    conn.pending = null;
    for (const e of pending) this.write(conn, e);
    res.write(`event: ready\ndata: {"seq":${conn.lastSeq}}\n\n`);
  }

  private async replay(conn: Connection): Promise<void> {
    let sent = 0;
    while (sent < MAX_REPLAY && !conn.res.destroyed) {
      const page = await replayEvents(this.ex, {
        afterSeq: conn.lastSeq, scopePaths: conn.scope, topics: conn.topics ? [...conn.topics] : undefined, limit: REPLAY_PAGE,
      });
      for (const e of page) this.send(conn, e);
      sent += page.length;
      if (page.length < REPLAY_PAGE) break;
    }
  }

  private dispatch(e: PublishedEvent): void {
    const topic = topicOf(e.type);
    if (topic === 'sys') return;
    let frame: string | undefined;
    for (const conn of this.connections) {
      if (conn.topics && !conn.topics.has(topic)) continue;
      if (!conn.scope.some((s) => e.unitPath.startsWith(s))) continue;
      if (conn.pending) conn.pending.push(e);
      else this.write(conn, e, (frame ??= formatSse(e)));
    }
  }

  private write(conn: Connection, e: PublishedEvent, frame?: string): void {
    // At-least-once delivery upstream; the seq makes each event reach a client once.
    if (e.seq <= conn.lastSeq) return;
    this.send(conn, e, frame);
  }

  /** `frame` is the formatted event, shared by every connection it goes to. */
  private send(conn: Connection, e: PublishedEvent, frame = formatSse(e)): void {
    conn.lastSeq = e.seq;
    conn.res.write(frame);
    if (conn.res.writableLength > MAX_BUFFERED_BYTES) conn.res.destroy();
  }

  private ping(): void {
    for (const conn of this.connections) conn.res.write(': ping\n\n');
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const conn of this.connections) conn.res.end();
    this.connections.clear();
  }
}
