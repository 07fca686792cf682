// One key zone at a glance: a density gauge painted with the zone's own bands, occupancy against capacity, the
// flow in and out per minute and the 15/30-minute forecast (预警 when it reaches a higher tier).
import { useMemo } from 'react';
import { useLocale, useT } from '../../shared/i18n';
import { Chart } from '../Chart';
import type { EChartsOption } from '../echarts';
import { FONT } from '../theme';
import { CRITICAL_COLOR, density, levelOf, persons, TIER_COLORS, tierColor, tierDensities, tierOfLevel, zoneLabel, zoneName, type Zone } from './tiers';

/** The gauge's top: a little past the critical line, or past the red band if the zone's bands were set higher. */
const gaugeMax = (z: Zone) => Math.ceil(Math.max(z.criticalDensity + 1, tierDensities(z).red * 1.2));

function gaugeOption(z: Zone, unit: string): EChartsOption {
  const max = gaugeMax(z);
  const d = tierDensities(z);
  const stop = (x: number) => Math.min(1, x / max);
  return {
    animationDurationUpdate: 600,
    series: [{
      type: 'gauge', min: 0, max, splitNumber: max, startAngle: 200, endAngle: -20, radius: '94%', center: ['50%', '52%'],
      axisLine: {
        lineStyle: {
          width: 14,
          color: [
            [stop(d.blue), TIER_COLORS.normal], [stop(d.yellow), TIER_COLORS.blue], [stop(d.orange), TIER_COLORS.yellow],
            [stop(d.red), TIER_COLORS.orange], [stop(z.criticalDensity), TIER_COLORS.red], [1, CRITICAL_COLOR],
          ],
        },
      },
      pointer: { length: '58%', width: 6, offsetCenter: [0, '-4%'], itemStyle: { color: 'auto' } },
      anchor: { show: true, size: 12, itemStyle: { color: '#0a1c3a', borderColor: '#8fb0d9', borderWidth: 2 } },
      axisTick: { show: false },
      splitLine: { distance: -14, length: 14, lineStyle: { color: '#040b1a', width: 2 } },
      axisLabel: { distance: 17, color: '#8fb0d9', fontSize: 13, fontFamily: FONT },
      title: { offsetCenter: [0, '68%'], color: '#8fb0d9', fontSize: 13, fontFamily: FONT },
      detail: {
        offsetCenter: [0, '40%'], valueAnimation: true, fontSize: 32, fontWeight: 700, color: tierColor(z.live.tier),
        fontFamily: '"DIN Alternate", "Roboto Condensed", "Helvetica Neue", Arial, sans-serif', formatter: (v: number) => v.toFixed(2),
      },
      data: [{ value: Math.min(max, z.live.density), name: unit }],
    }],
  } as EChartsOption;
}

function ForecastFigure({ label, point }: { label: string; point: Zone['live']['forecast']['in15'] }) {
  const tier = point ? tierOfLevel(point.level) : null;
  return (
    <span className="op-fc">
      <small>{label}</small>
      <b style={{ color: point ? tierColor(tier) : undefined }}>{point ? density(point.density) : '—'}</b>
    </span>
  );
}

export function ZoneCard({ zone: z, selected, onPick }: { zone: Zone; selected: boolean; onPick(code: string): void }) {
  const t = useT();
  const locale = useLocale();
  const l = z.live;
  const option = useMemo(() => gaugeOption(z, t('operationScreen.densityUnit')), [z, t]);
  const colour = tierColor(l.tier);
  // 预警: the forecast reaches a tier above the present one.
  const warned = levelOf(l.forecastTier) > l.tierLevel;
  const util = Math.round(l.utilisation * 100);
  return (
    <section
      className={`op-card ${selected ? 'op-selected' : ''} ${l.tierLevel >= 3 ? 'op-card-alarm' : ''}`}
      style={{ '--tier': colour } as React.CSSProperties}
      data-testid="zone-card" data-zone={z.code} data-tier={l.tier ?? 'normal'} onClick={() => onPick(z.code)}
    >
      <header>
        <h2 title={zoneName(z, locale)}>{zoneLabel(z, locale)}</h2>
        {l.asOf === null
          ? <span className="op-tier op-nodata" data-testid="zone-tier">{t('operationScreen.noData')}</span>
          : <span className="op-tier" data-testid="zone-tier">{t(`operationScreen.tier.${l.tier ?? 'normal'}`)}</span>}
      </header>
      <div className="op-card-body">
        <div className="op-gauge"><Chart option={option} className="op-gauge-chart" /></div>
        <div className="op-figures">
          <div className="op-occ">
            <label>{t('operationScreen.occupancy')}</label>
            <b>{persons(l.occupancy, locale)}</b>
            <small>/ {persons(z.capacity, locale)} · <em style={{ color: colour }}>{util}%</em></small>
            <span className="op-util"><i style={{ width: `${Math.min(100, util)}%`, background: colour }} /></span>
          </div>
          <div className="op-flow">
            <span className="op-in" title={t('operationScreen.inRate')}>↑{Math.round(l.inRate).toLocaleString()}</span>
            <span className="op-out" title={t('operationScreen.outRate')}>↓{Math.round(l.outRate).toLocaleString()}</span>
            <small>{t('operationScreen.perMin')}</small>
          </div>
        </div>
      </div>
      <footer className="op-card-foot">
        <span className={`op-fc-head ${warned ? 'op-warned' : ''}`} style={warned ? { background: tierColor(l.forecastTier) } : undefined}>
          {warned ? t('operationScreen.warned') : t('operationScreen.forecast')}
        </span>
        <ForecastFigure label={t('operationScreen.in15')} point={l.forecast.in15} />
        <ForecastFigure label={t('operationScreen.in30')} point={l.forecast.in30} />
      </footer>
    </section>
  );
}
