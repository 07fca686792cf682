import { AimOutlined, EditOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, InputNumber, Space, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { loadMapLayers, MapPicker } from './MapPicker';

export type Place =
  | { status: 'checking' }
  | { status: 'ok'; gridCode: string; streetCode: string; label: string; snappedMeters: number | null }
  | { status: 'outside' | 'error'; message: string };

export interface LocationValue {
  lng: number;
  lat: number;
  source: 'gps' | 'map' | 'manual';
  accuracy?: number;
  place: Place;
}

type Locate = GetResponse<'/api/geo/locate'>;

/** Where the point lands: the grid (by name when the worker may see it) and the street (from the map layer). */
export async function placeOf(lng: number, lat: number, locale: string): Promise<Place> {
  try {
    const r = await api.get<Locate>('/api/geo/locate', { lng, lat });
    const [grid, layers] = await Promise.all([
      api.get<{ name: string; nameEn: string | null }>(`/api/units/${r.gridCode}`).catch(() => null),
      loadMapLayers().catch(() => null),
    ]);
    const street = layers?.[1].features.find((f) => f.properties.code === r.streetCode)?.properties;
    const streetName = street ? (locale === 'en' && street.nameEn ? street.nameEn : street.name) : r.streetCode;
    const gridName = grid ? (locale === 'en' && grid.nameEn ? grid.nameEn : grid.name) : r.gridCode;
    return { status: 'ok', gridCode: r.gridCode, streetCode: r.streetCode, label: `${streetName} · ${gridName}`, snappedMeters: r.snappedMeters };
  } catch (e) {
    if (e instanceof ApiError && e.status === 422) return { status: 'outside', message: e.message };
    return { status: 'error', message: (e as Error).message };
  }
}

/**
 * The case's location: the phone's position by default; when that fails or is wrong, a tap on the map
 * or typed coordinates. Shows which grid the point lands in, or the server's "outside the district".
 */
export function LocationField({ value, onChange, disabled, id }: { value?: LocationValue | null; onChange?(v: LocationValue | null): void; disabled?: boolean; id?: string }) {
  const t = useT();
  const locale = useLocale();
  const [gps, setGps] = useState<'idle' | 'locating' | 'failed'>('idle');
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const [manualOpen, setManualOpen] = useState(false);
  const [manual, setManual] = useState<{ lng: number | null; lat: number | null }>({ lng: null, lat: null });
  const latest = useRef(0);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  function setPoint(lng: number, lat: number, source: LocationValue['source'], accuracy?: number) {
    const ticket = ++latest.current;
    const base = { lng, lat, source, accuracy };
    changeRef.current?.({ ...base, place: { status: 'checking' } });
    void placeOf(lng, lat, locale).then((place) => { if (ticket === latest.current) changeRef.current?.({ ...base, place }); });
  }

  function locate() {
    if (!('geolocation' in navigator)) {
      setGps('failed');
      setGpsError(t('location.unsupported'));
      return;
    }
    setGps('locating');
    setGpsError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => { setGps('idle'); setPoint(+pos.coords.longitude.toFixed(6), +pos.coords.latitude.toFixed(6), 'gps', Math.round(pos.coords.accuracy)); },
      (err) => {
        setGps('failed');
        setGpsError(t(err.code === err.PERMISSION_DENIED ? 'location.denied' : err.code === err.TIMEOUT ? 'location.timeout' : 'location.unavailable'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  }

  // The phone's position is the usual answer: ask for it once when the form opens empty.
  useEffect(() => { if (!value) locate(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const place = value?.place;
  return (
    <div id={id} data-testid="location-field">
      {gps === 'locating' && <div className="m-meta" style={{ padding: '8px 0' }}><Spin size="small" /> {t('location.locating')}</div>}
      {gps === 'failed' && gpsError && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={gpsError} description={t('location.fallback')} />
      )}
      {value && (
        <div style={{ padding: '8px 12px', background: '#fff', border: '1px solid #d9d9d9', borderRadius: 6, marginBottom: 8 }}>
          <div className="m-row" style={{ justifyContent: 'space-between' }}>
            <span><EnvironmentOutlined /> {value.lng.toFixed(6)}, {value.lat.toFixed(6)}</span>
            <span className="m-meta">{t(`location.source.${value.source}`)}{value.accuracy ? ` ±${value.accuracy}m` : ''}</span>
          </div>
          {place?.status === 'checking' && <div className="m-meta"><Spin size="small" /> {t('location.checking')}</div>}
          {place?.status === 'ok' && (
            <div data-testid="location-grid" style={{ color: '#00a870', fontWeight: 500 }}>
              {t('location.inGrid', { place: place.label })}
              {place.snappedMeters ? <span className="m-meta">（{t('location.snapped', { m: place.snappedMeters })}）</span> : null}
            </div>
          )}
          {(place?.status === 'outside' || place?.status === 'error') && (
            <div data-testid="location-error" style={{ color: '#f53f3f' }}>{place.message}</div>
          )}
        </div>
      )}
      <div className="m-loc-actions">
        <Button icon={<AimOutlined />} onClick={locate} loading={gps === 'locating'} disabled={disabled}>{t('location.useGps')}</Button>
        <Button icon={<EnvironmentOutlined />} onClick={() => setMapOpen(true)} disabled={disabled} data-testid="open-map">{t('location.pickOnMap')}</Button>
        <Button icon={<EditOutlined />} onClick={() => { setManual({ lng: value?.lng ?? null, lat: value?.lat ?? null }); setManualOpen(true); }} disabled={disabled}>
          {t('location.manual')}
        </Button>
      </div>

      <Drawer open={mapOpen} placement="bottom" size={470} title={t('location.mapTitle')} onClose={() => setMapOpen(false)} styles={{ body: { padding: 12 } }}>
        <div className="m-meta" style={{ marginBottom: 8 }}>{t('location.mapHint')}</div>
        <MapPicker value={value} onPick={(p) => setPoint(p.lng, p.lat, 'map')} />
        {place?.status === 'ok' && <div style={{ marginTop: 8, color: '#00a870' }}>{t('location.inGrid', { place: place.label })}</div>}
        {(place?.status === 'outside' || place?.status === 'error') && <div style={{ marginTop: 8, color: '#f53f3f' }}>{place.message}</div>}
        <Button type="primary" block size="large" style={{ marginTop: 12 }} disabled={place?.status !== 'ok'} onClick={() => setMapOpen(false)}>
          {t('common.ok')}
        </Button>
      </Drawer>

      <Drawer open={manualOpen} placement="bottom" size={330} title={t('location.manualTitle')} onClose={() => setManualOpen(false)}>
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <InputNumber addonBefore={t('location.lng')} style={{ width: '100%' }} size="large" min={-180} max={180} step={0.0001} precision={6}
            value={manual.lng} onChange={(v) => setManual((m) => ({ ...m, lng: v }))} inputMode="decimal" />
          <InputNumber addonBefore={t('location.lat')} style={{ width: '100%' }} size="large" min={-90} max={90} step={0.0001} precision={6}
            value={manual.lat} onChange={(v) => setManual((m) => ({ ...m, lat: v }))} inputMode="decimal" />
          <Button type="primary" block size="large" disabled={manual.lng === null || manual.lat === null}
            onClick={() => { setPoint(manual.lng!, manual.lat!, 'manual'); setManualOpen(false); }}>{t('common.ok')}</Button>
        </Space>
      </Drawer>
    </div>
  );
}
