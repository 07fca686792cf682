// 政令落实: the newest active directives in turn, each with its sign and report progress per street, live.
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '../../shared/i18n';
import { Panel } from '../Panels';
import './directives.css';
import { useDirectiveProgress, type ProgressRow } from './useDirectiveProgress';

const ROTATE_MS = 15_000;
const MAX_ROWS = 12;

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);
const tone = (c: { overdue: number; warning: number }, done: boolean) => (c.overdue > 0 ? 'red' : c.warning > 0 ? 'yellow' : done ? 'green' : 'blue');

function Bar({ done, of, c, testId }: { done: number; of: number; c: ProgressRow['counts']; testId: string }) {
  const p = pct(done, of);
  return (
    <span className={`cy-dbar cy-dbar-${tone(c, of > 0 && done >= of)}`} data-testid={testId} data-done={done} data-of={of}>
      <i style={{ width: `${p}%` }} /><b>{done}/{of}</b>
    </span>
  );
}

/** `fallback` takes the panel's place while no directive is active (the screen then looks as it did before). */
export function DirectivePanel({ place, fallback }: { place: string | undefined; fallback?: ReactNode }) {
  const t = useT();
  const [shown, setShown] = useState(0);
  const d = useDirectiveProgress(place, shown);
  const count = d.items.length;
  useEffect(() => {
    if (count < 2) return;
    const id = window.setInterval(() => setShown((n) => n + 1), ROTATE_MS);
    return () => window.clearInterval(id);
  }, [count]);

  const cur = d.current;
  if (d.loaded && !cur && fallback) return <>{fallback}</>;
  const report = cur?.requires.report ?? false;
  const of = cur ? cur.progress.total - cur.progress.recalled : 0;
  return (
    <Panel title={t('screen.directives.title')} className="cy-directives"
      extra={count > 0 ? <span className="cy-dim cy-dcount">{t('screen.directives.active', { n: d.total })}{count > 1 ? ` · ${(shown % count) + 1}/${count}` : ''}</span> : undefined}>
      {!cur ? <div className="cy-empty">{d.loaded ? t('screen.directives.none') : t('common.loading')}</div> : (
        <div className="cy-dbody" data-testid="screen-directives" data-ref={cur.ref}>
          <div className="cy-dtitle" title={`${cur.ref} ${cur.title}`}>{cur.title}</div>
          <table>
            {/* The headings carry the directive's overall rates, so every street keeps its row. */}
            <thead>
              <tr>
                <th />
                <th>{t('screen.directives.signed')} <b>{pct(cur.progress.signed, of)}%</b></th>
                {report && <th>{t('screen.directives.reported')} <b>{pct(cur.progress.reported, of)}%</b></th>}
                <th className={cur.progress.overdue ? 'cy-red' : undefined}>{t('screen.directives.red')}{cur.progress.overdue > 0 && ` ${cur.progress.overdue}`}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.slice(0, MAX_ROWS).map((r) => {
                const n = r.counts.total - r.counts.recalled;
                return (
                  <tr key={r.code} data-code={r.code} data-signed={r.counts.signed} data-total={n}>
                    <td className="cy-name">{r.name}</td>
                    <td><Bar done={r.counts.signed} of={n} c={r.counts} testId="screen-sign" /></td>
                    {report && <td><Bar done={r.counts.reported} of={n} c={r.counts} testId="screen-report" /></td>}
                    <td className={`cy-num ${r.counts.overdue ? 'cy-red' : 'cy-dim'}`}>{r.counts.overdue}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
