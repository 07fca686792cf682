-- The big screen (一屏掌控) reads every open case of a place (markers, open/overdue counts per street or grid)
-- and what closed today, every few seconds while events arrive. Both stay small however many cases a year
-- closes: the open ones are a partial index, today's closures a range of closed_at.
CREATE INDEX work_items_open_cases_idx ON work_items(home_path text_pattern_ops) INCLUDE (state, warn_level)
  WHERE closed_at IS NULL AND kind = 'case';
CREATE INDEX work_items_closed_at_idx ON work_items(closed_at) WHERE closed_at IS NOT NULL;
