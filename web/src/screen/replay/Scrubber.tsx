// The control bar: play / pause at 1×, 10× or 60× (simulated minutes per real minute), the scrubber across the
// night with every alert (in its tier's colour), measure, plan activation and hazard marked above it, and a jump
// to the worst moment.
import { CaretRightOutlined, PauseOutlined, StepBackwardOutlined, StepForwardOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Slider } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../shared/i18n';
import { beijingTime } from '../time';
import { TIER_COLORS } from '../operation/tiers';
import type { ReplayData, ReplayEvent } from './useReplay';

export const SPEEDS = [1, 10, 60] as const;
export type Speed = (typeof SPEEDS)[number];

const MARK_COLORS: Partial<Record<ReplayEvent['kind'], string>> = {
  task_created: '#36cfc9', plan_activated: '#b37feb', hazard_found: '#ffd666',
};

function markOf(e: ReplayEvent): { row: number; color: string } | null {
  if (e.kind === 'alert_raised') return { row: 0, color: TIER_COLORS[e.tier ?? 'blue'] };
  const color = MARK_COLORS[e.kind];
  return color ? { row: e.kind === 'task_created' ? 1 : 2, color } : null;
}

const hhmm = (t: number) => beijingTime(new Date(t)).slice(0, 5);

export function Scrubber({ data, index, playing, speed, peak, onIndex, onPlay, onSpeed }: {
  data: ReplayData; index: number; playing: boolean; speed: Speed; peak: number | null;
  onIndex(k: number): void; onPlay(on: boolean): void; onSpeed(s: Speed): void;
}) {
  const t = useT();
  const { times, stepMs, replay } = data;
  const last = Math.max(0, times.length - 1);
  const span = (times.at(-1) ?? 0) + stepMs - (times[0] ?? 0);
  const marks = useMemo(() => replay.events.flatMap((e) => {
    const m = markOf(e);
    return m ? [{ ...m, left: ((Date.parse(e.at) - times[0]!) / span) * 100, kind: e.kind, title: `${hhmm(Date.parse(e.at))} ${e.title}` }] : [];
  }), [replay.events, times, span]);
  const hours = useMemo(() => {
    const out: Array<{ left: number; label: string }> = [];
    const first = Math.ceil((times[0] ?? 0) / 3_600_000) * 3_600_000;
    for (let h = first; h <= (times.at(-1) ?? 0); h += 3_600_000) out.push({ left: ((h - times[0]!) / span) * 100, label: hhmm(h) });
    return out;
  }, [times, span]);

  return (
    <div className="rp-controls" data-testid="replay-controls">
      <div className="rp-buttons">
        <button type="button" className="rp-btn" onClick={() => onIndex(Math.max(0, index - 1))} aria-label={t('replayScreen.back')}><StepBackwardOutlined /></button>
        <button type="button" className={`rp-btn rp-play ${playing ? 'rp-on' : ''}`} data-testid="replay-play" onClick={() => onPlay(!playing)}
          aria-label={playing ? t('replayScreen.pause') : t('replayScreen.play')}>
          {playing ? <PauseOutlined /> : <CaretRightOutlined />}
        </button>
        <button type="button" className="rp-btn" onClick={() => onIndex(Math.min(last, index + 1))} aria-label={t('replayScreen.forward')}><StepForwardOutlined /></button>
        <span className="rp-speeds">
          {SPEEDS.map((s) => (
            <button type="button" key={s} className={`rp-speed ${s === speed ? 'rp-on' : ''}`} data-speed={s} onClick={() => onSpeed(s)}>{s}×</button>
          ))}
        </span>
        <button type="button" className="rp-btn rp-peak" data-testid="replay-peak" disabled={peak === null} onClick={() => peak !== null && onIndex(peak)}>
          <ThunderboltOutlined /> {t('replayScreen.peak')}
        </button>
      </div>
      <div className="rp-track">
        <div className="rp-marks" aria-hidden>
          {marks.map((m, i) => <i key={i} className={`rp-mark rp-row${m.row}`} data-kind={m.kind} style={{ left: `${m.left}%`, background: m.color }} title={m.title} />)}
        </div>
        <Slider
          className="rp-slider" min={0} max={last} step={1} value={index} onChange={(k: number) => { onPlay(false); onIndex(k); }}
          tooltip={{ formatter: (k) => (k === undefined ? '' : hhmm(times[k] ?? 0)) }}
        />
        <div className="rp-hours" aria-hidden>
          {hours.map((h) => <span key={h.left} style={{ left: `${h.left}%` }}>{h.label}</span>)}
        </div>
      </div>
      <div className="rp-legend">
        <span><i style={{ background: TIER_COLORS.red }} />{t('replayScreen.legend.alert')}</span>
        <span><i style={{ background: MARK_COLORS.task_created }} />{t('replayScreen.legend.measure')}</span>
        <span><i style={{ background: MARK_COLORS.plan_activated }} />{t('replayScreen.legend.plan')}</span>
        <span><i style={{ background: MARK_COLORS.hazard_found }} />{t('replayScreen.legend.hazard')}</span>
      </div>
    </div>
  );
}
