import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Image, Input, Radio, Result, Spin, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { when, whenFull } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { GRADE_COLOR, HAZARD_STATE_COLOR } from './format';

type Detail = GetResponse<'/api/hazards/{id}'>;

/** One finding on the phone: what and where, the plan, photos before and after, and the re-inspection when it is mine. */
export function HazardPage() {
  const { id = '' } = useParams();
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [h, setH] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<'pass' | 'fail'>('pass');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.get<Detail>(`/api/hazards/${id}`).then((d) => { setH(d); setError(null); }, (e: ApiError) => setError(e));
  }, [id]);
  useEffect(load, [load]);
  useEvents(['hazard'], (e) => { if (e.subjectId === id) load(); });

  async function reinspect() {
    if (result === 'fail' && note.trim().length < 2) { setNoteError(t('hazards.detail.failNoteRequired')); return; }
    setBusy(true);
    try {
      await api.post(`/api/hazards/${id}/reinspect`, { result, note: note.trim() || null });
      message.success(t('hazards.detail.reinspected'));
      setNote('');
      load();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (error && !h) {
    return (<><PageHeader title={t('hazards.detail.title')} back />
      <Result status={error.status === 404 ? '404' : 'error'} subTitle={error.message} extra={<Button onClick={() => nav('/hazards')}>{t('hazards.backHome')}</Button>} /></>);
  }
  if (!h) return (<><PageHeader title={t('hazards.detail.title')} back /><div style={{ textAlign: 'center', padding: 48 }}><Spin /></div></>);

  const before = h.photos.filter((p) => p.stage === 'report');
  const after = h.photos.filter((p) => p.stage === 'handle');
  const photos = (list: typeof before) => (list.length === 0 ? <span className="m-meta">{t('hazards.detail.noPhotos')}</span> : (
    <Image.PreviewGroup><div className="m-photos">{list.map((p) => <div className="m-photo" key={p.id}><Image src={p.thumbUrl} preview={{ src: p.url }} alt={p.stage} /></div>)}</div></Image.PreviewGroup>
  ));

  return (
    <>
      <PageHeader title={h.ref} back />
      <div className="m-page">
        <Card size="small">
          <div className="m-card-title">
            <strong><Tag color={GRADE_COLOR[h.grade]} style={{ marginInlineEnd: 6 }}>{t(`hazards.grade.${h.grade}`)}</Tag>{h.sectorName}</strong>
            <Tag color={HAZARD_STATE_COLOR[h.state] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="hazard-state">{t(`hazards.state.${h.state}`)}</Tag>
          </div>
          {h.supervised && <Tag color="volcano" style={{ marginTop: 4 }}>{t('hazards.detail.supervised')}</Tag>}
          <p style={{ margin: '8px 0', wordBreak: 'break-all' }}>{h.description}</p>
          <div className="m-meta"><EnvironmentOutlined /> {h.address || `${h.streetName ?? ''} · ${h.gridName ?? h.gridCode}`}</div>
          {h.checklistTitle && <div className="m-meta">{h.checklistTitle}</div>}
          <div className="m-meta">{h.finderName} · {whenFull(h.foundAt)}</div>
        </Card>

        {h.allowedActions.includes('reinspect') && (
          <Card size="small" title={t('hazards.detail.reinspect')} data-testid="hazard-reinspect">
            {h.rectifyNote && <Alert type="info" message={`${t('hazards.detail.rectifyNote')}：${h.rectifyNote}`} style={{ marginBottom: 8 }} />}
            <Radio.Group value={result} onChange={(e) => setResult(e.target.value as 'pass' | 'fail')} optionType="button" buttonStyle="solid" size="large"
              style={{ display: 'flex', marginBottom: 8 }}
              options={[{ value: 'pass', label: t('hazards.detail.pass'), style: { flex: 1, textAlign: 'center' } }, { value: 'fail', label: t('hazards.detail.fail'), style: { flex: 1, textAlign: 'center' } }]} />
            <Input.TextArea rows={3} maxLength={2000} value={note} status={noteError ? 'error' : undefined} placeholder={t('hazards.detail.reinspectNote')}
              onChange={(e) => { setNote(e.target.value); setNoteError(null); }} />
            {noteError && <div style={{ color: '#f5222d', fontSize: 13 }}>{noteError}</div>}
            <div className="m-actions" style={{ marginTop: 10 }}>
              <Button type="primary" block size="large" loading={busy} danger={result === 'fail'} onClick={() => void reinspect()}>{t('hazards.detail.reinspect')}</Button>
            </div>
          </Card>
        )}

        {(h.rectifyUnit || h.plan.measures) && (
          <Card size="small">
            <Descriptions size="small" column={1} items={[
              { key: 'unit', label: t('hazards.detail.rectifyUnit'), children: h.rectifyUnitName ?? h.rectifyUnit ?? '—' },
              { key: 'deadline', label: t('hazards.detail.deadline'), children: whenFull(h.rectifyDeadline) },
              { key: 'measures', label: t('hazards.detail.measures'), children: h.plan.measures ?? '—' },
            ]} />
          </Card>
        )}

        <Card size="small" title={t('hazards.detail.before')}>{photos(before)}</Card>
        {(after.length > 0 || h.rectifiedAt) && <Card size="small" title={t('hazards.detail.after')}>{photos(after)}</Card>}

        <Card size="small">
          <Timeline className="m-timeline" items={h.timeline.filter((e) => e.action !== 'attach').map((e, n) => ({
            key: n, color: e.action === 'reinspectFail' || e.action === 'overdue' ? 'red' : e.action === 'close' || e.action === 'reinspectPass' ? 'green' : 'blue',
            content: <div><strong>{t(`hazards.timeline.${e.action}`)}</strong>
              <div className="m-meta">{e.actorName} · {when(e.at)}</div>{e.note && <div className="m-meta">{e.note}</div>}</div>,
          }))} />
        </Card>
      </div>
    </>
  );
}
