import { Progress, Tooltip, Typography } from 'antd';
import type { TFunction } from '../../shared/i18n';
import { liveTotal, percent, type Counts } from './receipt-format';

const BLUE = '#1677ff';
const GREEN = '#52c41a';
const YELLOW = '#faad14';
const RED = '#f5222d';

/** Red while any receipt below is overdue, yellow while one is warned, green when all are through, blue otherwise. */
function colour(c: Counts, done: number, of: number): string {
  if (c.overdue > 0) return RED;
  if (c.warning > 0) return YELLOW;
  return of > 0 && done >= of ? GREEN : BLUE;
}

function Bar({ label, done, of, c, testId }: { label: string; done: number; of: number; c: Counts; testId: string }) {
  const p = percent(done, of);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6, lineHeight: '16px' }} data-testid={testId} data-done={done} data-of={of}>
      <Typography.Text type="secondary" style={{ fontSize: 12, width: 28, flex: 'none' }}>{label}</Typography.Text>
      <Progress percent={p} size="small" strokeColor={colour(c, done, of)} showInfo={false} style={{ margin: 0, flex: 1, minWidth: 60 }} />
      <Typography.Text style={{ fontSize: 12, width: 74, flex: 'none', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{done}/{of} · {p}%</Typography.Text>
    </div>
  );
}

/** Sign and report progress of a set of receipts as two thin bars, with the red and yellow counts beside. */
export function ProgressBars({ counts, report, t }: { counts: Counts; report: boolean; t: TFunction }) {
  const of = liveTotal(counts);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, width: '100%' }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Bar label={t('directives.progress.sign')} done={counts.signed} of={of} c={counts} testId="bar-sign" />
        {report && <Bar label={t('directives.progress.report')} done={counts.reported} of={of} c={counts} testId="bar-report" />}
      </div>
      {(counts.overdue > 0 || counts.warning > 0) && (
        <Tooltip title={t('directives.progress.warnHint', { red: counts.overdue, yellow: counts.warning })}>
          <span style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
            {counts.overdue > 0 && <Typography.Text type="danger" strong>●{counts.overdue} </Typography.Text>}
            {counts.warning > 0 && <Typography.Text type="warning" strong>●{counts.warning}</Typography.Text>}
          </span>
        </Tooltip>
      )}
    </div>
  );
}
