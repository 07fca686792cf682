import { t, type Locale } from '../../platform/i18n/messages.js';
import { RANKING_INDICATORS, type Figure, type RankingIndicator } from './rankings-indicators.js';
import type { CountedItemRow, RowRecord, RunRow } from './rankings-repository.js';
import { isoWeekLabel } from './weekly.js';

const iso = (d: string | Date) => new Date(d).toISOString();

export function display(indicator: RankingIndicator | 'score', value: number | null): string {
  if (value === null) return '—';
  return indicator === 'score' || indicator === 'case_score' ? value.toFixed(1) : `${value.toFixed(1)}%`;
}

export function runSummary(r: RunRow) {
  return {
    id: r.id, from: r.period_from, to: r.period_to, label: isoWeekLabel(r.period_from, r.period_to), trigger: r.trigger,
    weightsVersion: Number(r.weights_version), note: r.note, publishedAt: iso(r.published_at), publishedByName: r.published_by_name,
  };
}

export function rowView(r: RowRecord) {
  const figures = Object.fromEntries(RANKING_INDICATORS.map((i) => {
    const f = r.figures[i] as Figure;
    return [i, { numerator: f.numerator, denominator: f.denominator, items: f.items, value: f.value, display: display(i, f.value), weight: f.weight, ...(f.parts ? { parts: f.parts } : {}) }];
  })) as Record<RankingIndicator, Figure & { display: string }>;
  return { level: r.level, rank: r.rank, code: r.unit_code, name: r.unit_name, nameEn: r.unit_name_en, score: r.score, display: display('score', r.score), figures };
}

export function runDetail(locale: Locale, run: RunRow, rows: RowRecord[]) {
  return {
    ...runSummary(run), weights: run.weights, countedUntil: iso(run.counted_until),
    indicators: RANKING_INDICATORS.map((key) => ({ key, name: t(locale, `rankings.indicators.${key}`), weight: run.weights[key] })),
    rows: rows.map(rowView),
  };
}

export function countedItemView(r: CountedItemRow) {
  const numerator = r.numerator === null ? null : Number(r.numerator);
  return {
    id: r.id, kind: r.kind, ref: r.ref, title: r.title, state: r.state, ownerUnit: r.owner_unit, ownerName: r.owner_name,
    numerator, denominator: r.denominator === null ? null : Number(r.denominator),
    inNumerator: numerator === null ? null : numerator > 0, parts: r.parts,
  };
}
