import { useT } from '../../shared/i18n';
import { ActionTimeline, type TimelineEntry } from '../lib/ActionTimeline';

const COLOUR: Record<string, string> = { sign: 'green', report: 'green', forward: 'blue', amend: 'orange', recall: 'gray', warn: 'orange', overdue: 'red', supervise: 'volcano', urge: 'volcano', create: 'cyan' };

/** The receipt's history, oldest first: created, signed, forwarded, reminded, amended, reported. */
export function ReceiptTimeline({ items }: { items: Array<TimelineEntry & { data: Record<string, unknown> }> }) {
  const t = useT();
  return (
    <ActionTimeline items={items} colours={COLOUR} actionKeys="receipts.timeline." stateKeys="directives.receiptState." testId="receipt-timeline"
      detail={(i) => (typeof i.data.units === 'number' ? t('receipts.timeline.units', { n: i.data.units }) : null)} />
  );
}
