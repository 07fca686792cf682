// 处置措施进展: the operation's open tasks — a playbook's or plan's measures first, newest first, then the phases'
// tasks by deadline — each with its post, how long since it was given, and the time left (yellow past 75 % of it,
// red when over). The header counts what is under way and what is done.
import { useLocale, useT } from '../../shared/i18n';
import { TIER_COLORS, zoneLabel } from './tiers';
import type { Measure, OperationSummary } from './useOperationScreen';

const MIN = 60_000;

/** 5 分钟 / 1 小时 20 分 / 2 天 */
function span(ms: number, t: ReturnType<typeof useT>): string {
  const m = Math.max(0, Math.floor(ms / MIN));
  if (m === 0) return t('operationScreen.measures.underMin');
  if (m < 60) return t('operationScreen.measures.min', { n: m });
  if (m < 24 * 60) return t('operationScreen.measures.hourMin', { h: Math.floor(m / 60), m: m % 60 });
  return t('operationScreen.measures.days', { n: Math.floor(m / (24 * 60)) });
}

/** red: over its deadline (or marked red); yellow: past 75 % of its time (or marked yellow). */
function clockTone(m: Measure, now: number): 'red' | 'yellow' | 'ok' {
  if (m.overdue || m.warnLevel === 'red' || (m.deadlineAt && Date.parse(m.deadlineAt) <= now)) return 'red';
  if (m.warnLevel === 'yellow') return 'yellow';
  if (!m.deadlineAt) return 'ok';
  const given = Date.parse(m.createdAt);
  const due = Date.parse(m.deadlineAt);
  return due > given && (now - given) / (due - given) >= 0.75 ? 'yellow' : 'ok';
}

/** A playbook's measure: its alert's zone as a chip in the tier's colour, then the measure (the fields say which). */
function MeasureTitle({ m }: { m: Measure }) {
  const locale = useLocale();
  if (!m.zone) return <span className="op-measure-title" title={m.title}>{m.title}</span>;
  return (
    <span className="op-measure-title" title={m.title}>
      <span className="op-measure-zone" style={{ '--zt': m.tier ? TIER_COLORS[m.tier] : undefined } as React.CSSProperties}>{zoneLabel(m.zone, locale)}</span>{m.measure}
    </span>
  );
}

function MeasureRow({ m, now }: { m: Measure; now: number }) {
  const t = useT();
  const tone = clockTone(m, now);
  const left = m.deadlineAt ? Date.parse(m.deadlineAt) - now : null;
  return (
    <li className={`op-measure op-tone-${tone}`} data-testid="measure-row" data-id={m.id} data-state={m.state} data-source={m.source} data-tone={tone}>
      <span className={`op-src op-src-${m.source}`}>{t(`operationScreen.measures.source.${m.source}`)}</span>
      <MeasureTitle m={m} />
      <span className="op-measure-post" title={m.unitName}>{m.postName ?? m.unitName}</span>
      <span className={`op-measure-state op-ms-${m.state}`}>{t(`operationScreen.measures.state.${m.state}`)}</span>
      <span className="op-measure-age">{span(now - Date.parse(m.createdAt), t)}</span>
      <span className="op-measure-left">
        {left === null ? '—' : left > 0 ? t('operationScreen.measures.left', { d: span(left, t) }) : t('operationScreen.measures.over', { d: span(-left, t) })}
      </span>
    </li>
  );
}

export function MeasuresSummary({ measures }: { measures: OperationSummary['measures'] }) {
  const t = useT();
  const s = measures.totals;
  return (
    <span className="op-panel-figures" data-testid="measures-summary">
      <b className="op-c-progress">{t('operationScreen.measures.state.in_progress')} {s.inProgress}</b>
      <b className="op-c-dim">{t('operationScreen.measures.state.pending')} {s.pending}</b>
      <b className={s.overdue ? 'op-c-red' : 'op-c-dim'}>{t('operationScreen.measures.overdue')} {s.overdue}</b>
      <b className="op-c-on" data-testid="measures-done" data-n={s.done}>{t('operationScreen.measures.done')} {s.done}</b>
    </span>
  );
}

export function MeasuresPanel({ measures, now }: { measures: OperationSummary['measures']; now: number }) {
  const t = useT();
  // Per source: done of all given (处置措施 3/8 · 预案 0/4 · 阶段任务 40/93).
  const sources = measures.bySource.filter((s) => s.pending + s.inProgress + s.done > 0);
  return (
    <div className="op-measures">
      {measures.items.length === 0
        ? <div className="cy-empty">{t('operationScreen.measures.none')}</div>
        : (
          <ul className="op-measure-list" data-testid="measure-list">
            <li className="op-measure op-measure-head" aria-hidden>
              <span /><span>{t('operationScreen.measures.col.title')}</span><span>{t('operationScreen.measures.col.post')}</span>
              <span>{t('operationScreen.measures.col.state')}</span><span>{t('operationScreen.measures.col.age')}</span><span>{t('operationScreen.measures.col.left')}</span>
            </li>
            {measures.items.map((m) => <MeasureRow key={m.id} m={m} now={now} />)}
          </ul>
        )}
      <footer className="op-measure-foot">
        {sources.map((s) => (
          <span key={s.source} data-testid={`measures-${s.source}`}>
            <i className={`op-src op-src-${s.source}`}>{t(`operationScreen.measures.source.${s.source}`)}</i>
            {t('operationScreen.measures.doneOf', { done: s.done, total: s.pending + s.inProgress + s.done })}
          </span>
        ))}
        {measures.totals.open > measures.items.length && (
          <span className="op-measure-more">{t('operationScreen.measures.more', { n: measures.totals.open - measures.items.length })}</span>
        )}
      </footer>
    </div>
  );
}
