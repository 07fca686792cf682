-- 预案 (emergency plans): 综合/专项/现场处置方案 with four response levels (一级 highest … 四级), each with its
-- trigger (text and an optional machine condition such as {"zone":"ZONE-JFB","tier":"red"}) and its measures
-- (处置措施: the responsible post kind or unit and a time limit). Activating a plan at a level turns that level's
-- measures into operation tasks (kind 'operation_task', source 'plan') and records the activation.

CREATE SEQUENCE plan_activation_ref_seq;

CREATE TABLE emergency_plans (
  id              uuid PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('comprehensive','special','onsite')),
  event_type      text NOT NULL CHECK (event_type IN ('natural','accident','health','social')),
  owner_unit      text NOT NULL REFERENCES units(code),
  owner_path      text NOT NULL,
  summary         text NOT NULL DEFAULT '',
  -- The plan's sections as text: organisation, monitoring, response, recovery (编制 practice, DOMAIN.md §6).
  sections        jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- What the plan needs at hand: [{"type":"police_squad","quantity":4,"note":"…"}].
  resources       jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by      uuid,
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_plans_owner_idx ON emergency_plans(owner_path text_pattern_ops);

CREATE TABLE emergency_plan_levels (
  plan_id            uuid NOT NULL REFERENCES emergency_plans(id),
  level              integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  name               text NOT NULL,
  trigger_text       text NOT NULL,
  trigger_condition  jsonb,
  PRIMARY KEY (plan_id, level)
);

CREATE TABLE emergency_plan_measures (
  id                  uuid PRIMARY KEY,
  plan_id             uuid NOT NULL,
  level               integer NOT NULL,
  seq                 integer NOT NULL,
  title               text NOT NULL,
  description         text NOT NULL DEFAULT '',
  -- Who acts: the kind of post (resolved at activation from the zone or the operation), or a named unit.
  post_kind           text NOT NULL CHECK (post_kind IN ('command','command_post','task_force','street_sub_command')),
  unit_code           text REFERENCES units(code),
  time_limit_minutes  integer NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 10080),
  FOREIGN KEY (plan_id, level) REFERENCES emergency_plan_levels(plan_id, level),
  UNIQUE (plan_id, level, seq),
  CHECK (post_kind <> 'task_force' OR unit_code IS NOT NULL)
);

CREATE TABLE plan_activations (
  id                 uuid PRIMARY KEY,
  ref                text NOT NULL UNIQUE,
  plan_id            uuid NOT NULL REFERENCES emergency_plans(id),
  level              integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  operation_id       uuid REFERENCES operations(id),
  zone_code          text REFERENCES units(code),
  reason             text NOT NULL,
  -- The unit in whose name it was activated (the actor's grant), for scope.
  unit_code          text NOT NULL REFERENCES units(code),
  unit_path          text NOT NULL,
  activated_by       uuid,
  activated_by_name  text NOT NULL,
  task_count         integer NOT NULL,
  activated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_activations_plan_idx ON plan_activations(plan_id, activated_at DESC);
CREATE INDEX plan_activations_operation_idx ON plan_activations(operation_id, activated_at DESC);
