-- 监督一览无余: the supervision board reads only what is late or about to be, however many items a year closes.

-- Open items past their yellow line, by the unit that must act: the board's counts per unit and kind are an
-- index-only range of this (a few thousand rows among millions), and its red/yellow lists sort them by deadline.
CREATE INDEX work_items_warned_idx ON work_items(owner_path text_pattern_ops) INCLUDE (kind, warn_level, deadline_at)
  WHERE closed_at IS NULL AND warn_level <> 'none';

-- The board's trend: the timeline rows the deadline sweep writes when an item turns yellow ('warn') or red
-- ('overdue'), by day; the unit the item belonged to then is on the row.
CREATE INDEX work_item_timeline_warnings_idx ON work_item_timeline(at) INCLUDE (item_id, unit_code, action)
  WHERE action IN ('warn', 'overdue');

-- "Who is supervising what": the open supervision orders, newest first.
CREATE INDEX supervision_orders_open_idx ON supervision_orders(created_at DESC) WHERE state = 'open';
