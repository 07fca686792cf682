import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { when } from '../common/format';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { usePaged } from '../common/use-paged';

type Alert = GetResponse<'/api/crowd/alerts'>['items'][number];
type View = 'active' | 'all';

const TIER_COLOR: Record<string, string> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };

/** 客流预警 on the post's phone: the zone's alerts in force, acknowledged (签收) and turned into measures with one tap. */
export function AlertsPage() {
  const t = useT();
  const [view, setView] = useState<View>('active');
  const page = usePaged<Alert>((offset, limit) => api.get<GetResponse<'/api/crowd/alerts'>>('/api/crowd/alerts',
    { active: view === 'active' ? 'true' : undefined, offset, limit }), [view]);
  // A new alert, a clearance or another post's acknowledgement: one reload per burst.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(['crowd'], (e) => {
    if (e.type !== 'crowd.alert' && e.type !== 'crowd.playbook') return;
    if (timer.current) return;
    timer.current = setTimeout(() => { timer.current = null; page.reload(); }, 500);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  return (
    <>
      <PageHeader title={t('alerts.title')} extra={
        <Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} loading={page.loading && page.items.length > 0} onClick={page.reload} />
      } />
      <div className="m-page">
        <Segmented block size="large" value={view} onChange={(v) => setView(v as View)}
          options={[{ value: 'active', label: t('alerts.active') }, { value: 'all', label: t('alerts.all') }]} />
        <ListState page={page} empty={t('alerts.empty')}>
          {page.items.map((a) => <AlertCard key={a.id} a={a} onChanged={page.reload} />)}
        </ListState>
      </div>
    </>
  );
}

function AlertCard({ a, onChanged }: { a: Alert; onChanged(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'ack' | 'playbook' | null>(null);

  async function act(kind: 'ack' | 'playbook') {
    setBusy(kind);
    try {
      const res = await api.post<{ tasks?: unknown[] }>(`/api/crowd/alerts/${a.id}/${kind}`, kind === 'ack' ? {} : undefined);
      message.success(kind === 'ack' ? t('alerts.acked') : t('alerts.measuresSent', { n: res.tasks?.length ?? 0 }));
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.status === 409) onChanged();
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card className="m-card" size="small" data-testid="alert-card" data-tier={a.tier} data-state={a.state}>
      <div className="m-card-title">
        <strong>{a.zone.name}</strong>
        <Space size={4}>
          <Tag color={TIER_COLOR[a.tier]} style={{ marginInlineEnd: 0 }}>{t(`alerts.tier.${a.tier}`)}</Tag>
          <Tag style={{ marginInlineEnd: 0 }}>{t(`alerts.kind.${a.kind}`)}</Tag>
        </Space>
      </div>
      <div className="m-meta">
        {a.kind === 'forecast' && a.forecastDensity !== null
          ? t('alerts.forecastLine', { density: a.forecastDensity.toFixed(2), now: a.density.toFixed(2) })
          : t('alerts.densityLine', { density: a.density.toFixed(2), occupancy: a.occupancy })}
      </div>
      <div className="m-meta">
        {when(a.at)}
        {!a.active && ` · ${t('alerts.cleared')}`}
        {a.ack && ` · ${t('alerts.ackedBy', { by: a.ack.by, at: when(a.ack.at) })}`}
      </div>
      {a.canAct && a.active && (
        <div className="m-row" style={{ gap: 8, marginTop: 8 }}>
          {a.canAck && <Button type="primary" block size="large" loading={busy === 'ack'} onClick={() => void act('ack')} data-testid="alert-ack">{t('alerts.ack')}</Button>}
          <Button block size="large" loading={busy === 'playbook'} onClick={() => void act('playbook')} data-testid="alert-playbook">{t('alerts.playbook')}</Button>
        </div>
      )}
    </Card>
  );
}
