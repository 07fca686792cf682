import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Executor } from '../db/database.js';
import { toPgArray } from '../events/outbox-repository.js';
import type { DeferredInsert } from '../db/unit-of-work.js';

export interface WorkItemRow {
  id: string;
  kind: string;
  ref: string;
  title: string;
  state: string;
  owner_unit: string;
  owner_path: string;
  home_path: string;
  stage: string | null;
  stage_started_at: Date | null;
  warn_at: Date | null;
  deadline_at: Date | null;
  warn_level: 'none' | 'yellow' | 'red';
  escalated_to: string | null;
  supervised: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

const DATE_FIELDS = ['stage_started_at', 'warn_at', 'deadline_at', 'created_at', 'updated_at', 'closed_at'] as const;

/** Raw queries return timestamps as text on both drivers (drizzle's setting); rows carry Dates. */
function normalise(row: WorkItemRow): WorkItemRow {
  const out = { ...row } as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (out[f] !== null && out[f] !== undefined) out[f] = new Date(out[f] as string);
  return out as unknown as WorkItemRow;
}

async function itemRows(ex: Executor, query: SQL): Promise<WorkItemRow[]> {
  return (await queryRows<WorkItemRow>(ex, query)).map(normalise);
}

export interface NewWorkItem {
  id: string;
  kind: string;
  ref: string;
  title: string;
  state: string;
  ownerUnit: string;
  ownerPath: string;
  homePath: string;
  stage: StageClock | null;
}

/** A running time limit: the yellow line at 75 % and the red line at 100 %. */
export interface StageClock {
  name: string;
  startedAt: Date;
  warnAt: Date;
  deadlineAt: Date;
}

/**
 * A new item: the row as it will be stored, and its deferred insert (written at commit with the item's
 * timeline, audit entry and event, in one statement).
 */
export function newWorkItem(w: NewWorkItem, now: Date): { row: WorkItemRow; insert: DeferredInsert } {
  const row: WorkItemRow = {
    id: w.id, kind: w.kind, ref: w.ref, title: w.title, state: w.state, owner_unit: w.ownerUnit, owner_path: w.ownerPath,
    home_path: w.homePath, stage: w.stage?.name ?? null, stage_started_at: w.stage?.startedAt ?? null, warn_at: w.stage?.warnAt ?? null,
    deadline_at: w.stage?.deadlineAt ?? null, warn_level: 'none', escalated_to: null, supervised: false, version: 1,
    created_at: now, updated_at: now, closed_at: null,
  };
  return {
    row,
    insert: {
      into: 'work_items (id, kind, ref, title, state, owner_unit, owner_path, home_path, stage, stage_started_at, warn_at, deadline_at, created_at, updated_at)',
      rows: [sql`(${row.id}, ${row.kind}, ${row.ref}, ${row.title}, ${row.state}, ${row.owner_unit}, ${row.owner_path}, ${row.home_path},
        ${row.stage}, ${row.stage_started_at}, ${row.warn_at}, ${row.deadline_at}, ${now}, ${now})`],
    },
  };
}

export async function findWorkItem(ex: Executor, id: string): Promise<WorkItemRow | undefined> {
  const [row] = await itemRows(ex, sql`SELECT * FROM work_items WHERE id = ${id}`);
  return row;
}

export interface GuardedUpdate {
  id: string;
  from: readonly string[];
  to: string | null;
  closes: boolean;
  owner?: { code: string; path: string };
  /** undefined: keep the running clock; null: stop it; a clock: start it. */
  stage?: StageClock | null;
}

/** The state change, guarded inside the write: of two concurrent actions exactly one matches. */
export async function guardedTransition(ex: Executor, u: GuardedUpdate): Promise<WorkItemRow | undefined> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (u.to) sets.push(sql`state = ${u.to}`);
  if (u.closes) sets.push(sql`closed_at = now()`);
  if (u.owner) sets.push(sql`owner_unit = ${u.owner.code}`, sql`owner_path = ${u.owner.path}`);
  // A new owner or a new clock starts clean: the escalation belonged to the old one.
  if (u.owner || u.stage) sets.push(sql`escalated_to = NULL`);
  if (u.stage === null) {
    sets.push(sql`stage = NULL, stage_started_at = NULL, warn_at = NULL, deadline_at = NULL, warn_level = 'none'`);
  } else if (u.stage) {
    sets.push(sql`stage = ${u.stage.name}, stage_started_at = ${u.stage.startedAt}, warn_at = ${u.stage.warnAt},
      deadline_at = ${u.stage.deadlineAt}, warn_level = 'none'`);
  }
  const [row] = await itemRows(ex, sql`UPDATE work_items SET ${sql.join(sets, sql`, `)}
    WHERE id = ${u.id} AND state = ANY(${toPgArray(u.from)}::text[]) AND closed_at IS NULL RETURNING *`);
  return row;
}

