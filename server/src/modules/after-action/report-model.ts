// The after-action report as data: headline figures, summary tables and the complete tables (every alert, every
// task with its handling, every plan activation, every hazard, every absence and gap). The HTML and the PDF both
// render this one model, so they hold the same rows.
import { t, type Locale } from '../../platform/i18n/messages.js';
import { periodOf } from '../operations/operations-repository.js';
import type { Roster } from '../operations/roster-service.js';
import type { NightAlertRow, NightTaskRow } from './after-action-repository.js';
import type { Night } from './after-action-service.js';

export type Tone = 'blue' | 'yellow' | 'orange' | 'red' | 'green' | 'muted';

export interface Cell {
  text: string;
  tone?: Tone;
}

export interface Column {
  label: string;
  /** Relative width. */
  width: number;
  align?: 'right' | 'center';
  /** A tier's column: its cells carry the tier's colour as a dot. */
  tier?: boolean;
}

export interface ReportTable {
  key: string;
  title: string;
  note?: string;
  columns: Column[];
  rows: Cell[][];
  empty: string;
}

export interface Figure {
  label: string;
  value: string;
  note?: string;
  tone?: Tone;
}

export interface ReportModel {
  locale: Locale;
  title: string;
  heading: string;
  meta: string[];
  /** Set when the reader sees only part of the operation (a post, a street). */
  partial: string | null;
  figures: Figure[];
  summary: ReportTable[];
  tables: ReportTable[];
}

const TIER_TONES: Record<string, Tone> = { blue: 'blue', yellow: 'yellow', orange: 'orange', red: 'red' };
const LEVEL_TIERS = [null, 'blue', 'yellow', 'orange', 'red'] as const;
const BEIJING = 8 * 3_600_000;

/** Beijing wall-clock time: 'MM-DD HH:mm', or with the year. */
export function beijing(d: Date | string | null, withYear = false): string {
  if (d === null) return '—';
  const s = new Date(new Date(d).getTime() + BEIJING).toISOString();
  return withYear ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : `${s.slice(5, 10)} ${s.slice(11, 16)}`;
}

const minutesBetween = (a: Date | string, b: Date | string) => (new Date(b).getTime() - new Date(a).getTime()) / 60_000;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const c = (text: string | number | null | undefined, tone?: Tone): Cell => ({ text: text === null || text === undefined || text === '' ? '—' : String(text), ...(tone ? { tone } : {}) });

export function persons(n: number, locale: Locale): string {
  return Math.round(n).toLocaleString(locale === 'en' ? 'en' : 'zh-CN');
}

/** Whether a task missed its deadline: done late, or still open past it. */
export function overdue(k: NightTaskRow, now: Date): boolean {
  if (k.state === 'done') return k.done_late === true;
  if (k.state === 'cancelled') return false;
  return k.deadline_at !== null && new Date(k.deadline_at).getTime() < now.getTime();
}

function ackMinutes(a: NightAlertRow): number | null {
  return a.acked_at ? Math.max(0, minutesBetween(a.created_at, a.acked_at)) : null;
}

