import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, List, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime, Deadline, FINAL_STATES, StateTag, WarnTag } from '../lib/format';
import { loadDispatchUnits, unitName, useGridNames, useLoaded, useStreetNames } from '../lib/reference';
import { ACTIONS, type ActionDef } from './actions';
import { ActionDialog } from './ActionDialog';
import { CaseMap } from './CaseMap';
import { CaseTimeline } from './CaseTimeline';
import type { Attachment, CaseDetail } from './types';

const LIVE_DEBOUNCE_MS = 500;

/** 案件详情: everything about one case, and the actions its state allows this user. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const navigate = useNavigate();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [photos, setPhotos] = useState<Attachment[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  // The case left my scope after I had it open (e.g. my unit fed back and the centre owns it now).
  const [gone, setGone] = useState(false);
  const [dialog, setDialog] = useState<{ action: ActionDef; intoId?: string } | null>(null);
  const streets = useStreetNames(locale);
  const grids = useGridNames(locale);
  const units = useLoaded(loadDispatchUnits);

  const unitNames = useMemo(
    () => new Map([...grids, ...streets, ...(units ?? []).map((u) => [u.code, unitName(u, locale)] as [string, string])]),
    [units, grids, streets, locale],
  );

  const load = useCallback(async () => {
    try {
      const [d, a] = await Promise.all([
        api.get<CaseDetail>(`/api/cases/${id}`),
        api.get<{ items: Attachment[] }>(`/api/cases/${id}/attachments`).catch(() => ({ items: [] })),
      ]);
      setDetail(d);
      setPhotos(a.items);
      setError(null);
      setGone(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setGone(true);
      setError(e as ApiError);
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => { setLoading(true); setDetail(null); setGone(false); void load(); }, [load]);

  // Live: another operator's action on this case shows up without a reload.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(['case'], (e) => {
    if (e.subjectId !== id) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void load(); }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  if (loading && !detail) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (error && !detail) {
    return (
      <Result
        status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? t('detail.notFound') : t('detail.loadFailed')} subTitle={error.message}
        extra={<Space><Button onClick={() => navigate('/cases')}>{t('detail.backToInbox')}</Button><Button type="primary" onClick={() => void load()}>{t('common.retry')}</Button></Space>}
      />
    );
  }
  const d = detail!;
  const final = FINAL_STATES.includes(d.state);
  const allowed = new Set(gone ? [] : d.allowedActions);
  if (!final && !gone && session.can('case:supervise')) allowed.add('supervise');
  // Merging needs a case to merge into: offered from the duplicates list, and here only when there is one.
  if (d.possibleDuplicates.length === 0) allowed.delete('merge');
  const actions = ACTIONS.filter((a) => allowed.has(a.key));
  const open = (action: ActionDef, intoId?: string) => setDialog({ action, intoId });
  const mergeAction = ACTIONS.find((a) => a.key === 'merge')!;
  const unit = (code: string | null) => (code ? unitNames.get(code) ?? code : '—');

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {gone && (
        <Alert
          type="info" showIcon title={t('detail.gone')} description={t('detail.goneHint')}
          action={<Button size="small" type="primary" onClick={() => navigate('/cases')}>{t('detail.backToInbox')}</Button>}
        />
      )}
      <Card size="small" styles={{ body: { padding: '12px 16px' } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={12} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }}>{d.ref}</Typography.Title>
            <StateTag state={d.state} t={t} />
            <WarnTag level={d.warnLevel} t={t} />
            {d.urgency === 'urgent' && <Tag color="red">{t('inbox.urgent')}</Tag>}
            {d.supervised && <Tag color="volcano">{t('inbox.supervised')}</Tag>}
            <Typography.Text type="secondary">{t('detail.deadline')}</Typography.Text>
            <Deadline deadlineAt={d.deadlineAt} warnLevel={d.warnLevel} state={d.state} t={t} />
          </Space>
          <Space wrap>
            {actions.map((a) => (
              <Button key={a.key} type={a.kind === 'primary' ? 'primary' : 'default'} danger={a.kind === 'danger'} onClick={() => open(a)}>
                {t(`actions.${a.key}`)}
              </Button>
            ))}
            {actions.length === 0 && <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>}
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Space>
        </Space>
      </Card>

      <Row gutter={12}>
        <Col span={15}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={d.title}>
              <Descriptions size="small" bordered column={2} styles={{ label: { width: 110 } }}
                items={[
                  { key: 'desc', label: t('detail.description'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{d.description}</span> },
                  { key: 'cat', label: t('inbox.col.category'), children: `${d.categoryName}（${d.categoryCode}）` },
                  { key: 'channel', label: t('detail.channel'), children: t(`channel.${d.channel}`) },
                  { key: 'street', label: t('detail.street'), children: streets.get(d.streetCode) ?? d.streetCode },
                  { key: 'grid', label: t('detail.grid'), children: grids.has(d.gridCode) ? `${grids.get(d.gridCode)}（${d.gridCode}）` : d.gridCode },
                  { key: 'addr', label: t('detail.address'), span: 2, children: d.address ?? '—' },
                  { key: 'owner', label: t('inbox.col.owner'), children: d.ownerName },
                  { key: 'handling', label: t('detail.handlingUnit'), children: unit(d.handlingUnit) },
                  { key: 'reporter', label: t('detail.reporter'), children: [d.reporterName, d.reporterPhone].filter(Boolean).join(' ') || '—' },
                  { key: 'reported', label: t('inbox.col.reportedAt'), children: dateTime(d.reportedAt) },
                  { key: 'suggested', label: t('detail.suggestedUnit'), children: unit(d.suggestedUnit) },
                  { key: 'counts', label: t('detail.counts'), children: t('detail.countsValue', { d: d.dispatchCount, s: d.sendBackCount, r: d.reworkCount }) },
                  ...(d.duplicateOf ? [{ key: 'dup', label: t('detail.duplicateOf'), span: 2, children: <Link to={`/cases/${d.duplicateOf}`}>{t('detail.openCase')}</Link> }] : []),
                ]}
              />
            </Card>
            <Card size="small" title={t('detail.timeline')}>
              <CaseTimeline items={d.timeline} unitNames={unitNames} />
            </Card>
            <Card size="small" title={t('detail.extensions')}>
              <Table
                size="small" bordered pagination={false} rowKey="createdAt" dataSource={d.extensions} locale={{ emptyText: t('detail.none') }}
                columns={[
                  { title: t('detail.extLimit'), width: 90, render: (_: unknown, e) => `${e.amount} ${t(`limitUnit.${e.unit}`)}` },
                  { title: t('action.reason'), dataIndex: 'reason', ellipsis: true },
                  { title: t('detail.extState'), dataIndex: 'state', width: 72, render: (s: string) => <Tag color={s === 'approved' ? 'green' : s === 'refused' ? 'red' : 'gold'}>{t(`extState.${s}`)}</Tag> },
                  { title: t('detail.at'), dataIndex: 'createdAt', width: 128, render: (v: string) => dateTime(v) },
                ]}
              />
            </Card>
            <Card size="small" title={t('detail.supervision')}>
              <Table
                size="small" bordered pagination={false} rowKey="createdAt" dataSource={d.supervision} locale={{ emptyText: t('detail.none') }}
                columns={[
                  { title: t('detail.supLevel'), dataIndex: 'level', width: 64, render: (l: string) => t(`supLevel.${l}`) },
                  { title: t('action.note'), dataIndex: 'note', ellipsis: true },
                  { title: t('action.deadline'), dataIndex: 'deadlineAt', width: 128, render: (v: string | null) => dateTime(v) },
                  { title: t('detail.issuer'), dataIndex: 'issuerUnit', width: 110, ellipsis: true, render: (c: string) => unit(c) },
                ]}
              />
            </Card>
          </Space>
        </Col>
        <Col span={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('detail.location')}>
              <CaseMap lng={d.lng} lat={d.lat} label={d.ref} warnLevel={d.warnLevel} />
            </Card>
            <Card size="small" title={`${t('detail.photos')} (${photos.length})`}>
              {photos.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noPhotos')} /> : (
                <Image.PreviewGroup>
                  <Space wrap size={8}>
                    {photos.map((p) => (
                      <div key={p.id} style={{ textAlign: 'center' }}>
                        <Image width={96} height={72} style={{ objectFit: 'cover' }} src={p.thumbUrl} preview={{ src: p.url }} alt={p.originalName ?? p.id} />
                        <div style={{ fontSize: 12, color: '#888' }}>{t(`photoStage.${p.stage}`)}</div>
                      </div>
                    ))}
                  </Space>
                </Image.PreviewGroup>
              )}
            </Card>
            <Card size="small" title={`${t('detail.duplicates')} (${d.possibleDuplicates.length})`}>
              <List
                size="small" dataSource={d.possibleDuplicates} locale={{ emptyText: t('detail.noDuplicates') }}
                renderItem={(x) => (
                  <List.Item actions={allowed.has('merge') ? [<Button key="m" size="small" onClick={() => open(mergeAction, x.id)}>{t('detail.mergeInto')}</Button>] : []}>
                    <Space size={6} wrap>
                      <Link to={`/cases/${x.id}`}>{x.ref}</Link>
                      <StateTag state={x.state} t={t} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{Math.round(x.distanceM)} m · {dateTime(x.reportedAt)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
      </Row>

      {dialog && (
        <ActionDialog
          action={dialog.action} detail={d} intoId={dialog.intoId}
          onClose={() => setDialog(null)}
          onDone={() => { setDialog(null); void load(); }}
          onConflict={() => { setDialog(null); void load(); }}
        />
      )}
      {error && !gone && <Typography.Text type="danger">{error.message}</Typography.Text>}
    </Space>
  );
}
