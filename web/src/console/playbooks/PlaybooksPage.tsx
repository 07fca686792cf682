// 处置措施预案: per key zone, the four alert tiers and the measures each turns into tasks for the posts — the zone's
// command post, the street sub-command it lies in, or a named post such as the transport task force — with a time
// limit each. Orange and red run by themselves by default (自动执行); the others with one click on the alert.
// Editing is guarded by the version read: a save after someone else's is refused (409) and the tier reloads.
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Input, InputNumber, Popconfirm, Result, Select, Space, Spin, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useEvents } from '../../shared/event-stream';
import { useLocale, useT } from '../../shared/i18n';

type Playbook = GetResponse<'/api/playbooks'>['items'][number];
type Measure = Playbook['measures'][number];
type Zone = GetResponse<'/api/crowd/zones'>['items'][number];
type Template = GetResponse<'/api/operation-templates'>['items'][number];

export const TIERS = ['blue', 'yellow', 'orange', 'red'] as const;
type Tier = (typeof TIERS)[number];
const TIER_TAG: Record<Tier, string> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };
const KINDS = ['limit_flow', 'one_way', 'close_gate', 'metro_skip', 'broadcast', 'reinforce', 'other'] as const;
const KIND_COLOR: Record<string, string> = {
  limit_flow: 'volcano', one_way: 'geekblue', close_gate: 'red', metro_skip: 'purple', broadcast: 'cyan', reinforce: 'green', other: 'default',
};
/** Measures that act at a gate and may name one. */
const AT_GATE = new Set(['close_gate', 'limit_flow']);

interface Draft { version: number | null; auto: boolean; onForecast: boolean; measures: Array<Measure & { key: number }> }
let keySeq = 0;
const withKeys = (ms: Measure[]) => ms.map((m) => ({ ...m, key: ++keySeq }));

/** Where a measure's task goes: the zone's command post or street, or a named post of the template (task forces…). */
function useTargets(templates: Template[] | null, playbooks: Playbook[]) {
  const t = useT();
  return useMemo(() => {
    const named = new Map<string, string>();
    for (const tpl of templates ?? []) {
      for (const p of tpl.posts) if (p.kind === 'task_force' || p.kind === 'command') named.set(p.unitCode, p.name);
    }
    // A unit a saved measure names stays selectable even if no template lists it.
    for (const pb of playbooks) for (const m of pb.measures) if (!['command_post', 'street'].includes(m.target) && !named.has(m.target)) named.set(m.target, m.target);
    return [
      { value: 'command_post', label: t('playbooks.target.command_post') },
      { value: 'street', label: t('playbooks.target.street') },
      ...[...named].map(([value, label]) => ({ value, label })),
    ];
  }, [templates, playbooks, t]);
}

