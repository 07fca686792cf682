import { randomUUID } from 'node:crypto';
import { can, type Actor } from '../access/actor.js';
import type { Permission } from '../access/permissions.js';
import type { TimeLimit, WorkingCalendar } from '../calendar/index.js';
import type { Executor } from '../db/database.js';
import type { UnitOfWork, WriteBatch } from '../db/unit-of-work.js';
import { AppError } from '../errors/app-error.js';
import { allowedActions, type MachineDef } from './machine.js';
import { startClock } from './stage-clock.js';
import {
  findWorkItem, guardedTransition, newWorkItem, timelineInsert, markDueWarnings, markOverdue, moveDeadline,
  insertSupervisionOrder, setSupervised, type StageClock, type WorkItemRow,
} from './work-item-repository.js';

export interface UnitRef {
  code: string;
  path: string;
}

export interface ActOptions {
  /** Hand the item to another unit (dispatch, send back, escalate). */
  owner?: UnitRef;
  /** Start the next stage's clock, or stop the clock (null). */
  stage?: { name: string; limit: TimeLimit } | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** True when the actor may see the item: its home (where it happened) or its owner lies in their scope. */
export function canSee(actor: Actor, permission: Permission, item: Pick<WorkItemRow, 'home_path' | 'owner_path'>): boolean {
  return can(actor, permission, item.home_path) || can(actor, permission, item.owner_path);
}

/**
 * The closed-loop mechanism every work item uses (cases, receipts, tasks, hazards): a state machine with
 * guarded transitions, a stage clock on the working-day calendar, a timeline, supervision orders, and
 * the deadline sweep that turns items yellow at 75 % and red (escalated to the parent unit) at 100 %.
 * Every change writes its timeline row, audit entry and event in the caller's transaction.
 */
export class ClosedLoop {
  constructor(private calendar: WorkingCalendar) {}

  clock(name: string, startedAt: Date, limit: TimeLimit): StageClock {
    return startClock(this.calendar, name, startedAt, limit);
  }

  /** A new item: its row, timeline entry, audit entry and event are all deferred to the end of the write. */
  create<S extends string, A extends string>(
    uow: WriteBatch, def: MachineDef<S, A>,
    input: { id?: string; ref: string; title: string; owner: UnitRef; homePath: string; stage?: { name: string; limit: TimeLimit }; data?: Record<string, unknown> },
  ): WorkItemRow {
    const { row: item, insert } = newWorkItem({
      id: input.id ?? randomUUID(), kind: def.kind, ref: input.ref, title: input.title, state: def.initial,
      ownerUnit: input.owner.code, ownerPath: input.owner.path, homePath: input.homePath,
      stage: input.stage ? this.clock(input.stage.name, uow.now, input.stage.limit) : null,
    }, uow.now);
    uow.defer(insert);
    this.record(uow, item, 'create', null, def.initial, null, input.data);
    return item;
  }

  /** Takes `action` on the item, or explains (409) which actions its current state allows. */
  async act<S extends string, A extends string>(
    uow: UnitOfWork, def: MachineDef<S, A>, id: string, action: A, opts: ActOptions = {},
  ): Promise<WorkItemRow> {
    const t = def.transitions[action];
    const before = await this.visible(uow.tx, uow.actor, def.kind, id, t.permission);
    // Seeing an item is not enough for owner actions: the handling unit (or a unit above it) must act.
    if (t.byOwner && !can(uow.actor, t.permission, before.owner_path)) {
      throw new AppError('FORBIDDEN', { permission: t.permission });
    }
    const to = t.to ?? null;
    const after = await guardedTransition(uow.tx, {
      id, from: t.from, to, closes: to !== null && def.final.includes(to), owner: opts.owner,
      stage: opts.stage === undefined ? undefined : opts.stage && this.clock(opts.stage.name, uow.now, opts.stage.limit),
    });
    if (!after) {
      const current = (await findWorkItem(uow.tx, id))!;
      throw new AppError('INVALID_TRANSITION', {
        from: current.state, action, allowed: allowedActions(def, current.state as S).join(', ') || '—',
        allowedActions: allowedActions(def, current.state as S),
      });
    }
    this.record(uow, after, action, before.state, after.state, opts.note ?? null, {
      ...opts.data, ...(opts.owner ? { owner: opts.owner.code } : {}),
    });
    return after;
  }

