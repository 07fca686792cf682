import { Empty, Timeline, Typography } from 'antd';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import type { CaseDetail } from './types';

const COLOUR: Record<string, string> = {
  reject: 'gray', overdue: 'red', warn: 'orange', rework: 'red', sendBack: 'orange', park: 'orange', supervise: 'volcano',
  close: 'green', verify: 'green', create: 'cyan',
};

/** Every action on the case, oldest first: what, who, when, the state change and the note. */
export function CaseTimeline({ items, unitNames }: { items: CaseDetail['timeline']; unitNames: Map<string, string> }) {
  const t = useT();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const actionName = (a: string) => {
    const key = `actions.${a}`;
    const s = t(key);
    return s === key ? a : s;
  };
  return (
    <Timeline
      mode="start"
      items={items.map((i, n) => ({
        key: n,
        color: COLOUR[i.action] ?? 'blue',
        content: (
          <div>
            <Typography.Text strong>{actionName(i.action)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dateTime(i.at)}</Typography.Text>
            <Typography.Text style={{ marginInlineStart: 8 }}>{i.actorName}</Typography.Text>
            {i.fromState !== i.toState && i.toState && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {i.fromState ? `${t(`state.${i.fromState}`)} → ` : ''}{t(`state.${i.toState}`)}
              </Typography.Text>
            )}
            {i.unitCode && <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{unitNames.get(i.unitCode) ?? i.unitCode}</Typography.Text>}
            {i.note && <div style={{ color: '#444', whiteSpace: 'pre-wrap' }}>{i.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
