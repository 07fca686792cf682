-- 执行一贯到底: responsibility lists (责任单) from a regular meeting, a plan or a directive. Each task and each of
-- its dated milestones (节点, the timeline 时间表) is a closed-loop work item (kinds 'task' and 'milestone'), so the
-- deadline sweep warns and escalates milestones, supervision orders attach to either, and rankings read them.

CREATE SEQUENCE responsibility_list_ref_seq;

CREATE TABLE responsibility_lists (
  id           uuid PRIMARY KEY,
  ref          text NOT NULL UNIQUE,
  title        text NOT NULL,
  source_kind  text NOT NULL CHECK (source_kind IN ('meeting','plan','directive')),
  -- Free text naming the source: "第12次区委常委会例会纪要", a plan's name, a directive's number.
  source_ref   text NOT NULL DEFAULT '',
  issuer_unit  text NOT NULL REFERENCES units(code),
  issuer_path  text NOT NULL,
  issuer_id    uuid,
  issuer_name  text NOT NULL,
  task_count   integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responsibility_lists_issuer_idx ON responsibility_lists(issuer_path text_pattern_ops, created_at DESC);
CREATE INDEX responsibility_lists_created_idx ON responsibility_lists(created_at DESC);

-- A task's state, owner and supervision are its work item's (same id); owner_* repeat the work item's for the
-- list's scope queries (a task never changes owner).
CREATE TABLE tasks (
  id                 uuid PRIMARY KEY REFERENCES work_items(id),
  list_id            uuid NOT NULL REFERENCES responsibility_lists(id),
  seq                integer NOT NULL,
  owner_unit         text NOT NULL,
  owner_path         text NOT NULL,
  description        text NOT NULL DEFAULT '',
  responsible_name   text NOT NULL,
  responsible_phone  text,
  cancel_reason      text,
  UNIQUE (list_id, seq)
);
CREATE INDEX tasks_owner_idx ON tasks(owner_path text_pattern_ops);

-- The contract other modules read (the weekly ranking): the work item has kind 'milestone', owner_unit = the
-- task's owner, deadline_at = due_at, closed_at when it ends; here the due instant, when it was done, whether late.
CREATE TABLE milestones (
  id                uuid PRIMARY KEY REFERENCES work_items(id),
  task_id           uuid NOT NULL REFERENCES tasks(id),
  list_id           uuid NOT NULL REFERENCES responsibility_lists(id),
  seq               integer NOT NULL,
  name              text NOT NULL,
  -- As given: {"at":"…"} or {"amount":10,"unit":"workDay"} (counted from creation or the last reschedule).
  due_spec          jsonb NOT NULL,
  due_at            timestamptz NOT NULL,
  done_at           timestamptz,
  done_late         boolean,
  progress          integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  last_report_at    timestamptz,
  last_report_text  text,
  UNIQUE (task_id, seq)
);
CREATE INDEX milestones_list_idx ON milestones(list_id);
CREATE INDEX milestones_due_idx ON milestones(due_at);
CREATE INDEX milestones_done_idx ON milestones(done_at) WHERE done_at IS NOT NULL;

-- Every progress report (进展反馈) on a milestone, newest last.
CREATE TABLE milestone_reports (
  id              bigserial PRIMARY KEY,
  milestone_id    uuid NOT NULL REFERENCES milestones(id),
  at              timestamptz NOT NULL DEFAULT now(),
  actor_id        uuid,
  actor_name      text NOT NULL,
  unit_code       text,
  progress        integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
  text            text NOT NULL,
  figures         jsonb,
  attachment_ids  jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX milestone_reports_milestone_idx ON milestone_reports(milestone_id, id);
