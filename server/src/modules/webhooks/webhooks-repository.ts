import { queryRows, sql, type Executor } from '../../platform/db/database.js';
import type { PublishedEvent } from '../../platform/events/event.js';
import { toPgArray } from '../../platform/events/outbox-repository.js';

export type WebhookFormat = 'json' | 'wecom' | 'dingtalk';
export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface SubscriptionRow {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  secret: string | null;
  topics: string[];
  unit_code: string;
  unit_path: string;
  unit_name: string;
  active: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: number;
  subscription_id: string;
  event_id: number;
  event_seq: number;
  event_type: string;
  /** The case number (or other subject reference) from the event, when it still exists. */
  subject_ref: string | null;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

/** A claimed delivery with what sending it needs: its subscription and its event. */
export interface ClaimedDelivery {
  id: number;
  attempts: number;
  subscription: SubscriptionRow | null;
  event: PublishedEvent | null;
}

// Raw rows carry bigints as strings on pg and timestamps as strings on both drivers.
const date = (v: Date | string) => new Date(v);
const dateOrNull = (v: Date | string | null) => (v ? new Date(v) : null);

const SUBSCRIPTION_SELECT = sql`SELECT s.id, s.name, s.url, s.format, s.secret, s.topics, s.unit_code, u.path AS unit_path,
    u.name AS unit_name, s.active, s.created_by, s.created_at, s.updated_at
  FROM webhook_subscriptions s JOIN units u ON u.code = s.unit_code`;

function toSubscription(r: SubscriptionRow): SubscriptionRow {
  return { ...r, topics: r.topics ?? [], created_at: date(r.created_at), updated_at: date(r.updated_at) };
}

export interface NewSubscription {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  secret: string | null;
  topics: string[];
  unitCode: string;
  createdBy: string | null;
}

export async function insertSubscription(ex: Executor, s: NewSubscription): Promise<void> {
  await ex.execute(sql`INSERT INTO webhook_subscriptions (id, name, url, format, secret, topics, unit_code, created_by)
    VALUES (${s.id}, ${s.name}, ${s.url}, ${s.format}, ${s.secret}, ${toPgArray(s.topics)}::text[], ${s.unitCode}, ${s.createdBy}::uuid)`);
}

export async function findSubscription(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<SubscriptionRow | undefined> {
  const lock = opts.forUpdate ? sql` FOR UPDATE OF s` : sql``;
  const [r] = await queryRows<SubscriptionRow>(ex, sql`${SUBSCRIPTION_SELECT} WHERE s.id = ${id}${lock}`);
  return r && toSubscription(r);
}

/** Subscriptions whose unit lies in one of the scopes, newest first. */
export async function listSubscriptions(ex: Executor, scopePaths: string[]): Promise<SubscriptionRow[]> {
  if (scopePaths.length === 0) return [];
  const scope = sql.join(scopePaths.map((p) => sql`starts_with(u.path, ${p})`), sql` OR `);
  const rows = await queryRows<SubscriptionRow>(ex, sql`${SUBSCRIPTION_SELECT} WHERE (${scope}) ORDER BY s.created_at DESC, s.id`);
  return rows.map(toSubscription);
}

export interface SubscriptionChanges {
  name?: string;
  url?: string;
  format?: WebhookFormat;
  secret?: string | null;
  topics?: string[];
  active?: boolean;
}

export async function updateSubscription(ex: Executor, id: string, c: SubscriptionChanges): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (c.name !== undefined) sets.push(sql`name = ${c.name}`);
  if (c.url !== undefined) sets.push(sql`url = ${c.url}`);
  if (c.format !== undefined) sets.push(sql`format = ${c.format}`);
  if (c.secret !== undefined) sets.push(sql`secret = ${c.secret}`);
  if (c.topics !== undefined) sets.push(sql`topics = ${toPgArray(c.topics)}::text[]`);
  if (c.active !== undefined) sets.push(sql`active = ${c.active}`);
  await ex.execute(sql`UPDATE webhook_subscriptions SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
}

export async function deleteSubscription(ex: Executor, id: string): Promise<boolean> {
  const rows = await queryRows(ex, sql`DELETE FROM webhook_subscriptions WHERE id = ${id} RETURNING id`);
  return rows.length > 0;
}

/**
 * One pending delivery for every active subscription that wants the event: its type matches a topic
 * (exactly, or a prefix ending in a dot), and the event's unit or a further unit concerned lies in the
 * subscription's subtree. Subscriptions created after the event do not get it. Idempotent per event.
 */
export async function enqueueDeliveries(ex: Executor, events: PublishedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  // One row per event (its paths as one text[]), matched against every active subscription in one statement.
  const rows = await queryRows<{ id: number }>(ex, sql`INSERT INTO webhook_deliveries (subscription_id, event_id, event_seq, event_type)
    SELECT s.id, e.id, e.seq, e.type
    FROM unnest(${toPgArray(events.map((e) => e.id))}::bigint[], ${toPgArray(events.map((e) => e.seq))}::bigint[],
        ${toPgArray(events.map((e) => e.type))}::text[], ${toPgArray(events.map((e) => e.createdAt))}::timestamptz[],
        ${toPgArray(events.map((e) => [e.unitPath, ...e.alsoPaths].join('\u001f')))}::text[])
      AS e(id, seq, type, created_at, paths)
    JOIN webhook_subscriptions s ON s.active AND s.created_at <= e.created_at
    JOIN units u ON u.code = s.unit_code
    WHERE EXISTS (SELECT 1 FROM unnest(s.topics) t WHERE t = e.type OR (right(t, 1) = '.' AND starts_with(e.type, t)))
      AND EXISTS (SELECT 1 FROM unnest(string_to_array(e.paths, chr(31))) a WHERE starts_with(a, u.path))
    ON CONFLICT (subscription_id, event_id) DO NOTHING
    RETURNING id`);
  return rows.length;
}

/**
 * Claims due deliveries for one attempt: the attempt is counted and `next_attempt_at` becomes the end of
 * a lease, so another instance takes the row over only if this one dies. SKIP LOCKED keeps instances apart.
 */
export async function claimDueDeliveries(ex: Executor, now: Date, leaseMs: number, limit: number): Promise<Array<{ id: number; attempts: number }>> {
  const rows = await queryRows<{ id: number; attempts: number }>(ex, sql`UPDATE webhook_deliveries
    SET attempts = attempts + 1, next_attempt_at = ${now.toISOString()}::timestamptz + ${`${leaseMs} milliseconds`}::interval
    WHERE id IN (SELECT id FROM webhook_deliveries
      WHERE state = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, attempts`);
  return rows.map((r) => ({ id: Number(r.id), attempts: Number(r.attempts) }));
}

interface ClaimedJoinRow {
  id: number;
  subscription_id: string;
  ev_id: number | null;
  ev_seq: number | null;
  ev_type: string | null;
  ev_unit_path: string | null;
  ev_also_paths: string[] | null;
  ev_subject_type: string | null;
  ev_subject_id: string | null;
  ev_actor_id: string | null;
  ev_payload: Record<string, unknown> | null;
  ev_created_at: Date | null;
}

/** The subscription and event of each claimed delivery (either may be gone by now). */
export async function loadClaimed(ex: Executor, claimed: Array<{ id: number; attempts: number }>): Promise<ClaimedDelivery[]> {
  if (claimed.length === 0) return [];
  const rows = await queryRows<ClaimedJoinRow>(ex, sql`SELECT d.id, d.subscription_id, e.id AS ev_id, e.seq AS ev_seq, e.type AS ev_type,
      e.unit_path AS ev_unit_path, e.also_paths AS ev_also_paths, e.subject_type AS ev_subject_type, e.subject_id AS ev_subject_id,
      e.actor_id AS ev_actor_id, e.payload AS ev_payload, e.created_at AS ev_created_at
    FROM webhook_deliveries d LEFT JOIN events e ON e.id = d.event_id
    WHERE d.id = ANY(${toPgArray(claimed.map((c) => c.id))}::bigint[])`);
  const subs = new Map<string, SubscriptionRow>();
  const ids = [...new Set(rows.map((r) => r.subscription_id))];
  if (ids.length) {
    const found = await queryRows<SubscriptionRow>(ex, sql`${SUBSCRIPTION_SELECT} WHERE s.id = ANY(${toPgArray(ids)}::uuid[])`);
    for (const s of found) subs.set(s.id, toSubscription(s));
  }
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return claimed.map((c) => {
    const r = byId.get(c.id);
    const event: PublishedEvent | null = r && r.ev_id !== null ? {
      id: Number(r.ev_id), seq: Number(r.ev_seq), type: r.ev_type!, unitPath: r.ev_unit_path!, alsoPaths: r.ev_also_paths ?? [],
      subjectType: r.ev_subject_type, subjectId: r.ev_subject_id, actorId: r.ev_actor_id, payload: r.ev_payload ?? {},
      createdAt: date(r.ev_created_at!).toISOString(),
    } : null;
    return { id: c.id, attempts: c.attempts, subscription: r ? subs.get(r.subscription_id) ?? null : null, event };
  });
}

export type AttemptResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; status: number | null; error: string; nextAttemptAt: Date }
  | { outcome: 'failed'; status: number | null; error: string };

/** Records one attempt's result, unless the lease was lost (another instance took the row over). */
export async function recordAttempt(ex: Executor, id: number, attempts: number, now: Date, r: AttemptResult): Promise<boolean> {
  const set = r.outcome === 'delivered'
    ? sql`state = 'delivered', delivered_at = ${now.toISOString()}::timestamptz, last_status = ${r.status}, last_error = NULL`
    : r.outcome === 'retry'
      ? sql`next_attempt_at = ${r.nextAttemptAt.toISOString()}::timestamptz, last_status = ${r.status}, last_error = ${r.error}`
      : sql`state = 'failed', last_status = ${r.status}, last_error = ${r.error}`;
  const rows = await queryRows(ex, sql`UPDATE webhook_deliveries SET ${set}
    WHERE id = ${id} AND state = 'pending' AND attempts = ${attempts} RETURNING id`);
  return rows.length > 0;
}

export interface DeliveryQuery {
  subscriptionId: string;
  state?: DeliveryState;
  limit: number;
  offset: number;
}

/** A subscription's delivery log, newest first. */
export async function listDeliveries(ex: Executor, q: DeliveryQuery): Promise<{ rows: DeliveryRow[]; total: number }> {
  const where = q.state
    ? sql`d.subscription_id = ${q.subscriptionId} AND d.state = ${q.state}`
    : sql`d.subscription_id = ${q.subscriptionId}`;
  const [rows, [count]] = await Promise.all([
    queryRows<DeliveryRow>(ex, sql`SELECT d.*, e.payload->>'ref' AS subject_ref
      FROM webhook_deliveries d LEFT JOIN events e ON e.id = d.event_id
      WHERE ${where} ORDER BY d.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`),
    queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM webhook_deliveries d WHERE ${where}`),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r, id: Number(r.id), event_id: Number(r.event_id), event_seq: Number(r.event_seq), attempts: Number(r.attempts),
      last_status: r.last_status === null ? null : Number(r.last_status),
      next_attempt_at: date(r.next_attempt_at), created_at: date(r.created_at), delivered_at: dateOrNull(r.delivered_at),
    })),
    total: Number(count?.n ?? 0),
  };
}

/** Deletes up to `limit` delivered or failed deliveries created before `before` (the delivery log keeps the rest). */
export async function pruneDeliveries(ex: Executor, before: Date, limit: number): Promise<number> {
  const rows = await queryRows<{ id: number }>(ex, sql`DELETE FROM webhook_deliveries WHERE id IN (
      SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ${before} ORDER BY id LIMIT ${limit}
    ) RETURNING id`);
  return rows.length;
}
