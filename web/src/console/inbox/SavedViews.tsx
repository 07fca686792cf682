import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { normalise, sameFilters, type CaseFilters } from './filters';

type View = GetResponse<'/api/saved-views'>['items'][number];

/** 我的视图: pick a saved filter set, save the current one under a name, delete the chosen one. */
export function SavedViews({ filters, onApply }: { filters: CaseFilters; onApply(f: CaseFilters): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [views, setViews] = useState<View[]>([]);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const load = useCallback(() => api.get<GetResponse<'/api/saved-views'>>('/api/saved-views', { page: 'cases' })
    .then((r) => setViews(r.items), (e: ApiError) => message.error(e.message)), [message]);
  useEffect(() => { void load(); }, [load]);

  const current = views.find((v) => sameFilters(v.filters, filters as Record<string, unknown>));

  async function save({ name }: { name: string }) {
    setBusy(true);
    try {
      await api.post('/api/saved-views', { page: 'cases', name, filters: normalise(filters as Record<string, unknown>) });
      message.success(t('views.saved', { name }));
      setSaving(false);
      await load();
    } catch (e) {
      if (!showFieldErrors(form, e, ['name'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove(v: View) {
    try {
      await api.delete(`/api/saved-views/${v.id}`);
      message.success(t('views.deleted', { name: v.name }));
      await load();
    } catch (e) {
      message.error((e as Error).message);
    }
  }

  return (
    <Space.Compact>
      <Select
        style={{ width: 180 }} placeholder={t('views.placeholder')} aria-label={t('views.placeholder')}
        value={current?.id} allowClear onClear={() => onApply({})}
        options={views.map((v) => ({ value: v.id, label: v.name }))}
        onChange={(id?: string) => { const v = views.find((x) => x.id === id); if (v) onApply(normalise(v.filters)); }}
        notFoundContent={t('views.none')}
      />
      {current && (
        <Popconfirm title={t('views.confirmDelete', { name: current.name })} onConfirm={() => remove(current)}>
          <Tooltip title={t('views.delete')}><Button icon={<DeleteOutlined />} aria-label={t('views.delete')} /></Tooltip>
        </Popconfirm>
      )}
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)}>{t('views.save')}</Button>
      <Modal
        open={saving} title={t('views.saveTitle')} onCancel={() => setSaving(false)} destroyOnHidden
        okText={t('common.save')} okButtonProps={{ htmlType: 'submit', form: 'save-view', loading: busy }}
      >
        <Form form={form} id="save-view" name="save-view" layout="vertical" onFinish={save} preserve={false} initialValues={{ name: current?.name ?? '' }}>
          <Form.Item name="name" label={t('views.name')} rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }, { max: 64 }]} extra={t('views.nameHint')}>
            <Input autoFocus maxLength={64} />
          </Form.Item>
        </Form>
      </Modal>
    </Space.Compact>
  );
}
