import { Alert, Button, Card, Input } from 'antd';
import { useRef, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { PhotoPicker } from '../common/PhotoPicker';
import type { Photo } from '../common/photos';
import { clearReportDraft, loadReportDraft, saveReportDraft, sendPendingPhotos, type ReportDraft } from './report-draft';

/** 反馈落实 on the phone: what was done and photos from the site. Photos go first; a failed one is retried alone. */
export function ReportForm({ receiptId, onDone }: { receiptId: string; onDone(): void }) {
  const t = useT();
  const [draft, setDraftState] = useState<ReportDraft>(() => loadReportDraft(receiptId));
  const latest = useRef(draft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  const setDraft = (next: ReportDraft) => { latest.current = next; saveReportDraft(receiptId, next); setDraftState(next); };
  const onPhoto = (p: Photo, id?: string) => {
    const d = latest.current;
    setDraft({ ...d, photos: d.photos.map((x) => (x.key === p.key ? p : x)), sent: id ? { ...d.sent, [p.key]: id } : d.sent });
  };

  async function submit() {
    const text = latest.current.text.trim();
    setTried(true);
    if (text.length < 2) return;
    setBusy(true);
    setError(null);
    try {
      const failed = await sendPendingPhotos(receiptId, latest.current, onPhoto);
      if (failed > 0) { setError(t('receipts.photosFailed', { n: failed })); return; }
      const d = latest.current;
      await api.post(`/api/receipts/${receiptId}/report`, { text, attachmentIds: d.photos.map((p) => d.sent[p.key]).filter(Boolean) });
      clearReportDraft(receiptId);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const failed = draft.photos.filter((p) => p.status === 'failed').length;
  const textError = tried && draft.text.trim().length < 2;
  return (
    <Card size="small" title={t('receipts.reportTitle')} data-testid="report-form">
      <div className="m-form">
        <div className="m-section-title">{t('receipts.reportText')}</div>
        <Input.TextArea rows={4} maxLength={5000} showCount value={draft.text} status={textError ? 'error' : undefined} disabled={busy}
          placeholder={t('receipts.reportPlaceholder')} data-testid="report-text"
          onChange={(e) => setDraft({ ...latest.current, text: e.target.value })} />
        {textError && <div style={{ color: '#ff4d4f', fontSize: 13 }}>{t('receipts.reportRequired')}</div>}
        <div className="m-section-title" style={{ marginTop: 12 }}>{t('receipts.photos')}</div>
        <PhotoPicker photos={draft.photos} disabled={busy} testId="report-photos"
          onChange={(photos) => setDraft({ ...latest.current, photos })} />
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ margin: '12px 0' }} data-testid="report-error" />}
      <div className="m-actions" style={{ marginTop: 12 }}>
        <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} data-testid="report-submit">
          {busy ? t('receipts.submitting') : failed > 0 ? t('receipts.retry') : t('receipts.submit')}
        </Button>
      </div>
    </Card>
  );
}
