-- 处置措施预案 (playbooks): per key zone and alert tier, the measures the posts take (限流, 单向通行, close a gate,
-- ask the metro to skip the stop, broadcast …). An alert of that tier turns them into operation tasks for the right
-- post — automatically when the playbook says so, or with one click — once per alert.

CREATE TABLE playbooks (
  zone_code     text NOT NULL REFERENCES units(code),
  tier          text NOT NULL CHECK (tier IN ('blue','yellow','orange','red')),
  -- Run by itself when an alert of this tier is raised (a forecast warning too when on_forecast).
  auto          boolean NOT NULL DEFAULT false,
  on_forecast   boolean NOT NULL DEFAULT false,
  -- [{"kind":"limit_flow","title":"…","target":"command_post"|"street"|"<unit code>","gate":"ZONE-JFB-G1"?,"limitMinutes":10}]
  measures      jsonb NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text,
  PRIMARY KEY (zone_code, tier)
);

-- One run per alert: the tasks a playbook made for it (the unique key keeps the automatic and the manual run apart).
CREATE TABLE playbook_runs (
  alert_id      uuid PRIMARY KEY,
  zone_code     text NOT NULL,
  tier          text NOT NULL,
  operation_id  uuid NOT NULL,
  auto          boolean NOT NULL,
  task_ids      jsonb NOT NULL DEFAULT '[]'::jsonb,
  actor_name    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX playbook_runs_operation_idx ON playbook_runs(operation_id, created_at);
