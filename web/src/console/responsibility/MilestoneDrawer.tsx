import { Alert, Descriptions, Drawer, Empty, Image, Progress, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import { dueSpecText } from './DueInput';
import { milestoneStatus, StatusTag } from './format';

type Detail = GetResponse<'/api/milestones/{id}'>;

const ACTION_COLOR: Record<string, string> = { complete: 'green', overdue: 'red', warn: 'gold', supervise: 'volcano', cancel: 'gray', reschedule: 'orange' };

/** 节点记录: the milestone's progress reports (with figures and photos), its timeline and supervision orders. */
export function MilestoneDrawer({ id, reload, onClose }: { id: string; reload: number; onClose(): void }) {
  const t = useT();
  const [data, setData] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    api.get<Detail>(`/api/milestones/${id}`).then((d) => { if (live) { setData(d); setError(null); } }, (e: ApiError) => { if (live) setError(e); });
    return () => { live = false; };
  }, [id, reload]);

  return (
    <Drawer open width={560} onClose={onClose} title={data ? t('responsibility.history.title', { name: data.name }) : t('common.loading')} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error.message} />}
      {!data && !error && <div style={{ textAlign: 'center', padding: 32 }}><Spin /></div>}
      {data && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('responsibility.col.task')} span={2}>{data.task.title}</Descriptions.Item>
            <Descriptions.Item label={t('responsibility.col.owner')}>{data.task.ownerUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('responsibility.col.state')}><StatusTag status={milestoneStatus(data)} t={t} /></Descriptions.Item>
            <Descriptions.Item label={t('responsibility.col.due')}>
              {dateTime(data.dueAt)}
              {!('at' in data.dueSpec) && <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>{dueSpecText(data.dueSpec, t)}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('responsibility.col.progress')}><Progress percent={data.progress} size="small" style={{ margin: 0, width: 120 }} /></Descriptions.Item>
          </Descriptions>
          {data.supervision.length > 0 && (
            <>
              <Typography.Title level={5}>{t('responsibility.history.supervision')}</Typography.Title>
              {data.supervision.map((s) => (
                <Alert key={s.createdAt} type="warning" style={{ marginBottom: 8 }} showIcon
                  message={<Space><Tag color="volcano">{t(`responsibility.supLevel.${s.level}`)}</Tag>{s.note}</Space>}
                  description={`${dateTime(s.createdAt)}${s.deadlineAt ? ` → ${dateTime(s.deadlineAt)}` : ''}`} />
              ))}
            </>
          )}
          <Typography.Title level={5}>{t('responsibility.history.reports')}</Typography.Title>
          {data.reports.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('responsibility.history.noReports')} /> : (
            <Timeline style={{ marginTop: 8 }} items={[...data.reports].reverse().map((r) => ({
              color: r.progress === 100 ? 'green' : 'blue',
              children: (
                <div>
                  <Space size={6} wrap><Typography.Text strong>{r.progress}%</Typography.Text><span>{r.actorName}</span><Typography.Text type="secondary">{dateTime(r.at)}</Typography.Text></Space>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                  {r.figures && <Space size={4} wrap>{Object.entries(r.figures).map(([k, v]) => <Tag key={k}>{k}：{v}</Tag>)}</Space>}
                  {r.attachmentIds.length > 0 && (
                    <Image.PreviewGroup>
                      <Space size={4} wrap style={{ marginTop: 4 }}>
                        {r.attachmentIds.map((a) => <Image key={a} width={64} height={64} style={{ objectFit: 'cover' }} src={`/api/attachments/${a}/thumb`} preview={{ src: `/api/attachments/${a}` }} />)}
                      </Space>
                    </Image.PreviewGroup>
                  )}
                </div>
              ),
            }))} />
          )}
          <Typography.Title level={5}>{t('responsibility.history.timeline')}</Typography.Title>
          <Timeline style={{ marginTop: 8 }} items={data.timeline.map((e) => ({
            color: ACTION_COLOR[e.action] ?? 'blue',
            children: (
              <div>
                <Space size={6} wrap><Typography.Text strong>{t(`responsibility.timeline.${e.action}`)}</Typography.Text><span>{e.actorName}</span><Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text></Space>
                {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
              </div>
            ),
          }))} />
        </>
      )}
    </Drawer>
  );
}
