import { can, type Actor } from '../../platform/access/actor.js';
import { maskPhone } from '../../platform/privacy/masking.js';
import { supervisingGrant } from './tasks-service.js';
import type { ListCountsRow, ListRow } from './lists-repository.js';
import type { MilestoneRow, TaskRow } from './tasks-repository.js';

// Rows as the API shows them (responsibility-schemas.ts): ISO instants, camelCase, phones masked for non-issuers.

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function listSummary(l: ListRow, c: ListCountsRow) {
  return {
    id: l.id, ref: l.ref, title: l.title, sourceKind: l.source_kind, sourceRef: l.source_ref, issuerUnit: l.issuer_unit,
    issuerUnitName: l.issuer_unit_name, issuerName: l.issuer_name, createdAt: iso(l.created_at)!,
    state: c.any_open ? 'open' as const : 'completed' as const, nextDueAt: iso(c.next_due_at),
    counts: {
      tasks: Number(c.tasks), openTasks: Number(c.open_tasks), completedTasks: Number(c.completed_tasks), cancelledTasks: Number(c.cancelled_tasks),
      milestones: Number(c.milestones), completedMilestones: Number(c.completed_milestones), lateMilestones: Number(c.late_milestones),
      warning: Number(c.warning), overdue: Number(c.overdue),
    },
  };
}

export function milestoneView(m: MilestoneRow) {
  return {
    id: m.id, ref: m.ref, seq: m.seq, name: m.name, state: m.state, warnLevel: m.warn_level, supervised: m.supervised,
    startAt: iso(m.stage_started_at ?? m.created_at)!, warnAt: iso(m.warn_at), dueAt: iso(m.due_at)!, dueSpec: m.due_spec,
    doneAt: iso(m.done_at), doneLate: m.done_late, progress: m.progress, lastReportAt: iso(m.last_report_at), lastReportText: m.last_report_text,
  };
}

const WARN_RANK: Record<string, number> = { none: 0, yellow: 1, red: 2 };

/** A task with its milestones: its warning is the worst of its open milestones, its progress their mean. */
export function taskView(actor: Actor, task: TaskRow, milestones: MilestoneRow[], unmask: boolean) {
  const live = milestones.filter((m) => m.state !== 'cancelled');
  const warn = milestones.filter((m) => m.state === 'open').map((m) => m.warn_level)
    .reduce((worst, w) => ((WARN_RANK[w] ?? 0) > (WARN_RANK[worst] ?? 0) ? w : worst), 'none');
  return {
    id: task.id, ref: task.ref, seq: task.seq, title: task.title, description: task.description, state: task.state, supervised: task.supervised,
    ownerUnit: task.owner_unit, ownerUnitName: task.owner_unit_name,
    responsible: { name: task.responsible_name, phone: unmask ? task.responsible_phone : maskPhone(task.responsible_phone) },
    warnLevel: warn, progress: live.length ? Math.round(live.reduce((s, m) => s + m.progress, 0) / live.length) : 0,
    createdAt: iso(task.created_at)!, closedAt: iso(task.closed_at), cancelReason: task.cancel_reason,
    canReport: task.state === 'open' && can(actor, 'task:report', task.owner_path),
    canSupervise: task.state === 'open' && supervisingGrant(actor, task) !== undefined,
    milestones: milestones.map(milestoneView),
  };
}

/** Milestones grouped under their task ids (the query returns them ordered by task, then sequence). */
export function byTask(milestones: MilestoneRow[]): Map<string, MilestoneRow[]> {
  const out = new Map<string, MilestoneRow[]>();
  for (const m of milestones) {
    const list = out.get(m.task_id);
    if (list) list.push(m);
    else out.set(m.task_id, [m]);
  }
  return out;
}
