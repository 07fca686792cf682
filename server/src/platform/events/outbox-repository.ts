import type { DeferredInsert } from '../db/unit-of-work.js';
import { queryRows, sql, type Executor, type Tx } from '../db/database.js';
import type { DomainEvent, PublishedEvent } from './event.js';

interface EventRow {
  id: number;
  seq: number;
  type: string;
  unit_path: string;
  also_paths: string[] | null;
  subject_type: string | null;
  subject_id: string | null;
  actor_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

export function toPublished(r: EventRow): PublishedEvent {
  return {
    id: Number(r.id), seq: Number(r.seq), type: r.type, unitPath: r.unit_path, alsoPaths: r.also_paths ?? [], subjectType: r.subject_type,
    subjectId: r.subject_id, actorId: r.actor_id, payload: r.payload, createdAt: new Date(r.created_at).toISOString(),
  };
}

/** A write's events for the outbox (inserted with the write's other deferred rows). */
export function eventsInsert(actorId: string | null, events: DomainEvent[]): DeferredInsert {
  return {
    into: 'events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)',
    rows: events.map((e) => sql`(${e.type}, ${e.unitPath}, ${toPgArray(e.alsoPaths ?? [])}::text[], ${e.subjectType ?? null},
      ${e.subjectId ?? null}, ${actorId}::uuid, ${JSON.stringify(e.payload ?? {})}::jsonb)`),
  };
}

/**
 * Takes the oldest unpublished events and gives them consecutive seq numbers in id order, in one
 * statement (the sequence is advanced once by the batch's size). The caller holds the relay lock, so seq
 * order is commit order across instances.
 */
export async function claimUnpublished(tx: Tx, limit: number): Promise<PublishedEvent[]> {
  const rows = await queryRows<EventRow>(tx, sql`WITH claim AS (
      SELECT id FROM events WHERE seq IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE
    ), numbered AS (
      SELECT id, row_number() OVER (ORDER BY id) AS rn FROM claim
    ), total AS (
      SELECT count(*) AS n FROM claim
    ), base AS (
      SELECT setval('event_seq', nextval('event_seq') + n - 1) - n + 1 AS first FROM total WHERE n > 0
    )
    UPDATE events e SET seq = base.first + numbered.rn - 1, published_at = now()
    FROM numbered, base WHERE e.id = numbered.id RETURNING e.*`);
  return rows.map(toPublished).sort((a, b) => a.seq - b.seq);
}

export interface ReplayFilter {
  afterSeq: number;
  scopePaths: string[];
  topics?: string[];
  limit: number;
}

/** Events after a seq, in order, for an SSE client reconnecting with Last-Event-ID. */
export async function replayEvents(ex: Executor, f: ReplayFilter): Promise<PublishedEvent[]> {
  if (f.scopePaths.length === 0) return [];
  const scope = f.scopePaths.includes('/')
    ? sql`TRUE`
    : sql`(${sql.join(f.scopePaths.map((p) => sql`(unit_path LIKE ${`${p}%`}
        OR EXISTS (SELECT 1 FROM unnest(also_paths) a WHERE a LIKE ${`${p}%`}))`), sql` OR `)})`;
  // Topic `sys` is internal (session revocations carry token hashes): never replayed, even when asked for.
  const topics = f.topics?.length
    ? sql`split_part(type, '.', 1) = ANY(${toPgArray(f.topics)}::text[]) AND split_part(type, '.', 1) <> 'sys'`
    : sql`split_part(type, '.', 1) <> 'sys'`;
  const rows = await queryRows<EventRow>(ex, sql`SELECT * FROM events
    WHERE seq > ${f.afterSeq} AND ${scope} AND ${topics} ORDER BY seq LIMIT ${f.limit}`);
  return rows.map(toPublished);
}

export async function eventsAfter(ex: Executor, afterSeq: number, limit: number): Promise<PublishedEvent[]> {
  const rows = await queryRows<EventRow>(ex,
    sql`SELECT * FROM events WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`);
  return rows.map(toPublished);
}

export async function latestSeq(ex: Executor): Promise<number> {
  const [r] = await queryRows<{ s: number | null }>(ex, sql`SELECT max(seq) AS s FROM events`);
  return Number(r?.s ?? 0);
}

/** PostgreSQL array literal; both drivers accept it as text for a `::type[]` cast. */
export function toPgArray(values: ReadonlyArray<string | number>): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/**
 * Deletes up to `limit` published events created before `before` that every durable subscriber has passed (the oldest
 * first); returns how many. Unpublished events and those a subscriber still has to take are kept, whatever their age.
 */
export async function pruneEvents(ex: Executor, before: Date, limit: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(ex, sql`DELETE FROM events WHERE id IN (
      SELECT id FROM events
      WHERE seq IS NOT NULL AND created_at < ${before}
        AND seq <= coalesce((SELECT min(last_seq) FROM subscriber_cursors), 9223372036854775807)
      ORDER BY id LIMIT ${limit}
    ) RETURNING id`);
  return rows.length;
}
