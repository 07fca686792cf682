import { randomUUID } from 'node:crypto';
import { can, SYSTEM_ACTOR, type Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import { receiptMachine } from '../directives/receipt-machine.js';
import { INDICATORS, rankRows, type Indicator } from '../evaluation/evaluation-indicators.js';
import { countedCases } from '../evaluation/evaluation-repository.js';
import { ranking as evaluationRanking, weightsOf, type Weights as CaseWeights } from '../evaluation/evaluation-service.js';
import {
  caseFigure, overallScore, rateFigure, RANKING_INDICATORS, RANKING_LEVELS, RATE_INDICATORS,
  type Figure, type RankingIndicator, type RankingLevel, type RankingWeights,
} from './rankings-indicators.js';
import {
  casePartSums, currentWeights, districtUnit, findRun, hasMilestones, insertCaseItems, insertMilestoneItems, insertReceiptItems, insertRows,
  insertRun, insertWeights, itemSums, rankedUnits, runRows, type CaseItem, type Period, type RowRecord, type RunRow,
} from './rankings-repository.js';
import { addDays, beijingMidnight, isoWeekLabel, mondayOf } from './weekly.js';

const CASE_PAGE = 5000;
const MAX_PERIOD_DAYS = 366;

function invalid(actor: Actor, field: string, code: string): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, message: t(actor.locale, `rankings.fields.${code}`) }]);
}

/** Publishing and weights are district-wide: only ranking:manage held at the top of the tree. */
async function district(ex: Executor, actor: Actor): Promise<{ code: string; path: string }> {
  const top = await districtUnit(ex);
  if (!can(actor, 'ranking:manage', top.path)) throw new AppError('FORBIDDEN', { permission: 'ranking:manage' });
  return top;
}

/**
 * The cases behind each unit's case score: the units the evaluation finds cases for in the period, and for each
 * of its indicators the cases it counted with what each added (the evaluation module's own queries), merged
 * into one item per case and unit.
 */
async function collectCaseItems(ex: Executor, units: Set<string>, from: string, to: string): Promise<CaseItem[]> {
  const f = { from: beijingMidnight(from), to: beijingMidnight(to) };
  const all = { all: true, streets: [], departments: [] };
  const items: CaseItem[] = [];
  for (const level of RANKING_LEVELS) {
    const { rows } = await evaluationRanking(ex, SYSTEM_ACTOR, level, { from, to });
    for (const unit of rows.filter((r) => r.reported > 0 && units.has(r.code))) {
      const byCase = new Map<string, CaseItem>();
      for (const indicator of INDICATORS) {
        for (let offset = 0; ; offset += CASE_PAGE) {
          const page = await countedCases(ex, level, unit.code, indicator, f, all, { limit: CASE_PAGE, offset });
          for (const c of page.rows) {
            let item = byCase.get(c.id);
            if (!item) byCase.set(c.id, (item = { level, unit_code: unit.code, item_id: c.id, parts: {} }));
            item.parts[indicator] = [Number(c.numerator), Number(c.denominator)];
          }
          if (page.rows.length < CASE_PAGE) break;
        }
      }
      items.push(...byCase.values());
    }
  }
  return items;
}

export type CaseWeightsByLevel = Record<RankingLevel, CaseWeights>;

/**
 * Every unit's figures, score and rank, from the run's stored items alone (so a published ranking can be
 * recomputed and checked at any time, whatever happened to the items since).
 */
