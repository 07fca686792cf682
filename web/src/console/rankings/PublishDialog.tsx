import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';

interface Values { week: Dayjs; note?: string }

/** The Monday of the week a day falls in (ISO weeks start on Monday, whatever the picker's locale says). */
const mondayOf = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').startOf('day');

/** 发布晾晒: publish one Monday–Sunday week now (the scheduler does it every Monday 09:00 for the week before). */
export function PublishDialog({ open, onClose, onPublished }: { open: boolean; onClose(): void; onPublished(id: string): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function publish(v: Values) {
    setBusy(true);
    const from = mondayOf(v.week);
    try {
      const r = await api.post<{ id: string }>('/api/rankings', { from: from.format('YYYY-MM-DD'), to: from.add(7, 'day').format('YYYY-MM-DD'), ...(v.note ? { note: v.note } : {}) });
      message.success(t('rankings.published'));
      onPublished(r.id);
    } catch (e) {
      if (!showFieldErrors(form, e, ['note'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open} onCancel={onClose} destroyOnHidden title={t('rankings.publishTitle')}
      okText={t('rankings.publish')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'ranking-publish', loading: busy }}
    >
      <Typography.Paragraph type="secondary">{t('rankings.publishHint')}</Typography.Paragraph>
      <Form<Values> form={form} id="ranking-publish" layout="vertical" onFinish={publish} initialValues={{ week: mondayOf(dayjs()).subtract(7, 'day') }}>
        <Form.Item name="week" label={t('rankings.week')} rules={[{ required: true }]}>
          <DatePicker picker="week" allowClear={false} disabledDate={(d) => mondayOf(d).isAfter(dayjs(), 'day')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="note" label={t('rankings.note')}><Input maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}
