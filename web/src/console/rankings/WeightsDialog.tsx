import { App, Form, Input, InputNumber, Modal, Skeleton, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';

type Weights = GetResponse<'/api/rankings/weights'>;
interface Values { weights: Record<string, number>; note?: string }

/** 晾晒权重: a new version of the weights (used from the next publication on), with the versions before it. */
export function WeightsDialog({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [data, setData] = useState<Weights | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setData(null);
    api.get<Weights>('/api/rankings/weights').then(setData, (e: Error) => message.error(e.message));
  }, [open, message]);

  async function save(v: Values) {
    setBusy(true);
    try {
      const r = await api.put<{ version: number }>('/api/rankings/weights', { weights: v.weights, ...(v.note ? { note: v.note } : {}) });
      message.success(t('rankings.weightsSaved', { v: r.version }));
      onSaved();
    } catch (e) {
      // "At least one weight above 0" belongs to the whole set, not to one field.
      message.error(e instanceof ApiError && e.fields[0] ? e.fields[0].message : (e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open} onCancel={onClose} destroyOnHidden width={640} title={t('rankings.weightsTitle')}
      okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'ranking-weights', loading: busy, disabled: !data }}
    >
      {!data ? <Skeleton active /> : (
        <>
          <Typography.Paragraph type="secondary">{t('rankings.weightsHint', { v: data.current.version })}</Typography.Paragraph>
          <Form<Values>
            form={form} id="ranking-weights" name="ranking-weights" layout="horizontal" labelCol={{ span: 9 }} onFinish={save}
            initialValues={{ weights: data.current.weights }}
          >
            {data.indicators.map((i) => (
              <Form.Item key={i.key} name={['weights', i.key]} label={i.name} rules={[{ required: true }]}>
                <InputNumber min={0} max={100} step={5} style={{ width: 120 }} />
              </Form.Item>
            ))}
            <Form.Item name="note" label={t('rankings.weightsNote')}><Input maxLength={500} /></Form.Item>
          </Form>
          <Table
            size="small" bordered rowKey="version" pagination={false} dataSource={data.history} scroll={{ y: 180 }}
            title={() => t('rankings.weightsHistory')}
            columns={[
              { title: t('rankings.version'), dataIndex: 'version', width: 60 },
              { title: t('rankings.weightsCol'), key: 'w', render: (_: unknown, r) => data.indicators.map((i) => `${i.name} ${r.weights[i.key as keyof typeof r.weights]}`).join(' · ') },
              { title: t('rankings.changedBy'), key: 'by', width: 150, render: (_: unknown, r) => <>{r.createdByName}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(r.createdAt)}</Typography.Text></> },
              { title: t('rankings.weightsNote'), dataIndex: 'note', width: 120, ellipsis: true },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
