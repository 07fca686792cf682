import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';

type Units = GetResponse<'/api/units'>;
type Unit = Units['items'][number];
interface Values { name: string; nameEn?: string; population?: number; active: boolean }

const KINDS = ['district', 'street', 'community', 'grid', 'department', 'zone', 'command_post', 'task_force'];
const PAGE = 20;

/** 单位管理: the unit tree's names, population and active flag (unit:manage). */
export function UnitsPage() {
  const t = useT();
  const { message } = App.useApp();
  const [kind, setKind] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Units | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Units>('/api/units', { kind, q: q || undefined, limit: PAGE, offset: (page - 1) * PAGE }));
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }, [kind, q, page]);
  useEffect(() => { void load(); }, [load]);

  async function save(v: Values) {
    if (!editing) return;
    setBusy(true);
    try {
      await api.patch(`/api/units/${editing.code}`, {
        name: v.name, active: v.active, ...(v.nameEn ? { nameEn: v.nameEn } : {}), ...(v.population !== undefined && v.population !== null ? { population: v.population } : {}),
      });
      message.success(t('admin.saved'));
      setEditing(null);
      void load();
    } catch (e) {
      if (!showFieldErrors(form, e, ['name', 'nameEn', 'population', 'active'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('menu.units')} extra={
      <Space>
        <Select allowClear placeholder={t('admin.kind')} aria-label={t('admin.kind')} style={{ width: 140 }} value={kind}
          onChange={(v?: string) => { setPage(1); setKind(v); }} options={KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} />
        <Input.Search allowClear placeholder={t('admin.searchUnits')} aria-label={t('admin.searchUnits')} style={{ width: 240 }} onSearch={(v) => { setPage(1); setQ(v.trim()); }} />
      </Space>
    }>
      <Table<Unit>
        size="small" bordered rowKey="code" loading={loading} dataSource={data?.items ?? []}
        locale={{ emptyText: error ?? t('common.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }), size: 'small', showSizeChanger: false }}
        columns={[
          { title: t('admin.code'), dataIndex: 'code', width: 150 },
          { title: t('admin.name'), dataIndex: 'name', width: 220, render: (n: string, u) => <>{n}{u.approximate && <Tag style={{ marginInlineStart: 6 }}>{t('admin.approximate')}</Tag>}</> },
          { title: t('admin.nameEn'), dataIndex: 'nameEn', ellipsis: true, render: (n: string | null) => n ?? '—' },
          { title: t('admin.kind'), dataIndex: 'kind', width: 100, render: (k: string) => t(`unitKind.${k}`) },
          { title: t('admin.parent'), dataIndex: 'parentCode', width: 130, render: (p: string | null) => p ?? '—' },
          { title: t('admin.population'), dataIndex: 'population', width: 100, align: 'right', render: (p: number | null) => (p === null ? '—' : p.toLocaleString()) },
          { title: t('admin.status'), dataIndex: 'active', width: 80, render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('admin.statuses.active') : t('admin.statuses.disabled')}</Tag> },
          { title: t('admin.actions'), width: 80, render: (_: unknown, u) => <Button type="link" size="small" onClick={() => setEditing(u)}>{t('admin.edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null} onCancel={() => setEditing(null)} destroyOnHidden title={t('admin.editUnit', { code: editing?.code ?? '' })}
        okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'unit-form', loading: busy }}
      >
        {editing && (
          <Form<Values> form={form} id="unit-form" name="unit-form" layout="vertical" onFinish={save} preserve={false}
            initialValues={{ name: editing.name, nameEn: editing.nameEn ?? undefined, population: editing.population ?? undefined, active: editing.active }}>
            <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, max: 64 }]}><Input autoFocus /></Form.Item>
            <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ max: 128 }]}><Input /></Form.Item>
            <Form.Item name="population" label={t('admin.population')}><InputNumber min={0} max={10_000_000} style={{ width: 200 }} /></Form.Item>
            <Form.Item name="active" label={t('admin.active')} valuePropName="checked"><Switch /></Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
