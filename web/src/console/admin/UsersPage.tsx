import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { UnitSelect } from './UnitSelect';

type Users = GetResponse<'/api/users'>;
type User = Users['items'][number];
interface Values {
  username?: string; displayName: string; password?: string; phone?: string; locale?: string; status?: string;
  grants: Array<{ role: string; unitCode: string }>;
}

export const ROLES = ['admin', 'district_commander', 'district_operator', 'street_operator', 'department_handler', 'grid_worker', 'leader', 'data_officer', 'public'];
const PAGE = 20;

/** 用户管理: accounts with their roles at units (user:manage). */
export function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Users | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Users>('/api/users', { q: q || undefined, limit: PAGE, offset: (page - 1) * PAGE }));
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setLoading(false);
    }
  }, [q, page]);
  useEffect(() => { void load(); }, [load]);

  async function save(v: Values) {
    setBusy(true);
    try {
      if (editing === 'new') {
        await api.post('/api/users', { ...v, phone: v.phone || null });
      } else if (editing) {
        const { username: _u, password, ...rest } = v;
        await api.patch(`/api/users/${editing.id}`, { ...rest, phone: v.phone && !v.phone.includes('*') ? v.phone : undefined, ...(password ? { password } : {}) });
      }
      message.success(t('admin.saved'));
      setEditing(null);
      void load();
    } catch (e) {
      if (!showFieldErrors(form, e, ['username', 'displayName', 'password', 'phone', 'locale', 'status', 'grants'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const isNew = editing === 'new';
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <Card size="small" title={t('menu.users')} extra={
      <Space>
        <Input.Search allowClear placeholder={t('admin.searchUsers')} aria-label={t('admin.searchUsers')} style={{ width: 240 }} onSearch={(v) => { setPage(1); setQ(v.trim()); }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('admin.newUser')}</Button>
      </Space>
    }>
      <Table<User>
        size="small" bordered rowKey="id" loading={loading} dataSource={data?.items ?? []}
        locale={{ emptyText: error ?? t('common.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }), size: 'small', showSizeChanger: false }}
        columns={[
          { title: t('admin.username'), dataIndex: 'username', width: 150 },
          { title: t('admin.displayName'), dataIndex: 'displayName', width: 200 },
          { title: t('admin.phone'), dataIndex: 'phone', width: 130, render: (p: string | null) => p ?? '—' },
          { title: t('admin.status'), dataIndex: 'status', width: 80, render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`admin.statuses.${s}`)}</Tag> },
          { title: t('admin.grants'), dataIndex: 'grants', render: (g: User['grants']) => g.map((x) => <Tag key={`${x.role}@${x.unitCode}`}>{t(`role.${x.role}`)} @ {x.unitName}</Tag>) },
          { title: t('admin.actions'), width: 80, render: (_: unknown, u) => <Button type="link" size="small" onClick={() => setEditing(u)}>{t('admin.edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null} onCancel={() => setEditing(null)} destroyOnHidden width={640}
        title={isNew ? t('admin.newUser') : t('admin.editUser', { name: current?.displayName ?? '' })}
        okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'user-form', loading: busy }}
      >
        <Form<Values>
          form={form} id="user-form" name="user-form" layout="vertical" onFinish={save} preserve={false}
          initialValues={current
            ? { username: current.username, displayName: current.displayName, phone: current.phone ?? undefined, locale: current.locale, status: current.status, grants: current.grants.map((g) => ({ role: g.role, unitCode: g.unitCode })) }
            : { locale: 'zh-CN', grants: [{ role: 'street_operator', unitCode: undefined }] }}
        >
          <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
            <Form.Item name="username" label={t('admin.username')} rules={isNew ? [{ required: true, pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: t('admin.usernameRule') }] : []}>
              <Input disabled={!isNew} autoFocus={isNew} />
            </Form.Item>
            <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, max: 64 }]}>
              <Input />
            </Form.Item>
          </Space>
          <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
            <Form.Item name="password" label={isNew ? t('admin.password') : t('admin.newPassword')} rules={[{ required: isNew, min: 8, max: 128, message: t('admin.passwordRule') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="phone" label={t('admin.phone')} rules={[{ pattern: /^(1\d{10}|1\d{2}\*{4}\d{4})$/, message: t('admin.phoneRule') }]}>
              <Input maxLength={11} />
            </Form.Item>
          </Space>
          <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
            <Form.Item name="locale" label={t('admin.locale')}>
              <Select options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en', label: 'English' }]} />
            </Form.Item>
            {!isNew && (
              <Form.Item name="status" label={t('admin.status')}>
                <Select options={['active', 'disabled'].map((s) => ({ value: s, label: t(`admin.statuses.${s}`) }))} />
              </Form.Item>
            )}
          </Space>
          <Form.List name="grants">
            {(fields, { add, remove }) => (
              <Form.Item label={t('admin.grants')} required>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('admin.roleRequired') }]}>
                      <Select style={{ width: 160 }} aria-label={t('admin.role')} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unitCode']} rules={[{ required: true, message: t('admin.unitRequired') }]}>
                      <UnitSelect style={{ width: 300 }} ariaLabel={t('admin.unit')}
                        initialLabel={current?.grants[f.name]?.unitName} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined aria-label={t('admin.removeGrant')} onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ role: 'street_operator' })} icon={<PlusOutlined />}>{t('admin.addGrant')}</Button>
              </Form.Item>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
