import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Result, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, type PostResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { showFieldErrors } from '../common/api-fields';
import { PageHeader } from '../common/PageHeader';
import { PhotoPicker } from '../common/PhotoPicker';
import { uploadPending, type Photo } from '../common/photos';
import { CategoryPicker, rememberCategory } from './CategoryPicker';
import { LocationField, placeOf, type LocationValue } from './LocationField';
import { clearDraft, emptyDraft, loadDraft, saveDraft, type Draft, type ReportValues } from './report-draft';

type Reported = PostResponse<'/api/cases'>;
const FIELDS = ['categoryCode', 'description', 'address', 'location'];

/**
 * 上报: category, description, location, photos. Submit creates the case once, then sends the photos one by
 * one; a photo that fails leaves the case and the typed form in place with "retry upload".
 */
export function ReportPage() {
  const t = useT();
  const locale = useLocale();
  const nav = useNavigate();
  const [form] = Form.useForm<ReportValues>();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submitting = useRef(false);

  useEffect(() => {
    void loadDraft().then(async (d) => {
      const loc = d.values.location;
      // A grid look-up cut short by a reload is asked again.
      if (loc && loc.place.status === 'checking') d = { ...d, values: { ...d.values, location: { ...loc, place: await placeOf(loc.lng, loc.lat, locale) } } };
      setDraft(d);
      form.setFieldsValue(d.values);
    });
  }, [form, locale]);

  const update = (next: Draft) => { setDraft(next); saveDraft(next); };
  const setPhotos = (photos: Photo[]) => draft && update({ ...draft, photos });
  const setOne = (p: Photo) => setDraft((d) => {
    if (!d) return d;
    const next = { ...d, photos: d.photos.map((x) => (x.key === p.key ? p : x)) };
    saveDraft(next);
    return next;
  });

  async function submit(values: ReportValues) {
    if (!draft || submitting.current) return;
    submitting.current = true;
    setBusy(true);
    setError(null);
    try {
      let created = draft.created;
      if (!created) {
        const loc = values.location!;
        const r = await api.post<Reported>('/api/cases', {
          categoryCode: values.categoryCode, description: values.description?.trim(), lng: loc.lng, lat: loc.lat,
          address: values.address?.trim() || null,
        });
        created = { id: r.id, ref: r.ref, gridCode: r.gridCode, duplicates: r.possibleDuplicates.map((d) => d.ref) };
        rememberCategory(values.categoryCode!);
        const next = { ...draft, values, created };
        update(next);
      }
      const failed = await uploadPending(created.id, draft.photos, 'report', setOne);
      if (failed === 0) finish();
    } catch (e) {
      const rest = showFieldErrors(form, e, FIELDS, { lng: 'location', lat: 'location' });
      if (e instanceof ApiError && e.code === 'OUTSIDE_DISTRICT') form.setFields([{ name: 'location', errors: [e.message] }]);
      else if (!(e instanceof ApiError) || e.fields.length === 0 || rest.length) setError(rest[0] ?? (e as Error).message);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  }

  // The report is complete: nothing to keep for a retry any more (the done screen reads this page's state).
  function finish() {
    clearDraft();
    setDone(true);
  }

  function startOver() {
    for (const p of draft?.photos ?? []) URL.revokeObjectURL(p.url);
    clearDraft();
    form.resetFields();
    setDraft(emptyDraft());
    setDone(false);
    setError(null);
  }

  if (!draft) return (<><PageHeader title={t('report.title')} /><div style={{ textAlign: 'center', padding: 48 }}><Spin /></div></>);

  const created = draft.created;
  if (done && created) {
    const place = draft.values.location?.place;
    return (
      <>
        <PageHeader title={t('report.title')} />
        <div className="m-page">
          <Card>
            <Result status="success" icon={<CheckCircleFilled />} title={t('report.done')} data-testid="report-done"
              subTitle={<>
                <div>{t('report.doneRef', { ref: created.ref })}</div>
                <div>{place?.status === 'ok' ? t('location.inGrid', { place: place.label }) : created.gridCode}</div>
                <div>{t('report.donePhotos', { n: draft.photos.filter((p) => p.status === 'done').length })}</div>
              </>}
              extra={<div className="m-actions">
                <Button type="primary" block size="large" onClick={() => { const id = created.id; startOver(); nav(`/cases/${id}`); }}>{t('report.viewCase')}</Button>
                <Button block size="large" onClick={startOver}>{t('report.another')}</Button>
              </div>} />
            {created.duplicates.length > 0 && (
              <Alert type="warning" showIcon message={t('report.duplicates', { refs: created.duplicates.join('、') })} />
            )}
          </Card>
        </div>
      </>
    );
  }

  const failed = draft.photos.filter((p) => p.status === 'failed').length;
  const locked = busy || !!created;
  return (
    <>
      <PageHeader title={t('report.title')} />
      <div className="m-page">
        {created && busy && <Alert type="info" showIcon message={t('report.createdUploading', { ref: created.ref })} />}
        {created && !busy && (
          <Alert type="warning" showIcon data-testid="upload-failed"
            message={t('report.createdButPhotos', { ref: created.ref })}
            description={<>
              {failed > 0 && <div>{t('report.photosFailed', { n: failed })}</div>}
              {draft.lostPhotos > 0 && <div>{t('report.photosLost', { n: draft.lostPhotos })}</div>}
            </>} />
        )}
        <Card size="small">
          <Form form={form} layout="vertical" className="m-form" requiredMark onFinish={(v) => void submit({ ...draft.values, ...v })}
            onValuesChange={(_, all) => { if (!created) update({ ...draft, values: all }); }} disabled={locked} scrollToFirstError>
            <Form.Item label={t('report.photos')} extra={t('report.photosHint')}>
              <PhotoPicker photos={draft.photos} onChange={setPhotos} disabled={busy} testId="report-photos" />
            </Form.Item>
            <Form.Item name="categoryCode" label={t('report.category')} rules={[{ required: true, message: t('report.categoryRequired') }]}>
              <CategoryPicker disabled={locked} />
            </Form.Item>
            <Form.Item name="description" label={t('report.description')}
              rules={[{ required: true, message: t('report.descriptionRequired') }, { min: 2, message: t('report.descriptionRequired') }, { max: 2000 }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('report.descriptionPlaceholder')} data-testid="report-description" />
            </Form.Item>
            <Form.Item name="location" label={t('report.location')} required rules={[{
              validator: async (_, v: LocationValue | null | undefined) => {
                if (!v) throw new Error(t('location.required'));
                if (v.place.status === 'checking') throw new Error(t('location.wait'));
                if (v.place.status !== 'ok') throw new Error(v.place.message);
              },
            }]}>
              <LocationField />
            </Form.Item>
            <Form.Item name="address" label={t('report.address')} rules={[{ max: 200 }]}>
              <Input size="large" maxLength={200} placeholder={t('report.addressPlaceholder')} data-testid="report-address" />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="report-error" />}
          <div className="m-actions">
            {!created && (
              <Button type="primary" block size="large" loading={busy} onClick={() => form.submit()} data-testid="report-submit">
                {busy ? t('report.submitting') : t('report.submit')}
              </Button>
            )}
            {created && (
              <>
                <Button type="primary" block size="large" loading={busy} data-testid="retry-upload"
                  disabled={!draft.photos.some((p) => p.status !== 'done')} onClick={() => void submit(draft.values)}>
                  {busy ? t('report.uploading') : t('report.retryUpload')}
                </Button>
                <Button block size="large" disabled={busy} onClick={finish}>{t('report.skipPhotos')}</Button>
              </>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
