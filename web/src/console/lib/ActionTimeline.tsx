import { Empty, Timeline, Typography } from 'antd';
import { useT } from '../../shared/i18n';
import { dateTime } from './format';

/** One action in a work item's history, as the detail endpoints return it. */
export interface TimelineEntry { at: string; actorName: string; action: string; fromState: string | null; toState: string | null; note: string | null }

const secondary = { marginInlineStart: 8, fontSize: 12 };

/**
 * A work item's history, oldest first: the action, when, who, the state change, one detail of its kind and the note.
 * Actions and states are named from the catalogue under the given key prefixes; an unnamed action shows as it is.
 */
export function ActionTimeline<E extends TimelineEntry>({ items, colours, actionKeys, stateKeys, detail, testId }: {
  items: E[]; colours: Record<string, string>; actionKeys: string; stateKeys: string; detail?: (e: E) => string | null; testId?: string;
}) {
  const t = useT();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const name = (a: string) => { const k = `${actionKeys}${a}`; const s = t(k); return s === k ? a : s; };
  return (
    <Timeline mode="start" data-testid={testId} items={items.map((i, n) => {
      const more = detail?.(i);
      return {
        key: n, color: colours[i.action] ?? 'blue',
        content: (
          <div>
            <Typography.Text strong>{name(i.action)}</Typography.Text>
            <Typography.Text type="secondary" style={secondary}>{dateTime(i.at)}</Typography.Text>
            <Typography.Text style={{ marginInlineStart: 8 }}>{i.actorName}</Typography.Text>
            {i.toState && i.fromState !== i.toState && (
              <Typography.Text type="secondary" style={secondary}>
                {i.fromState ? `${t(`${stateKeys}${i.fromState}`)} → ` : ''}{t(`${stateKeys}${i.toState}`)}
              </Typography.Text>
            )}
            {more && <Typography.Text type="secondary" style={secondary}>{more}</Typography.Text>}
            {i.note && <div style={{ color: '#444', whiteSpace: 'pre-wrap' }}>{i.note}</div>}
          </div>
        ),
      };
    })} />
  );
}
