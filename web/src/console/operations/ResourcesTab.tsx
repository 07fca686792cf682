import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { showFieldErrors } from '../lib/http';
import { hm, type Operation } from './format';

type Resources = GetResponse<'/api/resources'>;
type Resource = Resources['items'][number];
type Requests = GetResponse<'/api/resource-requests'>;
type Request = Requests['items'][number];

export const RESOURCE_TYPES = ['police_squad', 'security_team', 'volunteer_team', 'medical_team', 'ambulance', 'fire_engine', 'patrol_car', 'shuttle_bus', 'barrier', 'loudspeaker', 'lighting', 'drone'] as const;
const STATUS_COLOR: Record<string, string> = { available: 'green', assigned: 'blue', out_of_service: 'default' };
const RESOURCE_PAGE = 50;
const REQUEST_COLOR: Record<string, string> = { pending: 'orange', approved: 'blue', rejected: 'default', fulfilled: 'green' };

function RequestDialog({ op, onClose, onDone }: { op: Operation; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitCode: string; resourceType: string; quantity: number; reason: string }>();
  const [saving, setSaving] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.post('/api/resource-requests', { ...v, operationId: op.id });
      message.success(t('operations.resource.requested'));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, ['unitCode', 'resourceType', 'quantity', 'reason'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('operations.resource.request')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ quantity: 1, unitCode: op.postTree[0]?.unitCode }}>
        <Form.Item name="unitCode" label={t('operations.resource.byPost')} rules={[{ required: true }]}>
          <Select options={op.postTree.map((p) => ({ value: p.unitCode, label: p.name }))} />
        </Form.Item>
        <Space>
          <Form.Item name="resourceType" label={t('operations.resource.type')} rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={RESOURCE_TYPES.map((x) => ({ value: x, label: t(`operations.resourceType.${x}`) }))} />
          </Form.Item>
          <Form.Item name="quantity" label={t('operations.resource.quantity')} rules={[{ required: true }]}><InputNumber min={1} max={100} /></Form.Item>
        </Space>
        <Form.Item name="reason" label={t('operations.resource.reason')} rules={[{ required: true, min: 2, max: 2000 }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      </Form>
    </Modal>
  );
}

