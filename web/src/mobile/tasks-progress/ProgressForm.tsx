import { Alert, Button, Card, Input, Slider, Switch } from 'antd';
import { useRef, useState } from 'react';
import { api, ApiError, type PostResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { PhotoPicker } from '../common/PhotoPicker';
import { uploadPending, type Photo } from '../common/photos';
import './tasks-progress.css';

interface Draft { progress: number; complete: boolean; text: string; photos: Photo[]; sent: Record<string, string> }

/** 反馈进展 on the phone: a big slider, a "done" switch, what was done, photos from the site. */
export function ProgressForm({ milestoneId, progress, onDone }: { milestoneId: string; progress: number; onDone(taskCompleted: boolean): void }) {
  const t = useT();
  const [draft, setDraftState] = useState<Draft>({ progress, complete: false, text: '', photos: [], sent: {} });
  const latest = useRef(draft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const setDraft = (next: Draft) => { latest.current = next; setDraftState(next); };
  const onPhoto = (p: Photo, id?: string) => {
    const d = latest.current;
    setDraft({ ...d, photos: d.photos.map((x) => (x.key === p.key ? p : x)), sent: id ? { ...d.sent, [p.key]: id } : d.sent });
  };

  async function submit() {
    setTried(true);
    const text = latest.current.text.trim();
    if (text.length < 2) return;
    setBusy(true);
    setError(null);
    try {
      const { photos, sent } = latest.current;
      const failed = await uploadPending(milestoneId, photos, 'report', onPhoto, (p) => Boolean(sent[p.key]));
      if (failed > 0) { setError(t('tasksProgress.photosFailed', { n: failed })); return; }
      const d = latest.current;
      const ids = d.photos.map((p) => d.sent[p.key]).filter((x): x is string => Boolean(x));
      const out = await api.post<PostResponse<'/api/milestones/{id}/progress'>>(`/api/milestones/${milestoneId}/progress`, {
        progress: d.progress, text, complete: d.complete || undefined, attachmentIds: ids.length ? ids : undefined,
      });
      onDone(out.taskCompleted);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const done = draft.complete || draft.progress === 100;
  const failed = draft.photos.filter((p) => p.status === 'failed').length;
  const textError = tried && draft.text.trim().length < 2;
  return (
    <Card size="small" title={t('tasksProgress.reportTitle')} data-testid="progress-form">
      <div className="m-form">
        <div className="m-percent">
          <div className="m-section-title">{t('tasksProgress.percent', { n: done ? 100 : draft.progress })}</div>
          <Slider min={0} max={100} step={5} value={done ? 100 : draft.progress} disabled={busy || draft.complete}
            onChange={(v) => setDraft({ ...latest.current, progress: v })} aria-label={t('tasksProgress.progress')} />
        </div>
        <div className="m-row" style={{ justifyContent: 'space-between', margin: '8px 0 4px' }}>
          <span>{t('tasksProgress.complete')}</span>
          <Switch checked={draft.complete} disabled={busy} onChange={(v) => setDraft({ ...latest.current, complete: v })} data-testid="progress-complete" />
        </div>
        <div className="m-meta" style={{ marginBottom: 12 }}>{t('tasksProgress.completeHint')}</div>
        <div className="m-section-title">{t('tasksProgress.text')}</div>
        <Input.TextArea rows={4} maxLength={5000} showCount value={draft.text} status={textError ? 'error' : undefined} disabled={busy}
          placeholder={t('tasksProgress.textPlaceholder')} data-testid="progress-text"
          onChange={(e) => setDraft({ ...latest.current, text: e.target.value })} />
        {textError && <div style={{ color: '#ff4d4f', fontSize: 13 }}>{t('tasksProgress.textRequired')}</div>}
        <div className="m-section-title" style={{ marginTop: 12 }}>{t('tasksProgress.photos')}</div>
        <PhotoPicker photos={draft.photos} disabled={busy} testId="progress-photos" onChange={(photos) => setDraft({ ...latest.current, photos })} />
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ margin: '12px 0' }} data-testid="progress-error" />}
      <div className="m-actions" style={{ marginTop: 12 }}>
        <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} data-testid="progress-submit">
          {busy ? t('tasksProgress.submitting') : failed > 0 ? t('tasksProgress.retry') : t('tasksProgress.submit')}
        </Button>
      </div>
    </Card>
  );
}
