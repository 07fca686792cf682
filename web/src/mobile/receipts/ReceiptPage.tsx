import { Alert, App, Button, Card, Image, Result, Spin, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { WARN_COLOR, whenFull } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { isOpen, RECEIPT_COLOR } from './receipt-format';
import { ReportForm } from './ReportForm';
import { useReceiptRefresh } from './use-receipt-refresh';

type Detail = GetResponse<'/api/receipts/{id}'>;
interface Photo { id: string; url: string; thumbUrl: string }


/** One directive as my unit received it: read it, sign (or re-confirm a new version), report what was done. */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { message } = App.useApp();
  const [r, setR] = useState<Detail | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [signing, setSigning] = useState(false);
  // A changed value: text as it is, a deadline as "2 working days" or its date.
  const show = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'at' in v) return whenFull(String(v.at));
    if (v && typeof v === 'object' && 'amount' in v && 'unit' in v) return `${String(v.amount)} ${t(`receipts.limitUnit.${String(v.unit)}`)}`;
    return '—';
  };

  const load = useCallback(async () => {
    try {
      const d = await api.get<Detail>(`/api/receipts/${id}`);
      setR(d);
      setError(null);
      if (d.reportAttachmentIds.length) {
        const a = await api.get<{ items: Photo[] }>(`/api/work-items/${id}/attachments`).catch(() => ({ items: [] }));
        setPhotos(a.items.filter((p) => d.reportAttachmentIds.includes(p.id)));
      }
    } catch (e) {
      setError(e as ApiError);
    }
  }, [id]);
  useEffect(() => { void load(); }, [load]);
  useReceiptRefresh(load);

  async function sign() {
    setSigning(true);
    try {
      await api.post(`/api/receipts/${id}/sign`, {});
      message.success(t('receipts.signed'));
      await load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      void load();
    } finally {
      setSigning(false);
    }
  }

  const header = <PageHeader title={t('receipts.detailTitle')} back />;
  if (error && !r) return <>{header}<div className="m-page"><Result status={error.status === 404 ? '404' : 'error'} title={error.message} /></div></>;
  if (!r) return <>{header}<div style={{ textAlign: 'center', padding: 48 }}><Spin /></div></>;

  const canSign = r.allowedActions.includes('sign');
  const canReport = r.allowedActions.includes('report') && r.directive.requires.report;
  return (
    <>
      {header}
      <div className="m-page">
        <Card size="small">
          <div className="m-card-title">
            <strong>{r.directive.title}</strong>
            <Tag color={RECEIPT_COLOR[r.state] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="receipt-state">{t(`receipts.state.${r.state}`)}</Tag>
          </div>
          <div className="m-meta">{r.ref} · {r.directive.issuerName}</div>
          {isOpen(r.state) && r.deadlineAt && (
            <Tag color={WARN_COLOR[r.warnLevel] ?? 'default'} style={{ marginTop: 6 }}>
              {t(r.stage === 'report' ? 'receipts.reportDue' : 'receipts.signDue', { at: whenFull(r.deadlineAt) })}
            </Tag>
          )}
          <div style={{ whiteSpace: 'pre-wrap', marginTop: 10, fontSize: 15, lineHeight: '24px' }}>{r.directive.body}</div>
          {r.directive.requires.report && r.directive.reportDeadlineAt && r.stage !== 'report' && (
            <div className="m-meta" style={{ marginTop: 8 }}>{t('receipts.reportBy', { at: whenFull(r.directive.reportDeadlineAt) })}</div>
          )}
        </Card>

        {r.state === 'resign' && r.changesSinceSigned.length > 0 && (
          <Alert type="warning" showIcon message={t('receipts.changed', { n: r.version })} data-testid="changes"
            description={r.changesSinceSigned.map((c) => (
              <div key={c.version} style={{ marginTop: 4 }}>
                {c.note && <div>{c.note}</div>}
                {c.changes.map((ch) => (
                  <div key={ch.field} className="m-meta">{t(`receipts.field.${ch.field}`)}：<s>{show(ch.from)}</s> → <b>{show(ch.to)}</b></div>
                ))}
              </div>
            ))} />
        )}
        {r.directive.state === 'recalled' && <Alert type="info" showIcon message={t('receipts.recalled')} />}

        {canSign && (
          <div className="m-actions">
            <Button type="primary" block size="large" loading={signing} onClick={() => void sign()} data-testid="sign">
              {r.state === 'resign' ? t('receipts.resign') : t('receipts.sign')}
            </Button>
          </div>
        )}
        {canReport && <ReportForm receiptId={r.id} onDone={() => { message.success(t('receipts.reported')); void load(); }} />}

        {r.state === 'done' && (
          <Card size="small" title={t('receipts.reportTitle')} data-testid="report-done">
            <div style={{ whiteSpace: 'pre-wrap' }}>{r.reportText}</div>
            <div className="m-meta">{whenFull(r.reportedAt)}</div>
            {photos.length > 0 && (
              <div className="m-photos" style={{ marginTop: 8 }}>
                <Image.PreviewGroup>
                  {photos.map((p) => <div className="m-photo" key={p.id}><Image src={p.thumbUrl} preview={{ src: p.url }} alt="" /></div>)}
                </Image.PreviewGroup>
              </div>
            )}
          </Card>
        )}
      </div>
    </>
  );
}
