// The key zones on the district map, each filled with its present tier's colour (green when normal); zones at
// orange or red pulse. Four of the five lie within a few hundred metres of each other on the peninsula's tip, so
// their labels stand in a column beside them, each with a leader line to its zone.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, useT } from '../../shared/i18n';
import { echarts, type EChartsOption } from '../echarts';
import { centroid, layer, type Feature } from '../geo';
import { COLORS, FONT } from '../theme';
import { density, TIERS, TIER_COLORS, tierColor, zoneLabel, type Zone } from './tiers';

const MAP = 'cy-op-zones';
/** Zones closer than this (degrees) form a cluster whose labels stand in a column beside it. */
const NEAR = 0.02;
const ROW_PX = 42;
const GAP_PX = 44;

function zoneFeature(z: Zone): Feature | null {
  const g = z.geometry as Feature['geometry'] | undefined;
  return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? { type: 'Feature', properties: { code: z.code, name: z.name }, geometry: g } : null;
}

type Placement = { x: number; y: number; align: 'right' | 'center' };

/**
 * Where each zone's label goes, in pixels: a zone on its own has its label above it; the labels of a cluster stand
 * in a column to its west (the cluster lies at the peninsula's eastern tip), in the zones' north-south order.
 */
function placeLabels(px: Array<[number, number]>, at: Array<[number, number]>, height: number): Placement[] {
  const out: Placement[] = px.map(([x, y]) => ({ x, y: y - 26, align: 'center' }));
  const clustered = at.map((_, i) => i).filter((i) => at.some((b, j) => j !== i && Math.hypot(b[0] - at[i]![0], b[1] - at[i]![1]) < NEAR));
  if (clustered.length === 0) return out;
  const left = Math.min(...clustered.map((i) => px[i]![0])) - GAP_PX;
  const order = [...clustered].sort((i, j) => px[i]![1] - px[j]![1]);
  const mid = order.reduce((s, i) => s + px[i]![1], 0) / order.length;
  const top = Math.max(ROW_PX / 2 + 4, Math.min(height - 60 - order.length * ROW_PX, mid - ((order.length - 1) * ROW_PX) / 2));
  order.forEach((i, k) => { out[i] = { x: left, y: top + k * ROW_PX, align: 'right' }; });
  return out;
}

export function ZoneMap({ zones }: { zones: Zone[] }) {
  const t = useT();
  const locale = useLocale();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [streets, setStreets] = useState<Feature[] | null>(null);
  // Places the labels from the zones' pixels: after every drawing and every resize.
  const relayout = useRef<() => void>(() => undefined);

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => { c.resize(); relayout.current(); });
    ro.observe(el.current!);
    let live = true;
    layer('streets').then((fc) => live && setStreets(fc.features), () => undefined);
    return () => { live = false; ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);

  // The polygons change only when a zone is registered or redrawn (live figures keep the geometry object): register
  // the map again only then.
  const cache = useRef<{ geoms: unknown[]; shapes: Feature[] }>({ geoms: [], shapes: [] });
  const geoms = zones.map((z) => z.geometry);
  if (geoms.length !== cache.current.geoms.length || geoms.some((g, i) => g !== cache.current.geoms[i])) {
    cache.current = { geoms, shapes: zones.map(zoneFeature).filter((f): f is Feature => f !== null) };
  }
  const shapes = cache.current.shapes;
  const mapReady = useMemo(() => {
    if (!streets) return false;
    echarts.registerMap(MAP, { type: 'FeatureCollection', features: [...streets, ...shapes] } as unknown as Parameters<typeof echarts.registerMap>[1]);
    return true;
  }, [streets, shapes]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !mapReady) return;
    const byCode = new Map(zones.map((z) => [z.code, z]));
    const placed = shapes.map((f) => ({ z: byCode.get(f.properties.code)!, at: centroid(f) }));
    const option: EChartsOption = {
      backgroundColor: 'transparent',
      animation: false,
      geo: {
        map: MAP, nameProperty: 'code', roam: false, silent: true, aspectScale: 0.87, top: 14, bottom: 14, left: 16, right: 16,
        label: { show: false },
        itemStyle: { areaColor: '#0f2b52', borderColor: '#3c6eb0', borderWidth: 1 },
        regions: placed.map(({ z }) => ({
          name: z.code, itemStyle: { areaColor: tierColor(z.live.tier), borderColor: '#ffffff', borderWidth: 1.5, opacity: 1 },
        })),
      },
      series: [
        {
          id: 'pulse', type: 'effectScatter', coordinateSystem: 'geo', silent: true, z: 4, symbolSize: 18,
          rippleEffect: { scale: 4, brushType: 'stroke', period: 2.5 },
          data: placed.filter((p) => p.z.live.tierLevel >= 3).map((p) => ({ value: p.at, itemStyle: { color: tierColor(p.z.live.tier) } })),
        },
        {
          id: 'labels', type: 'scatter', coordinateSystem: 'geo', silent: true, z: 6, symbolSize: 12,
          labelLine: { show: true, lineStyle: { color: 'rgba(232,241,255,0.75)', width: 1.5 } },
          data: placed.map(({ z, at }) => ({
            name: z.code, value: at, itemStyle: { color: tierColor(z.live.tier), borderColor: '#ffffff', borderWidth: 2 },
            label: {
              show: true, position: 'inside', fontFamily: FONT, padding: [5, 9], borderRadius: 4, backgroundColor: 'rgba(4, 11, 26, 0.88)',
              borderColor: tierColor(z.live.tier), borderWidth: 2,
              formatter: `{n|${zoneLabel(z, locale)}} {d|${density(z.live.density)}}`,
              rich: {
                n: { color: COLORS.text, fontSize: 18, fontWeight: 'bold', fontFamily: FONT },
                d: { color: tierColor(z.live.tier), fontSize: 19, fontWeight: 'bold', fontFamily: FONT },
              },
            },
          })),
        },
      ],
    };
    c.setOption(option);
    let at: Placement[] = [];
    (option.series as Array<Record<string, unknown>>)[1]!.labelLayout = (p: { dataIndex: number; labelRect: { width: number } }) => {
      const l = at[p.dataIndex];
      if (!l) return {};
      // A label centred over a zone near the edge is kept inside the canvas.
      const half = p.labelRect.width / 2 + 4;
      const x = l.align === 'center' ? Math.min(c.getWidth() - half, Math.max(half, l.x)) : l.x;
      return { x, y: l.y, align: l.align, verticalAlign: 'middle' };
    };
    relayout.current = () => {
      const px = placed.map((p) => c.convertToPixel({ geoIndex: 0 }, p.at) as [number, number]);
      at = placeLabels(px, placed.map((p) => p.at), c.getHeight());
      c.setOption(option);
    };
    relayout.current();
  }, [mapReady, shapes, zones, locale]);

  const tiers = zones.map((z) => `${z.code}:${z.live.tier ?? 'normal'}`).join(' ');
  return (
    <div className="op-map">
      <div ref={el} className="op-map-canvas" data-testid="zone-map" data-tiers={tiers} />
      <em className="op-map-note">{t('operationScreen.approximate')}</em>
    </div>
  );
}

/** The tier colours, for the map panel's header. */
export function TierLegend() {
  const t = useT();
  return (
    <span className="op-map-legend">
      {(['normal', ...TIERS] as const).map((k) => (
        <span key={k}><i style={{ background: TIER_COLORS[k] }} />{t(`operationScreen.tier.${k}`)}</span>
      ))}
    </span>
  );
}
