import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, type PostResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { UnitSelect } from '../admin/UnitSelect';
import { DueInput, type DueSpec } from './DueInput';
import { endOfDay } from './format';

interface Values {
  title: string;
  source: { kind: 'meeting' | 'plan' | 'directive'; ref?: string };
  tasks: Array<{
    title: string; description?: string; ownerUnit: string; responsible: { name: string; phone?: string };
    milestones: Array<{ name: string; due: DueSpec }>;
  }>;
}

const newMilestone = (days: number) => ({ name: '', due: { at: endOfDay(dayjs().add(days, 'day')) } });
const newTask = () => ({ title: '', responsible: { name: '' }, milestones: [newMilestone(7), newMilestone(30)] });

/** 'body.tasks.0.ownerUnit' → ['tasks', 0, 'ownerUnit']: the server's field path as the form's name path. */
const namePath = (field: string) => field.split('.').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** 新建责任单: title and source, then the tasks, each with its owner, responsible person and dated milestones. */
export function CreateListPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const required = (field: string) => [{ required: true, whitespace: true, message: t('responsibility.form.required', { field: t(`responsibility.form.${field}`) }) }];

  async function submit(v: Values) {
    setBusy(true);
    try {
      const body = {
        title: v.title, source: { kind: v.source.kind, ref: v.source.ref ?? '' },
        tasks: v.tasks.map((task) => ({
          ...task, description: task.description || undefined,
          responsible: { name: task.responsible.name, phone: task.responsible.phone?.trim() || null },
        })),
      };
      const out = await api.post<PostResponse<'/api/responsibility-lists'>>('/api/responsibility-lists', body);
      message.success(t('responsibility.form.created', { ref: out.ref, tasks: out.tasks, milestones: out.milestones }));
      navigate(`/responsibility/${out.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => ({ name: namePath(f.field) as never, errors: [f.message] })));
        message.error(t('responsibility.form.checkFields'));
      } else {
        message.error((e as Error).message);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form<Values> form={form} layout="vertical" size="middle" onFinish={(v) => void submit(v)} onFinishFailed={() => message.error(t('responsibility.form.checkFields'))}
      initialValues={{ source: { kind: 'meeting' }, tasks: [newTask()] }} requiredMark={false} scrollToFirstError>
      <Card size="small" title={t('responsibility.create')} style={{ marginBottom: 12 }}
        extra={<Space><Button onClick={() => navigate('/responsibility')}>{t('common.cancel')}</Button><Button type="primary" htmlType="submit" loading={busy}>{t('responsibility.form.submit')}</Button></Space>}>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Form.Item name="title" label={t('responsibility.form.title')} rules={required('title')}>
              <Input maxLength={200} placeholder={t('responsibility.form.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={8} lg={4}>
            <Form.Item name={['source', 'kind']} label={t('responsibility.form.sourceKind')}>
              <Select options={['meeting', 'plan', 'directive'].map((k) => ({ value: k, label: t(`responsibility.source.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={16} lg={8}>
            <Form.Item name={['source', 'ref']} label={t('responsibility.form.sourceRef')}>
              <Input maxLength={200} placeholder={t('responsibility.form.sourceRefPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Form.List name="tasks">
        {(tasks, { add, remove }) => (
          <>
            {tasks.map((task, i) => (
              <Card key={task.key} size="small" style={{ marginBottom: 12 }} title={t('responsibility.form.taskN', { n: i + 1 })}
                extra={tasks.length > 1 && <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(task.name)}>{t('responsibility.form.removeTask')}</Button>}>
                <Row gutter={12}>
                  <Col xs={24} lg={9}>
                    <Form.Item name={[task.name, 'title']} label={t('responsibility.form.taskTitle')} rules={required('taskTitle')}><Input maxLength={200} /></Form.Item>
                  </Col>
                  <Col xs={24} lg={7}>
                    <Form.Item name={[task.name, 'ownerUnit']} label={t('responsibility.form.owner')} rules={[{ required: true, message: t('responsibility.form.required', { field: t('responsibility.form.owner') }) }]}>
                      <UnitSelect ariaLabel={t('responsibility.form.owner')} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} lg={4}>
                    <Form.Item name={[task.name, 'responsible', 'name']} label={t('responsibility.form.responsible')} rules={required('responsible')}><Input maxLength={50} /></Form.Item>
                  </Col>
                  <Col xs={12} lg={4}>
                    <Form.Item name={[task.name, 'responsible', 'phone']} label={t('responsibility.form.phone')}><Input maxLength={20} inputMode="tel" /></Form.Item>
                  </Col>
                  <Col span={24}>
                    <Form.Item name={[task.name, 'description']} label={t('responsibility.form.description')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={5000} /></Form.Item>
                  </Col>
                </Row>
                <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>{t('responsibility.form.milestones')}</Typography.Text>
                <Form.List name={[task.name, 'milestones']}>
                  {(milestones, ms) => (
                    <>
                      {milestones.map((m, j) => (
                        <Row key={m.key} gutter={8} align="top" wrap={false}>
                          <Col flex="28px" style={{ paddingTop: 5, color: '#8c8c8c', textAlign: 'right' }}>{j + 1}.</Col>
                          <Col flex="auto">
                            <Form.Item name={[m.name, 'name']} rules={required('milestoneName')} style={{ marginBottom: 8 }}>
                              <Input maxLength={200} placeholder={t('responsibility.form.milestoneName')} aria-label={t('responsibility.form.milestoneName')} />
                            </Form.Item>
                          </Col>
                          <Col flex="250px">
                            <Form.Item name={[m.name, 'due']} rules={[{ required: true }]} style={{ marginBottom: 8 }}><DueInput /></Form.Item>
                          </Col>
                          <Col flex="32px">
                            <Button type="text" icon={<DeleteOutlined />} disabled={milestones.length === 1} onClick={() => ms.remove(m.name)} aria-label={t('responsibility.form.removeMilestone')} />
                          </Col>
                        </Row>
                      ))}
                      <Button type="dashed" size="small" icon={<PlusOutlined />} disabled={milestones.length >= 20}
                        onClick={() => ms.add(newMilestone(7 * (milestones.length + 1)))}>{t('responsibility.form.addMilestone')}</Button>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} disabled={tasks.length >= 200} onClick={() => add(newTask())}>{t('responsibility.form.addTask')}</Button>
          </>
        )}
      </Form.List>
    </Form>
  );
}
