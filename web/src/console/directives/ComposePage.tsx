import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type PostResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { showFieldErrors } from '../lib/http';
import { DeadlineInput } from './DeadlineInput';
import { deadlineSpecText, type DeadlineSpec } from './receipt-format';
import { isEmptyTarget, TargetPicker, TargetSummary, type TargetEstimate, type Targets } from './TargetPicker';

interface Values {
  issuerUnit?: string;
  title: string;
  body: string;
  targets: Targets;
  report: boolean;
  forward: boolean;
  signBy: DeadlineSpec;
  reportBy?: DeadlineSpec;
}

// The roles that may issue (the server decides; this only picks which of my units is the issuer).
const ISSUE_ROLES = ['admin', 'district_commander', 'district_operator', 'street_operator'];
const FIELDS = ['issuerUnit', 'title', 'body', 'targets', 'signBy', 'reportBy'];

/** 下达政令: content, recipients, what they must do and by when; a confirmation naming how many units it reaches. */
export function ComposePage() {
  const t = useT();
  const navigate = useNavigate();
  const session = useSession();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [estimate, setEstimate] = useState<TargetEstimate>({ parts: [], atMost: 0, byRole: false, loading: false });
  const issuerUnits = useMemo(() => [...new Set(session.me.grants.filter((g) => ISSUE_ROLES.includes(g.role)).map((g) => g.unitCode))], [session.me.grants]);
  const issuer = Form.useWatch('issuerUnit', form) ?? issuerUnits[0];
  const report = Form.useWatch('report', form);
  const signBy = Form.useWatch('signBy', form);
  const reportBy = Form.useWatch('reportBy', form);

  function confirm(v: Values) {
    if (isEmptyTarget(v.targets)) {
      form.setFields([{ name: 'targets', errors: [t('directives.targets.required')] }]);
      return;
    }
    modal.confirm({
      title: t('directives.confirm.title'), width: 520, okText: t('directives.confirm.ok'), cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-issue' } as never,
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{v.title}</Typography.Text>
          <TargetSummary estimate={estimate} />
          <Typography.Text type="secondary">
            {t('directives.confirm.deadlines', { sign: deadlineSpecText(v.signBy, t), report: v.report ? deadlineSpecText(v.reportBy, t) : t('directives.confirm.noReport') })}
          </Typography.Text>
        </Space>
      ),
      onOk: () => issue(v),
    });
  }

  async function issue(v: Values) {
    setBusy(true);
    try {
      const targets = {
        units: v.targets.units?.length ? v.targets.units : undefined,
        levels: v.targets.levels?.filter((l) => l.under).map((l) => ({ kind: l.kind, under: l.under })),
        roles: v.targets.roles?.length ? v.targets.roles : undefined,
      };
      if (!targets.levels?.length) delete targets.levels;
      const r = await api.post<PostResponse<'/api/directives'>>('/api/directives', {
        title: v.title.trim(), body: v.body.trim(), targets, requires: { report: v.report, forward: v.forward }, signBy: v.signBy,
        reportBy: v.report ? v.reportBy : undefined, issuerUnit: v.issuerUnit ?? issuerUnits[0],
      });
      message.success(t('directives.issued', { ref: r.ref, n: r.receipts }));
      navigate(`/directives/${r.id}`);
    } catch (e) {
      if (!showFieldErrors(form, e, FIELDS)) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form<Values>
      form={form} layout="vertical" onFinish={confirm} requiredMark
      initialValues={{ issuerUnit: issuerUnits[0], report: true, forward: true, signBy: { amount: 2, unit: 'workHour' }, reportBy: { amount: 3, unit: 'workDay' }, targets: {} }}
    >
      <Card size="small" styles={{ body: { padding: '10px 16px' } }} style={{ marginBottom: 12 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/directives')} aria-label={t('common.back')} />
            <Typography.Title level={4} style={{ margin: 0 }}>{t('directives.compose')}</Typography.Title>
          </Space>
          <Button type="primary" icon={<SendOutlined />} loading={busy} htmlType="submit" data-testid="issue">{t('directives.issue')}</Button>
        </Space>
      </Card>
      <Row gutter={12}>
        <Col span={16}>
          <Card size="small" title={t('directives.section.content')} style={{ marginBottom: 12 }}>
            {issuerUnits.length > 1 && (
              <Form.Item name="issuerUnit" label={t('directives.field.issuerUnit')}>
                <Select options={issuerUnits.map((u) => ({ value: u, label: u }))} style={{ width: 240 }} />
              </Form.Item>
            )}
            <Form.Item name="title" label={t('directives.field.title')} rules={[{ required: true, whitespace: true, message: t('directives.field.titleRequired') }, { min: 2, max: 200 }]}>
              <Input maxLength={200} showCount placeholder={t('directives.field.titlePlaceholder')} data-testid="directive-title" />
            </Form.Item>
            <Form.Item name="body" label={t('directives.field.body')} rules={[{ required: true, whitespace: true, message: t('directives.field.bodyRequired') }, { max: 20000 }]}>
              <Input.TextArea rows={7} maxLength={20000} showCount placeholder={t('directives.field.bodyPlaceholder')} data-testid="directive-body" />
            </Form.Item>
          </Card>
          <Card size="small" title={t('directives.section.targets')}>
            <Form.Item name="targets" noStyle>
              <TargetPicker root={issuer} onEstimate={setEstimate} />
            </Form.Item>
            <Form.Item shouldUpdate noStyle>
              {() => {
                const errs = form.getFieldError('targets');
                return errs.length ? <Typography.Text type="danger">{errs[0]}</Typography.Text> : null;
              }}
            </Form.Item>
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={t('directives.section.requires')} style={{ marginBottom: 12 }}>
            <Form.Item name="forward" label={t('directives.field.forward')} valuePropName="checked" extra={t('directives.field.forwardHint')}>
              <Switch />
            </Form.Item>
            <Form.Item name="signBy" label={t('directives.field.signBy')} extra={t('directives.field.signByHint')} required>
              <DeadlineInput testId="sign-by" />
            </Form.Item>
            <Form.Item name="report" label={t('directives.field.report')} valuePropName="checked" extra={t('directives.field.reportHint')}>
              <Switch data-testid="requires-report" />
            </Form.Item>
            {report && (
              <Form.Item name="reportBy" label={t('directives.field.reportBy')} extra={t('directives.field.reportByHint')} required>
                <DeadlineInput testId="report-by" />
              </Form.Item>
            )}
          </Card>
          <Card size="small" title={t('directives.section.summary')}>
            <Descriptions size="small" column={1} styles={{ label: { width: 90 } }} items={[
              { key: 'sign', label: t('directives.field.signBy'), children: deadlineSpecText(signBy, t) },
              { key: 'report', label: t('directives.field.reportBy'), children: report ? deadlineSpecText(reportBy, t) : t('directives.confirm.noReport') },
            ]} />
            <div style={{ marginTop: 8 }}><TargetSummary estimate={estimate} /></div>
          </Card>
        </Col>
      </Row>
    </Form>
  );
}
