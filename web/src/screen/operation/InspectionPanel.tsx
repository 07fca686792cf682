// 隐患排查: the inspection rounds of the operation's period — units inspected of those assigned, findings 一般 / 重大,
// rectified and closed out (销号) — in total and per round (the latest rounds first).
import { useT } from '../../shared/i18n';
import type { Round } from './useOperationScreen';

const ROUNDS_SHOWN = 3;

type Totals = Round['progress'];
const ZERO: Totals = { tasks: 0, done: 0, overdue: 0, findings: 0, major: 0, open: 0, rectified: 0, closed: 0 };

function sum(rounds: Round[]): Totals {
  return rounds.reduce((a, r) => {
    const out = { ...a };
    for (const k of Object.keys(ZERO) as Array<keyof Totals>) out[k] += r.progress[k];
    return out;
  }, ZERO);
}

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);

export function InspectionSummary({ rounds }: { rounds: Round[] | null }) {
  const t = useT();
  return <span className="op-panel-note">{rounds ? t('operationScreen.inspection.rounds', { n: rounds.length }) : ''}</span>;
}

export function InspectionPanel({ rounds }: { rounds: Round[] | null }) {
  const t = useT();
  if (!rounds) return <div className="cy-empty">{t('common.loading')}</div>;
  if (rounds.length === 0) return <div className="cy-empty">{t('operationScreen.inspection.none')}</div>;
  const s = sum(rounds);
  return (
    <div className="op-insp" data-testid="inspection">
      <div className="op-insp-kpis">
        <div className="op-insp-kpi op-insp-progress">
          <label>{t('operationScreen.inspection.inspected')}</label>
          <b data-testid="inspection-done">{s.done}<small>/{s.tasks}</small></b>
          <span className="op-util"><i style={{ width: `${pct(s.done, s.tasks)}%` }} /></span>
        </div>
        <div className="op-insp-kpi">
          <label>{t('operationScreen.inspection.ordinary')}</label>
          <b>{s.findings - s.major}</b>
        </div>
        <div className="op-insp-kpi">
          <label>{t('operationScreen.inspection.major')}</label>
          <b className={s.major ? 'op-c-red' : undefined}>{s.major}</b>
        </div>
        <div className="op-insp-kpi">
          <label>{t('operationScreen.inspection.rectified')}</label>
          <b>{s.rectified}<small>/{s.findings}</small></b>
        </div>
        <div className="op-insp-kpi">
          <label>{t('operationScreen.inspection.closed')}</label>
          <b className="op-c-on">{s.closed}</b>
        </div>
      </div>
      <ul className="op-insp-rounds">
        {rounds.slice(0, ROUNDS_SHOWN).map((r) => (
          <li key={r.id} data-testid="inspection-round">
            <span className="op-insp-name" title={r.name}>{r.name}</span>
            <span className="op-insp-bar"><i style={{ width: `${pct(r.progress.done, r.progress.tasks)}%` }} /></span>
            <span className="op-insp-fig">
              {r.progress.done}/{r.progress.tasks}
              {r.progress.overdue > 0 && <em className="op-c-red"> · {t('operationScreen.inspection.overdue', { n: r.progress.overdue })}</em>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
