// Rows → API shapes for the operations routes.
import { can, type Actor } from '../../platform/access/actor.js';
import { periodOf, type OperationRow, type PostRow } from './operations-repository.js';
import { phaseAt, PHASES, phaseWindows } from './phases.js';
import type { TaskRow } from './tasks-repository.js';
import { taskActions } from './tasks-service.js';
import { OWNER_GROUPS, templateOffsets, type OperationTemplate } from './templates.js';

export const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function operationHead(o: OperationRow, now: Date) {
  const period = periodOf(o);
  const windows = phaseWindows(period);
  return {
    id: o.id, ref: o.ref, name: o.name, templateCode: o.template_code, ownerUnit: o.owner_unit, ownerName: o.owner_name,
    startsAt: period.startsAt.toISOString(), endsAt: period.endsAt.toISOString(),
    phases: PHASES.map((phase) => ({ phase, startsAt: windows[phase].startsAt.toISOString(), endsAt: windows[phase].endsAt.toISOString() })),
    currentPhase: phaseAt(period, now), createdAt: iso(o.created_at)!,
  };
}

export function personOf(name: string | null, phone: string | null, userId: string | null) {
  return name ? { name, phone, userId } : null;
}

export function postPeople(p: PostRow) {
  return { person: personOf(p.person_name, p.person_phone, p.person_user_id), deputy: personOf(p.deputy_name, p.deputy_phone, p.deputy_user_id) };
}

export function taskView(actor: Actor, r: TaskRow) {
  return {
    id: r.id, ref: r.ref, title: r.title, description: r.description, state: r.state, warnLevel: r.warn_level, operationId: r.operation_id,
    postId: r.post_id, postName: r.post_name, unitCode: r.owner_unit, unitName: r.owner_name, phase: r.phase, sector: r.sector,
    deadlineAt: iso(r.deadline_at), startsAt: iso(r.stage_started_at), supervised: r.supervised, source: r.source_kind, sourceRef: r.source_ref,
    resultNote: r.result_note, doneLate: r.done_late, cancelReason: r.cancel_reason, createdAt: iso(r.created_at)!, closedAt: iso(r.closed_at),
    allowedActions: taskActions(actor, r),
  };
}

export function templateView(t: OperationTemplate) {
  const perOwner = (owner: string) => {
    const group = OWNER_GROUPS[owner as keyof typeof OWNER_GROUPS];
    return group ? t.posts.filter((p) => p.kind === group).length : 1;
  };
  const byPhase = { before: 0, during: 0, after: 0 };
  for (const task of t.tasks) byPhase[task.phase] += perOwner(task.owner);
  return {
    code: t.code, name: t.name, nameEn: t.nameEn, description: t.description, anchor: t.anchor, phases: templateOffsets(t),
    posts: t.posts.map((p) => ({ unitCode: p.unitCode, kind: p.kind, name: p.name, parent: p.parent ?? null, zoneCode: p.zoneCode ?? null })),
    taskCount: byPhase.before + byPhase.during + byPhase.after, tasksByPhase: byPhase,
  };
}

export const canManagePost = (actor: Actor, p: Pick<PostRow, 'unit_path'>) => can(actor, 'operation:manage', p.unit_path);
