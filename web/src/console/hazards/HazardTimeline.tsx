import { useT } from '../../shared/i18n';
import { ActionTimeline, type TimelineEntry } from '../lib/ActionTimeline';
import { dateTime } from '../lib/format';

const COLOUR: Record<string, string> = {
  create: 'cyan', assign: 'blue', plan: 'blue', reportRectified: 'green', reinspectPass: 'green', reinspectFail: 'red', close: 'green',
  cancel: 'gray', supervise: 'volcano', warn: 'orange', overdue: 'red', attach: 'gray',
};

/** The finding's history, oldest first: reported, assigned, planned, rectified, re-inspected, closed out, and the warnings between. */
export function HazardTimeline({ items }: { items: Array<TimelineEntry & { data: Record<string, unknown> }> }) {
  const t = useT();
  return (
    <ActionTimeline items={items} colours={COLOUR} actionKeys="hazards.timeline." stateKeys="hazards.state." testId="hazard-timeline"
      detail={(i) => (typeof i.data.deadline === 'string' ? `${t('hazards.plan.deadline')} ${dateTime(i.data.deadline)}` : null)} />
  );
}
