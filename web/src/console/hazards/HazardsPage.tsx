import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Input, Result, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { dateTime, Deadline, WarnTag } from '../lib/format';
import { downloadFile } from '../lib/http';
import { usePagedList } from '../lib/use-paged-list';
import { GradeTag, HAZARD_STATES, HazardStateTag, OPEN_STATES } from './format';
import { HazardNav } from './HazardNav';
import { ReportDialog } from './ReportDialog';
import { sectorName, useSectors } from './use-sectors';

type HazardPage = GetResponse<'/api/hazards'>;
type Row = HazardPage['items'][number];

// The URL keeps the filters, so a filtered ledger can be bookmarked or sent on.
const FILTERS = ['state', 'grade', 'sector', 'warn', 'supervised', 'q', 'roundId', 'mine'] as const;

/** 隐患台账: every finding in my scope, open ones by default, with server paging, live updates and the Excel ledger. */
export function HazardsPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const session = useSession();
  const { message } = App.useApp();
  const sectors = useSectors();
  const { filters, setFilter: set, reset, data, loading, error, reload, pagination } = usePagedList<HazardPage, (typeof FILTERS)[number]>({
    url: '/api/hazards', filterKeys: FILTERS, defaults: { state: OPEN_STATES }, live: { topics: ['hazard'] },
  });
  const { state, roundId } = filters;
  const [exporting, setExporting] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [roundName, setRoundName] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 30_000); return () => clearInterval(id); }, []);
  useEffect(() => setNow(Date.now()), [data]);

  useEffect(() => {
    if (!roundId) { setRoundName(null); return; }
    api.get<{ name: string }>(`/api/hazards/rounds/${roundId}`, { limit: 1 }).then((r) => setRoundName(r.name), () => setRoundName(roundId));
  }, [roundId]);

  async function exportLedger() {
    setExporting(true);
    try {
      await downloadFile('/api/hazards.xlsx', filters, `hazards-${dayjs().format('YYYYMMDD')}.xlsx`);
    } catch (e) {
      message.error(t('hazards.exportFailed', { msg: (e as Error).message }));
    } finally {
      setExporting(false);
    }
  }

  const columns: ColumnsType<Row> = [
    { title: t('hazards.col.ref'), dataIndex: 'ref', width: 142, fixed: 'left', render: (ref: string, r) => <Link to={`/hazards/${r.id}`}>{ref}</Link> },
    { title: t('hazards.col.grade'), dataIndex: 'grade', width: 76, align: 'center', render: (g: string) => <GradeTag grade={g} t={t} /> },
    { title: t('hazards.col.sector'), dataIndex: 'sectorName', width: 84, ellipsis: true },
    {
      title: t('hazards.col.hazard'), dataIndex: 'description', ellipsis: true,
      render: (d: string, r) => (
        <Space size={4}>
          {r.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{r.supervisionLevel ? t(`hazards.supLevel.${r.supervisionLevel}`) : t('hazards.supervised')}</Tag>}
          <span title={d}>{r.subjectName ? <Typography.Text strong>{r.subjectName}：</Typography.Text> : null}{d}</span>
        </Space>
      ),
    },
    { title: t('hazards.col.place'), key: 'place', width: 150, ellipsis: true, render: (_, r) => <span title={r.address ?? undefined}>{r.streetName} · {r.gridName}</span> },
    { title: t('hazards.col.state'), dataIndex: 'state', width: 112, render: (s: string) => <HazardStateTag state={s} t={t} /> },
    { title: t('hazards.col.unit'), key: 'unit', width: 120, ellipsis: true, render: (_, r) => r.ownerUnitName ?? r.ownerUnit },
    {
      title: t('hazards.col.deadline'), dataIndex: 'deadlineAt', width: 128,
      render: (d: string | null, r) => <span title={r.stage ? t(`hazards.stage.${r.stage}`) : undefined}><Deadline deadlineAt={d} warnLevel={r.warnLevel} state={r.state} t={t} now={now} compact /></span>,
    },
    { title: t('hazards.col.warn'), dataIndex: 'warnLevel', width: 84, render: (w: string) => <WarnTag level={w} t={t} /> },
    { title: t('hazards.col.foundAt'), dataIndex: 'foundAt', width: 104, render: (d: string, r) => <span title={`${dateTime(d)} ${r.finderName}`} style={{ whiteSpace: 'nowrap' }}>{dayjs(d).format('MM-DD HH:mm')}</span> },
  ];

  if (error && !data) {
    return <Result status="error" title={t('hazards.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />;
  }

  return (
    <Card size="small" title={<HazardNav />} styles={{ body: { paddingTop: 8 } }}
      extra={<Space>
        {session.can('hazard:inspect') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="hazard-report">{t('hazards.report')}</Button>}
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()} data-testid="hazard-export">{t('hazards.export')}</Button>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
      </Space>}>
      <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
        <Segmented value={state === OPEN_STATES ? 'open' : state === '' ? 'all' : 'custom'}
          onChange={(v) => set('state', v === 'open' ? undefined : '')}
          options={[{ value: 'open', label: t('hazards.filter.open') }, { value: 'all', label: t('hazards.filter.all') }]} />
        <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: 220 }} placeholder={t('hazards.filter.state')} aria-label={t('hazards.filter.state')}
          value={state ? state.split(',') : []} onChange={(v: string[]) => set('state', v.join(','))}
          options={HAZARD_STATES.map((s) => ({ value: s, label: t(`hazards.state.${s}`) }))} />
        <Select allowClear style={{ width: 100 }} placeholder={t('hazards.filter.grade')} aria-label={t('hazards.filter.grade')}
          value={filters.grade} onChange={(v?: string) => set('grade', v)}
          options={['major', 'ordinary'].map((g) => ({ value: g, label: t(`hazards.grade.${g}`) }))} />
        <Select allowClear style={{ width: 130 }} placeholder={t('hazards.filter.sector')} aria-label={t('hazards.filter.sector')}
          value={filters.sector} onChange={(v?: string) => set('sector', v)}
          options={sectors.map((s) => ({ value: s.code, label: sectorName(s, locale) }))} />
        <Select allowClear style={{ width: 120 }} placeholder={t('hazards.filter.warn')} aria-label={t('hazards.filter.warn')}
          value={filters.warn} onChange={(v?: string) => set('warn', v)}
          options={['red', 'yellow', 'none'].map((w) => ({ value: w, label: t(`warn.${w}`) }))} />
        <Checkbox checked={filters.supervised === 'true'} onChange={(e) => set('supervised', e.target.checked ? 'true' : undefined)}>{t('hazards.filter.supervised')}</Checkbox>
        <Checkbox checked={filters.mine === 'true'} onChange={(e) => set('mine', e.target.checked ? 'true' : undefined)}>{t('hazards.filter.mine')}</Checkbox>
        <Input.Search allowClear style={{ width: 200 }} placeholder={t('hazards.filter.q')} aria-label={t('hazards.filter.q')} defaultValue={filters.q ?? ''}
          key={filters.q ?? ''} onSearch={(v) => set('q', v.trim() || undefined)} />
        {roundId && <Tag closable color="blue" onClose={() => set('roundId', undefined)}>{t('hazards.filter.round', { name: roundName ?? '…' })}</Tag>}
        <Button onClick={reset}>{t('common.reset')}</Button>
      </Space>
      <Table<Row>
        size="small" bordered rowKey="id" loading={loading} columns={columns} dataSource={data?.items ?? []} scroll={{ x: 1240 }} sticky
        locale={{ emptyText: error ? error.message : t('hazards.empty') }} data-testid="hazard-table"
        rowClassName={(r) => (r.warnLevel === 'red' && !r.closedAt ? 'cy-row-red' : r.warnLevel === 'yellow' && !r.closedAt ? 'cy-row-yellow' : '')}
        onRow={(r) => ({
          tabIndex: 0,
          onKeyDown: (e) => { if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/hazards/${r.id}`); },
          onDoubleClick: () => navigate(`/hazards/${r.id}`),
        })}
        pagination={pagination}
      />
      {reporting && <ReportDialog onClose={() => setReporting(false)} onDone={(id) => { setReporting(false); navigate(`/hazards/${id}`); }} />}
    </Card>
  );
}
