import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { downloadFile, showFieldErrors } from '../lib/http';
import { WarnTag } from '../lib/format';
import { hm, PHASES, PhaseTag, SECTORS, TASK_STATES, TaskStateTag, type Operation, type Task } from './format';

type Page = GetResponse<'/api/operations/{id}/tasks'>;
type Action = 'start' | 'complete' | 'cancel' | 'supervise';
type Filters = { phase?: string; state?: string; sector?: string; warn?: string; unit?: string; q?: string };

/** One action on a task: a note (complete, start), a reason (cancel), an order (supervise). */
function ActionDialog({ task, action, onClose, onDone }: { task: Task; action: Action; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const [saving, setSaving] = useState(false);
  const required = action === 'cancel' || action === 'supervise';
  async function submit() {
    const { text } = await form.validateFields();
    setSaving(true);
    try {
      const body = action === 'cancel' ? { reason: text } : action === 'supervise' ? { note: text } : { note: text || null };
      await api.post(`/api/operation-tasks/${task.id}/${action}`, body);
      message.success(t(`operations.task.did.${action}`));
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={`${t(`operations.task.action.${action}`)} · ${task.title}`} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={t(`operations.task.text.${action}`)} rules={required ? [{ required: true, min: 2, max: 2000 }] : [{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddTaskDialog({ op, onClose, onDone }: { op: Operation; onClose(): void; onDone(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; description?: string; unitCode: string; phase?: string; sector?: string; deadlineAt?: Dayjs }>();
  const [saving, setSaving] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.post(`/api/operations/${op.id}/tasks`, { ...v, deadlineAt: v.deadlineAt?.toISOString(), sector: v.sector ?? null });
      message.success(t('operations.task.added'));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, ['title', 'description', 'unitCode', 'phase', 'sector', 'deadlineAt'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('operations.task.add')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} width={560} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ phase: op.currentPhase ?? 'after' }}>
        <Form.Item name="title" label={t('operations.task.title')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="description" label={t('operations.task.description')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="unitCode" label={t('operations.task.post')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={op.postTree.map((p) => ({ value: p.unitCode, label: p.name }))} />
        </Form.Item>
        <Space>
          <Form.Item name="phase" label={t('operations.task.phase')}><Select style={{ width: 120 }} options={PHASES.map((p) => ({ value: p, label: t(`operations.phase.${p}`) }))} /></Form.Item>
          <Form.Item name="sector" label={t('operations.task.sector')}><Select allowClear style={{ width: 140 }} options={SECTORS.map((s) => ({ value: s, label: t(`operations.sector.${s}`) }))} /></Form.Item>
          <Form.Item name="deadlineAt" label={t('operations.task.deadline')} extra={t('operations.task.deadlineHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 任务: the operation's tasks by phase, dense, filtered and paged on the server, with the actions I may take and the Excel ledger. */
export function TasksTab({ op, version, onChanged }: { op: Operation; version: number; onChanged(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ current: 1, size: 50 });
  const [data, setData] = useState<Page | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [acting, setActing] = useState<{ task: Task; action: Action } | null>(null);
  const [adding, setAdding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const res = await api.get<Page>(`/api/operations/${op.id}/tasks`, { ...filters, limit: page.size, offset: (page.current - 1) * page.size });
      if (mine === seq.current) { setData(res); setError(null); }
    } catch (e) {
      if (mine === seq.current) setError(e as ApiError);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [op.id, filters, page]);
  useEffect(() => { void load(); }, [load, version]);

  const set = (k: keyof Filters, v: string | undefined) => { setFilters((f) => ({ ...f, [k]: v || undefined })); setPage((p) => ({ ...p, current: 1 })); };
  const done = () => { setActing(null); setAdding(false); onChanged(); void load(); };

  async function exportXlsx() {
    setExporting(true);
    try {
      await downloadFile(`/api/operations/${op.id}/tasks.xlsx`, filters, `tasks-${op.ref}.xlsx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  const columns: ColumnsType<Task> = [
    { title: t('operations.task.ref'), dataIndex: 'ref', width: 156, render: (ref: string) => <span style={{ whiteSpace: 'nowrap' }}>{ref}</span> },
    { title: t('operations.task.phase'), dataIndex: 'phase', width: 64, render: (p: string | null) => <PhaseTag phase={p} t={t} /> },
    { title: t('operations.task.sector'), dataIndex: 'sector', width: 96, render: (s: string | null) => t(`operations.sector.${s ?? 'general'}`) },
    {
      title: t('operations.task.title'), dataIndex: 'title', ellipsis: { showTitle: false },
      render: (title: string, r) => (
        <Space size={4}>
          {r.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('operations.task.supervised')}</Tag>}
          {r.source === 'plan' && <Tag color="purple" style={{ marginInlineEnd: 0 }}>{t('operations.source.plan')}</Tag>}
          <Tooltip title={r.description || title}><span>{title}</span></Tooltip>
        </Space>
      ),
    },
    { title: t('operations.task.post'), dataIndex: 'postName', width: 150, ellipsis: true, render: (n: string | null, r) => n ?? r.unitName },
    { title: t('operations.task.state'), dataIndex: 'state', width: 76, render: (s: string) => <TaskStateTag state={s} t={t} /> },
    { title: t('operations.task.warn'), dataIndex: 'warnLevel', width: 64, render: (w: string, r) => (r.closedAt ? '—' : <WarnTag level={w} t={t} />) },
    {
      title: t('operations.task.deadline'), dataIndex: 'deadlineAt', width: 104,
      render: (d: string | null, r) => (
        <Typography.Text type={!r.closedAt && r.warnLevel === 'red' ? 'danger' : r.doneLate ? 'warning' : undefined}>{hm(d)}</Typography.Text>
      ),
    },
    {
      title: t('operations.task.result'), width: 160, ellipsis: true,
      render: (_: unknown, r) => r.resultNote ?? r.cancelReason ?? '',
    },
    {
      title: t('operations.task.actions'), width: 170, fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0} wrap>
          {(r.allowedActions as Action[]).map((a) => (
            <Button key={a} size="small" type="link" danger={a === 'cancel'} onClick={() => setActing({ task: r, action: a })}>{t(`operations.task.action.${a}`)}</Button>
          ))}
        </Space>
      ),
    },
  ];

  const units = op.postTree.map((p) => ({ value: p.unitCode, label: p.name }));
  return (
    <>
      <Space wrap size={[8, 8]} style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Space wrap size={[8, 8]}>
          <Segmented value={filters.phase ?? 'all'} onChange={(v) => set('phase', v === 'all' ? undefined : String(v))}
            options={[{ value: 'all', label: t('operations.task.allPhases') }, ...PHASES.map((p) => ({ value: p, label: t(`operations.phase.${p}`) }))]} />
          <Select allowClear style={{ width: 110 }} placeholder={t('operations.task.state')} value={filters.state} onChange={(v?: string) => set('state', v)}
            options={TASK_STATES.map((s) => ({ value: s, label: t(`operations.taskState.${s}`) }))} aria-label={t('operations.task.state')} />
          <Select allowClear style={{ width: 120 }} placeholder={t('operations.task.sector')} value={filters.sector} onChange={(v?: string) => set('sector', v)}
            options={[...SECTORS, 'general'].map((s) => ({ value: s, label: t(`operations.sector.${s}`) }))} aria-label={t('operations.task.sector')} />
          <Select allowClear style={{ width: 100 }} placeholder={t('operations.task.warn')} value={filters.warn} onChange={(v?: string) => set('warn', v)}
            options={['yellow', 'red'].map((w) => ({ value: w, label: t(`warn.${w}`) }))} aria-label={t('operations.task.warn')} />
          {units.length > 1 && (
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 180 }} placeholder={t('operations.task.post')} value={filters.unit}
              onChange={(v?: string) => set('unit', v)} options={units} aria-label={t('operations.task.post')} />
          )}
          <Input.Search allowClear style={{ width: 200 }} placeholder={t('operations.task.search')} onSearch={(v) => set('q', v.trim())} maxLength={64} />
        </Space>
        <Space>
          {op.canManage && <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('operations.task.add')}</Button>}
          <Button icon={<DownloadOutlined />} loading={exporting} disabled={!data?.total} onClick={() => void exportXlsx()}>{t('common.export')}</Button>
        </Space>
      </Space>
      <Table<Task>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1420 }} sticky
        locale={{ emptyText: error ? error.message : t('operations.task.empty') }}
        rowClassName={(r) => (r.closedAt ? '' : r.warnLevel === 'red' ? 'cy-row-red' : r.warnLevel === 'yellow' ? 'cy-row-yellow' : '')}
        pagination={{
          current: page.current, pageSize: page.size, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], size: 'small',
          showTotal: (n) => t('common.total', { n }), onChange: (current, size) => setPage({ current: size !== page.size ? 1 : current, size }),
        }}
      />
      {acting && <ActionDialog task={acting.task} action={acting.action} onClose={() => setActing(null)} onDone={done} />}
      {adding && <AddTaskDialog op={op} onClose={() => setAdding(false)} onDone={done} />}
    </>
  );
}
