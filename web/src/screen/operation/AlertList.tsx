// The live alert list: alerts in force first (newest first), then the cleared ones. Each shows its tier colour, the
// zone, the event time, whether it is a 预警 on the 15-minute forecast or the present density, and who acknowledged
// it when; those not yet acknowledged blink. The command post (alert:ack) acknowledges on the screen itself.
import { App, Button, Popconfirm } from 'antd';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { beijingTime } from '../time';
import { density, persons, tierColor, type Alert, type Zone } from './tiers';

const MAX_ROWS = 24;
const hhmm = (t: string) => beijingTime(t).slice(0, 5);

function AlertRow({ a, zone, canAck, onAck }: { a: Alert; zone: Zone | undefined; canAck: boolean; onAck(id: string): Promise<void> }) {
  const t = useT();
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const open = a.state === 'open';
  const name = locale === 'en' && zone?.nameEn ? zone.nameEn : a.zone.name;
  const ackUnit = a.ack?.unit && zone?.post?.code === a.ack.unit ? zone.post.name : a.ack?.unit;
  const ack = async () => {
    setBusy(true);
    try {
      await onAck(a.id);
      message.success(t('operationScreen.alerts.ackDone'));
    } catch (e) {
      message.error(t('operationScreen.alerts.ackFailed', { message: (e as ApiError).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      className={`op-alert ${a.active ? '' : 'op-cleared'} ${open && a.active ? 'op-blink' : ''}`}
      style={{ '--tier': tierColor(a.tier) } as React.CSSProperties}
      data-testid="alert-row" data-alert={a.id} data-zone={a.zone.code} data-tier={a.tier} data-kind={a.kind} data-state={a.state} data-active={a.active ? '1' : '0'}
    >
      <div className="op-alert-line">
        <span className="op-alert-tier">{t(`operationScreen.tier.${a.tier}`)}</span>
        <span className={`op-kind op-kind-${a.kind}`}>{t(`operationScreen.alerts.kind.${a.kind}`)}</span>
        <b className="op-alert-zone">{name}</b>
        <time>{hhmm(a.at)}</time>
      </div>
      <div className="op-alert-line op-alert-sub">
        <span className="op-alert-what">
          {a.kind === 'forecast' && a.forecastDensity !== null
            ? t('operationScreen.alerts.forecastText', { d: density(a.forecastDensity), now: density(a.density) })
            : t('operationScreen.alerts.densityText', { d: density(a.density), n: persons(a.occupancy, locale) })}
        </span>
        {!a.active && <span className="op-alert-cleared">{t(`operationScreen.alerts.clearReason.${a.clearReason ?? 'lowered'}`)}</span>}
        {a.ack ? (
          <span className="op-acked" data-testid="alert-acked" title={a.ack.note ?? undefined}>
            ✓ {t('operationScreen.alerts.acked', { by: a.ack.by, time: hhmm(a.ack.at) })}{ackUnit ? ` · ${ackUnit}` : ''}
          </span>
        ) : (
          <span className="op-unacked">
            {t('operationScreen.alerts.open')}
            {canAck && (
              <Popconfirm title={t('operationScreen.alerts.ackConfirm')} okText={t('operationScreen.alerts.ack')} cancelText={t('common.cancel')} onConfirm={ack}>
                <Button size="small" type="primary" loading={busy} className="op-ack" data-testid="alert-ack">{t('operationScreen.alerts.ack')}</Button>
              </Popconfirm>
            )}
          </span>
        )}
      </div>
    </li>
  );
}

export function AlertList({ alerts, zones, onAck }: { alerts: Alert[]; zones: Zone[]; onAck(id: string): Promise<void> }) {
  const t = useT();
  // The list tells per alert whether this user may act on it (canAct: a post or centre of its zone); an alert that
  // arrived over the stream has no such flag, so alert:ack stands in for it until the next load (the server decides).
  const canAckAny = useSession().can('alert:ack');
  const byCode = useMemo(() => new Map(zones.map((z) => [z.code, z])), [zones]);
  const rows = useMemo(() => [...alerts.filter((a) => a.active), ...alerts.filter((a) => !a.active)].slice(0, MAX_ROWS), [alerts]);
  if (rows.length === 0) return <div className="cy-empty">{t('operationScreen.alerts.none')}</div>;
  return (
    <ul className="op-alerts" data-testid="alert-list">
      {rows.map((a) => <AlertRow key={a.id} a={a} zone={byCode.get(a.zone.code)} canAck={(a as Partial<Alert>).canAct ?? canAckAny} onAck={onAck} />)}
    </ul>
  );
}
