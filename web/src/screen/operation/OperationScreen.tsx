// 跨年夜 operation screen (/screen/operation): the key zones' density gauges across the top; below, three columns —
// the map with each zone in its tier's colour, the gates' load and the inspection rounds of the operation's period;
// one zone's occupancy curve with the forecast above the measures under way; the live alerts above the posts on duty.
// The operation is the one running now (or ?operation=<id>); without one the crowd part stands alone.
// The curve follows the most urgent zone while any is at orange or red (present or forecast), else it rotates;
// a click on a card or tab keeps a zone until clicked again.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useStreamOnline } from '../../shared/event-stream';
import { UserMenu } from '../../shared/FaceHeader';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { Panel } from '../Panels';
import { beijingDate, beijingTime } from '../time';
import { AlertList } from './AlertList';
import { DutyPanel, DutySummary } from './DutyPanel';
import { GateFlow } from './GateFlow';
import { InspectionPanel, InspectionSummary } from './InspectionPanel';
import { MeasuresPanel, MeasuresSummary } from './MeasuresPanel';
import './operation.css';
import { levelOf, severity, zoneLabel, type Zone } from './tiers';
import { useCrowdScreen } from './useCrowdScreen';
import { SCREEN_TOPICS, useInspections, useOperationSummary, useServerNow, type OperationScreenData } from './useOperationScreen';
import { useZoneSeries } from './useZoneSeries';
import { ZoneCard } from './ZoneCard';
import { TierLegend, ZoneMap } from './ZoneMap';
import { ZoneTrend } from './ZoneTrend';

const ROTATE_MS = 20_000;
const monthDay = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' });

function Clock() {
  const locale = useLocale();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return <div className="cy-clock"><b>{beijingTime(now)}</b><span>{beijingDate(now, locale)}</span></div>;
}

/** Which zone the curve shows: the pinned one, else the most urgent at orange/red, else the rotation's turn. */
function useShownZone(zones: Zone[] | null) {
  const [pinned, setPinned] = useState<string | null>(null);
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setTurn((n) => n + 1), ROTATE_MS);
    return () => window.clearInterval(id);
  }, []);
  const pick = useCallback((code: string) => setPinned((p) => (p === code ? null : code)), []);
  if (!zones?.length) return { shown: undefined, pinned, pick, urgent: false };
  const urgent = [...zones].sort((a, b) => severity(b) - severity(a)).find((z) => Math.max(z.live.tierLevel, levelOf(z.live.forecastTier)) >= 3);
  const shown = zones.find((z) => z.code === pinned) ?? urgent ?? zones[turn % zones.length]!;
  return { shown, pinned, pick, urgent: !pinned && shown === urgent };
}

/** The operation's panels when none runs: one quiet line instead of empty boxes. */
function NoOperation({ op }: { op: OperationScreenData }) {
  const t = useT();
  if (op.summary === undefined) return <div className="cy-empty">{op.error ? op.error.message : t('common.loading')}</div>;
  return <div className="cy-empty">{op.error ? op.error.message : t('operationScreen.noOperation')}</div>;
}

