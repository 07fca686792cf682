import { Alert, Button, Card, Empty, Image, Spin, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { STATE_COLOR, WARN_COLOR, whenFull } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { useLiveRefresh } from '../common/use-live-refresh';
import { VerifyPanel } from './VerifyPanel';

export type CaseDetail = GetResponse<'/api/cases/{id}'>;
type Attachments = GetResponse<'/api/cases/{id}/attachments'>;

// Before (上报), after (处置后), the check (核查): the order a checker compares them in.
const STAGES = ['report', 'handle', 'verify', 'other'] as const;

/** One case for the worker: where it stands, what it is, its photos before and after, its timeline, and the check. */
export function CaseDetailPage() {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [photos, setPhotos] = useState<Attachments['items']>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    Promise.all([
      api.get<CaseDetail>(`/api/cases/${id}`),
      api.get<Attachments>(`/api/cases/${id}/attachments`),
    ]).then(([d, a]) => { setDetail(d); setPhotos(a.items); setError(null); }, (e: ApiError) => setError(e));
  }, [id]);
  useEffect(load, [load]);
  useLiveRefresh(load, (e) => e.subjectId === id);

  const title = detail ? detail.categoryName : t('case.title');
  if (error && !detail) {
    return (
      <>
        <PageHeader back title={title} />
        <div className="m-page"><Alert type="error" showIcon message={error.message} action={<Button size="small" onClick={load}>{t('common.retry')}</Button>} /></div>
      </>
    );
  }
  if (!detail) return (<><PageHeader back title={title} /><div style={{ textAlign: 'center', padding: 48 }}><Spin /></div></>);

  const open = !['closed', 'rejected', 'merged'].includes(detail.state);
  const canCheck = detail.allowedActions.includes('verify') || detail.allowedActions.includes('rework');
  return (
    <>
      <PageHeader back title={title} />
      <div className="m-page">
        <Card size="small">
          <div className="m-card-title" style={{ marginBottom: 8 }}>
            <strong data-testid="case-ref">{detail.ref}</strong>
            <span className="m-row">
              <Tag color={STATE_COLOR[detail.state]} data-testid="case-state" style={{ marginInlineEnd: 0 }}>{t(`state.${detail.state}`)}</Tag>
              {open && detail.deadlineAt && <Tag color={WARN_COLOR[detail.warnLevel]} style={{ marginInlineEnd: 0 }}>{t(`warn.${detail.warnLevel}`)}</Tag>}
            </span>
          </div>
          <div className="m-kv">
            <span>{t('case.category')}</span><span>{detail.categoryName}（{detail.categoryCode}）</span>
            <span>{t('case.description')}</span><span>{detail.description}</span>
            <span>{t('case.address')}</span><span>{detail.address || '—'}</span>
            <span>{t('case.grid')}</span><span>{detail.gridCode}</span>
            <span>{t('case.owner')}</span><span>{detail.ownerName}</span>
            <span>{t('case.reportedAt')}</span><span>{whenFull(detail.reportedAt)}</span>
            {open && detail.deadlineAt && <><span>{t('case.deadline')}</span><span>{whenFull(detail.deadlineAt)}</span></>}
          </div>
        </Card>

        <Card size="small" title={t('case.photos')}>
          {photos.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noPhotos')} /> : (
            <Image.PreviewGroup>
              {STAGES.map((stage) => {
                const list = photos.filter((p) => p.stage === stage);
                if (list.length === 0) return null;
                return (
                  <div key={stage} style={{ marginBottom: 10 }}>
                    <div className="m-meta" style={{ marginBottom: 4 }}>{t(`case.photoStage.${stage}`)} · {list.length}</div>
                    <div className="m-photos" data-testid={`photos-${stage}`}>
                      {list.map((p) => (
                        <div className="m-photo" key={p.id}>
                          <Image src={p.thumbUrl} preview={{ src: p.url }} alt={p.originalName ?? ''} />
                        </div>
                      ))}
                    </div>
                  </div>
                );
              })}
            </Image.PreviewGroup>
          )}
        </Card>

        {canCheck && <VerifyPanel detail={detail} onDone={load} />}

        <Card size="small" title={t('case.timeline')}>
          <Timeline className="m-timeline" items={[...detail.timeline].reverse().map((e) => ({
            color: e.action === 'rework' || e.action === 'overdue' ? 'red' : e.action === 'verify' || e.action === 'close' ? 'green' : 'blue',
            content: (
              <div>
                <div><strong>{t(`action.${e.action}`)}</strong> · {e.actorName}</div>
                <div className="m-meta">{whenFull(e.at)}{e.toState && e.toState !== e.fromState ? ` → ${t(`state.${e.toState}`)}` : ''}</div>
                {e.note && <div>{e.note}</div>}
              </div>
            ),
          }))} />
        </Card>
      </div>
    </>
  );
}
