import { App, Form, InputNumber, Modal, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';

type Weights = GetResponse<'/api/evaluation/weights'>;
interface Values { weights: Record<string, number>; targetHours?: number }

/** 权重设置: the composite's weights of one level (district administrators). */
export function WeightsDialog({ level, open, onClose, onSaved }: { level: string; open: boolean; onClose(): void; onSaved(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [rows, setRows] = useState<Weights['items'] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setRows(null);
    api.get<Weights>('/api/evaluation/weights').then((w) => setRows(w.items.filter((r) => r.scope === level)), (e: Error) => message.error(e.message));
  }, [open, level, message]);

  async function save(v: Values) {
    setBusy(true);
    try {
      await api.put('/api/evaluation/weights', { scope: level, weights: v.weights, ...(v.targetHours ? { targetHours: v.targetHours } : {}) });
      message.success(t('evaluation.weightsSaved'));
      onSaved();
    } catch (e) {
      if (!showFieldErrors(form, e, ['weights', 'targetHours'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const hours = rows?.find((r) => r.indicator === 'avg_handle_hours');
  return (
    <Modal
      open={open} onCancel={onClose} destroyOnHidden title={t('evaluation.weightsTitle', { level: t(`evaluation.level.${level}`) })}
      okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'weights', loading: busy, disabled: !rows }}
    >
      {!rows ? <Skeleton active /> : (
        <Form<Values>
          form={form} id="weights" name="weights" layout="horizontal" labelCol={{ span: 10 }} onFinish={save}
          initialValues={{ weights: Object.fromEntries(rows.map((r) => [r.indicator, r.weight])), targetHours: hours?.target ?? undefined }}
        >
          {rows.map((r) => (
            <Form.Item key={r.indicator} name={['weights', r.indicator]} label={r.name} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} step={5} style={{ width: 120 }} />
            </Form.Item>
          ))}
          <Form.Item name="targetHours" label={t('evaluation.targetHours')} extra={t('evaluation.targetHoursHint')}>
            <InputNumber min={0.5} max={8760} step={1} style={{ width: 120 }} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
