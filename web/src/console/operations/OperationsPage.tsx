import { PlusOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Button, Card, Input, Result, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { usePagedList } from '../lib/use-paged-list';
import { CreateOperationDialog } from './CreateOperationDialog';
import { hm, PhaseTag } from './format';

type Page = GetResponse<'/api/operations'>;
type Row = Page['items'][number];
const FILTERS = ['q'] as const;

/** 行动列表: operations commanded in my scope or holding one of my posts; create one from a template. */
export function OperationsPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  // A new operation joins the list; the rest of an operation's life shows on its own page.
  const { filters, setFilter, data, loading, error, reload, pagination } = usePagedList<Page, (typeof FILTERS)[number]>({
    url: '/api/operations', filterKeys: FILTERS, live: { topics: ['operation'], when: (e) => e.type === 'operation.created' },
  });
  const [creating, setCreating] = useState(false);

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
    return <Result status="error" title={t('operations.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;
  }

  return (
    <Card size="small" title={t('operations.menu')} styles={{ body: { paddingTop: 8 } }}
      extra={
        <Space>
          {session.can('crowd:read') && <Link to="/operations/playbooks"><Button icon={<ThunderboltOutlined />} data-testid="open-playbooks">{t('playbooks.menu')}</Button></Link>}
          {session.can('operation:manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('operations.create')}</Button>}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
        </Space>
      }>
      <Space style={{ marginBottom: 8 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('operations.searchPlaceholder')} aria-label={t('operations.searchPlaceholder')}
          defaultValue={filters.q} onSearch={(v) => setFilter('q', v.trim() || undefined)} maxLength={64} />
      </Space>
      <Table<Row>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1100 }}
        locale={{ emptyText: error ? error.message : t('operations.empty') }}
        rowClassName={(r) => (r.overdueTasks > 0 ? 'cy-row-red' : '')}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/operations/${r.id}`) })}
        pagination={pagination}
      />
      {creating && <CreateOperationDialog onClose={() => setCreating(false)} onCreated={(id) => navigate(`/operations/${id}`)} />}
    </Card>
  );
}
