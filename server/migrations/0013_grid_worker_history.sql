-- A grid worker's history (their reports and their on-site checks) read by person, not by place.
CREATE INDEX cases_reporter_idx ON cases(reporter_user_id, reported_at) WHERE reporter_user_id IS NOT NULL;
CREATE INDEX work_item_timeline_checker_idx ON work_item_timeline(actor_id, at) WHERE action IN ('verify', 'rework');
