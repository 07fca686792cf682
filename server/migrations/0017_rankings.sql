-- 动态晾晒: the weekly public ranking of streets and departments. Each publication is a stored snapshot: the
-- weights it used, one row per unit with every indicator's numerator and denominator, and the work items each
-- figure counted (so every score opens its list, and the figures can be recomputed from the stored items alone).

-- The weights of the overall score, versioned: a change adds a version, publications name the one they used.
CREATE TABLE ranking_weights (
  version          integer PRIMARY KEY,
  -- {"sign_on_time_rate": 20, "report_on_time_rate": 20, "milestone_on_time_rate": 30, "case_score": 30}
  weights          jsonb NOT NULL,
  note             text,
  created_by       uuid,
  created_by_name  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ranking_weights (version, weights, note, created_by_name) VALUES
  (1, '{"sign_on_time_rate": 20, "report_on_time_rate": 20, "milestone_on_time_rate": 30, "case_score": 30}', '默认权重', '系统');

CREATE TABLE ranking_runs (
  id                 uuid PRIMARY KEY,
  -- The period [period_from, period_to) in Beijing dates: Monday to the next Monday for the weekly ranking.
  period_from        date NOT NULL,
  period_to          date NOT NULL,
  trigger            text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  weights_version    integer NOT NULL REFERENCES ranking_weights(version),
  weights            jsonb NOT NULL,
  -- The evaluation module's composite weights per level ({"street": {...}, "department": {...}}) at publication.
  case_weights       jsonb NOT NULL,
  -- Unfinished items count as late when their deadline fell in the period and before this instant.
  counted_until      timestamptz NOT NULL,
  note               text,
  published_by       uuid,
  published_by_name  text NOT NULL,
  published_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (period_from < period_to)
);
-- The scheduler publishes each week once, whatever retries or instances do.
CREATE UNIQUE INDEX ranking_runs_weekly_idx ON ranking_runs(period_from) WHERE trigger = 'schedule';
CREATE INDEX ranking_runs_published_idx ON ranking_runs(published_at DESC);

CREATE TABLE ranking_rows (
  run_id        uuid NOT NULL REFERENCES ranking_runs(id),
  level         text NOT NULL CHECK (level IN ('street', 'department')),
  unit_code     text NOT NULL REFERENCES units(code),
  unit_name     text NOT NULL,
  unit_name_en  text,
  -- Null: nothing to count for this unit in the period ("—"), listed last and unranked.
  rank          integer,
  score         double precision,
  -- {indicator: {numerator, denominator, value, weight, items}}; case_score also carries its parts.
  figures       jsonb NOT NULL,
  PRIMARY KEY (run_id, level, unit_code)
);

CREATE TABLE ranking_items (
  run_id       uuid NOT NULL REFERENCES ranking_runs(id),
  level        text NOT NULL,
  unit_code    text NOT NULL,
  indicator    text NOT NULL,
  item_id      uuid NOT NULL REFERENCES work_items(id),
  -- What the item added to the indicator (1/1 on time, 0/1 late); null for case_score, whose item adds to
  -- each evaluation indicator separately: parts = {"closed_rate": [numerator, denominator], …}.
  numerator    double precision,
  denominator  double precision,
  parts        jsonb,
  PRIMARY KEY (run_id, level, unit_code, indicator, item_id)
);

-- What a publication scans: receipts signed / reported in the period, and items still waiting past a deadline.
CREATE INDEX receipts_signed_at_idx ON receipts(signed_at) WHERE signed_at IS NOT NULL;
CREATE INDEX receipts_reported_at_idx ON receipts(reported_at) WHERE reported_at IS NOT NULL;
CREATE INDEX work_items_open_deadline_idx ON work_items(kind, deadline_at) WHERE closed_at IS NULL;