export function reportModel(night: Night, roster: Roster, locale: Locale, by: string): ReportModel {
  const L = (key: string, params?: Record<string, unknown>) => t(locale, `afterAction.${key}`, params);
  const { op, now } = night;
  const period = periodOf(op);
  const mins = (x: number | null) => (x === null ? '—' : L('minutes', { n: x < 10 ? x.toFixed(1) : Math.round(x) }));
  const zoneName = new Map(night.zones.map((z) => [z.code, locale === 'en' ? z.nameEn ?? z.name : z.name]));
  const tierName = (tier: string) => L(`tier.${tier}`);
  const paren = (x: string) => L('paren', { x });

  // Headline figures.
  const density = night.alerts.filter((a) => a.kind === 'density');
  const acked = night.alerts.filter((a) => a.acked_at);
  const ackTimes = night.alerts.map(ackMinutes).filter((x): x is number => x !== null);
  const measures = night.tasks.filter((k) => k.source_kind !== 'template');
  const done = (ks: NightTaskRow[]) => ks.filter((k) => k.state === 'done').length;
  const late = (ks: NightTaskRow[]) => ks.filter((k) => overdue(k, now)).length;
  const closedHazards = night.hazards.filter((h) => h.state === 'closed').length;
  const majorHazards = night.hazards.filter((h) => h.grade === 'major').length;
  const absences = roster.posts.flatMap((p) => p.shifts.filter((s) => s.status === 'absent').map((s) => ({ post: p.post, s })));
  const lateIns = roster.posts.flatMap((p) => p.shifts.filter((s) => s.late));
  const gaps = roster.posts.flatMap((p) => p.gaps.map((g) => ({ post: p.post, g })));
  const peak = [...night.zones].filter((z) => z.peak).sort((a, b) => b.peak!.density - a.peak!.density)[0];

  const figures: Figure[] = [
    {
      label: L('fig.peak'), value: peak?.peak ? `${peak.peak.density.toFixed(2)} ${L('densityUnit')}` : '—',
      note: peak?.peak ? `${zoneName.get(peak.code)} · ${beijing(peak.peak.at)}` : undefined,
      tone: peak?.maxTier ? TIER_TONES[LEVEL_TIERS[peak.maxTier.level]!] : undefined,
    },
    {
      label: L('fig.alerts'), value: String(night.alerts.length),
      note: L('fig.alertsNote', { density: density.length, red: night.alerts.filter((a) => a.tier === 'red').length }),
      tone: night.alerts.some((a) => a.tier === 'red') ? 'red' : undefined,
    },
    { label: L('fig.ack'), value: mins(median(ackTimes)), note: L('fig.ackNote', { acked: acked.length, total: night.alerts.length }) },
    { label: L('fig.measures'), value: String(measures.length), note: L('fig.measuresNote', { done: done(measures), overdue: late(measures) }), tone: late(measures) ? 'red' : undefined },
    { label: L('fig.tasks'), value: String(night.tasks.length), note: L('fig.tasksNote', { done: done(night.tasks), overdue: late(night.tasks) }) },
    { label: L('fig.hazards'), value: String(night.hazards.length), note: L('fig.hazardsNote', { closed: closedHazards, major: majorHazards }) },
    { label: L('fig.activations'), value: String(night.activations.length) },
    {
      label: L('fig.duty'), value: String(absences.length), note: L('fig.dutyNote', { gaps: gaps.length, posts: roster.summary.postsWithGaps, minutes: roster.summary.gapMinutes }),
      tone: absences.length || gaps.length ? 'red' : undefined,
    },
  ];

  // Summary tables.
  const zoneTable: ReportTable = {
    key: 'zones', title: L('zones.title'), note: L('zones.note'), empty: L('zones.empty'),
    columns: [
      { label: L('zones.zone'), width: 3 }, { label: L('zones.capacity'), width: 2, align: 'right' }, { label: L('zones.peak'), width: 2, align: 'right' },
      { label: L('zones.peakDensity'), width: 2, align: 'right' }, { label: L('zones.peakAt'), width: 2 }, { label: L('zones.maxTier'), width: 3, tier: true },
      { label: L('zones.orangeMinutes'), width: 2, align: 'right' }, { label: L('zones.redMinutes'), width: 2, align: 'right' },
      { label: L('zones.alerts'), width: 2, align: 'right' },
    ],
    rows: night.zones.map((z) => {
      const tier = z.maxTier ? LEVEL_TIERS[z.maxTier.level]! : null;
      return [
        c(zoneName.get(z.code)), c(persons(z.capacity, locale)), c(z.peak ? persons(z.peak.occupancy, locale) : null), c(z.peak?.density.toFixed(2)),
        c(z.peak ? beijing(z.peak.at) : null),
        tier ? c(`${tierName(tier)} · ${beijing(z.maxTier!.at)}`, TIER_TONES[tier]) : c(L('tier.normal'), 'green'),
        c(z.minutesAtLevel[3] + z.minutesAtLevel[4]), c(z.minutesAtLevel[4]),
        c(night.alerts.filter((a) => a.zone_code === z.code).length),
      ];
    }),
  };
  const tierTable: ReportTable = {
    key: 'tiers', title: L('tiers.title'), empty: L('alerts.empty'),
    columns: [
      { label: L('tiers.tier'), width: 2, tier: true }, { label: L('tiers.density'), width: 2, align: 'right' }, { label: L('tiers.forecast'), width: 2, align: 'right' },
      { label: L('tiers.acked'), width: 2, align: 'right' }, { label: L('tiers.medianAck'), width: 2, align: 'right' }, { label: L('tiers.maxAck'), width: 2, align: 'right' },
      { label: L('tiers.unacked'), width: 2, align: 'right' },
    ],
    rows: (['red', 'orange', 'yellow', 'blue'] as const).map((tier) => {
      const of = night.alerts.filter((a) => a.tier === tier);
      const times = of.map(ackMinutes).filter((x): x is number => x !== null);
      return [
        c(tierName(tier), TIER_TONES[tier]), c(of.filter((a) => a.kind === 'density').length), c(of.filter((a) => a.kind === 'forecast').length),
        c(times.length), c(mins(median(times))), c(mins(times.length ? Math.max(...times) : null)), c(of.length - times.length, of.length - times.length ? 'red' : undefined),
      ];
    }),
  };
  const sources = ['playbook', 'plan', 'manual', 'template'] as const;
  const sourceTable: ReportTable = {
    key: 'sources', title: L('sources.title'), empty: L('tasks.empty'),
    columns: [
      { label: L('sources.source'), width: 3 }, { label: L('sources.issued'), width: 2, align: 'right' }, { label: L('sources.done'), width: 2, align: 'right' },
      { label: L('sources.open'), width: 2, align: 'right' }, { label: L('sources.cancelled'), width: 2, align: 'right' }, { label: L('sources.overdue'), width: 2, align: 'right' },
    ],
    rows: sources.map((s) => {
      const of = night.tasks.filter((k) => k.source_kind === s);
      const o = late(of);
      return [
        c(L(`source.${s}`)), c(of.length), c(done(of)), c(of.filter((k) => k.state === 'pending' || k.state === 'in_progress').length),
        c(of.filter((k) => k.state === 'cancelled').length), c(o, o ? 'red' : undefined),
      ];
    }),
  };
  const dutyTable: ReportTable = {
    key: 'duty', title: L('duty.title'), empty: '—',
    columns: [
      { label: L('duty.posts'), width: 2, align: 'right' }, { label: L('duty.shifts'), width: 2, align: 'right' }, { label: L('duty.absent'), width: 2, align: 'right' },
      { label: L('duty.late'), width: 2, align: 'right' }, { label: L('duty.gaps'), width: 2, align: 'right' }, { label: L('duty.postsWithGaps'), width: 2, align: 'right' },
      { label: L('duty.gapMinutes'), width: 2, align: 'right' },
    ],
    rows: [[
      c(roster.summary.posts), c(roster.summary.shifts), c(absences.length, absences.length ? 'red' : undefined), c(lateIns.length, lateIns.length ? 'orange' : undefined),
      c(gaps.length, gaps.length ? 'red' : undefined), c(roster.summary.postsWithGaps), c(roster.summary.gapMinutes),
    ]],
  };

  // The complete tables.
  const alertTable: ReportTable = {
    key: 'alerts', title: L('alerts.title', { n: night.alerts.length }), note: L('alerts.note'), empty: L('alerts.empty'),
    columns: [
      { label: '#', width: 0.8, align: 'right' }, { label: L('alerts.at'), width: 2.1 }, { label: L('alerts.zone'), width: 2.2 }, { label: L('alerts.kind'), width: 1.6 },
      { label: L('alerts.tier'), width: 1.8, tier: true }, { label: L('alerts.density'), width: 3.2, align: 'right' }, { label: L('alerts.raised'), width: 2.1 },
      { label: L('alerts.ack'), width: 4.2 }, { label: L('alerts.ackTime'), width: 1.5, align: 'right' }, { label: L('alerts.cleared'), width: 3.2 },
      { label: L('alerts.measures'), width: 1.5, align: 'right' },
    ],
    rows: night.alerts.map((a, i) => {
      const ack = a.acked_at
        ? `${beijing(a.acked_at)} ${a.acked_by_name ?? ''}${a.ack_unit_name || a.ack_unit ? paren(a.ack_unit_name ?? a.ack_unit ?? '') : ''}${a.ack_note ? ` ${a.ack_note}` : ''}`
        : L('alerts.notAcked');
      const fc = a.kind === 'forecast' && a.forecast_density !== null ? ` → ${Number(a.forecast_density).toFixed(2)}` : '';
      return [
        c(i + 1), c(beijing(a.at)), c(zoneName.get(a.zone_code) ?? a.zone_code), c(L(`alertKind.${a.kind}`)), c(tierName(a.tier), TIER_TONES[a.tier]),
        c(`${Number(a.density).toFixed(2)}${fc} · ${persons(a.occupancy, locale)}`), c(beijing(a.created_at)),
        c(ack, a.acked_at ? undefined : 'red'), c(mins(ackMinutes(a))),
        c(a.cleared_at ? `${beijing(a.cleared_at)} ${a.clear_reason ? L(`clearReason.${a.clear_reason}`) : ''}` : L('alerts.active'), a.cleared_at ? undefined : 'orange'),
        c(a.playbook_tasks === null ? '—' : `${a.playbook_tasks}${a.playbook_auto ? L('alerts.auto') : ''}`),
      ];
    }),
  };
  const stateTone = (k: NightTaskRow): Tone | undefined => (overdue(k, now) ? 'red' : k.state === 'done' ? 'green' : k.state === 'cancelled' ? 'muted' : undefined);
  const taskTable: ReportTable = {
    key: 'tasks', title: L('tasks.title', { n: night.tasks.length }), note: L('tasks.note'), empty: L('tasks.empty'),
    columns: [
      { label: L('tasks.ref'), width: 3 }, { label: L('tasks.task'), width: 5.6 }, { label: L('tasks.post'), width: 2.6 }, { label: L('tasks.source'), width: 1.5 },
      { label: L('tasks.issued'), width: 2.6 }, { label: L('tasks.started'), width: 2.6 }, { label: L('tasks.closed'), width: 3.2 }, { label: L('tasks.deadline'), width: 1.8 },
      { label: L('tasks.result'), width: 3.6 },
    ],
    rows: night.tasks.map((k) => {
      const closed = k.closed_at ? `${L(`taskState.${k.state}`)} ${beijing(k.closed_at)} ${k.closed_by ?? ''}` : L(`taskState.${k.state}`);
      const lateMark = overdue(k, now) ? ` · ${L(k.state === 'done' ? 'tasks.doneLate' : 'tasks.overdue')}` : '';
      return [
        c(k.ref), c(`${k.phase ? `[${L(`phase.${k.phase}`)}] ` : ''}${k.title}`), c(k.post_name ?? k.owner_name), c(L(`source.${k.source_kind}`)),
        c(`${beijing(k.created_at)} ${k.created_by ?? ''}`), c(k.started_at ? `${beijing(k.started_at)} ${k.started_by ?? ''}` : null),
        c(`${closed}${lateMark}`, stateTone(k)), c(beijing(k.deadline_at)), c(k.result_note ?? k.cancel_reason),
      ];
    }),
  };
  const activationTable: ReportTable = {
    key: 'activations', title: L('activations.title', { n: night.activations.length }), empty: L('activations.empty'),
    columns: [
      { label: L('activations.ref'), width: 2.4 }, { label: L('activations.at'), width: 2 }, { label: L('activations.plan'), width: 6 }, { label: L('activations.level'), width: 1.6 },
      { label: L('activations.zone'), width: 2 }, { label: L('activations.by'), width: 3.4 }, { label: L('activations.reason'), width: 5 }, { label: L('activations.tasks'), width: 1.4, align: 'right' },
    ],
    rows: night.activations.map((a) => [
      c(a.ref), c(beijing(a.activated_at)), c(a.plan_name), c(L(`planLevel.${a.level}`), a.level <= 2 ? 'red' : 'orange'), c(a.zone_name),
      c(`${a.activated_by_name}${paren(a.unit_name)}`), c(a.reason), c(a.task_count),
    ]),
  };
  const hazardTable: ReportTable = {
    key: 'hazards', title: L('hazards.title', { n: night.hazards.length }), note: L('hazards.note'), empty: L('hazards.empty'),
    columns: [
      { label: L('hazards.ref'), width: 2.4 }, { label: L('hazards.grade'), width: 1.2 }, { label: L('hazards.what'), width: 6 }, { label: L('hazards.street'), width: 1.8 },
      { label: L('hazards.found'), width: 2.8 }, { label: L('hazards.rectify'), width: 3.4 }, { label: L('hazards.rectified'), width: 2.6 },
      { label: L('hazards.reinspect'), width: 2.6 }, { label: L('hazards.closed'), width: 2.6 }, { label: L('hazards.state'), width: 1.6 },
    ],
    rows: night.hazards.map((h) => [
      c(h.ref), c(L(`grade.${h.grade}`), h.grade === 'major' ? 'red' : undefined),
      c(`${locale === 'en' ? h.sector_name_en : h.sector_name} · ${h.subject_name ? `${h.subject_name}: ` : ''}${h.description}`),
      c(locale === 'en' ? h.street_name_en ?? h.street_name : h.street_name), c(`${beijing(h.found_at)} ${h.finder_name}`),
      c(h.rectify_unit_name ? `${h.rectify_unit_name}${h.responsible_person ? ` · ${h.responsible_person}` : ''}${h.rectify_deadline ? ` · ${L('hazards.due', { at: beijing(h.rectify_deadline) })}` : ''}` : null),
      c(h.rectified_at ? `${beijing(h.rectified_at)}${h.rectify_note ? ` ${h.rectify_note}` : ''}` : null),
      c(h.reinspected_at ? `${beijing(h.reinspected_at)} ${h.reinspector_name ?? ''} ${h.reinspect_result ? L(`reinspect.${h.reinspect_result}`) : ''}` : null,
        h.reinspect_result === 'fail' ? 'red' : undefined),
      c(h.closed_out_at ? `${beijing(h.closed_out_at)} ${h.closed_out_by ?? ''}` : null),
      c(L(`hazardState.${h.state}`), h.state === 'closed' ? 'green' : h.state === 'cancelled' ? 'muted' : h.warn_level === 'red' ? 'red' : undefined),
    ]),
  };
  const dutyRows = [
    ...absences.map(({ post, s }) => [c(L('duty.absence'), 'red'), c(post.name), c(s.personName), c(`${beijing(s.startsAt)} – ${beijing(s.endsAt)}`), c(L('duty.absentNote'))]),
    ...lateIns.map((s) => [c(L('duty.lateIn'), 'orange'), c(s.postName), c(s.personName), c(`${beijing(s.startsAt)} – ${beijing(s.endsAt)}`), c(L('duty.checkedInAt', { at: beijing(s.checkedInAt) }))]),
    ...gaps.map(({ post, g }) => [c(L('duty.gap'), 'red'), c(post.name), c(post.person_name), c(`${beijing(g.startsAt)} – ${beijing(g.endsAt)}`), c(L('minutes', { n: g.minutes }))]),
  ];
  const dutyDetail: ReportTable = {
    key: 'dutyDetail', title: L('duty.detailTitle', { n: dutyRows.length }), note: L('duty.note'), empty: L('duty.empty'),
    columns: [{ label: L('duty.what'), width: 1.6 }, { label: L('duty.post'), width: 4 }, { label: L('duty.person'), width: 2.4 }, { label: L('duty.when'), width: 3.2 }, { label: L('duty.detail'), width: 4 }],
    rows: dutyRows,
  };

  return {
    locale,
    title: `${L('title')} · ${op.name}`,
    heading: L('title'),
    meta: [
      `${op.name}${paren(op.ref)} · ${op.owner_name}`,
      L('metaPeriod', { from: beijing(period.startsAt, true), to: beijing(period.endsAt, true), duringFrom: beijing(period.duringStartsAt, true), duringTo: beijing(period.duringEndsAt, true) }),
      L('metaGenerated', { at: beijing(now, true), by }),
    ],
    partial: night.scope.full ? null : L('partial'),
    figures,
    summary: [zoneTable, tierTable, sourceTable, dutyTable],
    tables: [alertTable, taskTable, activationTable, hazardTable, dutyDetail],
  };
}
