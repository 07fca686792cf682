import { ClockCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { WARN_COLOR, when } from '../common/format';
import { isOpen, RECEIPT_COLOR } from './receipt-format';

type Receipt = GetResponse<'/api/receipts'>['items'][number];

/** One receipt in the phone list; a directive waiting for my signature is signed with one tap on the card. */
export function ReceiptCard({ r, onChanged }: { r: Receipt; onChanged(): void }) {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  // A new version is re-confirmed on the detail page, where the changes are shown.
  const quickSign = r.state === 'pending';

  async function sign() {
    setBusy(true);
    try {
      await api.post(`/api/receipts/${r.id}/sign`, {});
      message.success(t('receipts.signed'));
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.status === 409) onChanged();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card className="m-card" size="small" onClick={() => nav(`/receipts/${r.id}`)} data-testid="receipt-card" data-ref={r.ref} data-state={r.state}>
      <div className="m-card-title">
        <strong>{r.title}</strong>
        <Tag color={RECEIPT_COLOR[r.state] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`receipts.state.${r.state}`)}</Tag>
      </div>
      <div className="m-meta">{r.ref} · {r.unitName}</div>
      <div className="m-row m-meta" style={{ justifyContent: 'space-between' }}>
        <span>{t('receipts.received')} {when(r.createdAt)}</span>
        {isOpen(r.state) && r.deadlineAt && (
          <Tag color={WARN_COLOR[r.warnLevel] ?? 'default'} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
            {t(r.stage === 'report' ? 'receipts.reportDue' : 'receipts.signDue', { at: when(r.deadlineAt) })}
          </Tag>
        )}
      </div>
      {quickSign && (
        <Button type="primary" block size="large" loading={busy} style={{ marginTop: 8 }} data-testid="quick-sign"
          onClick={(e) => { e.stopPropagation(); void sign(); }}>{t('receipts.sign')}</Button>
      )}
      {r.state === 'resign' && (
        <Button block size="large" style={{ marginTop: 8 }} onClick={(e) => { e.stopPropagation(); nav(`/receipts/${r.id}`); }}>{t('receipts.reviewChanges')}</Button>
      )}
    </Card>
  );
}