export function OperationScreen() {
  const t = useT();
  const locale = useLocale();
  const kiosk = new URLSearchParams(useLocation().search).get('kiosk') === '1';
  const online = useStreamOnline(SCREEN_TOPICS);
  const { zones, alerts, error, acknowledge } = useCrowdScreen();
  const op = useOperationSummary();
  const summary = op.summary ?? null;
  const rounds = useInspections(summary?.operation);
  // Without hazard:read the rounds are not this user's to see: the map takes the panel's room.
  const inspections = useSession().can('hazard:read');
  const now = useServerNow(op.skewMs);
  const { shown, pinned, pick, urgent } = useShownZone(zones);
  const series = useZoneSeries(shown?.code, shown?.live.asOf);
  // The drill replays a past evening: the data's own time is shown beside the clock.
  const asOf = useMemo(() => (zones ?? []).reduce<string | null>((m, z) => (z.live.asOf && (!m || z.live.asOf > m) ? z.live.asOf : m), null), [zones]);
  const active = alerts.filter((a) => a.active).length;
  const open = alerts.filter((a) => a.state === 'open' && a.active).length;

  if (error && !zones) {
    return <div className="cy-screen cy-center"><h1>{t('operationScreen.loadFailed', { message: error.message })}</h1></div>;
  }
  return (
    <div className={`cy-screen ${kiosk ? 'cy-kiosk' : ''}`} data-testid="operation-screen" data-ready={zones ? '1' : '0'}>
      <header className="cy-head">
        <div className="cy-head-left">
          <span className={`cy-live ${online ? '' : 'cy-off'}`}>{online ? `● ${t('screen.live')}` : t('screen.offline')}</span>
          {summary && (
            <span className="op-opname" data-testid="operation-name" title={`${summary.operation.ref} ${summary.operation.name}`}>
              {summary.operation.name}
              {summary.operation.currentPhase && <em>{t(`operationScreen.phase.${summary.operation.currentPhase}`)}</em>}
            </span>
          )}
          {asOf && <span className="op-asof" data-testid="data-time">{t('operationScreen.asOf', { time: `${monthDay.format(new Date(asOf))} ${beijingTime(asOf)}` })}</span>}
        </div>
        <h1>{t('operationScreen.title')}</h1>
        <div className="cy-head-right">
          <Clock />
          {!kiosk && <UserMenu dark />}
        </div>
      </header>
      {!zones ? <div className="cy-center cy-dim">{t('common.loading')}</div> : zones.length === 0 ? (
        <div className="cy-center cy-dim">{t('operationScreen.noZones')}</div>
      ) : (
        <main className="op-body">
          {/* A post with one or two zones keeps the cards' width (not one card across the screen). */}
          <div className="op-cards" style={{ gridTemplateColumns: `repeat(${Math.max(zones.length, 5)}, minmax(0, 1fr))` }}>
            {zones.map((z) => <ZoneCard key={z.code} zone={z} selected={z.code === shown?.code} onPick={pick} />)}
          </div>
          <div className="op-col op-col-left">
            <Panel title={t('operationScreen.map')} className="op-map-panel" extra={<TierLegend />}><ZoneMap zones={zones} /></Panel>
            <Panel title={t('operationScreen.gates.title')} className="op-gate-panel" extra={<span className="op-panel-note">{t('operationScreen.gates.note')}</span>}>
              <GateFlow zones={zones} />
            </Panel>
            {inspections && (
              <Panel title={t('operationScreen.inspection.title')} className="op-insp-panel" extra={summary ? <InspectionSummary rounds={rounds} /> : null}>
                {summary ? <InspectionPanel rounds={rounds} /> : <NoOperation op={op} />}
              </Panel>
            )}
          </div>
          <div className="op-col op-col-centre">
            <Panel
              title={shown ? `${t('operationScreen.trend.title')} · ${zoneLabel(shown, locale)}` : t('operationScreen.trend.title')}
              className="op-trend-panel"
              extra={(
                <div className="op-tabs">
                  {zones.map((z) => (
                    <button type="button" key={z.code} data-zone={z.code} onClick={() => pick(z.code)}
                      className={`${z.code === shown?.code ? 'op-tab-on' : ''} ${z.code === pinned ? 'op-tab-pinned' : ''}`}
                      title={z.code === pinned ? t('operationScreen.trend.unpin') : t('operationScreen.trend.pin')}>
                      {zoneLabel(z, locale)}
                    </button>
                  ))}
                </div>
              )}
            >
              {shown && <ZoneTrend zone={shown} series={series} following={urgent} />}
            </Panel>
            <Panel title={t('operationScreen.measures.title')} className="op-measures-panel" extra={summary ? <MeasuresSummary measures={summary.measures} /> : null}>
              {summary ? <MeasuresPanel measures={summary.measures} now={now} /> : <NoOperation op={op} />}
            </Panel>
          </div>
          <div className="op-col op-col-right">
            <Panel
              title={t('operationScreen.alerts.title')} className="op-alert-panel"
              extra={<span className="op-alert-count" data-testid="alert-count">{t('operationScreen.alerts.summary', { active, open })}</span>}
            >
              <AlertList alerts={alerts} zones={zones} onAck={acknowledge} />
            </Panel>
            <Panel title={t('operationScreen.duty.title')} className="op-duty-panel" extra={summary ? <DutySummary summary={summary.duty.summary} /> : null}>
              {summary ? <DutyPanel duty={summary.duty} /> : <NoOperation op={op} />}
            </Panel>
          </div>
        </main>
      )}
    </div>
  );
}
