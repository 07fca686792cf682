import { App, Alert, Button, Card, Drawer, Form, Input } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../common/api-fields';
import { PhotoPicker } from '../common/PhotoPicker';
import { uploadPending, type Photo } from '../common/photos';
import type { CaseDetail } from './CaseDetailPage';

/**
 * 核查: on-site photos, then pass (verify) or fail (rework, with a reason). The photos go first, so a
 * decision is never recorded without its evidence; a failed photo can be sent again without losing the note.
 */
export function VerifyPanel({ detail, onDone }: { detail: CaseDetail; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [reworkForm] = Form.useForm<{ reason: string }>();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [busy, setBusy] = useState<null | 'verify' | 'rework'>(null);
  const [error, setError] = useState<string | null>(null);
  const [reworkOpen, setReworkOpen] = useState(false);

  const setOne = (p: Photo) => setPhotos((all) => all.map((x) => (x.key === p.key ? p : x)));

  async function decide(action: 'verify' | 'rework', note: string | undefined) {
    if (busy) return;
    setBusy(action);
    setError(null);
    try {
      const failed = await uploadPending(detail.id, photos, 'verify', setOne);
      if (failed > 0) {
        setError(t('verify.uploadFailed', { n: failed }));
        return;
      }
      await api.post(`/api/cases/${detail.id}/${action}`, { note: note?.trim() || null });
      message.success(action === 'verify' ? t('verify.passed') : t('verify.returned'));
      setReworkOpen(false);
      onDone();
    } catch (e) {
      const target = action === 'rework' ? reworkForm : form;
      const rest = showFieldErrors(target, e, [action === 'rework' ? 'reason' : 'note'], { note: action === 'rework' ? 'reason' : 'note' });
      if (!(e instanceof ApiError) || e.fields.length === 0 || rest.length) setError(rest[0] ?? (e as Error).message);
      if (e instanceof ApiError && e.status === 409) onDone();
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card size="small" title={t('verify.title')} data-testid="verify-panel">
      <Form form={form} layout="vertical" className="m-form" disabled={!!busy}>
        <Form.Item label={t('verify.photos')} extra={t('verify.photosHint')}>
          <PhotoPicker photos={photos} onChange={setPhotos} disabled={!!busy} testId="verify-photos" />
        </Form.Item>
        <Form.Item name="note" label={t('verify.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('verify.notePlaceholder')} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <div className="m-actions">
        {detail.allowedActions.includes('verify') && (
          <Button type="primary" block size="large" loading={busy === 'verify'} disabled={!!busy && busy !== 'verify'}
            data-testid="verify-pass" onClick={() => void decide('verify', form.getFieldValue('note'))}>
            {photos.some((p) => p.status === 'failed') ? t('verify.retryPass') : t('verify.pass')}
          </Button>
        )}
        {detail.allowedActions.includes('rework') && (
          <Button danger block size="large" disabled={!!busy} data-testid="verify-fail" onClick={() => setReworkOpen(true)}>
            {t('verify.fail')}
          </Button>
        )}
      </div>
      <Drawer open={reworkOpen} placement="bottom" title={t('verify.failTitle')} onClose={() => !busy && setReworkOpen(false)} size={360}>
        <Form form={reworkForm} layout="vertical" className="m-form" disabled={!!busy}
          onFinish={(v) => void decide('rework', v.reason)}>
          <Form.Item name="reason" label={t('verify.reason')} rules={[
            { required: true, message: t('verify.reasonRequired') }, { min: 2, message: t('verify.reasonRequired') }, { max: 2000 },
          ]}>
            <Input.TextArea rows={3} maxLength={2000} placeholder={t('verify.reasonPlaceholder')} data-testid="rework-reason" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Button danger type="primary" block size="large" htmlType="submit" loading={busy === 'rework'} data-testid="rework-submit">
            {t('verify.failSubmit')}
          </Button>
        </Form>
      </Drawer>
    </Card>
  );
}
