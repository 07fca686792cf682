import { DownloadOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Empty, Form, Input, Modal, Popover, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT, type TFunction } from '../../shared/i18n';
import { useSession } from '../../shared/session';
import { downloadFile, showFieldErrors } from '../lib/http';
import { clock, hm, KindTag, SHIFT_COLOR, ShiftTag, type Operation, type Roster, type Shift } from './format';
import './roster.css';

type RosterPost = Roster['posts'][number];
type Users = GetResponse<'/api/users'>;

/** Shifts of one post in lanes, so overlapping shifts sit one above the other. */
function lanes(shifts: Shift[]): Array<Shift & { lane: number }> {
  const ends: number[] = [];
  return [...shifts].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((s) => {
    const start = new Date(s.startsAt).getTime();
    let lane = ends.findIndex((end) => end <= start);
    if (lane < 0) lane = ends.length;
    ends[lane] = new Date(s.endsAt).getTime();
    return { ...s, lane };
  });
}

/** Check-in opens an hour before a shift and closes at its end; a shift that has begun stays on record. */
const EARLY_MS = 60 * 60_000;

function ShiftCard({ shift, now, t, onAct }: { shift: Shift; now: number; t: TFunction; onAct(action: 'check-in' | 'check-out' | 'delete'): void }) {
  const start = new Date(shift.startsAt).getTime();
  const open = now >= start - EARLY_MS && now < new Date(shift.endsAt).getTime();
  return (
    <Space direction="vertical" size={4} style={{ minWidth: 220 }}>
      <Space><strong>{shift.personName}</strong><ShiftTag status={shift.status} t={t} />{shift.late && <Tag color="orange">{t('operations.roster.late')}</Tag>}</Space>
      <Typography.Text type="secondary">{shift.personPhone ?? ''}</Typography.Text>
      <span>{hm(shift.startsAt)} ~ {hm(shift.endsAt)}</span>
      {shift.checkedInAt && <span>{t('operations.roster.checkedIn', { at: hm(shift.checkedInAt), by: shift.checkedInByName ?? '' })}</span>}
      {shift.checkedOutAt && <span>{t('operations.roster.checkedOut', { at: hm(shift.checkedOutAt), by: shift.checkedOutByName ?? '' })}</span>}
      <Space>
        {!shift.checkedInAt && open && <Button size="small" type="primary" onClick={() => onAct('check-in')}>{t('operations.roster.checkIn')}</Button>}
        {shift.checkedInAt && !shift.checkedOutAt && <Button size="small" onClick={() => onAct('check-out')}>{t('operations.roster.checkOut')}</Button>}
        {start > now && <Button size="small" danger type="link" onClick={() => onAct('delete')}>{t('operations.roster.remove')}</Button>}
      </Space>
    </Space>
  );
}

