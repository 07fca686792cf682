import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, ApiError, type PostResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { uploadImage } from '../../shared/upload-image';
import { lineTitle, sectorName, useSectors } from './use-sectors';

type Created = PostResponse<'/api/hazards'>;

interface Values {
  sector?: string; checklistItemId?: number; grade: 'ordinary' | 'major'; description?: string; subjectName?: string; creditCode?: string;
  address?: string; lng?: number; lat?: number; photos?: UploadFile[];
}

const FIELDS = ['sector', 'checklistItemId', 'grade', 'description', 'subjectName', 'creditCode', 'address', 'lng', 'lat'];

/**
 * 登记隐患 from the console (a department's or a centre's inspector at a desk): the phone app is the usual way, with
 * the position from GPS; here the coordinates are typed. Photos go up after the finding exists (stage 'report').
 */
export function ReportDialog({ onClose, onDone }: { onClose(): void; onDone(id: string): void }) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const sectors = useSectors();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const sector = Form.useWatch('sector', form);
  const lineId = Form.useWatch('checklistItemId', form);
  const grade = Form.useWatch('grade', form);
  const lines = sectors.find((s) => s.code === sector)?.items ?? [];
  const line = lines.find((l) => l.id === lineId);

  async function submit(v: Values) {
    setBusy(true);
    try {
      const created = await api.post<Created>('/api/hazards', {
        sector: v.sector, checklistItemId: v.checklistItemId, grade: v.grade, description: v.description?.trim(),
        subjectName: v.subjectName?.trim() || null, creditCode: v.creditCode?.trim() || null, address: v.address?.trim() || null, lng: v.lng, lat: v.lat,
      });
      let failed = 0;
      for (const f of v.photos ?? []) {
        if (!f.originFileObj) continue;
        try { await uploadImage(created.id, f.originFileObj, { stage: 'report', name: f.name }); } catch { failed++; }
      }
      if (failed) message.warning(t('hazards.reportDialog.photoFailed', { n: failed }));
      else message.success(t('hazards.reportDialog.created', { ref: created.ref }));
      onDone(created.id);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'OUTSIDE_DISTRICT') form.setFields([{ name: 'lng', errors: [e.message] }]);
      else if (!showFieldErrors(form, e, FIELDS)) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const required = [{ required: true, message: t('hazards.dialog.required') }];
  return (
    <Modal open title={t('hazards.reportDialog.title')} width={720} onCancel={onClose} destroyOnHidden okText={t('common.submit')} cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: 'hazard-report', loading: busy }}>
      <Form id="hazard-report" form={form} layout="vertical" initialValues={{ grade: 'ordinary' }} onFinish={(v) => void submit(v)} requiredMark>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="sector" label={t('hazards.field.sector')} rules={required}>
              <Select options={sectors.map((s) => ({ value: s.code, label: sectorName(s, locale) }))} onChange={() => form.setFieldValue('checklistItemId', undefined)} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="checklistItemId" label={t('hazards.field.checklist')}
              extra={line?.majorHint ? <span style={{ color: '#cf1322' }}>{t('hazards.reportDialog.majorHint')}</span> : undefined}>
              <Select allowClear showSearch optionFilterProp="label" disabled={!sector} placeholder={t('hazards.reportDialog.checklistPlaceholder')}
                options={lines.map((l) => ({ value: l.id, label: `${l.seq}. ${lineTitle(l, locale)}` }))}
                onChange={(id?: number) => { if (lines.find((l) => l.id === id)?.majorHint) form.setFieldValue('grade', 'major'); }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="grade" label={t('hazards.field.grade')} rules={required}>
          <Radio.Group optionType="button" buttonStyle="solid" options={['ordinary', 'major'].map((g) => ({ value: g, label: t(`hazards.grade.${g}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('hazards.field.description')} rules={[...required, { min: 2, max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}><Form.Item name="subjectName" label={t('hazards.field.subject')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
          <Col span={12}><Form.Item name="creditCode" label={t('hazards.field.creditCode')} rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/ }]}><Input maxLength={18} /></Form.Item></Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}><Form.Item name="address" label={t('hazards.field.address')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="lng" label={t('hazards.field.lng')} rules={required}><InputNumber style={{ width: '100%' }} min={106.4} max={106.7} step={0.0001} precision={6} /></Form.Item></Col>
          <Col span={6}><Form.Item name="lat" label={t('hazards.field.lat')} rules={required}><InputNumber style={{ width: '100%' }} min={29.4} max={29.7} step={0.0001} precision={6} /></Form.Item></Col>
        </Row>
        <Form.Item name="photos" label={t('hazards.field.photos')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}>
          <Upload.Dragger multiple accept="image/jpeg,image/png,image/webp" listType="picture" beforeUpload={() => false}>
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          </Upload.Dragger>
        </Form.Item>
        {grade === 'major' && <Alert type="warning" showIcon message={t('hazards.plan.fiveHint')} />}
      </Form>
    </Modal>
  );
}
