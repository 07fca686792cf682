import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { loadCategoryData } from '../categories/categories-data.js';
import { ranking } from '../evaluation/evaluation-service.js';
import { findUnit, type UnitRow } from '../units/units-repository.js';
import {
  categoryMix, closedByHour, closedSince, dailyFacts, firstPlaceIn, markersJson, openByArea, placesUnder, recentActivity, reportedByHour,
} from './screen-repository.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Closure and on-time rates are over the cases reported in the last RATE_DAYS Beijing days (today included). */
export const RATE_DAYS = 30;
const TREND_DAYS = 7;
const FEED_SIZE = 30;

/** YYYY-MM-DD of the Beijing day `offset` days from the one containing `now`. */
export function beijingDate(now: Date, offset = 0): string {
  return new Date(now.getTime() + 8 * HOUR + offset * DAY).toISOString().slice(0, 10);
}
const beijingMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

const pct = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 1000) / 10);

/**
 * The place a screen shows: the one asked for if it is the district or a street inside the caller's
 * evaluation scope (anything else is 404, as if it did not exist); without one, the district when the caller
 * sees it whole, else the first street of their scope.
 */
export async function screenUnit(ex: Executor, actor: Actor, code?: string): Promise<UnitRow> {
  if (!code) {
    const first = await firstPlaceIn(ex, scopeOf(actor, 'evaluation:read'));
    const unit = first ? await findUnit(ex, first) : undefined;
    if (!unit) throw new AppError('NOT_FOUND', { what: 'unit', id: '' });
    return unit;
  }
  const unit = await findUnit(ex, code);
  if (!unit || (unit.kind !== 'district' && unit.kind !== 'street') || !can(actor, 'evaluation:read', unit.path)) {
    throw new AppError('NOT_FOUND', { what: 'unit', id: code });
  }
  return unit;
}

const majorNameEn = new Map(loadCategoryData().majorClasses.map((m) => [`${m.kind}:${m.code}`, m.nameEn]));

/** Headline figures, 7-day and 24-hour trends, category mix, ranking of the child units and the latest activity. */
export async function screenSummary(ex: Executor, actor: Actor, code: string | undefined, now = new Date()) {
  const unit = await screenUnit(ex, actor, code);
  const isDistrict = unit.kind === 'district';
  const street = isDistrict ? null : unit.code;
  const childKind: 'street' | 'grid' = isDistrict ? 'street' : 'grid';
  // home_path segments: '' / district / street / community / grid /
  const childPart = isDistrict ? 3 : 5;
  const today = beijingDate(now);
  const todayStart = beijingMidnight(today);
  const hourStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);

  const [areas, closedToday, days, reportedHours, closedHours, categories, feed, children, ranked] = await Promise.all([
    openByArea(ex, unit.path, childPart),
    closedSince(ex, unit.path, todayStart),
    dailyFacts(ex, beijingDate(now, -(RATE_DAYS - 1)), today, street),
    reportedByHour(ex, hourStart, street),
    closedByHour(ex, hourStart, unit.path),
    categoryMix(ex, beijingMidnight(beijingDate(now, -(TREND_DAYS - 1))), street),
    recentActivity(ex, unit.path, FEED_SIZE),
    placesUnder(ex, unit.path, childKind),
    ranking(ex, actor, childKind, { from: beijingDate(now, -(RATE_DAYS - 1)), to: beijingDate(now, 1), street: street ?? undefined }),
  ]);

  const byDay = new Map(days.map((d) => [d.day, d]));
  const sum = (k: 'reported' | 'due' | 'closed' | 'closedOnTime') => days.reduce((s, d) => s + d[k], 0);
  const open = areas.reduce((s, a) => s + a.open, 0);
  const rankOf = new Map(ranked.rows.map((r) => [r.code, r]));
  const areaOf = new Map(areas.map((a) => [a.code, a]));
  const parentVisible = unit.parentCode !== null && can(actor, 'evaluation:read', unit.path.split('/').slice(0, -2).join('/') + '/');

  const rankingRows = children.map((c) => {
    const r = rankOf.get(c.code);
    const a = areaOf.get(c.code);
    return {
      code: c.code, name: c.name, nameEn: c.name_en, rank: r?.rank ?? null, composite: r?.composite ?? null,
      closedRate: r?.indicators.closed_rate.value ?? null, onTimeRate: r?.indicators.closed_on_time_rate.value ?? null,
      reported: r?.reported ?? 0, open: a?.open ?? 0, overdue: a?.overdue ?? 0,
    };
  }).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.open - a.open || a.code.localeCompare(b.code));

  return {
    unit: { code: unit.code, name: unit.name, nameEn: unit.nameEn, kind: unit.kind as 'district' | 'street' },
    parent: parentVisible && unit.parentCode ? { code: unit.parentCode } : null,
    generatedAt: now.toISOString(),
    figures: {
      reportedToday: byDay.get(today)?.reported ?? 0,
      open,
      overdue: areas.reduce((s, a) => s + a.overdue, 0),
      warning: areas.reduce((s, a) => s + a.warning, 0),
      closedToday,
      rateDays: RATE_DAYS,
      due: sum('due'), closed: sum('closed'), closedOnTime: sum('closedOnTime'),
      closedRate: pct(sum('closed'), sum('due')),
      onTimeRate: pct(sum('closedOnTime'), sum('due')),
    },
    trend7d: Array.from({ length: TREND_DAYS }, (_, i) => {
      const day = beijingDate(now, i - (TREND_DAYS - 1));
      const d = byDay.get(day);
      return { day, reported: d?.reported ?? 0, closed: d?.closed ?? 0 };
    }),
    trend24h: Array.from({ length: 24 }, (_, h) => ({
      hour: new Date(hourStart.getTime() + h * HOUR).toISOString(),
      reported: reportedHours.get(h) ?? 0, closed: closedHours.get(h) ?? 0,
    })),
    categories: categories.map((c) => ({ ...c, majorNameEn: majorNameEn.get(`${c.kind}:${c.majorCode}`) ?? null })),
    ranking: { level: childKind, rows: rankingRows },
    feed: feed.map((f) => ({
      id: f.id, at: new Date(f.at).toISOString(), action: f.action, toState: f.to_state, actorName: f.actor_name,
      caseId: f.case_id, ref: f.ref, title: f.title, state: f.state, warnLevel: f.warn_level,
    })),
  };
}

/**
 * Markers of the place, open cases and those closed today (`ids` asks for a few: live updates), as the JSON
 * body of the response: {unit, columns, items: [[id, lng, lat, state, warnLevel], …]}.
 */
export async function screenMarkersJson(ex: Executor, actor: Actor, code: string | undefined, ids?: string[], now = new Date()): Promise<string> {
  const unit = await screenUnit(ex, actor, code);
  const items = await markersJson(ex, unit.path, beijingMidnight(beijingDate(now)), ids);
  return `{"unit":${JSON.stringify(unit.code)},"columns":${JSON.stringify(MARKER_COLUMNS)},"items":${items}}`;
}

export const MARKER_COLUMNS = ['id', 'lng', 'lat', 'state', 'warnLevel'] as const;
