import { DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Slider, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, ApiError, type PostResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { uploadImage } from '../../shared/upload-image';
import type { MilestoneView } from './format';

interface Values {
  progress: number;
  text: string;
  complete?: boolean;
  figures?: Array<{ name: string; value: number }>;
  photos?: UploadFile[];
}

/** 进展反馈 on one milestone: how far (%), what was done, optional figures and photos; 100 % or "done" completes it. */
export function ProgressDialog({ milestone, onClose, onDone }: { milestone: MilestoneView; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    try {
      // Photos first: a completed milestone is closed and takes no more.
      const attachmentIds: string[] = [];
      for (const f of v.photos ?? []) if (f.originFileObj) attachmentIds.push(await uploadImage(milestone.id, f.originFileObj, { stage: 'report', name: f.name }));
      const figures = Object.fromEntries((v.figures ?? []).filter((f) => f?.name?.trim() && Number.isFinite(f.value)).map((f) => [f.name.trim(), f.value]));
      const out = await api.post<PostResponse<'/api/milestones/{id}/progress'>>(`/api/milestones/${milestone.id}/progress`, {
        progress: v.progress, text: v.text, complete: v.complete || undefined,
        figures: Object.keys(figures).length ? figures : undefined, attachmentIds: attachmentIds.length ? attachmentIds : undefined,
      });
      message.success(out.taskCompleted ? t('responsibility.progress.taskCompleted') : t('responsibility.action.done', { action: t('responsibility.action.report'), ref: milestone.name }));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, ['progress', 'text', 'figures'])) message.error((e as Error).message);
      if (e instanceof ApiError && e.status === 409) onDone();
    } finally {
      setBusy(false);
    }
  }

  const id = `progress-${milestone.id}`;
  return (
    <Modal open title={t('responsibility.progress.title', { name: milestone.name })} onCancel={onClose} destroyOnHidden width={600}
      okText={t('common.submit')} okButtonProps={{ htmlType: 'submit', form: id, loading: busy }} cancelText={t('common.cancel')}>
      <Form<Values> id={id} form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ progress: milestone.progress, figures: [] }}>
        <Form.Item label={t('responsibility.progress.percent')} extra={t('responsibility.progress.completeHint')}>
          <Row gutter={12} align="middle">
            <Col flex="auto"><Form.Item name="progress" noStyle><Slider min={0} max={100} step={5} /></Form.Item></Col>
            <Col flex="110px"><Form.Item name="progress" noStyle><InputNumber min={0} max={100} precision={0} addonAfter="%" style={{ width: 110 }} /></Form.Item></Col>
          </Row>
        </Form.Item>
        <Form.Item name="complete" valuePropName="checked" style={{ marginTop: -8 }}><Checkbox>{t('responsibility.progress.complete')}</Checkbox></Form.Item>
        <Form.Item name="text" label={t('responsibility.progress.text')} rules={[{ required: true, whitespace: true, min: 2, message: t('responsibility.form.required', { field: t('responsibility.progress.text') }) }]}>
          <Input.TextArea rows={3} maxLength={5000} showCount placeholder={t('responsibility.progress.textPlaceholder')} />
        </Form.Item>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>{t('responsibility.progress.figures')}</Typography.Text>
        <Form.List name="figures">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[f.name, 'name']} style={{ marginBottom: 4 }}><Input placeholder={t('responsibility.progress.figureName')} maxLength={40} style={{ width: 220 }} /></Form.Item>
                  <Form.Item name={[f.name, 'value']} style={{ marginBottom: 4 }}><InputNumber placeholder={t('responsibility.progress.figureValue')} style={{ width: 140 }} /></Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('responsibility.form.removeMilestone')} />
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} disabled={fields.length >= 50} onClick={() => add({ name: '' })} style={{ marginBottom: 12 }}>
                {t('responsibility.progress.addFigure')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="photos" label={t('responsibility.progress.photos')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}>
          <Upload.Dragger multiple accept="image/jpeg,image/png,image/webp" beforeUpload={() => false} maxCount={9} listType="picture">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
    </Modal>
  );
}