  /** An approved extension moves the running stage's deadline (and its yellow line). */
  async extend(uow: UnitOfWork, item: WorkItemRow, limit: TimeLimit, note: string): Promise<WorkItemRow> {
    if (!item.stage || !item.stage_started_at) throw new AppError('CONFLICT', { reason: 'no running time limit' });
    const clock = this.clock(item.stage, item.stage_started_at, limit);
    const after = await moveDeadline(uow.tx, item.id, clock);
    if (!after) throw new AppError('STALE_STATE');
    this.record(uow, after, 'extend', after.state, after.state, note, { deadlineAt: clock.deadlineAt.toISOString() });
    return after;
  }

  /** A timeline note that changes nothing (e.g. a duplicate merged into this item). */
  async note(uow: UnitOfWork, item: WorkItemRow, action: string, note: string | null, data?: Record<string, unknown>): Promise<void> {
    this.record(uow, item, action, item.state, item.state, note, data);
  }

  /** A supervision order (督办) from any unit above the item; visible on the item and in the stream. */
  async supervise(
    uow: UnitOfWork, item: WorkItemRow,
    input: { level: 'district' | 'street' | 'department'; issuerUnit: string; deadlineAt?: Date | null; note: string },
  ): Promise<string> {
    const id = randomUUID();
    await insertSupervisionOrder(uow.tx, { id, itemId: item.id, issuerId: uow.actor.userId, ...input });
    await setSupervised(uow.tx, item.id);
    this.record(uow, item, 'supervise', item.state, item.state, input.note, {
      level: input.level, issuerUnit: input.issuerUnit, deadlineAt: input.deadlineAt?.toISOString() ?? null, orderId: id,
    });
    return id;
  }

  /** The item if the actor may see it with `permission`; otherwise 404, exactly as if it did not exist. */
  async visible(ex: Executor, actor: Actor, kind: string, id: string, permission: Permission): Promise<WorkItemRow> {
    const item = await findWorkItem(ex, id);
    if (!item || item.kind !== kind || !canSee(actor, permission, item)) throw new AppError('NOT_FOUND', { what: 'resource', id });
    return item;
  }

  /**
   * The deadline sweep (run by the scheduler): yellow at the 75 % line, red and escalated at the deadline.
   * The marking UPDATE is the guard, so two instances sweeping together never warn an item twice.
   */
  async sweep(uow: UnitOfWork, batch = 1000): Promise<{ yellow: number; red: number }> {
    const yellow = await markDueWarnings(uow.tx, uow.now, batch);
    this.recordMany(uow, yellow.map((item) => ({ item, action: 'warn', from: item.state, to: item.state, note: null, data: { level: 'yellow' } })));
    const red = await markOverdue(uow.tx, uow.now, batch);
    this.recordMany(uow, red.map((item) => ({
      item, action: 'overdue', from: item.state, to: item.state, note: null, data: { level: 'red', escalatedTo: item.escalated_to },
    })));
    return { yellow: yellow.length, red: red.length };
  }

  private record(
    uow: WriteBatch, item: WorkItemRow, action: string, from: string | null, to: string | null,
    note: string | null, data?: Record<string, unknown>,
  ): void {
    this.recordMany(uow, [{ item, action, from, to, note, data }]);
  }

  /** Timeline rows, audit entries and events, all written with the unit of work at commit. */
  private recordMany(uow: WriteBatch, entries: Array<{
    item: WorkItemRow; action: string; from: string | null; to: string | null; note: string | null; data?: Record<string, unknown>;
  }>): void {
    uow.defer(timelineInsert(entries.map(({ item, action, from, to, note, data }) => ({
      itemId: item.id, actorId: uow.actor.userId, actorName: uow.actor.displayName, action, fromState: from, toState: to,
      unitCode: item.owner_unit, note, data,
    }))));
    for (const { item, action, from, to, note, data } of entries) this.announce(uow, item, action, from, to, note, data);
  }

  private announce(
    uow: WriteBatch, item: WorkItemRow, action: string, from: string | null, to: string | null,
    note: string | null, data?: Record<string, unknown>,
  ): void {
    uow.audit({ action: `${item.kind}.${action}`, targetType: item.kind, targetId: item.id, unitPath: item.home_path, detail: { ref: item.ref, from, to, ...(note ? { note } : {}) } });
    uow.emit({
      type: `${item.kind}.${action}`, unitPath: item.home_path, alsoPaths: item.owner_path === item.home_path ? [] : [item.owner_path],
      subjectType: item.kind, subjectId: item.id,
      payload: {
        ref: item.ref, title: item.title, action, from, state: item.state, ownerUnit: item.owner_unit, warnLevel: item.warn_level,
        deadlineAt: item.deadline_at ? new Date(item.deadline_at).toISOString() : null, ...(data ? { data } : {}),
      },
    });
  }
}
