import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import { periodOf, type OperationRow } from '../operations/operations-repository.js';
import {
  alertsBetween, bucketsBetween, operationActivations, operationHazards, operationTasks, operationZones,
  type NightActivationRow, type NightAlertRow, type NightHazardRow, type NightTaskRow, type NightZoneRow,
} from './after-action-repository.js';
import type { Tier } from '../crowd/bands.js';
import { readRoster } from '../operations/roster-service.js';
import { bucketsByZone, MINUTE, pointsOf, WARM_UP_MS, zoneSeries, type Window, type ZoneSeries } from './replay.js';
import { reportModel, type ReportModel } from './report-model.js';
import { operationReadScope } from '../operations/read-scope.js';

/** At most this many points per zone in one replay (a day at one minute): a longer stretch needs a larger step. */
export const MAX_POINTS = 1440;
/** At most this many events in one replay (the night of the drill has a few hundred). */
export const MAX_EVENTS = 5000;

export interface NightScope {
  /** The reader sees the whole operation (reads at its commanding unit); else only what lies in `paths`. */
  full: boolean;
  paths: string[];
}

/** Whose part of the operation a reader sees: all of it from the command down, else the posts, zones and tasks in their scope. */
export function nightScope(actor: Actor, op: Pick<OperationRow, 'owner_path'>): NightScope {
  return { full: can(actor, 'operation:read', op.owner_path), paths: operationReadScope(actor, op) };
}

const within = (path: string | null, paths: readonly string[]) => path !== null && paths.some((p) => p === '/' || path.startsWith(p));

async function visibleZones(ex: Executor, op: OperationRow, scope: NightScope): Promise<NightZoneRow[]> {
  const zones = await operationZones(ex, op.id);
  return scope.full ? zones : zones.filter((z) => within(z.unit_path, scope.paths) || within(z.post_path, scope.paths));
}

function invalid(locale: Locale, field: string, code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(locale, `afterAction.fields.${key}`, params) }]);
}

/**
 * The replay's window: the 'during' phase unless given; inside the operation's period, whole minutes, at most MAX_POINTS
 * points. Its 400s speak the request's language (the report's ?lang=, else the request's), as the rest of the answer does.
 */
export function replayWindow(locale: Locale, op: OperationRow, q: { from?: string; to?: string; step?: number }): Window {
  const period = periodOf(op);
  const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / MINUTE) * MINUTE);
  const from = floorMinute(q.from ? new Date(q.from) : period.duringStartsAt);
  const to = floorMinute(q.to ? new Date(q.to) : period.duringEndsAt);
  const step = q.step ?? 1;
  if (from < floorMinute(period.startsAt) || from > period.endsAt) throw invalid(locale, 'querystring.from', 'outside', 'outsidePeriod');
  if (to > period.endsAt || to < period.startsAt) throw invalid(locale, 'querystring.to', 'outside', 'outsidePeriod');
  if (to <= from) throw invalid(locale, 'querystring.to', 'order', 'order');
  const w = { from, to, step };
  if (pointsOf(w) > MAX_POINTS) throw invalid(locale, 'querystring.step', 'too_many', 'tooManyPoints', { max: MAX_POINTS, step: Math.ceil((to.getTime() - from.getTime()) / MINUTE / MAX_POINTS) });
  return w;
}

export interface Night {
  op: OperationRow;
  scope: NightScope;
  window: Window;
  zones: ZoneSeries[];
  alerts: NightAlertRow[];
  tasks: NightTaskRow[];
  activations: NightActivationRow[];
  hazards: NightHazardRow[];
  now: Date;
}

/**
 * The night as the reader may see it: per zone the minute series over `window`, the zones' alerts raised in
 * `alertSpan` (the window for a replay, the whole period for the report), the operation's tasks and plan activations
 * in scope, and the hazards found, rectified or closed out in the operation's period. 404 outside the operation's read rule.
 */
