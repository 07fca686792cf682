import { Empty, Timeline, Typography } from 'antd';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';

interface Entry { at: string; actorName: string; action: string; fromState: string | null; toState: string | null; note: string | null; data: Record<string, unknown> }

const COLOUR: Record<string, string> = {
  create: 'cyan', assign: 'blue', plan: 'blue', reportRectified: 'green', reinspectPass: 'green', reinspectFail: 'red', close: 'green',
  cancel: 'gray', supervise: 'volcano', warn: 'orange', overdue: 'red', attach: 'gray',
};

/** The finding's history, oldest first: reported, assigned, planned, rectified, re-inspected, closed out, and the warnings between. */
export function HazardTimeline({ items }: { items: Entry[] }) {
  const t = useT();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const name = (a: string) => { const k = `hazards.timeline.${a}`; const s = t(k); return s === k ? a : s; };
  return (
    <Timeline mode="start" data-testid="hazard-timeline" items={items.map((i, n) => ({
      key: n, color: COLOUR[i.action] ?? 'blue',
      content: (
        <div>
          <Typography.Text strong>{name(i.action)}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dateTime(i.at)}</Typography.Text>
          <Typography.Text style={{ marginInlineStart: 8 }}>{i.actorName}</Typography.Text>
          {i.toState && i.fromState !== i.toState && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {i.fromState ? `${t(`hazards.state.${i.fromState}`)} → ` : ''}{t(`hazards.state.${i.toState}`)}
            </Typography.Text>
          )}
          {typeof i.data.deadline === 'string' && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{t('hazards.plan.deadline')} {dateTime(i.data.deadline)}</Typography.Text>
          )}
          {i.note && <div style={{ color: '#444', whiteSpace: 'pre-wrap' }}>{i.note}</div>}
        </div>
      ),
    }))} />
  );
}
