import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime, WarnTag } from '../lib/format';
import { FINAL_RECEIPT_STATES, ReceiptDeadline, ReceiptStateTag } from '../directives/receipt-format';
import { ChangeList } from '../directives/VersionHistory';
import { ReceiptDialog, type ReceiptAction } from './ReceiptDialogs';
import { ReceiptTimeline } from './ReceiptTimeline';

type Detail = GetResponse<'/api/receipts/{id}'>;
interface Photo { id: string; url: string; thumbUrl: string; originalName: string | null }

const PRIMARY: ReceiptAction[] = ['sign', 'report'];

/** 签收单: the directive as this unit received it, what changed since it signed, and what it may do now. */
export function ReceiptDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const session = useSession();
  const [r, setR] = useState<Detail | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<ReceiptAction | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await api.get<Detail>(`/api/receipts/${id}`);
      setR(d);
      setError(null);
      if (d.reportAttachmentIds.length) {
        const a = await api.get<{ items: Photo[] }>(`/api/work-items/${id}/attachments`).catch(() => ({ items: [] }));
        setPhotos(a.items.filter((p) => d.reportAttachmentIds.includes(p.id)));
      }
    } catch (e) {
      setError(e as ApiError);
    }
  }, [id]);
  useEffect(() => { setR(null); void load(); }, [load]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEvents(['directive', 'receipt'], (e) => {
    const mine = e.subjectId === id || (r && (e.subjectId === r.directiveId || r.children.some((c) => c.id === e.subjectId)));
    if (!mine) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void load(); }, 400);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  if (error && !r) {
    return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? t('receipts.notFound') : t('receipts.loadFailed')} subTitle={error.message}
      extra={<Space><Button onClick={() => navigate('/receipts')}>{t('receipts.backToList')}</Button><Button type="primary" onClick={() => void load()}>{t('common.retry')}</Button></Space>} />;
  }
  if (!r) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;

  const open = !FINAL_RECEIPT_STATES.includes(r.state);
  const actions: ReceiptAction[] = [...(r.allowedActions as ReceiptAction[])];
  // Supervising and reminding are for the units above this one (the server answers 403 for its own unit).
  if (open && session.can('directive:supervise') && !session.unitCodes.includes(r.unitCode)) actions.push('urge', 'supervise');
  const label = (a: ReceiptAction) => (a === 'sign' && r.state === 'resign' ? t('receipts.action.resign') : t(`receipts.action.${a}`));
  const figures = Object.entries(r.reportFigures ?? {});

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '10px 16px' } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={10} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }}>{r.ref}</Typography.Title>
            <span data-testid="receipt-state" data-state={r.state}><ReceiptStateTag state={r.state} t={t} /></span>
            <WarnTag level={r.warnLevel} t={t} />
            {r.supervised && <Tag color="volcano">{t('receipts.supervised')}</Tag>}
            {r.stage && <Typography.Text type="secondary">{t(`receipts.stage.${r.stage}`)}</Typography.Text>}
            <ReceiptDeadline deadlineAt={r.deadlineAt} warnLevel={r.warnLevel} state={r.state} t={t} />
          </Space>
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} onClick={() => setDialog(a)} data-testid={`receipt-${a}`}>{label(a)}</Button>
            ))}
            {actions.length === 0 && <Typography.Text type="secondary">{t('receipts.noActions')}</Typography.Text>}
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Space>
        </Space>
      </Card>

      {r.state === 'resign' && r.changesSinceSigned.length > 0 && (
        <Alert type="warning" showIcon title={t('receipts.changedTitle', { n: r.version })} data-testid="changes-since-signed"
          description={<Space orientation="vertical" style={{ width: '100%' }}>{r.changesSinceSigned.map((c) => (
            <div key={c.version}>{c.note && <div>{t('receipts.changeNote', { v: c.version, note: c.note })}</div>}<ChangeList changes={c.changes} /></div>
          ))}</Space>} />
      )}
      {r.directive.state === 'recalled' && <Alert type="info" showIcon title={t('receipts.recalled')} />}

      <Row gutter={12}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={r.directive.title} extra={<Link to={`/directives/${r.directiveId}`}>{r.directiveRef}</Link>}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.directive.body}</Typography.Paragraph>
              <Descriptions size="small" bordered column={2} styles={{ label: { width: 110 } }} items={[
                { key: 'issuer', label: t('directives.col.issuer'), children: r.directive.issuerName },
                { key: 'unit', label: t('receipts.col.unit'), children: `${r.unitName}（${r.unitCode}）` },
                { key: 'version', label: t('receipts.version'), children: r.signedVersion === null ? t('receipts.versionUnsigned', { v: r.version }) : t('receipts.versionValue', { v: r.version, s: r.signedVersion }) },
                { key: 'requires', label: t('receipts.requires'), children: [r.directive.requires.report && t('directives.needsReport'), r.directive.requires.forward && t('directives.allowsForward')].filter(Boolean).join('、') || '—' },
                { key: 'signed', label: t('receipts.signedAt'), children: <>{dateTime(r.signedAt)}{r.signLate && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('receipts.late')}</Tag>}</> },
                { key: 'reportBy', label: t('directives.field.reportBy'), children: dateTime(r.directive.reportDeadlineAt) },
              ]} />
            </Card>
            {r.state === 'done' && (
              <Card size="small" title={t('receipts.reportTitle')} extra={<>{dateTime(r.reportedAt)}{r.reportLate && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('receipts.late')}</Tag>}</>}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.reportText}</Typography.Paragraph>
                {figures.length > 0 && (
                  <Descriptions size="small" bordered column={3} items={figures.map(([k, v]) => ({ key: k, label: k, children: v }))} style={{ marginBottom: 8 }} />
                )}
                {photos.length > 0 && (
                  <Image.PreviewGroup>
                    <Space wrap size={8}>{photos.map((p) => <Image key={p.id} width={96} height={72} style={{ objectFit: 'cover' }} src={p.thumbUrl} preview={{ src: p.url }} alt={p.originalName ?? p.id} />)}</Space>
                  </Image.PreviewGroup>
                )}
              </Card>
            )}
            <Card size="small" title={`${t('receipts.children')} (${r.children.length})`}>
              <Table size="small" bordered pagination={r.children.length > 20 ? { pageSize: 20, size: 'small' } : false} rowKey="id" dataSource={r.children}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('receipts.noChildren')} /> }}
                rowClassName={(c) => (c.warnLevel === 'red' ? 'cy-row-red' : c.warnLevel === 'yellow' ? 'cy-row-yellow' : '')}
                columns={[
                  { title: t('receipts.col.unit'), dataIndex: 'unitName', render: (n: string, c) => <Link to={`/receipts/${c.id}`}>{n}</Link> },
                  { title: t('receipts.col.state'), dataIndex: 'state', width: 110, render: (s: string) => <ReceiptStateTag state={s} t={t} /> },
                  { title: t('receipts.col.warn'), dataIndex: 'warnLevel', width: 100, render: (w: string) => <WarnTag level={w} t={t} /> },
                ]} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('receipts.timelineTitle')}><ReceiptTimeline items={r.timeline} /></Card>
            <Card size="small" title={t('receipts.supervision')}>
              <Table size="small" bordered pagination={false} rowKey="createdAt" dataSource={r.supervision} locale={{ emptyText: t('receipts.none') }}
                columns={[
                  { title: t('receipts.superviseNote'), dataIndex: 'note', ellipsis: true },
                  { title: t('receipts.superviseDeadline'), dataIndex: 'deadlineAt', width: 128, render: (v: string | null) => dateTime(v) },
                ]} />
            </Card>
          </Space>
        </Col>
      </Row>
      {dialog && <ReceiptDialog action={dialog} r={r} onClose={() => setDialog(null)} onDone={() => { setDialog(null); void load(); }} />}
    </Space>
  );
}