function DecideDialog({ request, action, onClose, onDone }: { request: Request; action: 'approve' | 'reject' | 'fulfil'; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ resourceIds?: string[]; note?: string }>();
  const [saving, setSaving] = useState(false);
  const [available, setAvailable] = useState<Resource[]>([]);
  useEffect(() => {
    if (action !== 'approve') return;
    api.get<Resources>('/api/resources', { type: request.resourceType, status: 'available', limit: 200 }).then((r) => setAvailable(r.items), () => setAvailable([]));
  }, [action, request.resourceType]);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const body = action === 'approve' ? { resourceIds: v.resourceIds, note: v.note || null } : action === 'reject' ? { note: v.note } : { note: v.note || null };
      await api.post(`/api/resource-requests/${request.id}/${action}`, body);
      message.success(t(`operations.resource.did.${action}`));
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={`${t(`operations.resource.action.${action}`)} · ${request.ref}`} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} width={560} destroyOnHidden>
      <Typography.Paragraph>{t('operations.resource.asks', { unit: request.unitName, n: request.quantity, type: t(`operations.resourceType.${request.resourceType}`) })}：{request.reason}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        {action === 'approve' && (
          <Form.Item name="resourceIds" label={t('operations.resource.assign', { n: request.quantity })}
            rules={[{ required: true }, { type: 'array', max: request.quantity, message: t('operations.resource.tooMany', { n: request.quantity }) }]}>
            <Select mode="multiple" options={available.map((r) => ({ value: r.id, label: `${r.name}（${r.locationName ?? r.code}）` }))} notFoundContent={t('operations.resource.noneAvailable')} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t(`operations.resource.note.${action}`)} rules={action === 'reject' ? [{ required: true, min: 2, max: 2000 }] : [{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 资源: emergency resources with status and place, and the posts' requests for them (approve with specific resources, reject, confirm). */
export function ResourcesTab({ op, version, onChanged }: { op: Operation; version: number; onChanged(): void }) {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<{ type?: string; status?: string }>({});
  const [page, setPage] = useState(1);
  const [resources, setResources] = useState<Resources | null>(null);
  const [requests, setRequests] = useState<Requests | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState(false);
  const [deciding, setDeciding] = useState<{ request: Request; action: 'approve' | 'reject' | 'fulfil' } | null>(null);

  const load = useCallback(() => {
    api.get<Resources>('/api/resources', { ...filter, limit: RESOURCE_PAGE, offset: (page - 1) * RESOURCE_PAGE }).then(setResources, (e: ApiError) => setError(e));
    api.get<Requests>('/api/resource-requests', { operationId: op.id, limit: 200 }).then(setRequests, (e: ApiError) => setError(e));
  }, [filter, page, op.id]);
  useEffect(() => { load(); }, [load, version]);

  async function setStatus(r: Resource, status: 'available' | 'out_of_service') {
    try {
      await api.patch(`/api/resources/${r.id}`, { status });
      message.success(t('operations.resource.statusChanged', { name: r.name }));
      load();
    } catch (e) {
      message.error((e as Error).message);
    }
  }

  const manage = session.can('resource:manage');
  const zoneName = (z: string | null) => (z ? op.postTree.find((p) => p.zoneCode === z)?.name ?? z : '—');
  const resourceColumns: ColumnsType<Resource> = [
    { title: t('operations.resource.code'), dataIndex: 'code', width: 96 },
    { title: t('operations.resource.name'), dataIndex: 'name', ellipsis: true },
    { title: t('operations.resource.type'), dataIndex: 'type', width: 100, render: (x: string) => t(`operations.resourceType.${x}`) },
    { title: t('operations.resource.category'), dataIndex: 'category', width: 64, render: (x: string) => t(`operations.resourceCategory.${x}`) },
    { title: t('operations.resource.quantity'), dataIndex: 'quantity', width: 64, align: 'right' },
    { title: t('operations.resource.status'), dataIndex: 'status', width: 84, render: (s: string) => <Tag color={STATUS_COLOR[s]} style={{ marginInlineEnd: 0 }}>{t(`operations.resourceStatus.${s}`)}</Tag> },
    { title: t('operations.resource.assignedTo'), dataIndex: 'assignedUnit', width: 96, render: (u: string | null) => (u ? op.postTree.find((p) => p.unitCode === u)?.name ?? u : '—') },
    { title: t('operations.resource.zone'), dataIndex: 'zoneCode', width: 130, ellipsis: true, render: zoneName },
    { title: t('operations.resource.location'), dataIndex: 'locationName', width: 130, ellipsis: true },
    { title: t('operations.resource.lngLat'), width: 150, render: (_: unknown, r) => (r.lng !== null ? `${r.lng.toFixed(4)}, ${r.lat!.toFixed(4)}` : '—') },
    ...(manage ? [{
      title: '', width: 96, render: (_: unknown, r: Resource) => (r.status === 'available'
        ? <Button size="small" type="link" onClick={() => void setStatus(r, 'out_of_service')}>{t('operations.resource.disable')}</Button>
        : <Button size="small" type="link" onClick={() => void setStatus(r, 'available')}>{t(r.status === 'assigned' ? 'operations.resource.release' : 'operations.resource.enable')}</Button>),
    }] : []),
  ];
  const requestColumns: ColumnsType<Request> = [
    { title: t('operations.resource.ref'), dataIndex: 'ref', width: 140 },
    { title: t('operations.resource.byPost'), dataIndex: 'unitName', width: 130, ellipsis: true },
    { title: t('operations.resource.type'), dataIndex: 'resourceType', width: 100, render: (x: string) => t(`operations.resourceType.${x}`) },
    { title: t('operations.resource.quantity'), dataIndex: 'quantity', width: 56, align: 'right' },
    { title: t('operations.resource.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('operations.resource.state'), dataIndex: 'state', width: 76, render: (s: string) => <Tag color={REQUEST_COLOR[s]} style={{ marginInlineEnd: 0 }}>{t(`operations.requestState.${s}`)}</Tag> },
    { title: t('operations.resource.assigned'), dataIndex: 'resources', width: 180, ellipsis: true, render: (rs: Request['resources'], r) => rs.map((x) => x.name).join('、') || r.decisionNote || '—' },
    { title: t('operations.resource.at'), dataIndex: 'createdAt', width: 100, render: hm },
    {
      title: t('operations.task.actions'), width: 120, fixed: 'right',
      render: (_: unknown, r) => <Space size={0}>{r.allowedActions.map((a) => (
        <Button key={a} size="small" type="link" danger={a === 'reject'} onClick={() => setDeciding({ request: r, action: a as 'approve' | 'reject' | 'fulfil' })}>{t(`operations.resource.action.${a}`)}</Button>
      ))}</Space>,
    },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
          <Space>
            <Typography.Text strong>{t('operations.resource.requests')}</Typography.Text>
            {requests && requests.items.some((r) => r.state === 'pending') && <Tag color="orange">{t('operations.resource.pendingN', { n: requests.items.filter((r) => r.state === 'pending').length })}</Tag>}
          </Space>
          {session.can('operation:duty') && <Button icon={<PlusOutlined />} onClick={() => setAsking(true)}>{t('operations.resource.request')}</Button>}
        </Space>
        <Table<Request> size="small" bordered rowKey="id" loading={!requests} columns={requestColumns} dataSource={requests?.items ?? []} pagination={false} scroll={{ x: 1100 }}
          rowClassName={(r) => (r.state === 'pending' ? 'cy-row-yellow' : '')} locale={{ emptyText: error?.message ?? t('operations.resource.noRequests') }} />
      </div>
      <div>
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text strong>{t('operations.resource.list')}</Typography.Text>
          <Select allowClear style={{ width: 140 }} placeholder={t('operations.resource.type')} value={filter.type} onChange={(v?: string) => { setFilter((f) => ({ ...f, type: v })); setPage(1); }}
            options={RESOURCE_TYPES.map((x) => ({ value: x, label: t(`operations.resourceType.${x}`) }))} aria-label={t('operations.resource.type')} />
          <Select allowClear style={{ width: 120 }} placeholder={t('operations.resource.status')} value={filter.status} onChange={(v?: string) => { setFilter((f) => ({ ...f, status: v })); setPage(1); }}
            options={['available', 'assigned', 'out_of_service'].map((x) => ({ value: x, label: t(`operations.resourceStatus.${x}`) }))} aria-label={t('operations.resource.status')} />
          {resources && <Typography.Text type="secondary">{t('common.total', { n: resources.total })}</Typography.Text>}
        </Space>
        <Table<Resource> size="small" bordered rowKey="id" loading={!resources} columns={resourceColumns} dataSource={resources?.items ?? []} scroll={{ x: 1200 }}
          pagination={{ current: page, pageSize: RESOURCE_PAGE, total: resources?.total ?? 0, size: 'small', hideOnSinglePage: true, onChange: setPage }} locale={{ emptyText: t('operations.resource.empty') }} />
      </div>
      {asking && <RequestDialog op={op} onClose={() => setAsking(false)} onDone={() => { setAsking(false); onChanged(); load(); }} />}
      {deciding && <DecideDialog request={deciding.request} action={deciding.action} onClose={() => setDeciding(null)} onDone={() => { setDeciding(null); onChanged(); load(); }} />}
    </Space>
  );
}
