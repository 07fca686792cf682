import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Progress, Result, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime } from '../lib/format';
import { usePagedList } from '../lib/use-paged-list';
import { CreateRoundDialog } from './CreateRoundDialog';
import { HazardNav } from './HazardNav';
import { sectorName, useSectors } from './use-sectors';

type RoundPage = GetResponse<'/api/hazards/rounds'>;
type Row = RoundPage['items'][number];
const FILTERS = ['q'] as const;
// A round's progress moves when it is issued, a task is done or a finding is reported under it.
const PROGRESS_EVENTS = ['hazard.roundIssued', 'hazard.taskDone', 'hazard.create'];

/** 排查轮次: the rounds sent from or to my units, with how far each has got in my scope. */
export function RoundsPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const session = useSession();
  const sectors = useSectors();
  const { filters, setFilter, data, loading, error, reload, pagination } = usePagedList<RoundPage, (typeof FILTERS)[number]>({
    url: '/api/hazards/rounds', filterKeys: FILTERS, live: { topics: ['hazard'], when: (e) => PROGRESS_EVENTS.includes(e.type) },
  });
  const q = filters.q ?? '';
  const [creating, setCreating] = useState(false);

  const name = (code: string) => { const s = sectors.find((x) => x.code === code); return s ? sectorName(s, locale) : code; };
  const columns: ColumnsType<Row> = [
    { title: t('hazards.rounds.col.ref'), dataIndex: 'ref', width: 150, render: (ref: string, r) => <Link to={`/hazards/rounds/${r.id}`}>{ref}</Link> },
    { title: t('hazards.rounds.col.name'), dataIndex: 'name', width: 300, ellipsis: true },
    { title: t('hazards.rounds.col.sectors'), dataIndex: 'sectors', width: 180, render: (s: string[]) => <Space size={2} wrap>{s.map((c) => <Tag key={c} style={{ marginInlineEnd: 0 }}>{name(c)}</Tag>)}</Space> },
    { title: t('hazards.rounds.col.period'), key: 'period', width: 180, render: (_, r) => `${r.startsOn} ~ ${r.endsOn}` },
    { title: t('hazards.rounds.col.issuer'), dataIndex: 'issuerName', width: 130, ellipsis: true, render: (n: string, r) => <span title={dateTime(r.createdAt)}>{n}</span> },
    {
      title: t('hazards.rounds.col.tasks'), key: 'tasks', width: 170,
      render: (_, r) => (
        <Space size={6}>
          <Progress percent={r.progress.tasks ? Math.round((r.progress.done / r.progress.tasks) * 100) : 0} size="small" style={{ width: 90, margin: 0 }}
            status={r.progress.overdue > 0 ? 'exception' : undefined} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.progress.done}/{r.progress.tasks}</Typography.Text>
        </Space>
      ),
    },
    { title: t('hazards.rounds.col.overdue'), key: 'overdue', width: 90, align: 'right', render: (_, r) => <Typography.Text type={r.progress.overdue ? 'danger' : 'secondary'} strong={r.progress.overdue > 0}>{r.progress.overdue}</Typography.Text> },
    {
      title: t('hazards.rounds.col.findings'), key: 'findings', width: 130, align: 'right',
      render: (_, r) => <Link to={`/hazards?roundId=${r.id}&state=`}>{t('hazards.rounds.findingsValue', { n: r.progress.findings, m: r.progress.major })}</Link>,
    },
  ];

  if (error && !data) return <Result status="error" title={t('hazards.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;

  return (
    <Card size="small" title={<HazardNav />} styles={{ body: { paddingTop: 8 } }}
      extra={<Space>
        {session.can('hazard:manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-create">{t('hazards.rounds.create')}</Button>}
        <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
      </Space>}>
      <Space style={{ marginBottom: 8 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('hazards.rounds.col.name')} defaultValue={q} key={q}
          onSearch={(v) => setFilter('q', v.trim() || undefined)} />
      </Space>
      <Table<Row> size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1300 }}
        locale={{ emptyText: error ? error.message : t('hazards.rounds.empty') }} data-testid="round-table"
        onRow={(r) => ({ onDoubleClick: () => navigate(`/hazards/rounds/${r.id}`) })}
        pagination={pagination} />
      {creating && <CreateRoundDialog onClose={() => setCreating(false)} onDone={(id) => { setCreating(false); navigate(`/hazards/rounds/${id}`); }} />}
    </Card>
  );
}
