// How the console shows states, warnings and deadlines: the same colours everywhere.
import { Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from '../../shared/i18n';

const STATE_COLOR: Record<string, string> = {
  reported: 'cyan', registered: 'geekblue', dispatched: 'blue', accepted: 'processing', handled: 'purple',
  verified: 'lime', closed: 'success', rejected: 'default', merged: 'default', parked: 'orange',
};
export const CASE_STATES = Object.keys(STATE_COLOR);
export const FINAL_STATES = ['closed', 'rejected', 'merged'];

export function StateTag({ state, t }: { state: string; t: TFunction }) {
  return <Tag color={STATE_COLOR[state] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`state.${state}`)}</Tag>;
}

const WARN_COLOR: Record<string, string> = { red: 'red', yellow: 'gold', none: 'green' };

export function WarnTag({ level, t }: { level: string; t: TFunction }) {
  return <Tag color={WARN_COLOR[level] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`warn.${level}`)}</Tag>;
}

export const dateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** "剩 2 小时 15 分" / "超期 1 天 3 小时" from now to the deadline. */
export function remaining(deadlineAt: string, t: TFunction, now = Date.now()): { text: string; overdue: boolean } {
  const ms = new Date(deadlineAt).getTime() - now;
  const overdue = ms < 0;
  let minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const span = days > 0 ? t('time.daysHours', { d: days, h: hours })
    : hours > 0 ? t('time.hoursMinutes', { h: hours, m: minutes }) : t('time.minutes', { m: minutes });
  return { text: t(overdue ? 'time.overdueBy' : 'time.left', { span }), overdue };
}

/** Deadline with the time left, coloured by the case's warning level. */
export function Deadline({ deadlineAt, warnLevel, state, t, now, compact }: { deadlineAt: string | null; warnLevel: string; state: string; t: TFunction; now?: number; compact?: boolean }) {
  if (!deadlineAt || FINAL_STATES.includes(state)) return <Typography.Text type="secondary">—</Typography.Text>;
  const r = remaining(deadlineAt, t, now);
  const type = r.overdue || warnLevel === 'red' ? 'danger' : warnLevel === 'yellow' ? 'warning' : undefined;
  return (
    <Tooltip title={dateTime(deadlineAt)}>
      <span style={{ whiteSpace: 'nowrap' }}>
        <Typography.Text type={type} strong={!!type}>{r.text}</Typography.Text>
        {!compact && <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>{dayjs(deadlineAt).format('MM-DD HH:mm')}</Typography.Text>}
      </span>
    </Tooltip>
  );
}
