-- 综合评价 (evaluation): the weights of the 0–100 composite per unit level, and the index the rankings read.

CREATE TABLE evaluation_weights (
  scope       text NOT NULL CHECK (scope IN ('street','department','grid')),
  indicator   text NOT NULL CHECK (indicator IN ('closed_rate','closed_on_time_rate','handled_on_time_rate','rework_rate',
                'dispatch_accuracy','registered_on_time_rate','avg_handle_hours')),
  weight      numeric NOT NULL CHECK (weight >= 0 AND weight <= 100),
  -- Only avg_handle_hours has one: the average (natural hours, dispatch → handled) that still scores 100.
  target      numeric CHECK (target IS NULL OR target > 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid,
  PRIMARY KEY (scope, indicator)
);

-- Defaults. Streets and grids answer for the whole loop; a department neither registers nor dispatches,
-- so those two indicators are shown for it but weigh nothing in its composite.
INSERT INTO evaluation_weights (scope, indicator, weight, target) VALUES
  ('street', 'closed_rate', 20, NULL), ('street', 'closed_on_time_rate', 20, NULL), ('street', 'handled_on_time_rate', 20, NULL),
  ('street', 'rework_rate', 10, NULL), ('street', 'dispatch_accuracy', 10, NULL), ('street', 'registered_on_time_rate', 10, NULL),
  ('street', 'avg_handle_hours', 10, 24),
  ('grid', 'closed_rate', 20, NULL), ('grid', 'closed_on_time_rate', 20, NULL), ('grid', 'handled_on_time_rate', 20, NULL),
  ('grid', 'rework_rate', 10, NULL), ('grid', 'dispatch_accuracy', 10, NULL), ('grid', 'registered_on_time_rate', 10, NULL),
  ('grid', 'avg_handle_hours', 10, 24),
  ('department', 'closed_rate', 20, NULL), ('department', 'closed_on_time_rate', 20, NULL), ('department', 'handled_on_time_rate', 30, NULL),
  ('department', 'rework_rate', 20, NULL), ('department', 'dispatch_accuracy', 0, NULL), ('department', 'registered_on_time_rate', 0, NULL),
  ('department', 'avg_handle_hours', 10, 24);

-- A ranking is one GROUP BY over the cases reported in a period: this index holds every column it reads,
-- so the scan is a range of one index (index-only once the table is vacuumed).
CREATE INDEX cases_evaluation_idx ON cases(reported_at) INCLUDE (
  street_code, grid_code, handling_unit, duplicate_of, registered_at, registered_on_time, dispatched_at,
  handled_at, handled_on_time, closed_at, closed_on_time, dispatch_count, send_back_count, rework_count
);
