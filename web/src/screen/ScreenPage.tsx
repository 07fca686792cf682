// One screen of a place (the district, or a street): headline figures over the map in the centre, ranking and
// category mix on the left, trends and live activity on the right.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStreamOnline } from '../shared/event-stream';
import { UserMenu } from '../shared/FaceHeader';
import { useLocale, useT } from '../shared/i18n';
import { DirectivePanel } from './directives/DirectivePanel';
import { MapPanel } from './MapPanel';
import { beijingDate, beijingTime } from './time';
import { CategoryMix, Feed, Ranking, Trend24h, Trend7d } from './Panels';
import { useScreenData, type Summary } from './useScreenData';

declare global {
  interface Window { __screenReadyMs?: number }
}

function Clock() {
  const locale = useLocale();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return <div className="cy-clock"><b>{beijingTime(now)}</b><span>{beijingDate(now, locale)}</span></div>;
}

function Kpis({ s }: { s: Summary }) {
  const t = useT();
  const f = s.figures;
  const rate = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}`);
  const hint = t('screen.kpi.rateHint', { closed: f.closed, due: f.due });
  const period = <span className="cy-period">{t('screen.kpi.ratePeriod', { n: f.rateDays })}</span>;
  return (
    <div className="cy-kpis" data-testid="screen-kpis">
      <div className="cy-kpi" data-kpi="reportedToday"><label>{t('screen.kpi.reportedToday')}</label><b>{f.reportedToday}</b><small>{t('screen.kpi.closedToday', { n: f.closedToday })}</small></div>
      <div className="cy-kpi" data-kpi="open"><label>{t('screen.kpi.open')}</label><b>{f.open}</b><small className="cy-yellow">{t('screen.kpi.warning', { n: f.warning })}</small></div>
      <div className="cy-kpi cy-kpi-red" data-kpi="overdue"><label>{t('screen.kpi.overdue')}</label><b>{f.overdue}</b><small>{t('screen.kpi.overdueShare', { p: f.open ? `${((f.overdue / f.open) * 100).toFixed(1)}%` : '—' })}</small></div>
      <div className="cy-kpi" data-kpi="closedRate"><label>{t('screen.kpi.closedRate')}{period}</label><b>{rate(f.closedRate)}<em>%</em></b><small>{hint}</small></div>
      <div className="cy-kpi" data-kpi="onTimeRate"><label>{t('screen.kpi.onTimeRate')}{period}</label><b>{rate(f.onTimeRate)}<em>%</em></b><small>{t('screen.kpi.rateHint', { closed: f.closedOnTime, due: f.due })}</small></div>
    </div>
  );
}

interface Props {
  unit?: string;
  kiosk: boolean;
  rotateSeconds: number | null;
  onOpenStreet(code: string): void;
  onBack(): void;
  /** The district summary's streets, for the kiosk rotation. */
  onSummary?(s: Summary): void;
}

export function ScreenPage({ unit, kiosk, rotateSeconds, onOpenStreet, onBack, onSummary }: Props) {
  const t = useT();
  const locale = useLocale();
  const data = useScreenData(unit);
  const online = useStreamOnline(['case']);
  const s = data.summary;

  useEffect(() => { if (s) onSummary?.(s); }, [s, onSummary]);

  const openByRegion = useMemo(() => new Map((s?.ranking.rows ?? []).map((r) => [r.code, r.open])), [s?.ranking.rows]);
  const [mapDrawn, setMapDrawn] = useState(false);
  useEffect(() => setMapDrawn(false), [unit]);
  const onDrawn = useCallback(() => setMapDrawn(true), []);

  // First meaningful render: map, markers and headline figures all on screen (the render benchmark reads this).
  useEffect(() => {
    if (mapDrawn && s && window.__screenReadyMs === undefined) {
      performance.mark('screen-ready');
      window.__screenReadyMs = performance.now();
    }
  }, [mapDrawn, s]);

  if (data.error && !s) {
    return <div className="cy-screen cy-center"><h1>{data.error.status === 404 ? t('screen.noPlace') : t('screen.loadFailed', { message: data.error.message })}</h1></div>;
  }

  const place = s ? (locale === 'en' ? (s.unit.nameEn ?? s.unit.name) : s.unit.name) : '';
  const isDistrict = s?.unit.kind === 'district';
  const title = !s ? t('common.loading') : isDistrict ? t('screen.districtTitle') : t('screen.title', { place });
  const canDrill = isDistrict;

  return (
    <div className={`cy-screen ${kiosk ? 'cy-kiosk' : ''}`} data-unit={s?.unit.code ?? ''} data-ready={mapDrawn && s ? '1' : '0'}>
      <header className="cy-head">
        <div className="cy-head-left">
          {s?.parent && !kiosk && <button type="button" className="cy-back" onClick={onBack} data-testid="screen-back">‹ {t('screen.back')}</button>}
          <span className={`cy-live ${online ? '' : 'cy-off'}`}>{online ? `● ${t('screen.live')}` : t('screen.offline')}</span>
          {kiosk && rotateSeconds && <span className="cy-dim">{t('screen.kiosk', { n: rotateSeconds })}</span>}
        </div>
        <h1>{title}</h1>
        <div className="cy-head-right">
          <Clock />
          {!kiosk && <UserMenu dark />}
        </div>
      </header>
      {s ? (
        <main className="cy-body">
          <aside className="cy-col">
            <Ranking summary={s} limit={isDistrict ? 11 : 12} onPick={canDrill ? onOpenStreet : undefined} />
            <CategoryMix summary={s} />
          </aside>
          <section className="cy-centre">
            <Kpis s={s} />
            <MapPanel
              kind={s.unit.kind} code={s.unit.code} openByRegion={openByRegion} markers={data.markers}
              markersVersion={data.markersVersion} markersLoaded={data.markersLoaded}
              onRegionClick={canDrill ? onOpenStreet : undefined} onDrawn={onDrawn}
            />
            <div className="cy-updated">{t('screen.updatedAt', { time: beijingTime(s.generatedAt) })}</div>
          </section>
          <aside className="cy-col">
            <Trend7d summary={s} />
            {/* While directives are active, the district's screen trades the 24-hour curve (today's figures are in the headline) for their progress per street. */}
            {isDistrict ? <DirectivePanel place={s.unit.code} fallback={<Trend24h summary={s} />} /> : <Trend24h summary={s} />}
            <Feed items={data.feed} />
          </aside>
        </main>
      ) : <div className="cy-center cy-dim">{t('common.loading')}</div>}
    </div>
  );
}
