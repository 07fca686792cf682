import { Alert, App, Button, Card, Empty, Progress, Spin, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { when, whenFull } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { milestoneStatus, STATUS_TAG } from './milestone-status';
import { ProgressForm } from './ProgressForm';
import { useTaskRefresh } from './use-task-refresh';

type Detail = GetResponse<'/api/milestones/{id}'>;

/** One milestone on the phone: what and when, supervision orders, the report form while open, the reports so far. */
export function MilestonePage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [data, setData] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(() => {
    api.get<Detail>(`/api/milestones/${id}`).then((d) => { setData(d); setError(null); }, (e: ApiError) => setError(e));
  }, [id]);
  useEffect(load, [load]);
  useTaskRefresh(load);

  if (error && !data) {
    return (
      <>
        <PageHeader title={t('tasksProgress.detailTitle')} back />
        <div className="m-page"><Alert type="error" showIcon message={error.message} action={<Button size="small" onClick={load}>{t('common.retry')}</Button>} /></div>
      </>
    );
  }
  if (!data) return <><PageHeader title={t('tasksProgress.detailTitle')} back /><div style={{ textAlign: 'center', padding: 32 }}><Spin /></div></>;

  const status = milestoneStatus(data);
  const canReport = data.allowedActions.includes('progress');
  return (
    <>
      <PageHeader title={t('tasksProgress.detailTitle')} back />
      <div className="m-page">
        <Card size="small">
          <div className="m-card-title" style={{ marginBottom: 8 }}>
            <strong>{data.name}</strong>
            <Tag color={STATUS_TAG[status]} style={{ marginInlineEnd: 0 }}>{t(`tasksProgress.status.${status}`)}</Tag>
          </div>
          <div className="m-kv">
            <span>{t('tasksProgress.task')}</span><span>{data.task.title}</span>
            <span>{t('tasksProgress.owner')}</span><span>{data.task.ownerUnitName}</span>
            <span>{t('tasksProgress.dueLabel')}</span><span>{whenFull(data.dueAt)}</span>
            <span>{t('tasksProgress.progress')}</span><span><Progress percent={data.progress} size="small" style={{ margin: 0 }} /></span>
          </div>
        </Card>
        {data.supervision.map((s) => (
          <Alert key={s.createdAt} type="warning" showIcon message={`${t('tasksProgress.supervision')}：${s.note}`}
            description={s.deadlineAt ? whenFull(s.deadlineAt) : undefined} />
        ))}
        {canReport
          ? <ProgressForm milestoneId={data.id} progress={data.progress} onDone={(taskDone) => {
            message.success(taskDone ? t('tasksProgress.taskCompleted') : t('tasksProgress.sent'));
            nav('/progress');
          }} />
          : data.state !== 'open' && <Alert type="info" showIcon message={t('tasksProgress.closed')} />}
        <Card size="small" title={t('tasksProgress.reports')}>
          {data.reports.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasksProgress.noReports')} /> : (
            <Timeline className="m-timeline" items={[...data.reports].reverse().map((r) => ({
              color: r.progress === 100 ? 'green' : 'blue',
              children: (
                <div>
                  <div><strong>{r.progress}%</strong> <span className="m-meta">{r.actorName} · {when(r.at)}</span></div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                </div>
              ),
            }))} />
          )}
        </Card>
      </div>
    </>
  );
}
