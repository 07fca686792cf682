// 复盘回放 (/screen/operation/replay?operation=<id>[&at=<ISO time>]): the operation's night on the big screen, to scrub
// or play back. The key zones' gauges and the map show the scrubbed minute in its tier's colours; the chart shows the
// whole night with a cursor; the list shows what had happened by then. One fetch, then everything is local.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api, type GetResponse } from '../../shared/api';
import { UserMenu } from '../../shared/FaceHeader';
import { useLocale, useT } from '../../shared/i18n';
import { Panel } from '../Panels';
import { beijingDate, beijingTime } from '../time';
import '../operation/operation.css';
import { ZoneCard } from '../operation/ZoneCard';
import { TierLegend, ZoneMap } from '../operation/ZoneMap';
import { EventList } from './EventList';
import { ReplayChart } from './ReplayChart';
import './replay.css';
import { Scrubber, type Speed } from './Scrubber';
import { indexAt, peakIndex, useReplay, zoneAt, type ReplayData } from './useReplay';

/** How often the playback moves on (real milliseconds). */
const TICK_MS = 200;

function usePlayback(data: ReplayData | null, index: number, setIndex: (k: number) => void) {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(60);
  // Fractional position in points, so 1× moves a minute every 60 s even though a tick is 200 ms.
  const pos = useRef(index);
  useEffect(() => { if (Math.floor(pos.current) !== index) pos.current = index; }, [index]);
  // Play at the last point starts the night again from its first.
  const play = useCallback((on: boolean) => {
    if (on && data && pos.current >= data.times.length - 1) {
      pos.current = 0;
      setIndex(0);
    }
    setPlaying(on);
  }, [data, setIndex]);
  useEffect(() => {
    if (!playing || !data) return;
    const perTick = (speed * TICK_MS) / data.stepMs;
    const id = window.setInterval(() => {
      pos.current = Math.min(data.times.length - 1, pos.current + perTick);
      setIndex(Math.floor(pos.current));
      if (pos.current >= data.times.length - 1) setPlaying(false);
    }, TICK_MS);
    return () => window.clearInterval(id);
  }, [playing, speed, data, setIndex]);
  return { playing, setPlaying: play, speed, setSpeed };
}

function OperationPicker() {
  const t = useT();
  const [items, setItems] = useState<GetResponse<'/api/operations'>['items'] | null>(null);
  useEffect(() => { api.get<GetResponse<'/api/operations'>>('/api/operations', { limit: 20 }).then((r) => setItems(r.items), () => setItems([])); }, []);
  return (
    <div className="cy-center rp-picker">
      <div>
        <h1>{t('replayScreen.pick')}</h1>
        {items === null ? <p className="cy-dim">{t('common.loading')}</p> : items.length === 0 ? <p className="cy-dim">{t('replayScreen.noOperations')}</p> : (
          <ul>{items.map((o) => <li key={o.id}><Link to={`/operation/replay?operation=${o.id}`}>{o.name} <small>{o.ref}</small></Link></li>)}</ul>
        )}
      </div>
    </div>
  );
}