export async function figuresFromItems(
  ex: Executor, runId: string, units: Array<{ level: RankingLevel; code: string; name: string; name_en: string | null }>,
  weights: RankingWeights, caseWeights: CaseWeightsByLevel,
): Promise<RowRecord[]> {
  const [sums, parts] = await Promise.all([itemSums(ex, runId), casePartSums(ex, runId)]);
  const key = (level: string, code: string) => `${level}|${code}`;
  const sumsOf = new Map<string, Map<string, { numerator: number; denominator: number; items: number }>>();
  for (const s of sums) {
    const m = sumsOf.get(key(s.level, s.unit_code)) ?? new Map();
    m.set(s.indicator, s);
    sumsOf.set(key(s.level, s.unit_code), m);
  }
  const partsOf = new Map<string, Partial<Record<Indicator, { numerator: number; denominator: number }>>>();
  for (const p of parts) {
    const m = partsOf.get(key(p.level, p.unit_code)) ?? {};
    m[p.part as Indicator] = p;
    partsOf.set(key(p.level, p.unit_code), m);
  }
  const rows: Array<RowRecord & { composite: number | null; code: string }> = units.map((u) => {
    const s = sumsOf.get(key(u.level, u.code)) ?? new Map();
    const empty = { numerator: 0, denominator: 0, items: 0 };
    const figures = {} as Record<RankingIndicator, Figure>;
    for (const i of RATE_INDICATORS) figures[i] = rateFigure(s.get(i) ?? empty, weights[i]);
    figures.case_score = caseFigure(partsOf.get(key(u.level, u.code)) ?? {}, (s.get('case_score') ?? empty).items, caseWeights[u.level], weights.case_score);
    const score = overallScore(figures);
    return {
      level: u.level, unit_code: u.code, unit_name: u.name, unit_name_en: u.name_en, rank: null, score, figures,
      composite: score, code: u.code,
    };
  });
  return RANKING_LEVELS.flatMap((level) => rankRows(rows.filter((r) => r.level === level))
    .map(({ composite: _c, code: _k, ...r }) => r));
}

export interface PublishInput {
  from: string;
  to: string;
  trigger: 'schedule' | 'manual';
  note?: string | null;
}

/**
 * Checks an on-demand period: whole Beijing days, `to` after `from`, at most a year, ending no later than this
 * week (the week so far may be published; what has not happened yet counts nothing).
 */
export function checkPeriod(actor: Actor, from: string, to: string, now: Date): void {
  if (!(from < to)) throw invalid(actor, 'body.to', 'toAfterFrom');
  if (to > addDays(mondayOf(now), 7)) throw invalid(actor, 'body.to', 'future');
  if (beijingMidnight(to).getTime() - beijingMidnight(from).getTime() > MAX_PERIOD_DAYS * 86_400_000) throw invalid(actor, 'body.from', 'tooLong');
}

/**
 * 晾晒: a snapshot of the period's ranking. The counted items go in first (set-based for receipts and
 * milestones, the evaluation's cases for the case score); the figures are then summed from those stored items,
 * so the published numbers are exactly what the items say. Null when the week already has its scheduled run.
 */
export async function publishRanking(uow: UnitOfWork, input: PublishInput): Promise<{ id: string; units: number } | null> {
  const { actor, now } = uow;
  const top = await district(uow.tx, actor);
  const to = beijingMidnight(input.to);
  const period: Period = { from: beijingMidnight(input.from), to, until: new Date(Math.min(now.getTime(), to.getTime())) };
  const [w, street, department, units] = await Promise.all([
    currentWeights(uow.tx), weightsOf(uow.tx, 'street'), weightsOf(uow.tx, 'department'), rankedUnits(uow.tx),
  ]);
  const caseWeights: CaseWeightsByLevel = { street, department };
  const id = randomUUID();
  const inserted = await insertRun(uow.tx, {
    id, from: input.from, to: input.to, trigger: input.trigger, weightsVersion: w.version, weights: w.weights, caseWeights,
    countedUntil: period.until, note: input.note ?? null, by: actor.userId, byName: actor.displayName, at: now,
  });
  if (!inserted) return null;
  await insertReceiptItems(uow.tx, id, period, { awaitingSign: receiptMachine.transitions.sign.from });
  if (await hasMilestones(uow.tx)) await insertMilestoneItems(uow.tx, id, period);
  await insertCaseItems(uow.tx, id, await collectCaseItems(uow.tx, new Set(units.map((u) => u.code)), input.from, input.to));
  const rows = await figuresFromItems(uow.tx, id, units.map((u) => ({ level: u.level, code: u.code, name: u.name, name_en: u.name_en })), w.weights, caseWeights);
  await insertRows(uow.tx, id, rows);
  const label = isoWeekLabel(input.from, input.to);
  const leaders = Object.fromEntries(RANKING_LEVELS.map((level) => [level, rows.filter((r) => r.level === level && r.rank !== null && r.rank <= 3)
    .map((r) => ({ rank: r.rank, code: r.unit_code, name: r.unit_name, score: r.score }))]));
  uow.audit({
    action: 'ranking.publish', targetType: 'ranking_run', targetId: id, unitPath: top.path,
    detail: { from: input.from, to: input.to, trigger: input.trigger, weightsVersion: w.version, units: rows.length },
  });
  uow.emit({
    type: 'ranking.published', unitPath: top.path, alsoPaths: units.map((u) => u.path), subjectType: 'ranking_run', subjectId: id,
    payload: { runId: id, from: input.from, to: input.to, label, trigger: input.trigger, weightsVersion: w.version, leaders },
  });
  return { id, units: rows.length };
}

