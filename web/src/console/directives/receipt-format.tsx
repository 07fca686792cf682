// How directives and receipts show their states, deadlines and progress: the same colours on every page
// (blue waiting, green done, orange to re-sign, grey ended; yellow warning and red overdue from the clock).
import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from '../../shared/i18n';
import { Deadline } from '../lib/format';

const RECEIPT_COLOR: Record<string, string> = {
  pending: 'processing', signed: 'cyan', forwarded: 'geekblue', done: 'success', resign: 'orange', recalled: 'default',
};
export const RECEIPT_STATES = Object.keys(RECEIPT_COLOR);
export const FINAL_RECEIPT_STATES = ['done', 'recalled'];

export function ReceiptStateTag({ state, t }: { state: string; t: TFunction }) {
  return <Tag color={RECEIPT_COLOR[state] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`directives.receiptState.${state}`)}</Tag>;
}

export function DirectiveStateTag({ state, t }: { state: string; t: TFunction }) {
  return <Tag color={state === 'active' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>{t(`directives.state.${state}`)}</Tag>;
}

/** A receipt's clock: time left (coloured by its warning level) while it is open, a dash once it ended. */
export function ReceiptDeadline({ deadlineAt, warnLevel, state, t, now, compact }: {
  deadlineAt: string | null; warnLevel: string; state: string; t: TFunction; now?: number; compact?: boolean;
}) {
  if (FINAL_RECEIPT_STATES.includes(state)) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Deadline deadlineAt={deadlineAt} warnLevel={warnLevel} state="open" t={t} now={now} compact={compact} />;
}

export type DeadlineSpec = { amount: number; unit: string } | { at: string };

/** "签收后 2 工作日" / "2025-03-01 18:00": a deadline as the issuer set it. */
export function deadlineSpecText(spec: Record<string, unknown> | null | undefined, t: TFunction): string {
  if (!spec) return '—';
  if (typeof spec.at === 'string') return dayjs(spec.at).format('YYYY-MM-DD HH:mm');
  if (typeof spec.amount === 'number' && typeof spec.unit === 'string') return t('directives.deadline.relative', { n: spec.amount, unit: t(`limitUnit.${spec.unit}`) });
  return '—';
}

export interface Counts {
  total: number; pending: number; signed: number; forwarded: number; reported: number; warning: number; overdue: number; recalled: number;
}

/** Receipts that still count (recalled ones no longer do): the denominator of the sign and report rates. */
export const liveTotal = (c: Counts) => Math.max(0, c.total - c.recalled);
export const percent = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);