export function ReplayScreen() {
  const t = useT();
  const locale = useLocale();
  const q = new URLSearchParams(useLocation().search);
  const operationId = q.get('operation');
  const kiosk = q.get('kiosk') === '1';
  const startAt = q.get('at');
  const { data, error } = useReplay(operationId);
  const [index, setIndexState] = useState(0);
  const setIndex = useCallback((k: number) => setIndexState(k), []);
  const opened = useRef(false);
  useEffect(() => {
    if (data && !opened.current) {
      opened.current = true;
      setIndexState(indexAt(data.times, startAt));
    }
  }, [data, startAt]);
  const { playing, setPlaying, speed, setSpeed } = usePlayback(data, index, setIndex);
  const peak = useMemo(() => (data ? peakIndex(data) : null), [data]);

  const at = data?.times[index] ?? 0;
  const step = data?.replay.window.step ?? 1;
  const zones = useMemo(() => (data ? data.zones.map(({ zone, series }) => zoneAt(zone, series, index, step, at)) : []), [data, index, step, at]);
  const until = at + (data?.stepMs ?? 60_000);
  const counts = useMemo(() => {
    const past = (data?.replay.events ?? []).filter((e) => Date.parse(e.at) < until);
    const n = (kind: string, f: (e: (typeof past)[number]) => boolean = () => true) => past.filter((e) => e.kind === kind && f(e)).length;
    return {
      alerts: n('alert_raised'), acked: n('alert_acknowledged'), measures: n('task_created'), done: n('task_done', (e) => e.source !== 'template'),
    };
  }, [data, until]);

  if (!operationId) return <div className="cy-screen"><OperationPicker /></div>;
  if (error && !data) return <div className="cy-screen cy-center"><h1>{t('replayScreen.loadFailed', { message: error.message })}</h1></div>;
  const op = data?.replay.operation;
  const noop = () => undefined;
  return (
    <div className={`cy-screen ${kiosk ? 'cy-kiosk' : ''}`} data-testid="replay-screen" data-ready={data ? '1' : '0'} data-index={index} data-at={data ? new Date(at).toISOString() : ''}>
      <header className="cy-head">
        <div className="cy-head-left">
          <span className="rp-badge">{t('replayScreen.badge')}</span>
          {op && <span className="op-opname" title={op.name}>{op.name}<small className="rp-ref">{op.ref}</small></span>}
          {op && !kiosk && (
            <span className="rp-links">
              <a href={`/api/operations/${op.id}/report?lang=${locale}`} target="_blank" rel="noreferrer" data-testid="replay-report">{t('replayScreen.report')}</a>
              <a href={`/api/operations/${op.id}/report.pdf?lang=${locale}`} data-testid="replay-pdf" title={t('replayScreen.pdfTitle')}>{t('replayScreen.pdf')}</a>
            </span>
          )}
        </div>
        <h1>{t('replayScreen.title')}</h1>
        <div className="cy-head-right">
          <div className="cy-clock rp-clock" data-testid="replay-time">
            <b>{data ? beijingTime(new Date(at)).slice(0, 5) : '--:--'}</b>
            <span>{data ? beijingDate(new Date(at), locale) : ''}</span>
          </div>
          {!kiosk && <UserMenu dark />}
        </div>
      </header>
      {!data ? <div className="cy-center cy-dim">{t('common.loading')}</div> : (
        <main className="rp-body">
          {zones.length === 0 ? <div className="rp-cards cy-center cy-dim">{t('replayScreen.noZones')}</div> : (
            <div className="op-cards rp-cards" style={{ gridTemplateColumns: `repeat(${zones.length}, minmax(0, 1fr))` }}>
              {zones.map((z) => <ZoneCard key={z.code} zone={z} selected={false} onPick={noop} />)}
            </div>
          )}
          <Panel title={t('replayScreen.map')} className="op-map-panel rp-map-panel" extra={<TierLegend />}>
            {zones.length > 0 && <ZoneMap zones={zones} />}
          </Panel>
          <Panel title={t('replayScreen.night')} className="rp-chart-panel"
            extra={data.replay.partial ? <span className="op-panel-note">{t('replayScreen.partial')}</span> : undefined}>
            <ReplayChart data={data} index={index} onPick={(k) => { setPlaying(false); setIndex(k); }} />
          </Panel>
          <Panel title={t('replayScreen.events.title')} className="rp-events-panel"
            extra={(
              <span className="op-panel-figures" data-testid="replay-counts">
                <span>{t('replayScreen.counts.alerts')} <b className="op-c-red">{counts.alerts}</b></span>
                <span>{t('replayScreen.counts.acked')} <b className="op-c-on">{counts.acked}</b></span>
                <span>{t('replayScreen.counts.measures')} <b className="op-c-progress">{counts.measures}</b>/<b className="op-c-on">{counts.done}</b></span>
              </span>
            )}>
            <EventList data={data} until={until} fresh={until - 5 * data.stepMs} />
          </Panel>
          <Scrubber data={data} index={index} playing={playing} speed={speed} peak={peak} onIndex={setIndex} onPlay={setPlaying} onSpeed={setSpeed} />
        </main>
      )}
    </div>
  );
}
