import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { DeadlineInput } from './DeadlineInput';
import type { DeadlineSpec } from './receipt-format';

interface DirectiveLike {
  id: string; ref: string; title: string; body: string; requires: { report: boolean };
  signBy: Record<string, unknown>; reportBy: Record<string, unknown> | null;
}

interface AmendValues { title: string; body: string; signBy: DeadlineSpec; reportBy?: DeadlineSpec; note: string }

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** 修改: a new version; only the fields that changed are sent, and every open receipt goes back to re-sign. */
export function AmendDialog({ d, onClose, onDone }: { d: DirectiveLike; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<AmendValues>();
  const [busy, setBusy] = useState(false);

  async function submit(v: AmendValues) {
    setBusy(true);
    try {
      const body: Record<string, unknown> = { note: v.note.trim() };
      if (v.title.trim() !== d.title) body.title = v.title.trim();
      if (v.body.trim() !== d.body) body.body = v.body.trim();
      if (!same(v.signBy, d.signBy)) body.signBy = v.signBy;
      if (d.requires.report && v.reportBy && !same(v.reportBy, d.reportBy)) body.reportBy = v.reportBy;
      const r = await api.post<{ version: number; receipts: number }>(`/api/directives/${d.id}/amend`, body);
      message.success(t('directives.amend.done', { v: r.version, n: r.receipts }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) { message.warning(e.message); onDone(); return; }
      if (!showFieldErrors(form, e, ['title', 'body', 'signBy', 'reportBy', 'note'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`${t('directives.amend.title')} · ${d.ref}`} width={680} onCancel={onClose} destroyOnHidden
      okText={t('directives.amend.ok')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'directive-amend', loading: busy }}>
      <Typography.Paragraph type="warning">{t('directives.amend.hint')}</Typography.Paragraph>
      <Form<AmendValues> form={form} id="directive-amend" layout="vertical" onFinish={submit} requiredMark
        initialValues={{ title: d.title, body: d.body, signBy: d.signBy as DeadlineSpec, reportBy: (d.reportBy ?? undefined) as DeadlineSpec | undefined }}>
        <Form.Item name="title" label={t('directives.field.title')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="body" label={t('directives.field.body')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={6} maxLength={20000} /></Form.Item>
        <Form.Item name="signBy" label={t('directives.field.signBy')}><DeadlineInput /></Form.Item>
        {d.requires.report && <Form.Item name="reportBy" label={t('directives.field.reportBy')}><DeadlineInput /></Form.Item>}
        <Form.Item name="note" label={t('directives.amend.note')} rules={[{ required: true, whitespace: true, message: t('directives.amend.noteRequired') }, { min: 2, message: t('directives.amend.noteRequired') }]}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('directives.amend.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 撤回: every open receipt closes as recalled (done ones stay done); a reason is required. */
export function RecallDialog({ d, onClose, onDone }: { d: DirectiveLike; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { reason: string }) {
    setBusy(true);
    try {
      const r = await api.post<{ receipts: number }>(`/api/directives/${d.id}/recall`, { reason: v.reason.trim() });
      message.success(t('directives.recall.done', { n: r.receipts }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) { message.warning(e.message); onDone(); return; }
      if (!showFieldErrors(form, e, ['reason'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={`${t('directives.recall.title')} · ${d.ref}`} onCancel={onClose} destroyOnHidden okText={t('directives.recall.ok')} cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: 'directive-recall', loading: busy, danger: true }}>
      <Typography.Paragraph type="danger">{t('directives.recall.hint')}</Typography.Paragraph>
      <Form form={form} id="directive-recall" layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('directives.recall.reason')} rules={[{ required: true, whitespace: true, message: t('directives.recall.reasonRequired') }, { min: 2, message: t('directives.recall.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
