import { DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Space, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { TargetPicker, isEmptyTarget, type Targets } from '../directives/TargetPicker';
import { ChangeList, type Change } from '../directives/VersionHistory';
import { uploadImage } from '../../shared/upload-image';

export type ReceiptAction = 'sign' | 'forward' | 'report' | 'supervise' | 'urge';

interface Receipt {
  id: string; ref: string; state: string; unitCode: string; version: number;
  changesSinceSigned: Array<{ version: number; note: string | null; changes: Change[] }>;
}

interface Values {
  note?: string; confirmed?: boolean; targets?: Targets; text?: string; figures?: Array<{ name?: string; value?: number }>;
  photos?: UploadFile[]; deadlineAt?: Dayjs;
}

const FIELDS = ['note', 'targets', 'text', 'figures', 'deadlineAt'];

/** One dialog per receipt action: sign (re-confirming what changed), forward to sub-units, report, supervise, remind. */
export function ReceiptDialog({ action, r, onClose, onDone }: { action: ReceiptAction; r: Receipt; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  // Photos already sent keep their ids: a retry after a failed upload or report sends only what is missing.
  const sent = useRef(new Map<string, string>());
  const resign = action === 'sign' && r.state === 'resign' && r.changesSinceSigned.length > 0;

  async function submit(v: Values) {
    setBusy(true);
    try {
      if (action === 'sign') await api.post(`/api/receipts/${r.id}/sign`, { note: v.note?.trim() || null });
      if (action === 'forward') {
        if (isEmptyTarget(v.targets)) { form.setFields([{ name: 'targets', errors: [t('directives.targets.required')] }]); return; }
        const levels = v.targets!.levels?.filter((l) => l.under);
        const res = await api.post<{ forwarded: number }>(`/api/receipts/${r.id}/forward`, {
          targets: { units: v.targets!.units?.length ? v.targets!.units : undefined, levels: levels?.length ? levels : undefined }, note: v.note?.trim() || null,
        });
        message.success(t('receipts.forwardDone', { n: res.forwarded }));
      }
      if (action === 'report') {
        const ids: string[] = [];
        for (const f of v.photos ?? []) {
          let id = sent.current.get(f.uid);
          if (!id && f.originFileObj) {
            id = await uploadImage(r.id, f.originFileObj, { stage: 'report', name: f.name });
            sent.current.set(f.uid, id);
          }
          if (id) ids.push(id);
        }
        const figures = Object.fromEntries((v.figures ?? []).filter((f) => f.name?.trim() && typeof f.value === 'number').map((f) => [f.name!.trim(), f.value!]));
        await api.post(`/api/receipts/${r.id}/report`, {
          text: v.text!.trim(), figures: Object.keys(figures).length ? figures : undefined, attachmentIds: ids.length ? ids : undefined,
        });
      }
      if (action === 'supervise') await api.post(`/api/receipts/${r.id}/supervise`, { note: v.note!.trim(), deadlineAt: v.deadlineAt ? v.deadlineAt.toISOString() : null });
      if (action === 'urge') await api.post(`/api/receipts/${r.id}/urge`, { note: v.note?.trim() || undefined });
      if (action !== 'forward') message.success(t('receipts.done', { action: t(`receipts.action.${action}`), ref: r.ref }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) { message.warning(e.message); onDone(); return; }
      if (!showFieldErrors(form, e, FIELDS)) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const id = `receipt-${action}`;
  const title = resign ? t('receipts.action.resign') : t(`receipts.action.${action}`);
  return (
    <Modal open title={`${title} · ${r.ref}`} width={action === 'forward' ? 760 : 600} onCancel={onClose} destroyOnHidden
      okText={title} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: id, loading: busy }}>
      <Form<Values> form={form} id={id} layout="vertical" onFinish={submit} requiredMark initialValues={{ targets: {}, figures: [] }}>
        {resign && (
          <>
            <Alert type="warning" showIcon title={t('receipts.changedTitle', { n: r.version })} style={{ marginBottom: 8 }} />
            {r.changesSinceSigned.map((c) => (
              <div key={c.version} style={{ marginBottom: 8 }}>
                {c.note && <div style={{ marginBottom: 4 }}>{t('receipts.changeNote', { v: c.version, note: c.note })}</div>}
                <ChangeList changes={c.changes} />
              </div>
            ))}
            <Form.Item name="confirmed" valuePropName="checked" rules={[{ validator: async (_, ok) => { if (!ok) throw new Error(t('receipts.confirmRequired')); } }]}>
              <Checkbox>{t('receipts.confirmChanges')}</Checkbox>
            </Form.Item>
          </>
        )}
        {action === 'forward' && (
          <Form.Item name="targets" label={t('receipts.forwardTo')} extra={t('receipts.forwardHint')}>
            <TargetPicker root={r.unitCode} kinds={['grid', 'community']} showRoles={false} />
          </Form.Item>
        )}
        {action === 'report' && (
          <>
            <Form.Item name="text" label={t('receipts.reportText')} rules={[{ required: true, whitespace: true, message: t('receipts.reportTextRequired') }, { min: 2, message: t('receipts.reportTextRequired') }]}>
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('receipts.reportTextPlaceholder')} autoFocus />
            </Form.Item>
            <Form.Item label={t('receipts.figures')} extra={t('receipts.figuresHint')}>
              <Form.List name="figures">
                {(fields, { add, remove }) => (
                  <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                    {fields.map((f) => (
                      <Space key={f.key} size={6}>
                        <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, whitespace: true, max: 40 }]}>
                          <Input placeholder={t('receipts.figureName')} style={{ width: 200 }} maxLength={40} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'value']} noStyle rules={[{ required: true }]}>
                          <InputNumber placeholder={t('receipts.figureValue')} style={{ width: 140 }} />
                        </Form.Item>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('directives.targets.remove')} />
                      </Space>
                    ))}
                    {fields.length < 50 && <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('receipts.addFigure')}</Button>}
                  </Space>
                )}
              </Form.List>
            </Form.Item>
            <Form.Item name="photos" label={t('receipts.photos')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}>
              <Upload.Dragger accept="image/jpeg,image/png,image/webp" multiple listType="picture" beforeUpload={() => false} maxCount={20}>
                <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                <p className="ant-upload-text">{t('receipts.photosHint')}</p>
              </Upload.Dragger>
            </Form.Item>
          </>
        )}
        {action === 'supervise' && (
          <Form.Item name="deadlineAt" label={t('receipts.superviseDeadline')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
          </Form.Item>
        )}
        {action !== 'report' && (
          <Form.Item name="note" label={action === 'supervise' ? t('receipts.superviseNote') : t('receipts.note')}
            rules={action === 'supervise' ? [{ required: true, whitespace: true, min: 2, message: t('receipts.superviseNoteRequired') }] : []}>
            <Input.TextArea rows={2} maxLength={action === 'urge' ? 500 : 2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
