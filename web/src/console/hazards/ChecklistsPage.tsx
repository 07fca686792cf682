import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Result, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import { showFieldErrors } from '../lib/http';
import { HazardNav } from './HazardNav';
import { loadChecklists, sectorName, type ChecklistLine, type Checklists } from './use-sectors';

interface Values { title?: string; titleEn?: string; basis?: string; majorHint?: boolean; seq?: number }

/** 检查清单: each sector's lines; the district centre adds, edits, reorders and retires them. */
export function ChecklistsPage() {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [data, setData] = useState<Checklists | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sector, setSector] = useState<string>('');
  const [inactive, setInactive] = useState(false);
  const [editing, setEditing] = useState<ChecklistLine | 'new' | null>(null);

  const load = useCallback(async () => {
    try {
      const all = await api.get<Checklists>('/api/hazards/checklists', { includeInactive: inactive ? 'true' : undefined });
      setData(all);
      setError(null);
      setSector((s) => s || all.sectors[0]?.code || '');
    } catch (e) {
      setError(e as ApiError);
    }
  }, [inactive]);
  useEffect(() => { void load(); }, [load]);

  async function toggle(line: ChecklistLine, active: boolean) {
    try {
      await api.patch(`/api/hazards/checklists/${line.id}`, { active });
      message.success(t('hazards.checklists.saved'));
      void loadChecklists(true);
      void load();
    } catch (e) {
      message.error((e as Error).message);
    }
  }

  if (error && !data) return <Result status="error" title={t('hazards.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;

  const manage = data?.canManage ?? false;
  const current = data?.sectors.find((s) => s.code === sector);
  const columns: ColumnsType<ChecklistLine> = [
    { title: t('hazards.checklists.col.seq'), dataIndex: 'seq', width: 60, align: 'center' },
    {
      title: t('hazards.checklists.col.title'), dataIndex: 'title',
      render: (title: string, l) => (
        <Space size={4} wrap>
          {l.majorHint && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('hazards.checklists.majorTag')}</Tag>}
          <Typography.Text delete={!l.active}>{locale === 'en' && l.titleEn ? l.titleEn : title}</Typography.Text>
        </Space>
      ),
    },
    { title: t('hazards.checklists.col.basis'), dataIndex: 'basis', width: 300, ellipsis: true, render: (b: string | null) => <span title={b ?? undefined}>{b ?? '—'}</span> },
    {
      title: t('hazards.checklists.col.active'), dataIndex: 'active', width: 70, align: 'center',
      render: (a: boolean, l) => <Switch size="small" checked={a} disabled={!manage} onChange={(v) => void toggle(l, v)} aria-label={t('hazards.checklists.col.active')} />,
    },
    { title: t('hazards.checklists.col.updated'), dataIndex: 'updatedAt', width: 150, render: (d: string, l) => <span title={l.updatedBy ?? undefined}>{l.updatedBy ? dateTime(d) : '—'}</span> },
    ...(manage ? [{
      title: '', key: 'edit', width: 48, render: (_: unknown, l: ChecklistLine) => <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('hazards.checklists.edit')} onClick={() => setEditing(l)} />,
    }] : []),
  ];

  return (
    <Card size="small" title={<HazardNav />} styles={{ body: { paddingTop: 8 } }}
      extra={<Space>
        <Checkbox checked={inactive} onChange={(e) => setInactive(e.target.checked)}>{t('hazards.checklists.includeInactive')}</Checkbox>
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="checklist-add">{t('hazards.checklists.add')}</Button>}
        <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
      </Space>}>
      {!manage && <Alert type="info" showIcon message={t('hazards.checklists.readOnly')} style={{ marginBottom: 8 }} />}
      <Tabs activeKey={sector} onChange={setSector} size="small"
        items={(data?.sectors ?? []).map((s) => ({ key: s.code, label: `${sectorName(s, locale)}（${s.items.length}）` }))} />
      {current?.leadUnit && <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>{t('hazards.checklists.lead', { unit: current.leadUnitName ?? current.leadUnit })}</Typography.Text>}
      <Table<ChecklistLine> size="small" bordered rowKey="id" loading={!data} columns={columns} dataSource={current?.items ?? []} pagination={false}
        data-testid="checklist-table" locale={{ emptyText: t('common.empty') }} />
      {editing && current && (
        <LineDialog sector={current.code} line={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
          onDone={() => { setEditing(null); void loadChecklists(true); void load(); }} />
      )}
    </Card>
  );
}

function LineDialog({ sector, line, onClose, onDone }: { sector: string; line: ChecklistLine | null; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    const body = { title: v.title?.trim(), titleEn: v.titleEn?.trim() || null, basis: v.basis?.trim() || null, majorHint: Boolean(v.majorHint), seq: v.seq ?? undefined };
    try {
      if (line) await api.patch(`/api/hazards/checklists/${line.id}`, body);
      else await api.post('/api/hazards/checklists', { sector, ...body });
      message.success(t('hazards.checklists.saved'));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, ['title', 'titleEn', 'basis', 'seq'])) message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={line ? t('hazards.checklists.edit') : t('hazards.checklists.add')} width={640} onCancel={onClose} destroyOnHidden
      okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ htmlType: 'submit', form: 'checklist-line', loading: busy }}>
      <Form id="checklist-line" form={form} layout="vertical" onFinish={(v) => void submit(v)}
        initialValues={line ? { title: line.title, titleEn: line.titleEn ?? '', basis: line.basis ?? '', majorHint: line.majorHint, seq: line.seq } : { majorHint: false }}>
        <Form.Item name="title" label={t('hazards.checklists.col.title')} rules={[{ required: true, message: t('hazards.dialog.required') }, { max: 300 }]}>
          <Input.TextArea rows={2} maxLength={300} showCount />
        </Form.Item>
        <Form.Item name="titleEn" label={t('hazards.checklists.col.titleEn')} rules={[{ max: 300 }]}><Input maxLength={300} /></Form.Item>
        <Form.Item name="basis" label={t('hazards.checklists.col.basis')} rules={[{ max: 300 }]}><Input maxLength={300} /></Form.Item>
        <Space size={24}>
          <Form.Item name="seq" label={t('hazards.checklists.col.seq')}><InputNumber min={1} max={999} /></Form.Item>
          <Form.Item name="majorHint" label={t('hazards.checklists.col.majorHint')} valuePropName="checked"><Switch /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
