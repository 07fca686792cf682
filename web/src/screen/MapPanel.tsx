// The place's map: streets (or one street's grids) shaded by open cases, the key zones outlined, and every
// open case as a dot coloured by lateness (red overdue, yellow warning, blue in progress, green closed today).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, useT } from '../shared/i18n';
import { echarts, type EChartsOption } from './echarts';
import { centroid, layer, placeMap, rings, type Feature } from './geo';
import { MARKER_CLASSES, type MarkerClass, type MarkerSet } from './markers';
import { COLORS, FONT } from './theme';

interface Props {
  kind: 'district' | 'street';
  code: string;
  /** Open cases per region (street or grid code). */
  openByRegion: Map<string, number>;
  markers: MarkerSet;
  markersVersion: number;
  markersLoaded: boolean;
  onRegionClick?(code: string): void;
  /** Called once when the map, its regions and the first markers have been painted. */
  onDrawn?(): void;
}

// Dots grow on a street's map, which shows a few dozen cases rather than thousands.
const SIZE: Record<'district' | 'street', Record<MarkerClass, number>> = {
  district: { closedToday: 6, inProgress: 6, warning: 8, overdue: 9 },
  street: { closedToday: 11, inProgress: 11, warning: 13, overdue: 14 },
};

function shade(open: number, max: number): string {
  // From the panel blue to a brighter steel blue as open cases grow.
  const t = max > 0 ? Math.min(1, open / max) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(16, 30)}, ${mix(42, 82)}, ${mix(84, 150)})`;
}

export function MapPanel({ kind, code, openByRegion, markers, markersVersion, markersLoaded, onRegionClick, onDrawn }: Props) {
  const t = useT();
  const locale = useLocale();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [base, setBase] = useState<{ map: string; features: Feature[]; zones: Feature[] } | null>(null);
  const drawnRef = useRef(false);
  const clickRef = useRef(onRegionClick);
  clickRef.current = onRegionClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const params = p as { componentType?: string; name?: string };
      if (params.componentType === 'geo' && params.name) clickRef.current?.(params.name);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    let live = true;
    setBase(null);
    drawnRef.current = false;
    Promise.all([placeMap(kind, code), layer('zones')]).then(([m, zones]) => {
      if (!live) return;
      setBase({ ...m, zones: zones.features.filter((z) => kind === 'district' || z.properties.street === code) });
    }, () => undefined);
    return () => { live = false; };
  }, [kind, code]);

  // Base layer: regions, labels, zones. Rebuilt when the place, language or shading changes.
  useEffect(() => {
    const c = chart.current;
    if (!c || !base) return;
    const names = new Map(base.features.map((f) => [f.properties.code, locale === 'en' ? (f.properties.nameEn ?? f.properties.name) : f.properties.name]));
    const max = Math.max(1, ...openByRegion.values());
    const zoneName = (z: Feature) => (locale === 'en' ? (z.properties.nameEn ?? z.properties.name) : z.properties.name);
    const option: EChartsOption = {
      backgroundColor: 'transparent',
      // A wall screen needs no entry animation, and the first render is done (and timed) when drawing ends.
      animation: false,
      geo: {
        map: base.map, nameProperty: 'code', roam: false, triggerEvent: true, aspectScale: 0.87, top: 16, bottom: 64, left: 16, right: 16, preserveAspect: 'contain',
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: '#10305a', borderColor: '#5fa8ff', borderWidth: kind === 'district' ? 2 : 0.8 },
        emphasis: {
          label: { show: true, color: '#fff', fontSize: 20, fontFamily: FONT, formatter: (p: { name: string }) => names.get(p.name) ?? p.name },
          itemStyle: { areaColor: '#1d5fa8' },
        },
        regions: base.features.map((f) => ({ name: f.properties.code, itemStyle: { areaColor: shade(openByRegion.get(f.properties.code) ?? 0, max) } })),
        tooltip: { show: false },
      },
      series: [
        {
          id: 'zones', type: 'lines', coordinateSystem: 'geo', polyline: true, silent: true, z: 3,
          lineStyle: { color: COLORS.zone, width: 3, type: 'dashed', opacity: 1 },
          data: base.zones.flatMap((z) => rings(z).map((r) => ({ name: zoneName(z), coords: r }))),
        },
        {
          // District: street names only (zone names would crowd them; the zones stay outlined). Street: zone names.
          id: 'labels', type: 'scatter', coordinateSystem: 'geo', silent: true, symbolSize: 0, z: 6,
          labelLayout: { moveOverlap: 'shiftY' },
          label: { show: true, fontFamily: FONT, textBorderColor: '#031022', formatter: (p: { name: string }) => p.name },
          data: [
            ...(kind === 'district' ? base.features.map((f) => ({
              name: names.get(f.properties.code) ?? f.properties.name, value: centroid(f),
              label: { color: COLORS.text, fontSize: 19, fontWeight: 'bold' as const, textBorderWidth: 4, position: 'inside' as const },
            })) : []),
            ...(kind === 'district' ? [] : base.zones).map((z) => ({
              name: zoneName(z), value: z.properties.center ?? rings(z)[0]![0]!,
              label: { color: COLORS.zone, fontSize: 15, fontWeight: 'bold' as const, textBorderWidth: 3, position: 'top' as const, distance: 12 },
            })),
          ],
        },
      ],
    };
    // Series carry ids, so this merges with the marker series instead of dropping them.
    c.setOption(option);
  }, [base, locale, kind, openByRegion]);

  // The set mutates in place; its version says when it changed.
  const groups = useMemo(() => markers.byClass(), [markers, markersVersion]);
  const counts = MARKER_CLASSES.map((cls) => `${cls}:${groups[cls].length}`).join(' ');

  // Markers: one scatter per colour class (overdue drawn last, on top); large mode for thousands of dots.
  useEffect(() => {
    const c = chart.current;
    if (!c || !base || !markersLoaded) return;
    c.setOption({
      series: MARKER_CLASSES.map((cls, i) => ({
        id: `m-${cls}`, type: 'scatter', coordinateSystem: 'geo', silent: true, z: 4 + i / 10, large: true, largeThreshold: 2000,
        symbolSize: SIZE[kind][cls], itemStyle: { color: COLORS[cls], borderColor: 'rgba(0,0,0,0.5)', borderWidth: 0.5 },
        data: groups[cls],
      })),
    });
    if (!drawnRef.current) {
      drawnRef.current = true;
      // setOption has laid out and rendered; zrender paints on the next frame: report after that frame.
      requestAnimationFrame(() => requestAnimationFrame(() => onDrawn?.()));
    }
  }, [base, groups, markersLoaded, onDrawn, kind]);

  return (
    <div className="cy-map">
      <div ref={el} className="cy-map-canvas" data-testid="screen-map" data-markers={markersLoaded ? markers.size : ''} data-counts={counts} />
      <div className="cy-map-legend">
        {(['overdue', 'warning', 'inProgress', 'closedToday'] as const).map((cls) => (
          <span key={cls}><i style={{ background: COLORS[cls] }} />{t(`screen.legend.${cls}`)}</span>
        ))}
        <span><i className="cy-zone-key" />{t('screen.legend.zone')}</span>
        <em>{t('screen.approximate')}</em>
      </div>
    </div>
  );
}