export async function moveDeadline(ex: Executor, id: string, stage: StageClock): Promise<WorkItemRow | undefined> {
  const [row] = await itemRows(ex, sql`UPDATE work_items SET warn_at = ${stage.warnAt},
      deadline_at = ${stage.deadlineAt}, warn_level = 'none', escalated_to = NULL, version = version + 1, updated_at = now()
    WHERE id = ${id} AND closed_at IS NULL AND stage = ${stage.name} RETURNING *`);
  return row;
}

export async function insertSupervisionOrder(ex: Executor, o: {
  id: string; itemId: string; level: string; issuerId: string | null; issuerUnit: string; deadlineAt?: Date | null; note: string;
}): Promise<void> {
  await ex.execute(sql`INSERT INTO supervision_orders (id, item_id, level, issuer_id, issuer_unit, deadline_at, note)
    VALUES (${o.id}, ${o.itemId}, ${o.level}, ${o.issuerId}::uuid, ${o.issuerUnit}, ${o.deadlineAt ?? null}, ${o.note})`);
}

export async function listSupervisionOrders(ex: Executor, itemId: string) {
  return queryRows<{ id: string; level: string; issuer_unit: string; deadline_at: Date | null; note: string; state: string; created_at: Date }>(
    ex, sql`SELECT id, level, issuer_unit, deadline_at, note, state, created_at FROM supervision_orders WHERE item_id = ${itemId} ORDER BY created_at`);
}

export async function setSupervised(ex: Executor, id: string): Promise<void> {
  await ex.execute(sql`UPDATE work_items SET supervised = true, updated_at = now() WHERE id = ${id}`);
}

export interface TimelineEntry {
  itemId: string;
  actorId: string | null;
  actorName: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  unitCode?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** Timeline rows, inserted at commit with the write's other deferred rows (in the order they were added). */
export function timelineInsert(entries: TimelineEntry[]): DeferredInsert {
  return {
    into: 'work_item_timeline (item_id, actor_id, actor_name, action, from_state, to_state, unit_code, note, data)',
    rows: entries.map((e) => sql`(${e.itemId}, ${e.actorId}::uuid, ${e.actorName}, ${e.action}, ${e.fromState},
      ${e.toState}, ${e.unitCode ?? null}, ${e.note ?? null}, ${JSON.stringify(e.data ?? {})}::jsonb)`),
  };
}

export interface TimelineRow {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  unit_code: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export async function readTimeline(ex: Executor, itemId: string): Promise<TimelineRow[]> {
  return queryRows<TimelineRow>(ex, sql`SELECT * FROM work_item_timeline WHERE item_id = ${itemId} ORDER BY id`);
}

/** Items whose yellow line passed; marks them in the same statement, so each is warned once. */
export async function markDueWarnings(ex: Executor, now: Date, limit: number): Promise<WorkItemRow[]> {
  return itemRows(ex, sql`UPDATE work_items SET warn_level = 'yellow', updated_at = now()
    WHERE id IN (SELECT id FROM work_items WHERE closed_at IS NULL AND warn_level = 'none' AND warn_at <= ${now}
      ORDER BY warn_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING *`);
}

/** Items past their deadline; turns them red and escalates to the owner's parent unit, once. */
export async function markOverdue(ex: Executor, now: Date, limit: number): Promise<WorkItemRow[]> {
  return itemRows(ex, sql`UPDATE work_items w SET warn_level = 'red', updated_at = now(),
      escalated_to = (SELECT parent_code FROM units WHERE code = w.owner_unit)
    WHERE id IN (SELECT id FROM work_items WHERE closed_at IS NULL AND warn_level <> 'red' AND deadline_at <= ${now}
      ORDER BY deadline_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING *`);
}