function TierCard({ zone, tier, playbook, canManage, targets, onSaved }: {
  zone: Zone; tier: Tier; playbook: Playbook | undefined; canManage: boolean; targets: Array<{ value: string; label: string }>; onSaved(): void;
}) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const gates = (zone.gates ?? []).filter((g) => g.active);
  const gateName = (code?: string) => {
    const g = gates.find((x) => x.code === code);
    return g ? (locale === 'en' && g.nameEn) || g.name : code;
  };
  const targetName = (v: string) => targets.find((x) => x.value === v)?.label ?? v;

  const edit = () => {
    setErrors({});
    setDraft(playbook
      ? { version: playbook.version, auto: playbook.auto, onForecast: playbook.onForecast, measures: withKeys(playbook.measures) }
      : { version: null, auto: tier === 'orange' || tier === 'red', onForecast: false, measures: withKeys([{ kind: 'broadcast', title: '', target: 'command_post', limitMinutes: 10 }]) });
  };
  const change = (key: number, patch: Partial<Measure>) => setDraft((d) => d && ({ ...d, measures: d.measures.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));
  const move = (i: number, by: number) => setDraft((d) => {
    if (!d) return d;
    const ms = [...d.measures];
    const [m] = ms.splice(i, 1);
    ms.splice(i + by, 0, m!);
    return { ...d, measures: ms };
  });

  async function write(body: () => Promise<unknown>, done: string) {
    setSaving(true);
    try {
      await body();
      message.success(done);
      setDraft(null);
      onSaved();
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 409) {
        message.error(err.message);
        setDraft(null);
        onSaved();
      } else {
        // measures.2.title → the row's field; the rest as a message.
        setErrors(Object.fromEntries(err.fields.map((f) => [f.field.replace(/^body\./, ''), f.message])));
        message.error(err.message);
      }
    } finally {
      setSaving(false);
    }
  }

  const save = () => {
    if (!draft) return;
    const measures = draft.measures.map(({ key: _k, gate, ...m }) => ({ ...m, ...(gate && AT_GATE.has(m.kind) ? { gate } : {}) }));
    const settings = { auto: draft.auto, onForecast: draft.onForecast, measures };
    return write(
      () => (draft.version === null
        ? api.post('/api/playbooks', { zone: zone.code, tier, ...settings })
        : api.put(`/api/playbooks/${zone.code}/${tier}`, { version: draft.version, ...settings })),
      t('playbooks.saved'),
    );
  };
  const remove = () => playbook && write(() => api.delete(`/api/playbooks/${zone.code}/${tier}?version=${playbook.version}`), t('playbooks.removed'));
  const toggleAuto = (auto: boolean) => playbook && write(
    () => api.put(`/api/playbooks/${zone.code}/${tier}`, { version: playbook.version, auto, onForecast: playbook.onForecast, measures: playbook.measures }),
    auto ? t('playbooks.autoOn') : t('playbooks.autoOff'),
  );

  const err = (i: number, f: string) => errors[`measures.${i}.${f}`];
  const viewColumns: ColumnsType<Measure & { seq: number }> = [
    { title: '#', width: 40, align: 'center', dataIndex: 'seq', render: (i: number) => i + 1 },
    { title: t('playbooks.col.kind'), dataIndex: 'kind', width: 120, render: (k: string) => <Tag color={KIND_COLOR[k]}>{t(`playbooks.kind.${k}`)}</Tag> },
    { title: t('playbooks.col.title'), dataIndex: 'title', ellipsis: true },
    { title: t('playbooks.col.target'), dataIndex: 'target', width: 170, render: (v: string) => targetName(v) },
    { title: t('playbooks.col.gate'), dataIndex: 'gate', width: 150, render: (g?: string) => (g ? gateName(g) : '—') },
    { title: t('playbooks.col.limit'), dataIndex: 'limitMinutes', width: 90, align: 'right', render: (n: number) => t('playbooks.minutes', { n }) },
  ];
  type Row = Draft['measures'][number];
  const editColumns: ColumnsType<Row> = [
    { title: '#', width: 40, align: 'center', render: (_: unknown, __: Row, i: number) => i + 1 },
    {
      title: t('playbooks.col.kind'), width: 140,
      render: (_: unknown, m: Row) => (
        <Select size="small" style={{ width: '100%' }} value={m.kind} aria-label={t('playbooks.col.kind')} data-testid="measure-kind"
          onChange={(kind) => change(m.key, { kind, gate: AT_GATE.has(kind) ? m.gate : undefined })}
          options={KINDS.map((k) => ({ value: k, label: t(`playbooks.kind.${k}`) }))} />
      ),
    },
    {
      title: t('playbooks.col.title'),
      render: (_: unknown, m: Row, i: number) => (
        <Tooltip title={err(i, 'title')} open={Boolean(err(i, 'title'))}>
          <Input size="small" value={m.title} maxLength={200} status={err(i, 'title') ? 'error' : undefined} placeholder={t('playbooks.titlePlaceholder')}
            aria-label={t('playbooks.col.title')} data-testid="measure-title" onChange={(e) => change(m.key, { title: e.target.value })} />
        </Tooltip>
      ),
    },
    {
      title: t('playbooks.col.target'), width: 180,
      render: (_: unknown, m: Row, i: number) => (
        <Select size="small" style={{ width: '100%' }} value={m.target} options={targets} status={err(i, 'target') ? 'error' : undefined}
          aria-label={t('playbooks.col.target')} onChange={(target) => change(m.key, { target })} />
      ),
    },
    {
      title: t('playbooks.col.gate'), width: 170,
      render: (_: unknown, m: Row, i: number) => (AT_GATE.has(m.kind) ? (
        <Select size="small" style={{ width: '100%' }} allowClear value={m.gate} placeholder={t('playbooks.anyGate')} status={err(i, 'gate') ? 'error' : undefined}
          aria-label={t('playbooks.col.gate')} data-testid="measure-gate" onChange={(gate?: string) => change(m.key, { gate })}
          options={gates.map((g) => ({ value: g.code, label: `${(locale === 'en' && g.nameEn) || g.name}${g.direction === 'out' ? ` (${t('playbooks.exitOnly')})` : ''}` }))} />
      ) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('playbooks.col.limit'), width: 110,
      render: (_: unknown, m: Row) => (
        <InputNumber size="small" min={1} max={1440} value={m.limitMinutes} style={{ width: '100%' }} suffix={t('playbooks.min')}
          aria-label={t('playbooks.col.limit')} onChange={(n) => change(m.key, { limitMinutes: Number(n ?? 1) })} />
      ),
    },
    {
      title: '', width: 104,
      render: (_: unknown, m: Row, i: number) => (
        <Space size={0}>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('playbooks.up')} onClick={() => move(i, -1)} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === draft!.measures.length - 1} aria-label={t('playbooks.down')} onClick={() => move(i, 1)} />
          <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={draft!.measures.length === 1} aria-label={t('playbooks.deleteMeasure')}
            onClick={() => setDraft((d) => d && ({ ...d, measures: d.measures.filter((x) => x.key !== m.key) }))} />
        </Space>
      ),
    },
  ];

  const head = (
    <Space size={8} wrap>
      <Tag color={TIER_TAG[tier]} style={{ fontSize: 14, padding: '2px 10px', marginInlineEnd: 0 }}>{t(`playbooks.tier.${tier}`)}</Tag>
      {draft ? (
        <>
          <span>{t('playbooks.auto')}</span>
          <Switch size="small" checked={draft.auto} onChange={(auto) => setDraft({ ...draft, auto })} data-testid="draft-auto" />
          <span>{t('playbooks.onForecast')}</span>
          <Switch size="small" checked={draft.onForecast} disabled={!draft.auto} onChange={(onForecast) => setDraft({ ...draft, onForecast })} />
        </>
      ) : playbook ? (
        <>
          <Tooltip title={t('playbooks.autoHint')}>
            <Switch size="small" checked={playbook.auto} disabled={!canManage} loading={saving} onChange={(v) => void toggleAuto(v)}
              checkedChildren={t('playbooks.autoShort')} unCheckedChildren={t('playbooks.manualShort')} data-testid="auto-switch" />
          </Tooltip>
          {playbook.auto && playbook.onForecast && <Tag color="gold">{t('playbooks.onForecastTag')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('playbooks.version', { v: playbook.version })}{playbook.updatedBy ? ` · ${playbook.updatedBy} ${dayjs(playbook.updatedAt).format('MM-DD HH:mm')}` : ''}
          </Typography.Text>
        </>
      ) : null}
    </Space>
  );

  const actions = !canManage ? null : draft ? (
    <Space>
      <Button size="small" onClick={() => setDraft(null)} disabled={saving}>{t('common.cancel')}</Button>
      <Button size="small" type="primary" loading={saving} onClick={() => void save()} data-testid="save-playbook">{t('playbooks.save')}</Button>
    </Space>
  ) : playbook ? (
    <Space>
      <Button size="small" icon={<EditOutlined />} onClick={edit} data-testid="edit-playbook">{t('playbooks.edit')}</Button>
      <Popconfirm title={t('playbooks.removeConfirm', { tier: t(`playbooks.tier.${tier}`) })} onConfirm={() => void remove()} okButtonProps={{ danger: true }}>
        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('playbooks.remove')} />
      </Popconfirm>
    </Space>
  ) : <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={edit}>{t('playbooks.create')}</Button>;

  return (
    <Card size="small" title={head} extra={actions} data-testid="tier-card" data-zone={zone.code} data-tier={tier} data-auto={playbook?.auto ? '1' : '0'}
      styles={{ body: { padding: draft || playbook ? 0 : 12 } }}>
      {draft ? (
        <>
          <Table<Row> size="small" rowKey="key" pagination={false} columns={editColumns} dataSource={draft.measures} />
          <div style={{ padding: 8 }}>
            <Button size="small" type="dashed" icon={<PlusOutlined />} disabled={draft.measures.length >= 30} data-testid="add-measure"
              onClick={() => setDraft({ ...draft, measures: [...draft.measures, ...withKeys([{ kind: 'broadcast', title: '', target: 'command_post', limitMinutes: 10 }])] })}>
              {t('playbooks.addMeasure')}
            </Button>
          </div>
        </>
      ) : playbook ? (
        <Table<Measure & { seq: number }> size="small" rowKey="seq" pagination={false} columns={viewColumns}
          dataSource={playbook.measures.map((m, seq) => ({ ...m, seq }))} />
      ) : <Typography.Text type="secondary">{t('playbooks.noneForTier')}</Typography.Text>}
    </Card>
  );
}

