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

const pathsOf = (e: PublishedEvent) => (e.alsoPaths?.length ? [e.unitPath, ...e.alsoPaths] : [e.unitPath]);

/** An event concerns its unit and the units in alsoPaths (e.g. the department handling a street's case). */
function visibleTo(conn: Connection, e: PublishedEvent): boolean {
  if (conn.topics && !conn.topics.has(topicOf(e.type))) return false;
  const paths = pathsOf(e);
  return conn.scope.some((s) => paths.some((p) => p.startsWith(s)));
}

/**
 * The connections by the unit paths of their scopes. An event reaches a scope that is a prefix of one of its
 * paths, and unit paths end in '/', so the event's audience is found by looking up each ancestor of each of its
 * paths — a directive's push to 50 grids costs a few hundred lookups, not a check of every connection.
 */
class ScopeIndex {
  private byPath = new Map<string, Set<Connection>>();
  // A scope that is not a whole unit path (never made by scopeOf today) is checked the slow way.
  private loose = new Set<Connection>();

  add(conn: Connection): void {
    for (const s of conn.scope) {
      if (!s.endsWith('/')) { this.loose.add(conn); continue; }
      let set = this.byPath.get(s);
      if (!set) this.byPath.set(s, (set = new Set()));
      set.add(conn);
    }
  }

  delete(conn: Connection): void {
    this.loose.delete(conn);
    for (const s of conn.scope) {
      const set = this.byPath.get(s);
      if (set?.delete(conn) && set.size === 0) this.byPath.delete(s);
    }
  }

  /** Every connection whose scope covers one of the event's paths (topics not yet checked). */
  audience(e: PublishedEvent): Set<Connection> {
    const out = new Set<Connection>();
    for (const p of pathsOf(e)) {
      for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) {
        const set = this.byPath.get(p.slice(0, i + 1));
        if (set) for (const conn of set) out.add(conn);
      }
    }
    for (const conn of this.loose) if (visibleTo(conn, e)) out.add(conn);
    return out;
  }

  clear(): void {
    this.byPath.clear();
    this.loose.clear();
  }
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
  private index = new ScopeIndex();
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
    this.add(conn);
    res.on('close', () => this.remove(conn));
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
      this.remove(conn);
      if (!res.writableEnded) res.end();
      return;
    }
    const pending = [...this.recent.filter((e) => visibleTo(conn, e)), ...(conn.pending ?? [])].sort((a, b) => a.seq - b.seq);
    conn.pending = null;
    for (const e of pending) this.write(conn, e);
    res.write(`event: ready\ndata: {"seq":${conn.lastSeq}}\n\n`);
  }

  private add(conn: Connection): void {
    this.connections.add(conn);
    this.index.add(conn);
  }

  private remove(conn: Connection): void {
    if (this.connections.delete(conn)) this.index.delete(conn);
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
    const topic = topicOf(e.type);
    for (const conn of this.index.audience(e)) {
      if (conn.topics && !conn.topics.has(topic)) continue;
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
    this.index.clear();
  }
}
