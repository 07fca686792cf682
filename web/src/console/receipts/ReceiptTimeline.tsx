import { Empty, Timeline, Typography } from 'antd';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';

interface Entry { at: string; actorName: string; action: string; fromState: string | null; toState: string | null; note: string | null; data: Record<string, unknown> }

const COLOUR: Record<string, string> = { sign: 'green', report: 'green', forward: 'blue', amend: 'orange', recall: 'gray', warn: 'orange', overdue: 'red', supervise: 'volcano', urge: 'volcano', create: 'cyan' };

/** The receipt's history, oldest first: created, signed, forwarded, reminded, amended, reported. */
export function ReceiptTimeline({ items }: { items: Entry[] }) {
  const t = useT();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const name = (a: string) => { const k = `receipts.timeline.${a}`; const s = t(k); return s === k ? a : s; };
  return (
    <Timeline mode="start" data-testid="receipt-timeline" items={items.map((i, n) => ({
      key: n, color: COLOUR[i.action] ?? 'blue',
      content: (
        <div>
          <Typography.Text strong>{name(i.action)}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dateTime(i.at)}</Typography.Text>
          <Typography.Text style={{ marginInlineStart: 8 }}>{i.actorName}</Typography.Text>
          {i.toState && i.fromState !== i.toState && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {i.fromState ? `${t(`directives.receiptState.${i.fromState}`)} → ` : ''}{t(`directives.receiptState.${i.toState}`)}
            </Typography.Text>
          )}
          {typeof i.data.units === 'number' && <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{t('receipts.timeline.units', { n: i.data.units })}</Typography.Text>}
          {i.note && <div style={{ color: '#444', whiteSpace: 'pre-wrap' }}>{i.note}</div>}
        </div>
      ),
    }))} />
  );
}
