-- 行动 (operations): a time-boxed event such as New Year's Eve, in three phases 前期/中期/后期 (before, during,
-- after); its command structure (区指挥部 → 现场指挥部 → 工作专班 → 街道分指挥部), every post with a named person
-- and deputy (定人定岗定责); its phased tasks, each a closed-loop work item (kind 'operation_task'); and the duty
-- roster (值班表) with check-in and check-out. Gaps and absences are computed on read. See docs/operations.md.

CREATE SEQUENCE operation_ref_seq;
CREATE SEQUENCE operation_task_ref_seq;

-- The phases are contiguous: before = [starts_at, during_starts_at), during = [during_starts_at, during_ends_at),
-- after = [during_ends_at, ends_at).
CREATE TABLE operations (
  id                uuid PRIMARY KEY,
  ref               text NOT NULL UNIQUE,
  name              text NOT NULL,
  template_code     text,
  -- The commanding unit (usually the district): it manages the operation; posts lie in its subtree.
  owner_unit        text NOT NULL REFERENCES units(code),
  owner_path        text NOT NULL,
  starts_at         timestamptz NOT NULL,
  during_starts_at  timestamptz NOT NULL,
  during_ends_at    timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  created_by        uuid,
  created_by_name   text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_at <= during_starts_at AND during_starts_at < during_ends_at AND during_ends_at <= ends_at)
);
CREATE INDEX operations_owner_idx ON operations(owner_path text_pattern_ops, starts_at DESC);
CREATE INDEX operations_starts_idx ON operations(starts_at DESC);

-- One post per unit in an operation; the tree through parent_id. Tasks of a post are owned by its unit.
CREATE TABLE operation_posts (
  id                uuid PRIMARY KEY,
  operation_id      uuid NOT NULL REFERENCES operations(id),
  parent_id         uuid REFERENCES operation_posts(id),
  kind              text NOT NULL CHECK (kind IN ('command','command_post','task_force','street_sub_command')),
  unit_code         text NOT NULL REFERENCES units(code),
  unit_path         text NOT NULL,
  zone_code         text REFERENCES units(code),
  name              text NOT NULL,
  sort              integer NOT NULL,
  person_name       text,
  person_phone      text,
  person_user_id    uuid REFERENCES users(id),
  deputy_name       text,
  deputy_phone      text,
  deputy_user_id    uuid REFERENCES users(id),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (operation_id, unit_code)
);
CREATE INDEX operation_posts_operation_idx ON operation_posts(operation_id, sort);
CREATE INDEX operation_posts_unit_idx ON operation_posts(unit_path text_pattern_ops);

-- A task's state, owner, clock and supervision are its work item's (same id). A task from a plan activation
-- outside any operation has neither operation nor post nor phase.
CREATE TABLE operation_tasks (
  id            uuid PRIMARY KEY REFERENCES work_items(id),
  operation_id  uuid REFERENCES operations(id),
  post_id       uuid REFERENCES operation_posts(id),
  phase         text CHECK (phase IN ('before','during','after')),
  sector        text,
  seq           integer NOT NULL,
  owner_unit    text NOT NULL,
  owner_path    text NOT NULL,
  -- Who gave the task (the operation's command, or the unit that activated a plan): it may cancel and supervise.
  issuer_path   text NOT NULL,
  description   text NOT NULL DEFAULT '',
  -- Where the task came from: the template, a person, a plan activation, a playbook (with its id or code).
  source_kind   text NOT NULL CHECK (source_kind IN ('template','manual','plan','playbook')),
  source_ref    text,
  result_note   text,
  done_late     boolean,
  cancel_reason text
);
CREATE INDEX operation_tasks_operation_idx ON operation_tasks(operation_id, phase, seq);
CREATE INDEX operation_tasks_owner_idx ON operation_tasks(owner_path text_pattern_ops);
CREATE INDEX operation_tasks_source_idx ON operation_tasks(source_kind, source_ref);

-- 值班表: who is on which post when. Check-in/out by the person (user_id) or a centre operator for them.
CREATE TABLE duty_shifts (
  id                  uuid PRIMARY KEY,
  operation_id        uuid NOT NULL REFERENCES operations(id),
  post_id             uuid NOT NULL REFERENCES operation_posts(id),
  person_name         text NOT NULL,
  person_phone        text,
  user_id             uuid REFERENCES users(id),
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  note                text,
  checked_in_at       timestamptz,
  checked_in_by       uuid,
  checked_in_by_name  text,
  checked_out_at      timestamptz,
  checked_out_by      uuid,
  checked_out_by_name text,
  created_by          uuid,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_at < ends_at),
  CHECK (checked_out_at IS NULL OR checked_in_at IS NOT NULL)
);
CREATE INDEX duty_shifts_post_idx ON duty_shifts(post_id, starts_at);
CREATE INDEX duty_shifts_operation_idx ON duty_shifts(operation_id, starts_at);
CREATE INDEX duty_shifts_user_idx ON duty_shifts(user_id, ends_at) WHERE user_id IS NOT NULL;