export async function readNight(ex: Executor, actor: Actor, op: OperationRow, window: Window, alertSpan: { from: Date; to: Date }, now: Date): Promise<Night> {
  const scope = nightScope(actor, op);
  const zones = await visibleZones(ex, op, scope);
  const codes = zones.map((z) => z.code);
  const period = periodOf(op);
  const hazardScope = scope.full && can(actor, 'hazard:read', op.owner_path) ? [op.owner_path] : scopeOf(actor, 'hazard:read');
  const [buckets, alerts, tasks, activations, hazards] = await Promise.all([
    bucketsBetween(ex, codes, new Date(window.from.getTime() - WARM_UP_MS), window.to),
    alertsBetween(ex, codes, alertSpan.from, alertSpan.to),
    operationTasks(ex, op.id, scope.paths),
    operationActivations(ex, op.id, scope.paths, codes),
    operationHazards(ex, { ownerPath: op.owner_path, scope: hazardScope, from: period.startsAt, to: period.endsAt }),
  ]);
  const byZone = bucketsByZone(buckets);
  return {
    op, scope, window, now, alerts, tasks, activations, hazards,
    zones: zones.map((z) => zoneSeries(z, byZone.get(z.code) ?? [], window, now)),
  };
}

export type EventKind =
  | 'alert_raised' | 'alert_acknowledged' | 'alert_cleared'
  | 'task_created' | 'task_started' | 'task_done' | 'task_cancelled'
  | 'plan_activated' | 'hazard_found' | 'hazard_rectified' | 'hazard_closed';

export interface NightEvent {
  at: string;
  kind: EventKind;
  /** The alert, task, activation or hazard the event is about. */
  id: string;
  ref: string | null;
  title: string;
  zone: string | null;
  tier: string | null;
  unit: string | null;
  by: string | null;
  note: string | null;
  /** Where a task came from (template, playbook, plan, manual). */
  source: string | null;
}

