import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Col, Descriptions, Empty, Form, Input, List, Modal, Radio, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type GetResponse, type PostResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { hm, type Operation } from './format';

type Plans = GetResponse<'/api/emergency-plans'>;
type Plan = GetResponse<'/api/emergency-plans/{id}'>;
type Level = Plan['levels'][number];

// The plan's sections in the order plans are written (编制 practice): command, warning, response, recovery.
const SECTIONS = ['organisation', 'monitoring', 'response', 'recovery'];

export const LEVEL_COLOR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'gold', 4: 'blue' };

function ActivateDialog({ op, plan, onClose, onDone }: { op: Operation; plan: Plan; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ level: number; zoneCode?: string; reason: string }>();
  const [saving, setSaving] = useState(false);
  const level = Form.useWatch('level', form);
  const zones = op.postTree.filter((p) => p.kind === 'command_post' && p.zoneCode).map((p) => ({ value: p.zoneCode!, label: p.name }));
  const measures = plan.levels.find((l) => l.level === level)?.measures ?? [];
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const a = await api.post<PostResponse<'/api/emergency-plans/{id}/activate'>>(`/api/emergency-plans/${plan.id}/activate`, { ...v, operationId: op.id });
      message.success(t('operations.plan.activated', { ref: a.ref, n: a.tasks }));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, ['level', 'zoneCode', 'reason'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('operations.plan.activateTitle', { name: plan.name })} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving}
      okText={t('operations.plan.activate')} okButtonProps={{ danger: true }} width={620} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ level: 4 }}>
        <Form.Item name="level" label={t('operations.plan.level')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={plan.levels.map((l) => ({ value: l.level, label: l.name }))} />
        </Form.Item>
        <Form.Item name="zoneCode" label={t('operations.plan.zone')} extra={t('operations.plan.zoneHint')}>
          <Select allowClear style={{ width: 240 }} options={zones} placeholder={t('operations.plan.allZones')} />
        </Form.Item>
        <Form.Item name="reason" label={t('operations.plan.reason')} rules={[{ required: true, min: 2, max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('operations.plan.reasonHint')} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('operations.plan.willCreate', { n: measures.length })}</Typography.Text>
      <List size="small" dataSource={measures} renderItem={(m) => (
        <List.Item>{m.seq}. {m.title} <Typography.Text type="secondary">· {m.unitCode ?? t(`operations.postKind.${m.postKind}`)} · {t('operations.plan.minutes', { n: m.timeLimitMinutes })}</Typography.Text></List.Item>
      )} />
    </Modal>
  );
}

function LevelBlock({ level }: { level: Level }) {
  const t = useT();
  return (
    <div style={{ marginBottom: 12 }}>
      <Space style={{ marginBottom: 4 }}>
        <Tag color={LEVEL_COLOR[level.level]}>{level.name}</Tag>
        <Typography.Text>{level.trigger}</Typography.Text>
        {level.condition && Object.keys(level.condition).length > 0 && <Typography.Text type="secondary" code>{JSON.stringify(level.condition)}</Typography.Text>}
      </Space>
      <Table size="small" bordered pagination={false} rowKey="id" dataSource={level.measures} columns={[
        { title: '#', dataIndex: 'seq', width: 40 },
        { title: t('operations.plan.measure'), dataIndex: 'title', render: (x: string, m) => <span title={m.description}>{x}</span> },
        { title: t('operations.plan.responsible'), width: 150, render: (_: unknown, m) => m.unitCode ?? t(`operations.postKind.${m.postKind}`) },
        { title: t('operations.plan.limit'), dataIndex: 'timeLimitMinutes', width: 90, align: 'right', render: (n: number) => t('operations.plan.minutes', { n }) },
      ]} />
    </div>
  );
}

