// The operation's part of the 跨年夜 big screen: who holds each post now (checked in, due, absent, or nobody
// scheduled — a gap), and the measures under way with their posts and clocks. Read-only; computed at the moment asked.
import type { Actor } from '../../platform/access/actor.js';
import type { Tier } from '../crowd/bands.js';
import type { Executor } from '../../platform/db/database.js';
import { measureOfTitle } from './measure-title.js';
import { unitsByCode, type OperationRow } from './operations-repository.js';
import { readRoster, type ShiftView } from './roster-service.js';
import { measureCounts, openMeasures, taskCountsByPost, type TaskSource } from './tasks-repository.js';
import { iso, operationHead } from './views.js';
import { operationReadScope } from './read-scope.js';

/** How many open measures the screen lists (the counts cover all). */
export const MEASURES_LISTED = 40;

/**
 * A post's state now: on duty (checked in), due (its shift began less than the grace ago), absent (past the grace,
 * no check-in), gap (inside the during phase and no shift covers now), idle (no duty asked of it now).
 */
export type PostDutyState = 'on_duty' | 'due' | 'absent' | 'gap' | 'idle';

const RANK: Record<string, number> = { on_duty: 0, due: 1, absent: 2 };

/** The shift that answers for the post now: checked in and not out, or covering now (on duty before due before absent). */
export function currentShift(shifts: readonly ShiftView[], now: Date): ShiftView | undefined {
  const t = now.getTime();
  return shifts
    .filter((s) => s.status === 'on_duty' || (Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt) && s.status in RANK))
    .sort((a, b) => RANK[a.status]! - RANK[b.status]! || a.startsAt.localeCompare(b.startsAt))[0];
}

export async function screenSummary(ex: Executor, actor: Actor, op: OperationRow, now: Date) {
  // Tasks as the task list scopes them: all from the command down, else those of the posts in the caller's scope.
  const taskScope = operationReadScope(actor, op);
  const [roster, byPost, measures, counts] = await Promise.all([
    readRoster(ex, actor, op, now), taskCountsByPost(ex, op.id, taskScope), openMeasures(ex, op.id, taskScope, now, MEASURES_LISTED),
    measureCounts(ex, op.id, taskScope, now),
  ]);
  // The posts' units and zones by name (zh-CN and en): the screen labels a post by its zone or unit, not by cutting its title.
  const units = await unitsByCode(ex, roster.posts.flatMap(({ post }) => [post.unit_code, ...(post.zone_code ? [post.zone_code] : [])]));
  const named = (code: string | null) => {
    const u = code ? units.get(code) : undefined;
    return u ? { code: u.code, name: u.name, nameEn: u.name_en } : null;
  };
  const t = now.getTime();
  const posts = roster.posts.map(({ post, shifts, gaps }) => {
    const shift = currentShift(shifts, now);
    const gapNow = gaps.find((g) => Date.parse(g.startsAt) <= t && t < Date.parse(g.endsAt));
    const nextGap = gaps.find((g) => Date.parse(g.startsAt) > t);
    const state: PostDutyState = shift ? (shift.status as PostDutyState) : gapNow ? 'gap' : 'idle';
    return {
      id: post.id, parentId: post.parent_id, kind: post.kind, unitCode: post.unit_code, name: post.name, zoneCode: post.zone_code,
      unit: named(post.unit_code) ?? { code: post.unit_code, name: post.unit_name, nameEn: null }, zone: named(post.zone_code),
      personName: post.person_name, state,
      current: shift ? {
        shiftId: shift.id, personName: shift.personName, personPhone: shift.personPhone, status: shift.status, late: shift.late,
        startsAt: shift.startsAt, endsAt: shift.endsAt, checkedInAt: shift.checkedInAt,
      } : null,
      gapNow: gapNow ? { startsAt: gapNow.startsAt, endsAt: gapNow.endsAt } : null,
      nextGap: nextGap ? { startsAt: nextGap.startsAt, endsAt: nextGap.endsAt } : null,
      gaps: gaps.length, gapMinutes: gaps.reduce((n, g) => n + g.minutes, 0),
      openTasks: byPost.get(post.id)?.open ?? 0, overdueTasks: byPost.get(post.id)?.red ?? 0,
    };
  });
  const count = (s: PostDutyState) => posts.filter((p) => p.state === s).length;
  const bySource = (['playbook', 'plan', 'manual', 'template'] as const satisfies readonly TaskSource[]).map((source) => {
    const c = counts.find((x) => x.source_kind === source);
    return {
      source, pending: Number(c?.pending ?? 0), inProgress: Number(c?.in_progress ?? 0), done: Number(c?.done ?? 0),
      overdue: Number(c?.overdue ?? 0), doneLate: Number(c?.done_late ?? 0),
    };
  });
  const sum = (k: 'pending' | 'inProgress' | 'done' | 'overdue' | 'doneLate') => bySource.reduce((n, s) => n + s[k], 0);
  return {
    operation: operationHead(op, now),
    now: now.toISOString(),
    duty: {
      summary: {
        posts: posts.length, onDuty: count('on_duty'), due: count('due'), absent: count('absent'), gapNow: count('gap'), idle: count('idle'),
        late: posts.filter((p) => p.current?.late).length, postsWithGaps: roster.summary.postsWithGaps, gapMinutes: roster.summary.gapMinutes,
      },
      window: roster.window,
      posts,
    },
    measures: {
      totals: { open: sum('pending') + sum('inProgress'), pending: sum('pending'), inProgress: sum('inProgress'), overdue: sum('overdue'), done: sum('done'), doneLate: sum('doneLate') },
      bySource,
      items: measures.map((r) => ({
        id: r.id, ref: r.ref, title: r.title, state: r.state, warnLevel: r.warn_level, overdue: Boolean(r.overdue), source: r.source_kind,
        zone: r.alert_zone ? { code: r.alert_zone, name: r.alert_zone_name ?? r.alert_zone, nameEn: r.alert_zone_name_en } : null,
        tier: (r.alert_tier as Tier | null) ?? null,
        measure: r.alert_zone_name ? measureOfTitle(r.title, r.alert_zone_name) : r.title,
        phase: r.phase, postName: r.post_name, unitCode: r.owner_unit, unitName: r.owner_name, createdAt: iso(r.created_at)!,
        deadlineAt: iso(r.deadline_at), supervised: r.supervised,
      })),
    },
  };
}
