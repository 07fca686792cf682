import { BellOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useT } from '../../shared/i18n';

/**
 * 催办: reminds every unit below mine that has not signed (or has signed and not reported) — one push and one
 * timeline line per receipt. The automatic reminder is the yellow line at 75 % of the time limit.
 */
export function UrgeButton({ directiveId, report, unsigned, unreported }: { directiveId: string; report: boolean; unsigned: number; unreported: number }) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ what: 'sign' | 'report'; note?: string }>();

  async function submit(v: { what: 'sign' | 'report'; note?: string }) {
    setBusy(true);
    try {
      const r = await api.post<{ urged: number }>(`/api/directives/${directiveId}/urge`, { what: v.what, note: v.note?.trim() || undefined });
      if (r.urged > 0) message.success(t('directives.urge.done', { n: r.urged }));
      else message.info(t('directives.urge.none'));
      setOpen(false);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button icon={<BellOutlined />} onClick={() => { form.resetFields(); setOpen(true); }} disabled={unsigned + unreported === 0} data-testid="urge">
        {t('directives.urge.title')}
      </Button>
      <Modal open={open} title={t('directives.urge.title')} onCancel={() => setOpen(false)} destroyOnHidden okText={t('directives.urge.ok')} cancelText={t('common.cancel')}
        okButtonProps={{ htmlType: 'submit', form: 'directive-urge', loading: busy }}>
        <Form form={form} id="directive-urge" layout="vertical" onFinish={submit} initialValues={{ what: unsigned > 0 || !report ? 'sign' : 'report' }}>
          <Form.Item name="what" label={t('directives.urge.what')}>
            <Radio.Group options={[
              { value: 'sign', label: t('directives.urge.sign', { n: unsigned }), disabled: unsigned === 0 },
              ...(report ? [{ value: 'report', label: t('directives.urge.report', { n: unreported }), disabled: unreported === 0 }] : []),
            ]} />
          </Form.Item>
          <Form.Item name="note" label={t('directives.urge.note')} extra={t('directives.urge.hint')}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t('directives.urge.notePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
