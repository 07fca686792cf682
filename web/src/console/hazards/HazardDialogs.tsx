import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { uploadImage } from '../../shared/upload-image';

export type HazardAction = 'assign' | 'plan' | 'reportRectified' | 'reinspect' | 'close' | 'cancel' | 'supervise';

interface Hazard { id: string; ref: string; grade: string; fiveInPlace: string[]; assignableUnits: Array<{ code: string; name: string; kind: string }> }

interface Values {
  unitCode?: string; note?: string; responsiblePerson?: string; responsiblePhone?: string; measures?: string; funding?: number | null;
  deadlineMode?: 'workDays' | 'date'; workDays?: number; deadlineDate?: Dayjs; contingencyPlan?: string; interimMeasures?: string;
  result?: 'pass' | 'fail'; reason?: string; deadlineAt?: Dayjs; photos?: UploadFile[];
}

const FIELDS = ['unitCode', 'note', 'responsiblePerson', 'responsiblePhone', 'measures', 'funding', 'workDays', 'deadlineDate', 'contingencyPlan', 'interimMeasures', 'result', 'reason', 'deadlineAt'];
const ACTION_PATH: Record<HazardAction, string> = {
  assign: 'assign', plan: 'plan', reportRectified: 'report-rectified', reinspect: 'reinspect', close: 'close', cancel: 'cancel', supervise: 'supervise',
};

/** A deadline as the API takes it: working days on the holiday calendar, or a date (end of that day, Beijing time). */
function deadlineOf(v: Values) {
  if (v.deadlineMode === 'date') return v.deadlineDate ? { at: v.deadlineDate.endOf('day').format() } : undefined;
  return v.workDays ? { amount: v.workDays, unit: 'workDay' as const } : undefined;
}