/** A new version of the weights; the next publication uses it (published rankings keep theirs). */
export async function updateRankingWeights(uow: UnitOfWork, input: { weights: RankingWeights; note?: string | null }): Promise<number> {
  const top = await district(uow.tx, uow.actor);
  if (!RANKING_INDICATORS.some((i) => input.weights[i] > 0)) throw invalid(uow.actor, 'body.weights', 'allZero');
  const before = await currentWeights(uow.tx);
  const version = await insertWeights(uow.tx, { weights: input.weights, note: input.note ?? null, by: uow.actor.userId, byName: uow.actor.displayName });
  uow.audit({
    action: 'ranking.weights-update', targetType: 'ranking_weights', targetId: String(version), unitPath: top.path,
    detail: { version, weights: input.weights, before: before.weights, note: input.note ?? null },
  });
  uow.emit({ type: 'ranking.weights-updated', unitPath: top.path, subjectType: 'ranking_weights', subjectId: String(version), payload: { version, weights: input.weights } });
  return version;
}

export async function runOr404(ex: Executor, id: string): Promise<RunRow> {
  const run = await findRun(ex, id);
  if (!run) throw new AppError('NOT_FOUND', { what: 'ranking', id });
  return run;
}

/** Recomputes a published ranking from its stored items and weights and lists where it differs from what was published. */
export async function checkRun(ex: Executor, run: RunRow): Promise<Array<{ level: string; unit: string; field: string; published: unknown; recomputed: unknown }>> {
  const stored = await runRows(ex, run.id);
  const again = await figuresFromItems(ex, run.id, stored.map((r) => ({ level: r.level, code: r.unit_code, name: r.unit_name, name_en: r.unit_name_en })),
    run.weights, run.case_weights as unknown as CaseWeightsByLevel);
  const byUnit = new Map(again.map((r) => [`${r.level}|${r.unit_code}`, r]));
  const diffs: Array<{ level: string; unit: string; field: string; published: unknown; recomputed: unknown }> = [];
  for (const r of stored) {
    const a = byUnit.get(`${r.level}|${r.unit_code}`)!;
    const fields: Array<[string, unknown, unknown]> = [['rank', r.rank, a.rank], ['score', r.score, a.score]];
    for (const i of RANKING_INDICATORS) {
      const p = r.figures[i] as Figure;
      const q = a.figures[i] as Figure;
      fields.push([`${i}.numerator`, p.numerator, q.numerator], [`${i}.denominator`, p.denominator, q.denominator], [`${i}.value`, p.value, q.value]);
    }
    for (const [field, published, recomputed] of fields) {
      const same = typeof published === 'number' && typeof recomputed === 'number' ? Math.abs(published - recomputed) < 1e-6 : published === recomputed;
      if (!same) diffs.push({ level: r.level, unit: r.unit_code, field, published, recomputed });
    }
  }
  return diffs;
}
