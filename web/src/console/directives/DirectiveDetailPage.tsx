import { ArrowLeftOutlined, DownloadOutlined, EditOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents, type StreamEvent } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime } from '../lib/format';
import { downloadFile } from '../lib/http';
import { AmendDialog, RecallDialog } from './DirectiveDialogs';
import { ProgressBars } from './ProgressBars';
import { ProgressTree, type ProgressTreeHandle } from './ProgressTree';
import { deadlineSpecText, DirectiveStateTag, liveTotal, percent } from './receipt-format';
import { UrgeButton } from './UrgeButton';
import { VersionHistory } from './VersionHistory';

type Detail = GetResponse<'/api/directives/{id}'>;
const LIVE_DEBOUNCE_MS = 400;

/** Whether a pushed event concerns this directive: its own events, or one of its receipts (refs "<ref>-00001"). */
export function concerns(e: StreamEvent, id: string, ref: string): boolean {
  if (e.subjectType === 'directive') return e.subjectId === id;
  const r = (e.payload as { ref?: unknown }).ref;
  return e.subjectType === 'receipt' && typeof r === 'string' && r.startsWith(`${ref}-`);
}

/** 政令详情: content and versions, the live progress tree, and the issuer's actions (amend, recall, remind, ledger). */
export function DirectiveDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const session = useSession();
  const { message } = App.useApp();
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<'amend' | 'recall' | null>(null);
  const [exporting, setExporting] = useState(false);
  const tree = useRef<ProgressTreeHandle>(null);

  const load = useCallback(async () => {
    try {
      setD(await api.get<Detail>(`/api/directives/${id}`));
      setError(null);
      await tree.current?.refresh();
    } catch (e) {
      setError(e as ApiError);
    }
  }, [id]);
  useEffect(() => { setD(null); void load(); }, [load]);

  // Live: a signature, forward or report anywhere below updates the counts and the opened levels of the tree.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refRef = useRef<string>('');
  refRef.current = d?.ref ?? '';
  useEvents(['directive', 'receipt'], (e) => {
    if (!refRef.current || !concerns(e, id, refRef.current)) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => { void load(); }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  async function exportLedger() {
    setExporting(true);
    try {
      await downloadFile(`/api/directives/${id}/receipts.xlsx`, {}, `receipts-${d?.ref ?? id}.xlsx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  if (error && !d) {
    return (
      <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? t('directives.notFound') : t('directives.loadFailed')} subTitle={error.message}
        extra={<Space><Button onClick={() => navigate('/directives')}>{t('directives.backToList')}</Button><Button type="primary" onClick={() => void load()}>{t('common.retry')}</Button></Space>} />
    );
  }
  if (!d) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;

  const c = d.progress;
  const of = liveTotal(c);
  const active = d.state === 'active';
  const done = () => { setDialog(null); void load(); };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '10px 16px' } }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={10} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/directives')} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }}>{d.ref}</Typography.Title>
            <DirectiveStateTag state={d.state} t={t} />
            <Tag color={d.version > 1 ? 'orange' : 'default'}>{t('directives.versionN', { n: d.version })}</Tag>
            {d.requires.report && <Tag>{t('directives.needsReport')}</Tag>}
            {d.requires.forward && <Tag>{t('directives.allowsForward')}</Tag>}
          </Space>
          <Space wrap>
            {d.canManage && active && <Button icon={<EditOutlined />} onClick={() => setDialog('amend')} data-testid="amend">{t('directives.amend.title')}</Button>}
            {session.can('directive:supervise') && active && <UrgeButton directiveId={d.id} report={d.requires.report} unsigned={c.pending} unreported={c.signed - c.reported} />}
            {d.canManage && active && <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('recall')}>{t('directives.recall.title')}</Button>}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()}>{t('directives.exportLedger')}</Button>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          </Space>
        </Space>
      </Card>

      {d.state === 'recalled' && <Alert type="warning" showIcon title={t('directives.recalledAt', { at: dateTime(d.recalledAt) })} description={d.recallReason} />}

      <Card size="small" styles={{ body: { padding: '10px 16px' } }} data-testid="directive-counts">
        <Row gutter={16} align="middle">
          <Col flex="110px"><Statistic title={t('directives.stat.total')} value={of} /></Col>
          <Col flex="130px"><Statistic title={t('directives.stat.signed')} value={c.signed} suffix={<small>/ {of}</small>} /></Col>
          <Col flex="110px"><Statistic title={t('directives.stat.pending')} value={c.pending} /></Col>
          <Col flex="110px"><Statistic title={t('directives.stat.forwarded')} value={c.forwarded} /></Col>
          {d.requires.report && <Col flex="130px"><Statistic title={t('directives.stat.reported')} value={c.reported} suffix={<small>/ {of}</small>} /></Col>}
          <Col flex="100px"><Statistic title={t('directives.stat.warning')} value={c.warning} styles={{ content: { color: c.warning ? '#d48806' : undefined } }} /></Col>
          <Col flex="100px"><Statistic title={t('directives.stat.overdue')} value={c.overdue} styles={{ content: { color: c.overdue ? '#cf1322' : undefined } }} /></Col>
          <Col flex="auto" style={{ minWidth: 260 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('directives.stat.rates', { s: percent(c.signed, of), r: percent(c.reported, of) })}</Typography.Text>
            <ProgressBars counts={c} report={d.requires.report} t={t} />
          </Col>
        </Row>
      </Card>

      <Row gutter={12}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('directives.tree.title')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('directives.tree.hint')}</Typography.Text>}>
            <ProgressTree ref={tree} directiveId={d.id} top={d.tree} report={d.requires.report} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={d.title} data-testid="directive-content">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Typography.Paragraph>
              <Descriptions size="small" bordered column={1} styles={{ label: { width: 100 } }} items={[
                { key: 'issuer', label: t('directives.col.issuer'), children: d.issuerName },
                { key: 'issued', label: t('directives.col.issuedAt'), children: dateTime(d.issuedAt) },
                { key: 'sign', label: t('directives.field.signBy'), children: deadlineSpecText(d.signBy, t) },
                { key: 'report', label: t('directives.field.reportBy'), children: d.requires.report ? `${deadlineSpecText(d.reportBy, t)}（${dateTime(d.reportDeadlineAt)}）` : t('directives.confirm.noReport') },
              ]} />
            </Card>
            <Card size="small" title={t('directives.versions.title')}>
              <VersionHistory versions={d.versions} />
            </Card>
          </Space>
        </Col>
      </Row>

      {dialog === 'amend' && <AmendDialog d={d} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'recall' && <RecallDialog d={d} onClose={() => setDialog(null)} onDone={done} />}
    </Space>
  );
}
