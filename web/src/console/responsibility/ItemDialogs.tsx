import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { DueInput, type DueSpec } from './DueInput';
import { day, endOfDay } from './format';

/** A dialog with a reason-like text (and maybe more fields) that POSTs `body(values)` to `path`. */
function ReasonDialog<V extends { text: string }>({ title, path, textLabel, okText, danger, body, extra, initial, onClose, onDone }: {
  title: string; path: string; textLabel: string; okText: string; danger?: boolean; body(v: V): Record<string, unknown>;
  extra?: ReactNode; initial?: Partial<V>; onClose(): void; onDone(): void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const id = `dialog-${path.replace(/\W/g, '-')}`;

  async function submit(v: V) {
    setBusy(true);
    try {
      await api.post(path, body(v));
      message.success(t('responsibility.action.done', { action: okText, ref: title.split(' · ').at(-1) ?? '' }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.formFields().map((f) => ({ ...f, name: f.name[0] === 'reason' || f.name[0] === 'note' ? ['text'] : f.name })) as never);
      else message.error((e as Error).message);
      if (e instanceof ApiError && e.status === 409) onDone();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={title} onCancel={onClose} destroyOnHidden width={520} okText={okText} cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: id, loading: busy, danger }}>
      <Form<V> id={id} form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={initial as never}>
        {extra}
        <Form.Item name="text" label={textLabel} rules={[{ required: true, whitespace: true, min: 2, message: t('responsibility.form.required', { field: textLabel }) }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Close = { onClose(): void; onDone(): void };

/** 调整节点时间: a new due date and why. */
export function RescheduleDialog({ milestone, ...rest }: { milestone: { id: string; name: string; dueAt: string } } & Close) {
  const t = useT();
  return (
    <ReasonDialog<{ text: string; due: DueSpec }>
      title={t('responsibility.reschedule.title', { name: milestone.name })} path={`/api/milestones/${milestone.id}/reschedule`}
      textLabel={t('responsibility.reschedule.reason')} okText={t('responsibility.action.reschedule')}
      initial={{ due: { at: endOfDay(dayjs(milestone.dueAt).add(7, 'day')) } }}
      body={(v) => ({ due: v.due, reason: v.text })}
      extra={(
        <>
          <Typography.Paragraph type="secondary">{t('responsibility.reschedule.current', { at: day(milestone.dueAt) })}</Typography.Paragraph>
          <Form.Item name="due" label={t('responsibility.reschedule.due')} rules={[{ required: true }]}><DueInput /></Form.Item>
        </>
      )}
      {...rest}
    />
  );
}

/** 撤销任务: the task and its open milestones end. */
export function CancelTaskDialog({ task, ...rest }: { task: { id: string; title: string } } & Close) {
  const t = useT();
  return (
    <ReasonDialog<{ text: string }>
      title={t('responsibility.cancel.title', { title: task.title })} path={`/api/tasks/${task.id}/cancel`} danger
      textLabel={t('responsibility.cancel.reason')} okText={t('responsibility.action.cancel')} body={(v) => ({ reason: v.text })}
      extra={<Alert type="warning" showIcon message={t('responsibility.cancel.warning')} style={{ marginBottom: 12 }} />}
      {...rest}
    />
  );
}

/** 督办 on a task or a milestone: the instruction and an optional deadline. */
export function SuperviseDialog({ kind, item, ...rest }: { kind: 'tasks' | 'milestones'; item: { id: string; name: string } } & Close) {
  const t = useT();
  return (
    <ReasonDialog<{ text: string; deadlineAt?: Dayjs }>
      title={t('responsibility.supervise.title', { name: item.name })} path={`/api/${kind}/${item.id}/supervise`}
      textLabel={t('responsibility.supervise.note')} okText={t('responsibility.action.supervise')}
      body={(v) => ({ note: v.text, deadlineAt: v.deadlineAt ? endOfDay(v.deadlineAt) : null })}
      extra={(
        <Form.Item name="deadlineAt" label={t('responsibility.supervise.deadline')}>
          <DatePicker style={{ width: 200 }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
      )}
      {...rest}
    />
  );
}
