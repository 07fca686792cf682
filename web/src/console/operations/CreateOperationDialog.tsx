import { App, DatePicker, Descriptions, Form, Input, Modal, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, type GetResponse, type PostResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';

type Template = GetResponse<'/api/operation-templates'>['items'][number];

/** The coming night of a template's anchor ("12-31"): this year's, or next year's once it has passed. */
function nextAnchor(anchor: string): Dayjs {
  const thisYear = dayjs(`${dayjs().year()}-${anchor}`);
  return thisYear.isBefore(dayjs(), 'day') ? thisYear.add(1, 'year') : thisYear;
}

/** The template's phases on a given night, as the server will compute them (hours from 00:00 Beijing time). */
function phasesOn(tpl: Template, day: Dayjs) {
  const base = new Date(`${day.format('YYYY-MM-DD')}T00:00:00+08:00`).getTime();
  const at = (h: number) => dayjs(base + h * 3_600_000).format('MM-DD HH:mm');
  return { before: `${at(tpl.phases.before)} ~ ${at(tpl.phases.duringStart)}`, during: `${at(tpl.phases.duringStart)} ~ ${at(tpl.phases.duringEnd)}`, after: `${at(tpl.phases.duringEnd)} ~ ${at(tpl.phases.afterEnd)}` };
}

/** 创建行动: pick a template and the night; the server builds the phases, the post tree and the phased tasks. */
export function CreateOperationDialog({ onClose, onCreated }: { onClose(): void; onCreated(id: string): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ templateCode: string; name: string; anchorDate: Dayjs }>();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [saving, setSaving] = useState(false);
  const code = Form.useWatch('templateCode', form);
  const day = Form.useWatch('anchorDate', form);
  const tpl = useMemo(() => templates?.find((x) => x.code === code), [templates, code]);

  useEffect(() => {
    api.get<GetResponse<'/api/operation-templates'>>('/api/operation-templates').then((r) => {
      setTemplates(r.items);
      const first = r.items[0];
      if (first) form.setFieldsValue({ templateCode: first.code, name: `${nextAnchor(first.anchor).year()}${first.name}`, anchorDate: nextAnchor(first.anchor) });
    }, (e: ApiError) => message.error(e.message));
  }, [form, message]);

  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const made = await api.post<PostResponse<'/api/operations'>>('/api/operations', { templateCode: v.templateCode, name: v.name, anchorDate: v.anchorDate.format('YYYY-MM-DD') });
      message.success(t('operations.created', { ref: made.ref, posts: made.posts, tasks: made.tasks }));
      onCreated(made.id);
    } catch (e) {
      if (!showFieldErrors(form, e, ['templateCode', 'name', 'anchorDate'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }

  const phases = tpl && day ? phasesOn(tpl, day) : null;
  return (
    <Modal open title={t('operations.create')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okText={t('operations.createOk')} width={640} destroyOnHidden>
      {!templates ? <Spin /> : (
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item name="templateCode" label={t('operations.template')} rules={[{ required: true }]}>
            <Select options={templates.map((x) => ({ value: x.code, label: x.name }))} />
          </Form.Item>
          <Form.Item name="name" label={t('operations.name')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="anchorDate" label={t('operations.anchorDate')} rules={[{ required: true }]} extra={t('operations.anchorHint')}>
            <DatePicker style={{ width: 200 }} />
          </Form.Item>
          {tpl && (
            <Descriptions size="small" bordered column={1} items={[
              { key: 'd', label: t('operations.templateDesc'), children: tpl.description },
              ...(phases ? (['before', 'during', 'after'] as const).map((p) => ({ key: p, label: t(`operations.phase.${p}`), children: phases[p] })) : []),
              { key: 'p', label: t('operations.col.posts'), children: t('operations.postsSummary', { n: tpl.posts.length }) },
              { key: 't', label: t('operations.col.tasks'), children: t('operations.tasksSummary', { n: tpl.taskCount, ...tpl.tasksByPhase }) },
            ]} />
          )}
        </Form>
      )}
    </Modal>
  );
}
