import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Radio, Result, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, type GetResponse, type PostResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { showFieldErrors } from '../common/api-fields';
import { PageHeader } from '../common/PageHeader';
import { PhotoPicker } from '../common/PhotoPicker';
import { uploadPending, type Photo } from '../common/photos';
import { LocationField, type LocationValue } from '../report/LocationField';

type Checklists = GetResponse<'/api/hazards/checklists'>;
type Tasks = GetResponse<'/api/hazards/tasks'>;
type Created = PostResponse<'/api/hazards'>;

interface Values {
  taskId?: string; sector?: string; checklistItemId?: number; grade: 'ordinary' | 'major'; description?: string; subjectName?: string;
  location?: LocationValue | null; address?: string;
}

const FIELDS = ['taskId', 'sector', 'checklistItemId', 'grade', 'description', 'subjectName', 'address', 'location'];

/**
 * 上报隐患: sector, checklist line, grade, description, photos (the camera), the phone's position. The finding is made
 * once, then the photos go one by one; a photo that fails leaves the finding in place with "retry".
 */
export function HazardReportPage() {
  const t = useT();
  const locale = useLocale();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [lists, setLists] = useState<Checklists | null>(null);
  const [tasks, setTasks] = useState<Tasks['items']>([]);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submitting = useRef(false);

  useEffect(() => {
    void api.get<Checklists>('/api/hazards/checklists').then(setLists, (e: Error) => setError(e.message));
    void api.get<Tasks>('/api/hazards/tasks', { mine: 'true', state: 'open', limit: 50 }).then((r) => setTasks(r.items), () => undefined);
  }, []);

  const taskId = Form.useWatch('taskId', form);
  const sector = Form.useWatch('sector', form);
  const lineId = Form.useWatch('checklistItemId', form);
  const grade = Form.useWatch('grade', form);
  const task = tasks.find((x) => x.taskId === taskId);
  const sectors = (lists?.sectors ?? []).filter((s) => !task || task.sectors.includes(s.code));
  const lines = lists?.sectors.find((s) => s.code === sector)?.items ?? [];
  const line = lines.find((l) => l.id === lineId);
  const name = (s: { name: string; nameEn: string }) => (locale === 'en' ? s.nameEn : s.name);

  const setOne = (p: Photo) => setPhotos((all) => all.map((x) => (x.key === p.key ? p : x)));

  async function submit(v: Values) {
    if (submitting.current) return;
    submitting.current = true;
    setBusy(true);
    setError(null);
    try {
      let made = created;
      if (!made) {
        made = await api.post<Created>('/api/hazards', {
          taskId: v.taskId || undefined, sector: v.sector, checklistItemId: v.checklistItemId, grade: v.grade, description: v.description?.trim(),
          subjectName: v.subjectName?.trim() || null, address: v.address?.trim() || null, lng: v.location!.lng, lat: v.location!.lat,
        });
        setCreated(made);
      }
      const failed = await uploadPending(made.id, photos, 'report', setOne);
      if (failed === 0) setDone(true);
    } catch (e) {
      const rest = showFieldErrors(form, e, FIELDS, { lng: 'location', lat: 'location' });
      if (e instanceof ApiError && e.code === 'OUTSIDE_DISTRICT') form.setFields([{ name: 'location', errors: [e.message] }]);
      else if (!(e instanceof ApiError) || e.fields.length === 0 || rest.length) setError(rest[0] ?? (e as Error).message);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  }

  function again() {
    for (const p of photos) URL.revokeObjectURL(p.url);
    setPhotos([]);
    setCreated(null);
    setDone(false);
    form.resetFields(['checklistItemId', 'description', 'subjectName', 'address']);
  }

  if (done && created) {
    return (
      <>
        <PageHeader title={t('hazards.report')} back />
        <div className="m-page">
          <Card>
            <Result status="success" icon={<CheckCircleFilled />} title={t('hazards.done')} data-testid="hazard-done"
              subTitle={<>
                <div>{t('hazards.doneRef', { ref: created.ref })}</div>
                {created.supervised && <div style={{ color: '#cf1322' }}>{t('hazards.doneMajor')}</div>}
              </>}
              extra={<div className="m-actions">
                <Button type="primary" block size="large" onClick={() => nav(`/hazards/${created.id}`)}>{t('hazards.view')}</Button>
                <Button block size="large" onClick={again}>{t('hazards.another')}</Button>
                <Button block size="large" onClick={() => nav('/hazards')}>{t('hazards.backHome')}</Button>
              </div>} />
          </Card>
        </div>
      </>
    );
  }

  const failed = photos.filter((p) => p.status === 'failed').length;
  const locked = busy || !!created;
  const required = (message: string) => [{ required: true, message }];
  return (
    <>
      <PageHeader title={t('hazards.report')} back />
      <div className="m-page">
        {created && !busy && failed > 0 && <Alert type="warning" showIcon message={t('hazards.photosFailed', { ref: created.ref, n: failed })} data-testid="hazard-upload-failed" />}
        <Card size="small">
          <Form form={form} layout="vertical" className="m-form" requiredMark disabled={locked} onFinish={(v) => void submit(v)} scrollToFirstError
            initialValues={{ grade: 'ordinary', taskId: params.get('task') ?? undefined }}>
            {tasks.length > 0 && (
              <Form.Item name="taskId" label={t('hazards.form.task')}>
                <Select size="large" allowClear placeholder={t('hazards.form.noTask')} onChange={() => form.setFieldsValue({ sector: undefined, checklistItemId: undefined })}
                  options={tasks.map((x) => ({ value: x.taskId, label: x.roundName }))} />
              </Form.Item>
            )}
            <Form.Item label={t('hazards.form.photos')} extra={t('hazards.form.photosHint')}>
              <PhotoPicker photos={photos} onChange={setPhotos} disabled={busy} testId="hazard-photos" />
            </Form.Item>
            <Form.Item name="sector" label={t('hazards.form.sector')} rules={required(t('hazards.form.sectorRequired'))}>
              <Radio.Group className="m-chips" optionType="button" buttonStyle="solid" onChange={() => form.setFieldValue('checklistItemId', undefined)}
                options={sectors.map((s) => ({ value: s.code, label: name(s) }))} data-testid="hazard-sector" />
            </Form.Item>
            <Form.Item name="checklistItemId" label={t('hazards.form.checklist')}
              extra={line?.majorHint ? <span style={{ color: '#cf1322' }}>{t('hazards.form.majorHint')}</span> : undefined}>
              <Select size="large" allowClear disabled={!sector || locked} placeholder={t('hazards.form.checklistPlaceholder')} popupMatchSelectWidth
                options={lines.map((l) => ({ value: l.id, label: `${l.seq}. ${locale === 'en' && l.titleEn ? l.titleEn : l.title}` }))}
                optionRender={(o) => <div style={{ whiteSpace: 'normal', lineHeight: '20px', padding: '2px 0' }}>{o.label}</div>}
                onChange={(id?: number) => { if (lines.find((l) => l.id === id)?.majorHint) form.setFieldValue('grade', 'major'); }} />
            </Form.Item>
            <Form.Item name="grade" label={t('hazards.form.grade')} rules={required(t('hazards.form.grade'))}
              extra={grade === 'major' ? <span style={{ color: '#cf1322' }}>{t('hazards.form.majorNote')}</span> : undefined}>
              <Radio.Group optionType="button" buttonStyle="solid" size="large" style={{ display: 'flex' }} data-testid="hazard-grade"
                options={['ordinary', 'major'].map((g) => ({ value: g, label: t(`hazards.grade.${g}`), style: { flex: 1, textAlign: 'center' } }))} />
            </Form.Item>
            <Form.Item name="description" label={t('hazards.form.description')}
              rules={[{ required: true, message: t('hazards.form.descriptionRequired') }, { min: 2, message: t('hazards.form.descriptionRequired') }, { max: 2000 }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('hazards.form.descriptionPlaceholder')} data-testid="hazard-description" />
            </Form.Item>
            <Form.Item name="subjectName" label={t('hazards.form.subject')} rules={[{ max: 200 }]}>
              <Input size="large" maxLength={200} placeholder={t('hazards.form.subjectPlaceholder')} />
            </Form.Item>
            <Form.Item name="location" label={t('hazards.form.location')} required rules={[{
              validator: async (_, v: LocationValue | null | undefined) => {
                if (!v) throw new Error(t('location.required'));
                if (v.place.status === 'checking') throw new Error(t('location.wait'));
                if (v.place.status !== 'ok') throw new Error(v.place.message);
              },
            }]}>
              <LocationField />
            </Form.Item>
            <Form.Item name="address" label={t('hazards.form.address')} rules={[{ max: 200 }]}>
              <Input size="large" maxLength={200} placeholder={t('hazards.form.addressPlaceholder')} />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="hazard-error" />}
          <div className="m-actions">
            {!created && (
              <Button type="primary" block size="large" loading={busy} onClick={() => form.submit()} data-testid="hazard-submit">
                {busy ? t('hazards.form.submitting') : t('hazards.form.submit')}
              </Button>
            )}
            {created && (
              <>
                <Button type="primary" block size="large" loading={busy} onClick={() => void submit(form.getFieldsValue(true))} data-testid="hazard-retry">{t('hazards.form.retry')}</Button>
                <Button block size="large" disabled={busy} onClick={() => setDone(true)}>{t('hazards.form.skip')}</Button>
              </>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
