import { Empty, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../shared/i18n';
import { EChart } from '../lib/EChart';
import { echarts } from '../lib/echarts';
import { loadStreets } from '../lib/reference';

const MAP = 'yuzhong-streets';
let registered: Promise<void> | null = null;

/** Registers the street layer with ECharts once per page, however many maps are drawn. */
function registerStreets(): Promise<void> {
  registered ??= loadStreets().then((layer) => {
    // ECharts names regions by properties.name; the layer's names are the streets' Chinese names.
    echarts.registerMap(MAP, layer as never);
  }).catch((e: unknown) => { registered = null; throw e; });
  return registered;
}

const WARN_COLOURS: Record<string, string> = { red: '#f5222d', yellow: '#faad14', none: '#1677ff' };

/** The case's point on the (approximate) street map of the district. */
export function CaseMap({ lng, lat, label, warnLevel }: { lng: number; lat: number; label: string; warnLevel: string }) {
  const t = useT();
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  useEffect(() => { registerStreets().then(() => setState('ready'), () => setState('error')); }, []);

  const option = useMemo(() => ({
    tooltip: { trigger: 'item' as const },
    geo: {
      map: MAP, roam: true, center: [lng, lat], zoom: 2.2, scaleLimit: { min: 1, max: 20 },
      label: { show: true, fontSize: 11, color: '#555' },
      itemStyle: { areaColor: '#f0f5ff', borderColor: '#7b9bd6', borderWidth: 1 },
      emphasis: { label: { color: '#1d39c4' }, itemStyle: { areaColor: '#d6e4ff' } },
      select: { disabled: true },
    },
    series: [{
      type: 'effectScatter' as const, coordinateSystem: 'geo', symbolSize: 14, rippleEffect: { scale: 3 },
      itemStyle: { color: WARN_COLOURS[warnLevel] ?? '#1677ff' },
      data: [{ name: label, value: [lng, lat] }],
      tooltip: { formatter: `${label}<br/>${lng.toFixed(6)}, ${lat.toFixed(6)}` },
    }],
  }), [lng, lat, label, warnLevel]);

  if (state === 'loading') return <div style={{ height: 240, display: 'grid', placeItems: 'center' }}><Spin /></div>;
  if (state === 'error') return <Empty description={t('detail.mapFailed')} />;
  return (
    <div>
      <EChart option={option} height={240} ariaLabel={t('detail.map')} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('detail.mapNote')} · {lng.toFixed(6)}, {lat.toFixed(6)}
      </Typography.Text>
    </div>
  );
}
