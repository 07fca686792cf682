// Flow through each zone's gates against what its gates can pass (width × persons/min per metre, DOMAIN.md §4):
// a queue builds at the entrances when arrivals exceed their capacity, and the exits set the evacuation time.
import { useLocale, useT } from '../../shared/i18n';
import { zoneLabel, zoneName, type Zone } from './tiers';

/** Share of the gates' capacity in use: orange from 80 %, red at 100 % (a queue is building). */
const load = (rate: number, capacity: number) => (capacity > 0 ? rate / capacity : 0);
const tone = (share: number) => (share >= 1 ? 'op-load-red' : share >= 0.8 ? 'op-load-orange' : 'op-load-ok');

function LoadBar({ rate, capacity, testId }: { rate: number; capacity: number; testId: string }) {
  const share = load(rate, capacity);
  return (
    <span className={`op-load ${tone(share)}`} data-testid={testId} data-share={share.toFixed(2)}>
      <i style={{ width: `${Math.min(100, share * 100)}%` }} />
      <b>{Math.round(rate).toLocaleString()}</b>
      <small>{capacity > 0 ? `${Math.round(share * 100)}%` : '—'}</small>
    </span>
  );
}

export function GateFlow({ zones }: { zones: Zone[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="op-flowtable" data-testid="gate-flow">
      <thead>
        <tr>
          <th />
          <th>{t('operationScreen.gates.in')}</th>
          <th>{t('operationScreen.gates.out')}</th>
          <th>{t('operationScreen.gates.net')}</th>
          <th>{t('operationScreen.gates.evacuation')}</th>
        </tr>
      </thead>
      <tbody>
        {zones.map((z) => {
          const l = z.live;
          return (
            <tr key={z.code} data-zone={z.code}>
              <td className="op-flow-name" title={zoneName(z, locale)}>{zoneLabel(z, locale)}</td>
              <td><LoadBar rate={l.inRate} capacity={z.flow.entryPerMin} testId="flow-in" /></td>
              <td><LoadBar rate={l.outRate} capacity={z.flow.exitPerMin} testId="flow-out" /></td>
              <td className={`op-num ${l.netRate > 0 ? 'op-net-up' : 'op-net-down'}`}>{l.netRate > 0 ? '+' : ''}{Math.round(l.netRate).toLocaleString()}</td>
              <td className="op-num">{l.evacuationMinutes === null ? '—' : t('operationScreen.minutes', { n: Math.round(l.evacuationMinutes) })}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
