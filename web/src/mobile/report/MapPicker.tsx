import { Alert, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../shared/api';
import { useLocale } from '../../shared/i18n';

type Ring = Array<[number, number]>;
interface Feature { properties: { code: string; name: string; nameEn?: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Ring[] | Ring[][] } }
interface Layer { features: Feature[] }

const rings = (f: Feature): Ring[] => (f.geometry.type === 'Polygon' ? f.geometry.coordinates as Ring[] : (f.geometry.coordinates as Ring[][]).flat());

let layers: Promise<[Layer, Layer]> | null = null;
/** The district outline and its streets: small layers (a few KB), enough to find a place without map tiles. */
export function loadMapLayers(): Promise<[Layer, Layer]> {
  layers ??= Promise.all([api.get<Layer>('/api/geo/district'), api.get<Layer>('/api/geo/streets')])
    .catch((e: unknown) => { layers = null; throw e; });
  return layers;
}

const W = 1000;

/** A tap-to-pick map of Yuzhong drawn from the platform's own layers (works without internet map tiles). */
export function MapPicker({ value, onPick }: { value?: { lng: number; lat: number } | null; onPick(p: { lng: number; lat: number }): void }) {
  const locale = useLocale();
  const [data, setData] = useState<[Layer, Layer] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => { loadMapLayers().then(setData, (e: Error) => setError(e.message)); }, []);

  const proj = useMemo(() => {
    if (!data) return null;
    const pts = data[0].features.flatMap(rings).flat();
    const lngs = pts.map((p) => p[0]); const lats = pts.map((p) => p[1]);
    const minLng = Math.min(...lngs), maxLng = Math.max(...lngs), minLat = Math.min(...lats), maxLat = Math.max(...lats);
    const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const pad = 0.04;
    const scale = W / ((maxLng - minLng) * kx * (1 + 2 * pad));
    const x0 = minLng - (maxLng - minLng) * pad; const y0 = maxLat + (maxLat - minLat) * pad * 2;
    const H = Math.round((y0 - (minLat - (maxLat - minLat) * pad * 2)) * scale);
    return {
      H,
      to: ([lng, lat]: [number, number]) => [(lng - x0) * kx * scale, (y0 - lat) * scale] as const,
      from: (x: number, y: number) => ({ lng: +(x / (kx * scale) + x0).toFixed(6), lat: +(y0 - y / scale).toFixed(6) }),
    };
  }, [data]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!data || !proj) return <div style={{ textAlign: 'center', padding: 24 }}><Spin /></div>;
  const path = (f: Feature) => rings(f).map((r) => 'M' + r.map((p) => proj.to(p).map((v) => v.toFixed(1)).join(',')).join('L') + 'Z').join('');

  function onClick(e: React.MouseEvent<SVGSVGElement>) {
    const m = svg.current?.getScreenCTM();
    if (!m || !proj) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    onPick(proj.from(pt.x, pt.y));
  }

  const marker = value ? proj.to([value.lng, value.lat]) : null;
  return (
    <svg ref={svg} className="m-map" viewBox={`0 0 ${W} ${proj.H}`} onClick={onClick} data-testid="map-picker" role="img">
      {data[1].features.map((f) => <path key={f.properties.code} d={path(f)} fill="#dbe7fb" stroke="#7aa2e3" strokeWidth={3} />)}
      {data[0].features.map((f, i) => <path key={i} d={path(f)} fill="none" stroke="#1d4ed8" strokeWidth={6} />)}
      {data[1].features.map((f) => {
        const pts = rings(f)[0]!.map(proj.to);
        const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length; const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
        const name = locale === 'en' && f.properties.nameEn ? f.properties.nameEn.replace(/ Subdistrict$/, '') : f.properties.name.replace(/街道$/, '');
        return <text key={f.properties.code} x={cx} y={cy} fontSize={30} textAnchor="middle" fill="#334155" pointerEvents="none">{name}</text>;
      })}
      {marker && (
        <g transform={`translate(${marker[0]},${marker[1]})`} pointerEvents="none">
          <circle r={34} fill="rgba(245,63,63,.18)" />
          <path d="M0,0 L-14,-30 A16,16 0 1,1 14,-30 Z" fill="#f53f3f" stroke="#fff" strokeWidth={3} />
        </g>
      )}
    </svg>
  );
}
