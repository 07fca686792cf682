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

export async function insertEvents(tx: Tx, actorId: string | null, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => sql`(${e.type}, ${e.unitPath}, ${toPgArray(e.alsoPaths ?? [])}::text[], ${e.subjectType ?? null}, ${e.subjectId ?? null},
    ${actorId}::uuid, ${JSON.stringify(e.payload ?? {})}::jsonb)`);
  await tx.execute(sql`INSERT INTO events (type, unit_path, also_paths, subject_type, subject_id, actor_id, payload)
    VALUES ${sql.join(rows, sql`, `)}`);
}

/**
 * Takes the oldest unpublished events and gives them consecutive seq numbers in id order. The caller
 * holds the relay lock, so seq order is commit order across instances.
 */
export async function claimUnpublished(tx: Tx, limit: number): Promise<PublishedEvent[]> {
  const ids = await queryRows<{ id: number }>(tx,
    sql`SELECT id FROM events WHERE seq IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE`);
  if (ids.length === 0) return [];
  const [{ base }] = (await queryRows<{ base: number }>(tx, sql`SELECT nextval('event_seq') AS base`)) as [{ base: number }];
  if (ids.length > 1) await tx.execute(sql`SELECT setval('event_seq', ${Number(base) + ids.length - 1})`);
  const idList = ids.map((r) => Number(r.id));
  const seqList = idList.map((_, i) => Number(base) + i);
  const rows = await queryRows<EventRow>(tx, sql`UPDATE events e SET seq = v.seq, published_at = now()
    FROM (SELECT unnest(${toPgArray(idList)}::bigint[]) AS id, unnest(${toPgArray(seqList)}::bigint[]) AS seq) v
    WHERE e.id = v.id RETURNING e.*`);
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
