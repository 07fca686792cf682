import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Image, Result, Row, Skeleton, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { CaseMap } from '../case/CaseMap';
import { dateTime, Deadline, WarnTag } from '../lib/format';
import { GradeTag, HazardStateTag, HazardSteps, yuan } from './format';
import { HazardDialog, type HazardAction } from './HazardDialogs';
import { HazardTimeline } from './HazardTimeline';
import { uploadImage } from '../../shared/upload-image';

type Detail = GetResponse<'/api/hazards/{id}'>;
type Photo = Detail['photos'][number];

const PRIMARY: HazardAction[] = ['assign', 'plan', 'reportRectified', 'reinspect', 'close'];
// Photos taken before the rectification is reported are "before"; from then on "after".
const BEFORE_STATES = ['found', 'assigned'];

/** 隐患详情: the finding, its plan with the five in place, before/after photos, the timeline, and the actions I may take. */
export function HazardDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [h, setH] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<HazardAction | null>(null);
  const [uploading, setUploading] = useState(false);

  const load = useCallback(async () => {
    try {
      setH(await api.get<Detail>(`/api/hazards/${id}`));
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [id]);
  useEffect(() => { setH(null); void load(); }, [load]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(['hazard'], (e) => {
    if (e.subjectId !== id) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void load(); }, 400);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  if (error && !h) {
    return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? t('hazards.notFound') : t('hazards.loadFailed')} subTitle={error.message}
      extra={<Space><Button onClick={() => navigate('/hazards')}>{t('hazards.backToList')}</Button><Button type="primary" onClick={() => void load()}>{t('common.retry')}</Button></Space>} />;
  }
  if (!h) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;

  const actions = h.allowedActions as HazardAction[];
  const open = !h.closedAt;
  const stage = BEFORE_STATES.includes(h.state) ? 'report' : 'handle';

  async function upload(file: File) {
    setUploading(true);
    try {
      await uploadImage(h!.id, file, { stage, name: file.name });
      message.success(t('hazards.photos.uploaded'));
      void load();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setUploading(false);
    }
  }

  const before = h.photos.filter((p) => p.stage === 'report');
  const after = h.photos.filter((p) => p.stage === 'handle');
  const other = h.photos.filter((p) => p.stage !== 'report' && p.stage !== 'handle');
  const plan = h.plan;
  const five: Record<string, boolean> = {
    responsiblePerson: Boolean(plan.responsiblePerson), measures: Boolean(plan.measures), funding: (plan.funding ?? 0) > 0,
    deadline: Boolean(h.rectifyDeadline), contingencyPlan: Boolean(plan.contingencyPlan),
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '10px 16px' } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={10} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }}>{h.ref}</Typography.Title>
            <GradeTag grade={h.grade} t={t} />
            <span data-testid="hazard-state" data-state={h.state}><HazardStateTag state={h.state} t={t} /></span>
            {open && <WarnTag level={h.warnLevel} t={t} />}
            {h.supervisionLevel && <Tag color="volcano">{t(`hazards.supLevel.${h.supervisionLevel}`)}</Tag>}
            {h.stage && <Typography.Text type="secondary">{t(`hazards.stage.${h.stage}`)}</Typography.Text>}
            {open && <Deadline deadlineAt={h.deadlineAt} warnLevel={h.warnLevel} state={h.state} t={t} />}
          </Space>
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={a === 'cancel'} onClick={() => setDialog(a)} data-testid={`hazard-${a}`}>
                {t(`hazards.action.${a}`)}
              </Button>
            ))}
            {actions.length === 0 && <Typography.Text type="secondary">{t('hazards.noActions')}</Typography.Text>}
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Space>
        </Space>
        <div style={{ marginTop: 10, maxWidth: 900 }}><HazardSteps state={h.state} t={t} /></div>
      </Card>

      <Row gutter={12}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={h.title}>
              <Descriptions size="small" bordered column={2} styles={{ label: { width: 120 } }} items={[
                { key: 'sector', label: t('hazards.field.sector'), children: h.sectorName },
                { key: 'source', label: t('hazards.field.source'), children: t(`hazards.source.${h.source}`) },
                { key: 'checklist', label: t('hazards.field.checklist'), span: 2, children: h.checklistTitle ?? '—' },
                { key: 'subject', label: t('hazards.field.subject'), children: h.subjectName ?? '—' },
                { key: 'credit', label: t('hazards.field.creditCode'), children: h.creditCode ?? '—' },
                { key: 'place', label: t('hazards.field.place'), children: `${h.streetName ?? h.streetCode} · ${h.gridName ?? h.gridCode}` },
                { key: 'address', label: t('hazards.field.address'), children: h.address ?? '—' },
                { key: 'desc', label: t('hazards.field.description'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{h.description}</span> },
                { key: 'basis', label: t('hazards.field.legalBasis'), span: 2, children: h.legalBasis ?? '—' },
                { key: 'inspect', label: t('hazards.field.inspectUnit'), children: h.inspectUnitName ?? h.inspectUnit },
                { key: 'finder', label: t('hazards.field.finder'), children: `${h.finderName} · ${dateTime(h.foundAt)}` },
                ...(h.roundId ? [{ key: 'round', label: t('hazards.field.round'), span: 2, children: <Link to={`/hazards/rounds/${h.roundId}`}>{h.roundName}</Link> }] : []),
              ]} />
            </Card>

            <Card size="small" title={h.grade === 'major' ? t('hazards.plan.fiveTitle') : t('hazards.plan.title')} data-testid="hazard-plan-card"
              extra={h.grade === 'major' && (
                <Space size={4} wrap>
                  {h.fiveInPlace.map((f) => (
                    <Tag key={f} color={five[f] ? 'success' : 'error'} icon={five[f] ? <CheckCircleFilled /> : <CloseCircleFilled />} style={{ marginInlineEnd: 0 }}>
                      {t(`hazards.plan.five.${f}`)}
                    </Tag>
                  ))}
                </Space>
              )}>
              {plan.plannedAt || h.rectifyUnit ? (
                <Descriptions size="small" bordered column={2} styles={{ label: { width: 120 } }} items={[
                  { key: 'unit', label: t('hazards.plan.rectifyUnit'), children: h.rectifyUnitName ?? h.rectifyUnit ?? '—' },
                  { key: 'person', label: t('hazards.plan.responsiblePerson'), children: plan.responsiblePerson ? `${plan.responsiblePerson}${plan.responsiblePhone ? ` · ${plan.responsiblePhone}` : ''}` : '—' },
                  { key: 'measures', label: t('hazards.plan.measures'), span: 2, children: plan.measures ?? '—' },
                  { key: 'funding', label: t('hazards.plan.funding'), children: plan.funding === null ? '—' : t('hazards.plan.fundingValue', { n: yuan(plan.funding) }) },
                  { key: 'deadline', label: t('hazards.plan.deadline'), children: dateTime(h.rectifyDeadline) },
                  { key: 'contingency', label: t('hazards.plan.contingencyPlan'), span: 2, children: plan.contingencyPlan ?? '—' },
                  { key: 'interim', label: t('hazards.plan.interimMeasures'), span: 2, children: plan.interimMeasures ?? '—' },
                ]} />
              ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.plan.none')} />}
            </Card>

            {(h.rectifiedAt || h.reinspection.at || h.closedOutAt) && (
              <Card size="small" title={t('hazards.progress.title')}>
                <Descriptions size="small" bordered column={2} styles={{ label: { width: 120 } }} items={[
                  { key: 'rectifiedAt', label: t('hazards.progress.rectifiedAt'), children: dateTime(h.rectifiedAt) },
                  { key: 'failed', label: t('hazards.progress.failed'), children: h.reinspection.failed },
                  { key: 'note', label: t('hazards.progress.rectifyNote'), span: 2, children: h.rectifyNote ?? '—' },
                  { key: 'reinspector', label: t('hazards.progress.reinspector'), children: h.reinspection.reinspectorName ?? '—' },
                  {
                    key: 'result', label: t('hazards.progress.result'),
                    children: h.reinspection.result ? <Tag color={h.reinspection.result === 'pass' ? 'success' : 'error'}>{t(`hazards.progress.${h.reinspection.result}`)}</Tag> : '—',
                  },
                  { key: 'reinspectedAt', label: t('hazards.progress.reinspectedAt'), children: dateTime(h.reinspection.at) },
                  { key: 'reinspectNote', label: t('hazards.progress.reinspectNote'), children: h.reinspection.note ?? '—' },
                  { key: 'closedOutAt', label: t('hazards.progress.closedOutAt'), children: dateTime(h.closedOutAt) },
                  { key: 'closedOutBy', label: t('hazards.progress.closedOutBy'), children: h.closedOutBy ?? '—' },
                ]} />
              </Card>
            )}

            <Card size="small" title={t('hazards.photos.title')} data-testid="hazard-photos"
              extra={open && (
                <Upload accept="image/jpeg,image/png,image/webp" showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
                  <Button size="small" icon={<UploadOutlined />} loading={uploading}>{t('hazards.action.upload')} · {t(stage === 'report' ? 'hazards.photos.before' : 'hazards.photos.after')}</Button>
                </Upload>
              )}>
              <Row gutter={12}>
                <PhotoColumn title={t('hazards.photos.before')} photos={before} none={t('hazards.photos.none')} />
                <PhotoColumn title={t('hazards.photos.after')} photos={after} none={t('hazards.photos.none')} />
              </Row>
              {other.length > 0 && <Row gutter={12} style={{ marginTop: 8 }}><PhotoColumn title={t('hazards.photos.other')} photos={other} none="" /></Row>}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('hazards.mapTitle')} styles={{ body: { padding: 0 } }}>
              <CaseMap lng={h.lng} lat={h.lat} label={h.ref} warnLevel={h.warnLevel} />
            </Card>
            <Card size="small" title={t('hazards.timelineTitle')}><HazardTimeline items={h.timeline} /></Card>
            <Card size="small" title={t('hazards.supervision')}>
              <Table size="small" bordered pagination={false} rowKey="createdAt" dataSource={h.supervision} locale={{ emptyText: t('hazards.none') }}
                columns={[
                  { title: t('hazards.superviseNote'), dataIndex: 'note', ellipsis: true, render: (n: string, s) => <span title={n}><Tag color="volcano">{t(`hazards.supLevel.${s.level}`)}</Tag>{n}</span> },
                  { title: t('hazards.superviseDeadline'), dataIndex: 'deadlineAt', width: 128, render: (v: string | null) => dateTime(v) },
                ]} />
            </Card>
          </Space>
        </Col>
      </Row>
      {dialog && <HazardDialog action={dialog} h={h} onClose={() => setDialog(null)} onDone={() => { setDialog(null); void load(); }} />}
    </Space>
  );
}

function PhotoColumn({ title, photos, none }: { title: string; photos: Photo[]; none: string }) {
  return (
    <Col span={12}>
      <Typography.Text type="secondary">{title}（{photos.length}）</Typography.Text>
      <div style={{ marginTop: 6 }}>
        {photos.length === 0 ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{none}</Typography.Text> : (
          <Image.PreviewGroup>
            <Space wrap size={8}>{photos.map((p) => (
              <Image key={p.id} width={112} height={84} style={{ objectFit: 'cover', borderRadius: 4 }} src={p.thumbUrl} preview={{ src: p.url }}
                alt={`${title} ${dateTime(p.createdAt)}`} />
            ))}</Space>
          </Image.PreviewGroup>
        )}
      </div>
    </Col>
  );
}