function AddShiftDialog({ op, roster, onClose, onDone }: { op: Operation; roster: Roster; onClose(): void; onDone(): void }) {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ postId: string; personName: string; personPhone?: string; userId?: string; range: [Dayjs, Dayjs] }>();
  const [saving, setSaving] = useState(false);
  const [users, setUsers] = useState<Users['items']>([]);
  const search = useCallback((q: string) => {
    if (!session.can('user:read')) return;
    api.get<Users>('/api/users', { q, limit: 20 }).then((r) => setUsers(r.items), () => setUsers([]));
  }, [session]);
  useEffect(() => search(''), [search]);
  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.post(`/api/operations/${op.id}/shifts`, {
        postId: v.postId, personName: v.personName, personPhone: v.personPhone || null, userId: v.userId ?? null,
        startsAt: v.range[0].toISOString(), endsAt: v.range[1].toISOString(),
      });
      message.success(t('operations.roster.added'));
      onDone();
    } catch (e) {
      if (!showFieldErrors(form, e, ['postId', 'personName', 'personPhone', 'userId'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('operations.roster.add')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} width={560} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ range: [dayjs(roster.window.startsAt), dayjs(roster.window.endsAt)] }}>
        <Form.Item name="postId" label={t('operations.roster.post')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={roster.posts.filter((p) => p.canManage).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Space align="start">
          <Form.Item name="personName" label={t('operations.roster.person')} rules={[{ required: true, max: 40 }]}><Input maxLength={40} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="personPhone" label={t('operations.post.phone')} rules={[{ pattern: /^[0-9+\-() ]{3,20}$/, message: t('operations.post.badPhone') }]}><Input maxLength={20} style={{ width: 160 }} /></Form.Item>
        </Space>
        {session.can('user:read') && (
          <Form.Item name="userId" label={t('operations.roster.account')} extra={t('operations.roster.accountHint')}>
            <Select allowClear showSearch filterOption={false} onSearch={search}
              onChange={(id?: string) => { const u = users.find((x) => x.id === id); if (u && !form.getFieldValue('personName')) form.setFieldsValue({ personName: u.displayName }); }}
              options={users.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))} />
          </Form.Item>
        )}
        <Form.Item name="range" label={t('operations.roster.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 值班表: one row per post over the 'during' phase — shifts as bars coloured by status (absent in red), the
 * stretches nobody covers hatched in red, a line at now; click a shift to check its person in or out.
 */
export function RosterTab({ op, version, onChanged }: { op: Operation; version: number; onChanged(): void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [roster, setRoster] = useState<Roster | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const r = await api.get<Roster>(`/api/operations/${op.id}/roster`);
      if (mine === seq.current) { setRoster(r); setError(null); }
    } catch (e) {
      if (mine === seq.current) setError(e as ApiError);
    }
  }, [op.id]);
  useEffect(() => { void load(); }, [load, version]);
  // Statuses move with the clock (due → absent after 15 minutes): re-read every minute.
  useEffect(() => { const id = setInterval(() => void load(), 60_000); return () => clearInterval(id); }, [load]);

  const span = useMemo(() => {
    if (!roster) return null;
    const from = new Date(roster.window.startsAt).getTime();
    const to = new Date(roster.window.endsAt).getTime();
    const hours = (to - from) / 3_600_000;
    const step = hours <= 12 ? 1 : hours <= 24 ? 2 : 6;
    const ticks: number[] = [];
    for (let h = Math.ceil(from / 3_600_000) * 3_600_000; h <= to; h += step * 3_600_000) ticks.push(h);
    return { from, to, ticks, pct: (ms: number) => `${Math.min(100, Math.max(0, ((ms - from) / (to - from)) * 100))}%` };
  }, [roster]);

  async function act(shift: Shift, action: 'check-in' | 'check-out' | 'delete') {
    try {
      if (action === 'delete') {
        const ok = await modal.confirm({ title: t('operations.roster.removeConfirm', { name: shift.personName }) });
        if (!ok) return;
        await api.delete(`/api/duty-shifts/${shift.id}`);
      } else {
        await api.post(`/api/duty-shifts/${shift.id}/${action}`, {});
      }
      message.success(t(`operations.roster.did.${action}`, { name: shift.personName }));
      onChanged();
      void load();
    } catch (e) {
      message.error((e as Error).message);
    }
  }

  async function exportXlsx() {
    setExporting(true);
    try {
      await downloadFile(`/api/operations/${op.id}/roster.xlsx`, {}, `roster-${op.ref}.xlsx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  }

  if (error && !roster) return <Empty description={error.message} />;
  if (!roster || !span) return <Spin style={{ display: 'block', margin: 32 }} />;
  const s = roster.summary;
  const now = new Date(roster.now).getTime();
  const posts = onlyProblems ? roster.posts.filter((p) => p.gaps.length || p.shifts.some((x) => x.status === 'absent')) : roster.posts;

  const row = (p: RosterPost) => {
    const placed = lanes(p.shifts);
    const height = Math.max(1, ...placed.map((x) => x.lane + 1)) * 24 + 6;
    return (
      <div key={p.id} className="cy-roster-row" data-testid="roster-row">
        <div className="cy-roster-post">
          <Space size={4}><KindTag kind={p.kind} t={t} /><span className="cy-roster-name" title={p.name}>{p.name}</span></Space>
          <Typography.Text type={p.person ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
            {p.person ? `${p.person.name} ${p.person.phone ?? ''}` : <><WarningOutlined /> {t('operations.post.unstaffed')}</>}
          </Typography.Text>
        </div>
        <div className="cy-roster-track" style={{ height }}>
          {span.ticks.map((tick) => <div key={tick} className="cy-roster-grid" style={{ left: span.pct(tick) }} />)}
          {p.gaps.map((g) => (
            <Popover key={g.startsAt} content={t('operations.roster.gapText', { from: hm(g.startsAt), to: hm(g.endsAt), n: g.minutes })}>
              <div className="cy-roster-gap" data-testid="roster-gap"
                style={{ left: span.pct(new Date(g.startsAt).getTime()), width: `calc(${span.pct(new Date(g.endsAt).getTime())} - ${span.pct(new Date(g.startsAt).getTime())})` }} />
            </Popover>
          ))}
          {placed.map((x) => {
            const a = new Date(x.startsAt).getTime();
            const b = new Date(x.endsAt).getTime();
            if (b <= span.from || a >= span.to) return null;
            return (
              <Popover key={x.id} trigger="click" content={<ShiftCard shift={x} now={now} t={t} onAct={(action) => void act(x, action)} />}>
                <button type="button" className={`cy-roster-shift ${x.status}`} data-testid="roster-shift" data-status={x.status}
                  style={{ left: span.pct(a), width: `calc(${span.pct(b)} - ${span.pct(a)})`, top: 3 + x.lane * 24, background: SHIFT_COLOR[x.status] }}
                  title={`${x.personName} ${clock(x.startsAt)}–${clock(x.endsAt)} ${t(`operations.shiftStatus.${x.status}`)}`}>
                  {x.personName} {clock(x.startsAt)}–{clock(x.endsAt)}{x.status === 'absent' ? ` · ${t('operations.shiftStatus.absent')}` : ''}
                </button>
              </Popover>
            );
          })}
          {now > span.from && now < span.to && <div className="cy-roster-now" style={{ left: span.pct(now) }} />}
        </div>
      </div>
    );
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Space wrap size={[6, 6]}>
          <Typography.Text>{t('operations.roster.window', { from: hm(roster.window.startsAt), to: hm(roster.window.endsAt) })}</Typography.Text>
          <Tag color="green">{t('operations.roster.sumOnDuty', { n: s.onDuty })}</Tag>
          <Tag color="orange">{t('operations.roster.sumDue', { n: s.due })}</Tag>
          <Tag color={s.absent ? 'red' : 'default'}>{t('operations.roster.sumAbsent', { n: s.absent })}</Tag>
          <Tag color={s.postsWithGaps ? 'red' : 'default'}>{t('operations.roster.sumGaps', { posts: s.postsWithGaps, n: s.gaps, minutes: s.gapMinutes })}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('operations.roster.grace', { n: roster.graceMinutes })}</Typography.Text>
        </Space>
        <Space>
          <Select value={onlyProblems ? 'problems' : 'all'} onChange={(v) => setOnlyProblems(v === 'problems')} style={{ width: 140 }}
            options={[{ value: 'all', label: t('operations.roster.allPosts') }, { value: 'problems', label: t('operations.roster.problemPosts') }]} />
          {roster.posts.some((p) => p.canManage) && <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('operations.roster.add')}</Button>}
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>{t('common.export')}</Button>
        </Space>
      </Space>
      <div className="cy-roster" role="table" aria-label={t('operations.tab.roster')}>
        <div className="cy-roster-row cy-roster-head">
          <div className="cy-roster-post">{t('operations.roster.post')}</div>
          <div className="cy-roster-track">
            {span.ticks.map((tick) => <span key={tick} className="cy-roster-tick" style={{ left: span.pct(tick) }}>{dayjs(tick).format('HH:mm')}</span>)}
          </div>
        </div>
        {posts.length ? posts.map(row) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('operations.roster.empty')} />}
      </div>
      <Space size={12} style={{ marginTop: 8, fontSize: 12 }} wrap>
        {Object.entries(SHIFT_COLOR).map(([k, c]) => <span key={k}><span className="cy-roster-legend" style={{ background: c }} />{t(`operations.shiftStatus.${k}`)}</span>)}
        <span><span className="cy-roster-legend cy-roster-gap-legend" />{t('operations.gap')}</span>
      </Space>
      {adding && <AddShiftDialog op={op} roster={roster} onClose={() => setAdding(false)} onDone={() => { setAdding(false); onChanged(); void load(); }} />}
    </>
  );
}