/** 处置措施预案: the zones in my scope as tabs, each with its four tiers. */
export function PlaybooksPage() {
  const t = useT();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const [zones, setZones] = useState<Zone[] | null>(null);
  const [playbooks, setPlaybooks] = useState<Playbook[]>([]);
  /** Zone code → whether I may create and edit its measures (the server says, per zone: a grant elsewhere does not count). */
  const [rights, setRights] = useState<Map<string, boolean>>(new Map());
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      const [z, p] = await Promise.all([
        api.get<GetResponse<'/api/crowd/zones'>>('/api/crowd/zones', { geometry: 'true' }),
        api.get<GetResponse<'/api/playbooks'>>('/api/playbooks'),
      ]);
      setZones(z.items);
      setPlaybooks(p.items);
      setRights(new Map(p.zones.map((x) => [x.code, x.canManage])));
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => {
    api.get<GetResponse<'/api/operation-templates'>>('/api/operation-templates').then((r) => setTemplates(r.items), () => setTemplates([]));
  }, []);
  // Someone else's save shows at once (an open editor keeps its draft; saving it then meets the version guard).
  useEvents(['crowd'], (e) => { if (e.type === 'crowd.playbook' && (e.payload as { action?: string }).action) void load(); });
  const targets = useTargets(templates, playbooks);

  if (error && !zones) return <Result status="error" title={t('playbooks.loadFailed')} subTitle={error.message} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  if (!zones) return <Spin style={{ display: 'block', margin: 48 }} />;
  // In the order the operation lists its command posts (解放碑 first), then the rest by code.
  const order = (templates ?? []).flatMap((tpl) => tpl.posts.map((p) => p.zoneCode).filter(Boolean));
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  const sorted = [...zones].sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
  const zone = sorted.find((z) => z.code === params.get('zone')) ?? sorted[0];
  const name = (z: Zone) => (locale === 'en' && z.nameEn) || z.name;

  return (
    <Card size="small" data-testid="playbooks-page"
      title={<Space><Link to="/operations" aria-label={t('playbooks.back')}><ArrowLeftOutlined /></Link>{t('playbooks.title')}</Space>}
      extra={<Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('playbooks.intro')}</Typography.Paragraph>
      {!zone ? <Empty description={t('playbooks.noZones')} /> : (
        <Tabs
          activeKey={zone.code}
          onChange={(k) => setParams({ zone: k }, { replace: true })}
          items={sorted.map((z) => {
            const mine = playbooks.filter((p) => p.zone === z.code);
            const canManage = rights.get(z.code) ?? false;
            return {
              key: z.code,
              label: <span data-testid={`zone-tab-${z.code}`}>{name(z)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('playbooks.tabCount', { n: mine.filter((p) => p.auto).length })}</Typography.Text></span>,
              children: (
                <Space direction="vertical" size={10} style={{ width: '100%' }}>
                  {TIERS.map((tier) => (
                    <TierCard key={`${z.code}-${tier}`} zone={z} tier={tier}
                      playbook={mine.find((p) => p.tier === tier)} canManage={canManage} targets={targets} onSaved={() => void load()} />
                  ))}
                </Space>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
