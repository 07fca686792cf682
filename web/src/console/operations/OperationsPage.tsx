import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Result, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { CreateOperationDialog } from './CreateOperationDialog';
import { hm, PhaseTag } from './format';

type Page = GetResponse<'/api/operations'>;
type Row = Page['items'][number];
const PAGE_SIZES = [20, 50, 100];

/** 行动列表: operations commanded in my scope or holding one of my posts; create one from a template. */
export function OperationsPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const size = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : 20;
  const q = params.get('q') ?? undefined;
  const [data, setData] = useState<Page | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const res = await api.get<Page>('/api/operations', { q, limit: size, offset: (page - 1) * size });
      if (mine === seq.current) { setData(res); setError(null); }
    } catch (e) {
      if (mine === seq.current) setError(e as ApiError);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [q, page, size]);
  useEffect(() => { void load(); }, [load]);
  useEvents(['operation'], (e) => { if (e.type === 'operation.created') void load(); });

  const columns: ColumnsType<Row> = [
    { title: t('operations.col.ref'), dataIndex: 'ref', width: 150, render: (ref: string, r) => <Link to={`/operations/${r.id}`}>{ref}</Link> },
    { title: t('operations.col.name'), dataIndex: 'name', ellipsis: true },
    { title: t('operations.col.phase'), dataIndex: 'currentPhase', width: 90, render: (p: string | null) => (p ? <PhaseTag phase={p} t={t} /> : <Tag>{t('operations.over')}</Tag>) },
    { title: t('operations.col.period'), width: 230, render: (_: unknown, r) => `${hm(r.startsAt)} ~ ${hm(r.endsAt)}` },
    { title: t('operations.col.during'), width: 200, render: (_: unknown, r) => { const d = r.phases.find((p) => p.phase === 'during')!; return `${hm(d.startsAt)} ~ ${hm(d.endsAt)}`; } },
    { title: t('operations.col.posts'), dataIndex: 'posts', width: 64, align: 'right' },
    { title: t('operations.col.tasks'), dataIndex: 'tasks', width: 64, align: 'right' },
    { title: t('operations.col.open'), dataIndex: 'openTasks', width: 72, align: 'right' },
    {
      title: t('operations.col.overdue'), dataIndex: 'overdueTasks', width: 72, align: 'right',
      render: (n: number) => (n > 0 ? <span style={{ color: '#cf1322', fontWeight: 600 }}>{n}</span> : n),
    },
    { title: t('operations.col.owner'), dataIndex: 'ownerName', width: 100, ellipsis: true },
  ];

  if (error && !data) {
    return <Result status="error" title={t('operations.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  }

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next);
  };

  return (
    <Card size="small" title={t('operations.menu')} styles={{ body: { paddingTop: 8 } }}
      extra={
        <Space>
          {session.can('operation:manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('operations.create')}</Button>}
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
        </Space>
      }>
      <Space style={{ marginBottom: 8 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('operations.searchPlaceholder')} aria-label={t('operations.searchPlaceholder')}
          defaultValue={q} onSearch={(v) => set({ q: v.trim() || undefined, page: undefined })} maxLength={64} />
      </Space>
      <Table<Row>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1100 }}
        locale={{ emptyText: error ? error.message : t('operations.empty') }}
        rowClassName={(r) => (r.overdueTasks > 0 ? 'cy-row-red' : '')}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/operations/${r.id}`) })}
        pagination={{
          current: page, pageSize: size, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: PAGE_SIZES, size: 'small',
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => set({ page: String(s !== size ? 1 : p), size: String(s) }),
        }}
      />
      {creating && <CreateOperationDialog onClose={() => setCreating(false)} onCreated={(id) => navigate(`/operations/${id}`)} />}
    </Card>
  );
}
