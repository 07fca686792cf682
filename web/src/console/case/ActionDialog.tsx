import { InboxOutlined } from '@ant-design/icons';
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { showFieldErrors, uploadPhoto } from '../lib/http';
import { loadDispatchUnits, unitName, useLoaded } from '../lib/reference';
import { LIMIT_UNITS, type ActionDef } from './actions';
import type { CaseDetail } from './types';

interface Values {
  note?: string;
  unitCode?: string;
  limit?: { amount: number; unit: string };
  approve?: boolean;
  intoId?: string;
  deadlineAt?: Dayjs;
  photos?: UploadFile[];
}

const KNOWN_FIELDS = ['note', 'unitCode', 'limit', 'approve', 'intoId', 'deadlineAt'];

/** One dialog for every case action: the fields the action takes, server field errors on the fields. */
export function ActionDialog({ action, detail, intoId, onClose, onDone, onConflict }: {
  action: ActionDef; detail: CaseDetail; intoId?: string;
  onClose(): void; onDone(): void; onConflict(): void;
}) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const units = useLoaded(loadDispatchUnits);
  const has = (f: ActionDef['fields'][number]) => action.fields.includes(f);

  const unitOptions = useMemo(() => {
    const kinds = ['department', 'street', 'task_force'];
    return kinds.map((k) => ({
      label: t(`unitKind.${k}`),
      options: (units ?? []).filter((u) => u.kind === k).map((u) => ({
        value: u.code, label: `${unitName(u, locale)}${u.code === detail.suggestedUnit ? ` (${t('action.suggested')})` : ''}`,
      })),
    })).filter((g) => g.options.length > 0);
  }, [units, locale, t, detail.suggestedUnit]);

  async function submit(v: Values) {
    setBusy(true);
    try {
      for (const f of v.photos ?? []) if (f.originFileObj) await uploadPhoto(detail.id, f.originFileObj, action.photoStage ?? 'other');
      const body: Record<string, unknown> = {};
      if (has('note') || has('reason')) body.note = v.note?.trim() ? v.note.trim() : has('reason') ? v.note : null;
      if (has('unit')) body.unitCode = v.unitCode;
      if (has('limit')) body.limit = v.limit;
      if (has('approve')) body.approve = v.approve;
      if (has('into')) body.intoId = v.intoId;
      if (has('deadline')) body.deadlineAt = v.deadlineAt ? v.deadlineAt.toISOString() : null;
      await api.post(`/api/cases/${detail.id}/${action.path}`, body);
      message.success(t('action.done', { action: t(`actions.${action.key}`), ref: detail.ref }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(e.message);
        onConflict();
      } else if (!showFieldErrors(form, e, KNOWN_FIELDS)) {
        message.error((e as Error).message);
      }
    } finally {
      setBusy(false);
    }
  }

  const id = `case-action-${action.key}`;
  return (
    <Modal
      open title={`${t(`actions.${action.key}`)} · ${detail.ref}`} onCancel={onClose} destroyOnHidden width={560}
      okText={t(`actions.${action.key}`)} okButtonProps={{ htmlType: 'submit', form: id, loading: busy, danger: action.kind === 'danger' }}
      cancelText={t('common.cancel')}
    >
      <Form<Values>
        form={form} id={id} name={id} layout="vertical" onFinish={submit} requiredMark
        initialValues={{ unitCode: detail.suggestedUnit, limit: { amount: 1, unit: 'workDay' }, approve: true, intoId }}
      >
        {has('unit') && (
          <Form.Item name="unitCode" label={t('action.unit')} rules={[{ required: true, message: t('action.unitRequired') }]} extra={t('action.suggestedHint')}>
            <Select showSearch optionFilterProp="label" options={unitOptions} loading={!units} autoFocus />
          </Form.Item>
        )}
        {has('into') && (
          <Form.Item name="intoId" label={t('action.into')} rules={[{ required: true, message: t('action.intoRequired') }]}>
            <Select options={detail.possibleDuplicates.map((d) => ({ value: d.id, label: `${d.ref} · ${t(`state.${d.state}`)} · ${Math.round(d.distanceM)} m` }))} />
          </Form.Item>
        )}
        {has('limit') && (
          <Form.Item label={t('action.limit')} required>
            <Space.Compact>
              <Form.Item name={['limit', 'amount']} noStyle rules={[{ required: true, message: t('action.limitRequired') }]}>
                <InputNumber min={1} max={10000} precision={0} style={{ width: 120 }} aria-label={t('action.limitAmount')} autoFocus />
              </Form.Item>
              <Form.Item name={['limit', 'unit']} noStyle>
                <Select style={{ width: 140 }} aria-label={t('action.limitUnit')} options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`limitUnit.${u}`) }))} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        )}
        {has('approve') && (
          <Form.Item name="approve" label={t('action.decision')}>
            <Radio.Group options={[{ value: true, label: t('action.approve') }, { value: false, label: t('action.refuse') }]} />
          </Form.Item>
        )}
        {(has('note') || has('reason')) && (
          <Form.Item
            name="note" label={has('reason') ? t('action.reason') : t('action.note')}
            rules={has('reason') ? [{ required: true, whitespace: true, message: t('action.reasonRequired') }, { min: 2, message: t('action.reasonMin') }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount autoFocus={!has('unit') && !has('limit')} />
          </Form.Item>
        )}
        {has('deadline') && (
          <Form.Item name="deadlineAt" label={t('action.deadline')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
          </Form.Item>
        )}
        {has('photos') && (
          <Form.Item name="photos" label={t('action.photos')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}>
            <Upload.Dragger accept="image/jpeg,image/png,image/webp" multiple listType="picture" beforeUpload={() => false}>
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">{t('action.photosHint')}</p>
            </Upload.Dragger>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
