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
  /** false: frames without an event name (the client reads every event in `onmessage`). */
  named: boolean;
}

const MAX_REPLAY = 10_000;
const REPLAY_PAGE = 1000;
// A client this far behind is dropped; it reconnects with Last-Event-ID and catches up from the database.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const RECENT = 2000;

/** An event concerns its unit and the units in alsoPaths (e.g. the department handling a street's case). */
function visibleTo(conn: Connection, e: PublishedEvent): boolean {
  if (conn.topics && !conn.topics.has(topicOf(e.type))) return false;
  const paths = e.alsoPaths?.length ? [e.unitPath, ...e.alsoPaths] : [e.unitPath];
  return conn.scope.some((s) => paths.some((p) => p.startsWith(s)));
}

/** Named frames suit listeners per type; unnamed ones all reach `onmessage` (web faces that want a whole topic). */
export function formatSse(e: PublishedEvent, named = true): string {
  return named ? `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n` : `id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`;
}

/**
 * Fans committed events out to the SSE clients of this instance, each filtered by the viewer's scope
 * and chosen topics. Reconnection resumes from Last-Event-ID by replaying from the outbox table.
 */
export class SseHub {
  private connections = new Set<Connection>();
  // Recently dispatched events: a broker retry after a crash can carry an outbox row again under a new
  // seq (dropped by id), and an event can arrive before a new connection's replay could see it (merged in).
  private recent: PublishedEvent[] = [];
  private recentIds = new Set<number>();
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

  async open(res: ServerResponse, actor: Actor, opts: { topics?: string[]; lastEventId?: number; named?: boolean }): Promise<void> {
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
      named: opts.named ?? true,
    };
    this.connections.add(conn);
    res.on('close', () => this.connections.delete(conn));
    // Going live after a replay that stopped short (at the cap, or on an error) would leave a hole in the
    // client's history: end the stream instead, and it resumes from the last id it got (EventSource reconnects).
    let complete = true;
    try {
      if (opts.lastEventId !== undefined) complete = await this.replay(conn);
      else conn.lastSeq = await latestSeq(this.ex);
    } catch (err) {
      this.log.warn({ err }, 'sse: replay failed');
      complete = opts.lastEventId === undefined;
    }
    // (Also stop here if the client left or the hub closed meanwhile: writing after end throws.)
    if (!complete || res.writableEnded || res.destroyed) {
      this.connections.delete(conn);
      if (!res.writableEnded) res.end();
      return;
    }
    const pending = [...this.recent.filter((e) => visibleTo(conn, e)), ...(conn.pending ?? [])].sort((a, b) => a.seq - b.seq);
    conn.pending = null;
    for (const e of pending) this.write(conn, e);
    res.write(`event: ready\ndata: {"seq":${conn.lastSeq}}\n\n`);
  }

  /** Sends what the client missed; false when it stopped at the cap with more to come. */
  private async replay(conn: Connection): Promise<boolean> {
    let sent = 0;
    while (!conn.res.destroyed) {
      if (sent >= MAX_REPLAY) return false;
      const page = await replayEvents(this.ex, {
        afterSeq: conn.lastSeq, scopePaths: conn.scope, topics: conn.topics ? [...conn.topics] : undefined, limit: REPLAY_PAGE,
      });
      for (const e of page) this.send(conn, e);
      sent += page.length;
      if (page.length < REPLAY_PAGE) return true;
    }
    return true;
  }

  private dispatch(e: PublishedEvent): void {
    if (topicOf(e.type) === 'sys' || this.recentIds.has(e.id)) return;
    this.remember(e);
    let named: string | undefined;
    let unnamed: string | undefined;
    for (const conn of this.connections) {
      if (!visibleTo(conn, e)) continue;
      if (conn.pending) conn.pending.push(e);
      else this.write(conn, e, conn.named ? (named ??= formatSse(e)) : (unnamed ??= formatSse(e, false)));
    }
  }

  private remember(e: PublishedEvent): void {
    this.recent.push(e);
    this.recentIds.add(e.id);
    if (this.recent.length > RECENT) this.recentIds.delete(this.recent.shift()!.id);
  }

  private write(conn: Connection, e: PublishedEvent, frame?: string): void {
    // At-least-once delivery upstream; the seq makes each event reach a client once.
    if (e.seq <= conn.lastSeq) return;
    this.send(conn, e, frame);
  }

  /** `frame` is the formatted event, shared by every connection it goes to. */
  private send(conn: Connection, e: PublishedEvent, frame = formatSse(e, conn.named)): void {
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