const ORDER: Record<EventKind, number> = {
  alert_raised: 0, plan_activated: 1, task_created: 2, alert_acknowledged: 3, task_started: 4, task_done: 5, task_cancelled: 6,
  alert_cleared: 7, hazard_found: 8, hazard_rectified: 9, hazard_closed: 10,
};

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Everything that happened in [from, to) in time order: alerts raised (at their event time, the readings' minute),
 * acknowledged and cleared; measures and tasks created (not the template's), started, done or cancelled; plans activated; hazards found, rectified and
 * closed out. At most MAX_EVENTS (the first ones); `truncated` says when more were left out.
 */
export function nightEvents(night: Night, locale: 'zh-CN' | 'en', from: Date, to: Date): { events: NightEvent[]; truncated: boolean } {
  const out: NightEvent[] = [];
  const zoneName = new Map(night.zones.map((z) => [z.code, locale === 'en' ? z.nameEn ?? z.name : z.name]));
  const push = (at: Date | string | null, e: Omit<NightEvent, 'at'>) => {
    if (at === null) return;
    const ms = new Date(at).getTime();
    if (ms >= from.getTime() && ms < to.getTime()) out.push({ at: iso(at), ...e });
  };
  const none = { zone: null, tier: null, unit: null, by: null, note: null, source: null };
  for (const a of night.alerts) {
    const title = t(locale, `afterAction.alertTitle.${a.kind}`, { zone: zoneName.get(a.zone_code) ?? a.zone_code, tier: t(locale, `afterAction.tier.${a.tier}`) });
    const base = { ...none, id: a.id, ref: null, title, zone: a.zone_code, tier: a.tier };
    push(a.at, { ...base, kind: 'alert_raised', note: t(locale, 'afterAction.alertDensity', { density: Number(a.density).toFixed(2) }) });
    push(a.acked_at, { ...base, kind: 'alert_acknowledged', by: a.acked_by_name, unit: a.ack_unit_name ?? a.ack_unit, note: a.ack_note });
    push(a.cleared_at, { ...base, kind: 'alert_cleared', note: a.clear_reason ? t(locale, `afterAction.clearReason.${a.clear_reason}`) : null });
  }
  for (const k of night.tasks) {
    const base = { ...none, id: k.id, ref: k.ref, title: k.title, unit: k.post_name ?? k.owner_name, source: k.source_kind };
    // A template's phase tasks were made with the operation: their creation is the plan, not something that happened that night.
    if (k.source_kind !== 'template') push(k.created_at, { ...base, kind: 'task_created', by: k.created_by });
    push(k.started_at, { ...base, kind: 'task_started', by: k.started_by });
    if (k.state === 'done') push(k.closed_at, { ...base, kind: 'task_done', by: k.closed_by, note: k.result_note });
    if (k.state === 'cancelled') push(k.closed_at, { ...base, kind: 'task_cancelled', by: k.closed_by, note: k.cancel_reason });
  }
  for (const a of night.activations) {
    push(a.activated_at, {
      ...none, kind: 'plan_activated', id: a.id, ref: a.ref, title: `${a.plan_name} · ${t(locale, `afterAction.planLevel.${a.level}`)}`,
      zone: a.zone_code, unit: a.unit_name, by: a.activated_by_name, note: a.reason,
    });
  }
  for (const h of night.hazards) {
    const base = { ...none, id: h.id, ref: h.ref, title: `${locale === 'en' ? h.sector_name_en : h.sector_name} · ${h.subject_name ?? h.description}`, unit: h.street_name };
    push(h.found_at, { ...base, kind: 'hazard_found', by: h.finder_name, note: t(locale, `afterAction.grade.${h.grade}`) });
    push(h.rectified_at, { ...base, kind: 'hazard_rectified', unit: h.rectify_unit_name, note: h.rectify_note });
    push(h.closed_out_at, { ...base, kind: 'hazard_closed', by: h.closed_out_by });
  }
  out.sort((a, b) => a.at.localeCompare(b.at) || ORDER[a.kind] - ORDER[b.kind]);
  return { events: out.slice(0, MAX_EVENTS), truncated: out.length > MAX_EVENTS };
}

/** The replay answer: the window's series per zone, its events in time order, and what they add up to. */
export async function nightReplay(ex: Executor, actor: Actor, op: OperationRow, q: { from?: string; to?: string; step?: number }, locale: Locale) {
  const now = new Date();
  const window = replayWindow(locale, op, q);
  const night = await readNight(ex, actor, op, window, window, now);
  const { events, truncated } = nightEvents(night, locale, window.from, window.to);
  const period = periodOf(op);
  const count = (kind: EventKind) => events.filter((e) => e.kind === kind).length;
  const measureIds = new Set(events.filter((e) => e.kind === 'task_created').map((e) => e.id));
  return {
    operation: {
      id: op.id, ref: op.ref, name: op.name, ownerName: op.owner_name, startsAt: period.startsAt.toISOString(),
      duringStartsAt: period.duringStartsAt.toISOString(), duringEndsAt: period.duringEndsAt.toISOString(), endsAt: period.endsAt.toISOString(),
    },
    window: { from: window.from.toISOString(), to: window.to.toISOString(), step: window.step, points: pointsOf(window) },
    partial: !night.scope.full,
    now: now.toISOString(),
    zones: night.zones,
    events: events.map((e) => ({ ...e, tier: e.tier as Tier | null })),
    truncated,
    totals: {
      alerts: count('alert_raised'), acknowledged: night.alerts.filter((a) => a.acked_at).length, measures: measureIds.size,
      measuresDone: events.filter((e) => e.kind === 'task_done' && measureIds.has(e.id)).length,
      activations: count('plan_activated'), hazards: count('hazard_found'),
    },
  };
}

/** The report's model: the crowd over the 'during' phase, alerts over the whole period, tasks, plans, hazards and the roster. */
export async function nightReport(ex: Executor, actor: Actor, op: OperationRow, locale: Locale): Promise<ReportModel> {
  const now = new Date();
  const period = periodOf(op);
  // The whole 'during' phase, whole minutes; a phase longer than a day in steps (peaks and minutes per tier stay exact).
  const step = Math.max(1, Math.ceil((period.duringEndsAt.getTime() - period.duringStartsAt.getTime()) / MINUTE / MAX_POINTS));
  const window = replayWindow(locale, op, { step });
  const [night, roster] = await Promise.all([
    readNight(ex, actor, op, window, { from: period.startsAt, to: period.endsAt }, now),
    readRoster(ex, actor, op, now),
  ]);
  return reportModel(night, roster, locale, actor.displayName);
}
