// What had happened by the scrubbed minute, newest first: alerts raised, acknowledged and cleared, measures given,
// started and done, plans activated, hazards found and handled — with who did it.
import { useLocale, useT } from '../../shared/i18n';
import { beijingTime } from '../time';
import { TIER_COLORS, zoneName } from '../operation/tiers';
import type { ReplayData, ReplayEvent } from './useReplay';

const SHOWN = 40;
const KIND_COLORS: Record<ReplayEvent['kind'], string> = {
  alert_raised: '#ff4d4f', alert_acknowledged: '#73d13d', alert_cleared: '#8fb0d9', task_created: '#36cfc9', task_started: '#40a9ff',
  task_done: '#73d13d', task_cancelled: '#8c8c8c', plan_activated: '#b37feb', hazard_found: '#ffd666', hazard_rectified: '#95de64', hazard_closed: '#73d13d',
};

export function EventList({ data, until, fresh }: { data: ReplayData; until: number; fresh: number }) {
  const t = useT();
  const locale = useLocale();
  const names = new Map(data.zones.map(({ zone }) => [zone.code, zoneName(zone, locale)]));
  const past = data.replay.events.filter((e) => Date.parse(e.at) < until);
  const shown = past.slice(-SHOWN).reverse();
  if (shown.length === 0) return <div className="cy-empty">{t('replayScreen.events.none')}</div>;
  return (
    <ul className="rp-events" data-testid="replay-events" data-count={past.length}>
      {shown.map((e, i) => {
        const colour = e.tier ? TIER_COLORS[e.tier] : KIND_COLORS[e.kind];
        const who = [e.unit, e.by].filter(Boolean).join(' · ');
        return (
          <li key={`${e.kind}-${e.id}-${i}`} className={`rp-event ${Date.parse(e.at) >= fresh ? 'rp-fresh' : ''}`} style={{ '--kind': colour } as React.CSSProperties}
            data-testid="replay-event" data-kind={e.kind} data-tier={e.tier ?? ''} data-zone={e.zone ?? ''}>
            <time>{beijingTime(e.at).slice(0, 5)}</time>
            <span className="rp-kind" style={{ color: KIND_COLORS[e.kind] }}>{t(`replayScreen.kind.${e.kind}`)}</span>
            <span className="rp-what">
              <b>{e.kind.startsWith('alert') && e.zone ? `${names.get(e.zone) ?? e.zone} ${t(`operationScreen.tier.${e.tier ?? 'normal'}`)}` : e.title}</b>
              {(who || e.note) && <small>{[who, e.note].filter(Boolean).join(' — ')}</small>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