/** One dialog per action on a finding: assign, the plan (五落实 for 重大), rectified (with after photos), re-inspect, close out, cancel, supervise. */
export function HazardDialog({ action, h, onClose, onDone }: { action: HazardAction; h: Hazard; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const units = h.assignableUnits.map((u) => ({ value: u.code, label: `${u.name} · ${t(`unitKind.${u.kind}`)}` }));
  const sent = useRef(new Set<string>());
  const mode = Form.useWatch('deadlineMode', form);
  const result = Form.useWatch('result', form);
  const major = h.grade === 'major';
  const required = [{ required: true, message: t('hazards.dialog.required') }];
  const needs = (f: string) => (h.fiveInPlace.includes(f) ? required : []);

  async function submit(v: Values) {
    setBusy(true);
    try {
      const note = v.note?.trim() || null;
      let body: Record<string, unknown> = { note };
      if (action === 'assign') body = { unitCode: v.unitCode, note };
      if (action === 'plan') {
        body = {
          responsiblePerson: v.responsiblePerson?.trim() || null, responsiblePhone: v.responsiblePhone?.trim() || null, measures: v.measures?.trim() || null,
          funding: v.funding ?? null, deadline: deadlineOf(v), contingencyPlan: v.contingencyPlan?.trim() || null,
          interimMeasures: v.interimMeasures?.trim() || null, note,
        };
      }
      if (action === 'reportRectified') {
        for (const f of v.photos ?? []) {
          if (sent.current.has(f.uid) || !f.originFileObj) continue;
          await uploadImage(h.id, f.originFileObj, { stage: 'handle', name: f.name });
          sent.current.add(f.uid);
        }
        body = { note: v.note?.trim() };
      }
      if (action === 'reinspect') body = { result: v.result, note, deadline: v.result === 'fail' ? deadlineOf(v) : undefined };
      if (action === 'cancel') body = { reason: v.reason?.trim() };
      if (action === 'supervise') body = { note: v.note?.trim(), deadlineAt: v.deadlineAt ? v.deadlineAt.toISOString() : null };
      await api.post(`/api/hazards/${h.id}/${ACTION_PATH[action]}`, body);
      message.success(t('hazards.done', { action: t(`hazards.action.${action}`), ref: h.ref }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) { message.warning(e.message); onDone(); return; }
      // The server names the deadline as one field; the form has two ways of entering it.
      if (e instanceof ApiError) for (const f of e.fields) if (f.field === 'body.deadline') f.field = mode === 'date' ? 'body.deadlineDate' : 'body.workDays';
      if (!showFieldErrors(form, e, FIELDS)) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const deadlineFields = (label: string) => (
    <>
      <Form.Item label={label} required={action === 'plan'} style={{ marginBottom: 8 }}>
        <Form.Item name="deadlineMode" noStyle>
          <Radio.Group optionType="button" options={[{ value: 'workDays', label: t('hazards.dialog.workDays') }, { value: 'date', label: t('hazards.dialog.date') }]} />
        </Form.Item>
      </Form.Item>
      {mode === 'date'
        ? <Form.Item name="deadlineDate" rules={required}><DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} aria-label={label} /></Form.Item>
        : <Form.Item name="workDays" rules={required}><InputNumber min={1} max={250} addonAfter={t('hazards.dialog.workDays')} aria-label={label} /></Form.Item>}
    </>
  );

  const id = `hazard-${action}`;
  const title = t(`hazards.action.${action}`);
  return (
    <Modal open title={`${title} · ${h.ref}`} width={action === 'plan' ? 760 : 600} onCancel={onClose} destroyOnHidden
      okText={title} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: id, loading: busy, danger: action === 'cancel' }}>
      <Form id={id} form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark
        initialValues={{ deadlineMode: 'workDays', workDays: action === 'reinspect' ? 5 : major ? 30 : 10, result: 'pass' }}>
        {action === 'assign' && (
          <Form.Item name="unitCode" label={t('hazards.dialog.unit')} extra={t('hazards.dialog.unitHint')} rules={[{ required: true, message: t('hazards.dialog.pickUnit') }]}>
            <Select showSearch optionFilterProp="label" options={units} data-testid="assign-unit" />
          </Form.Item>
        )}
        {action === 'plan' && (
          <>
            {major && <Alert type="warning" showIcon message={t('hazards.plan.fiveHint')} style={{ marginBottom: 12 }} />}
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="responsiblePerson" label={t('hazards.plan.responsiblePerson')} rules={needs('responsiblePerson')}><Input maxLength={50} /></Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="responsiblePhone" label={t('hazards.plan.responsiblePhone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/ }]}><Input maxLength={20} /></Form.Item>
              </Col>
            </Row>
            <Form.Item name="measures" label={t('hazards.plan.measures')} rules={needs('measures')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            <Form.Item name="funding" label={t('hazards.plan.funding')} rules={needs('funding')}>
              <InputNumber min={0} max={1e10} precision={2} style={{ width: 220 }} addonAfter={t('hazards.dialog.fundingUnit')} />
            </Form.Item>
            {deadlineFields(t('hazards.plan.deadline'))}
            <Form.Item name="contingencyPlan" label={t('hazards.plan.contingencyPlan')} rules={needs('contingencyPlan')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
            <Form.Item name="interimMeasures" label={t('hazards.plan.interimMeasures')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          </>
        )}
        {action === 'reportRectified' && (
          <>
            <Form.Item name="note" label={t('hazards.dialog.rectifyNote')} rules={[...required, { min: 2 }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            <Form.Item name="photos" label={t('hazards.dialog.rectifyPhotos')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}>
              <Upload.Dragger multiple accept="image/jpeg,image/png,image/webp" listType="picture" beforeUpload={() => false}>
                <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              </Upload.Dragger>
            </Form.Item>
          </>
        )}
        {action === 'reinspect' && (
          <>
            <Form.Item name="result" label={t('hazards.dialog.result')} rules={required}>
              <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'pass', label: t('hazards.progress.pass') }, { value: 'fail', label: t('hazards.progress.fail') }]} />
            </Form.Item>
            {result === 'fail' && deadlineFields(t('hazards.dialog.newDeadline'))}
            <Form.Item name="note" label={t('hazards.dialog.note')} rules={result === 'fail' ? [{ required: true, message: t('hazards.dialog.failNote') }] : []}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'cancel' && (
          <Form.Item name="reason" label={t('hazards.dialog.reason')} rules={[...required, { min: 2 }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        )}
        {action === 'supervise' && (
          <>
            <Form.Item name="note" label={t('hazards.superviseNote')} rules={[...required, { min: 2 }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            <Form.Item name="deadlineAt" label={t('hazards.dialog.deadlineAt')}><DatePicker showTime disabledDate={(d) => d.isBefore(dayjs(), 'day')} /></Form.Item>
          </>
        )}
        {(action === 'assign' || action === 'plan' || action === 'close') && (
          <Form.Item name="note" label={t('hazards.dialog.note')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}