/** 预案: the plans that apply here, one read in full (levels, triggers, measures), activated into this operation. */
export function PlansTab({ op, version, onChanged }: { op: Operation; version: number; onChanged(): void }) {
  const t = useT();
  const [plans, setPlans] = useState<Plans | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [activating, setActivating] = useState(false);

  useEffect(() => {
    api.get<Plans>('/api/emergency-plans', { limit: 200 }).then((r) => { setPlans(r); setSelected((s) => s ?? r.items[0]?.id ?? null); }, (e: ApiError) => setError(e));
  }, [version]);
  const loadPlan = useCallback(() => {
    if (!selected) return;
    api.get<Plan>(`/api/emergency-plans/${selected}`).then(setPlan, (e: ApiError) => setError(e));
  }, [selected]);
  useEffect(() => { loadPlan(); }, [loadPlan, version]);

  if (error && !plans) return <Empty description={error.message} />;
  if (!plans) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (!plans.items.length) return <Empty description={t('operations.plan.empty')} />;
  const mine = plan?.activations.filter((a) => a.operationId === op.id) ?? [];

  return (
    <Row gutter={12} wrap={false}>
      <Col flex="300px">
        <List size="small" bordered dataSource={plans.items} renderItem={(p) => (
          <List.Item onClick={() => setSelected(p.id)} style={{ cursor: 'pointer', background: p.id === selected ? '#e6f4ff' : undefined }}>
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{p.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`operations.plan.kind.${p.kind}`)} · {p.code}{p.lastActivation ? ` · ${t('operations.plan.last', { level: p.lastActivation.level, at: hm(p.lastActivation.activatedAt) })}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )} />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {!plan ? <Spin /> : (
          <>
            <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
              <Typography.Title level={5} style={{ margin: 0 }}>{plan.name}</Typography.Title>
              {plan.canActivate && op.currentPhase && (
                <Button danger type="primary" icon={<ThunderboltOutlined />} onClick={() => setActivating(true)}>{t('operations.plan.activate')}</Button>
              )}
            </Space>
            <Descriptions size="small" bordered column={2} style={{ marginBottom: 12 }} styles={{ label: { width: 110, whiteSpace: 'nowrap' } }} items={[
              { key: 'k', label: t('operations.plan.kindLabel'), children: t(`operations.plan.kind.${plan.kind}`) },
              { key: 'e', label: t('operations.plan.eventType'), children: t(`operations.plan.event.${plan.eventType}`) },
              { key: 's', label: t('operations.plan.summary'), span: 2, children: plan.summary },
              ...SECTIONS.filter((k) => plan.sections[k]).map((k) => ({ key: k, label: t(`operations.plan.section.${k}`), span: 2, children: plan.sections[k] })),
              {
                key: 'r', label: t('operations.plan.resources'), span: 2,
                children: <Space wrap size={4}>{plan.resources.map((r) => <Tag key={r.type}>{t(`operations.resourceType.${r.type}`)} × {r.quantity}</Tag>)}</Space>,
              },
            ]} />
            {plan.levels.map((l) => <LevelBlock key={l.level} level={l} />)}
            <Typography.Title level={5}>{t('operations.plan.activations')}</Typography.Title>
            <Table size="small" bordered rowKey="id" pagination={false} dataSource={mine} locale={{ emptyText: t('operations.plan.noActivations') }} columns={[
              { title: t('operations.plan.ref'), dataIndex: 'ref', width: 150 },
              { title: t('operations.plan.level'), dataIndex: 'level', width: 90, render: (n: number) => <Tag color={LEVEL_COLOR[n]}>{plan.levels.find((l) => l.level === n)?.name ?? n}</Tag> },
              { title: t('operations.plan.zone'), dataIndex: 'zoneCode', width: 110, render: (z: string | null) => (z ? op.postTree.find((p) => p.zoneCode === z)?.name ?? z : t('operations.plan.allZones')) },
              { title: t('operations.plan.reason'), dataIndex: 'reason', ellipsis: true },
              { title: t('operations.plan.by'), dataIndex: 'activatedByName', width: 110 },
              { title: t('operations.plan.at'), dataIndex: 'activatedAt', width: 110, render: hm },
              { title: t('operations.plan.tasks'), dataIndex: 'tasks', width: 70, align: 'right' },
            ]} />
          </>
        )}
      </Col>
      {activating && plan && <ActivateDialog op={op} plan={plan} onClose={() => setActivating(false)} onDone={() => { setActivating(false); onChanged(); loadPlan(); }} />}
    </Row>
  );
}
