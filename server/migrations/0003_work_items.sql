-- The closed-loop mechanism shared by cases, directive receipts, tasks and hazard rectifications.

CREATE TABLE work_items (
  id                uuid PRIMARY KEY,
  kind              text NOT NULL,
  ref               text NOT NULL UNIQUE,
  title             text NOT NULL,
  state             text NOT NULL,
  -- The unit that must act now (dispatch moves it), and the unit the item belongs to (where it happened).
  owner_unit        text NOT NULL REFERENCES units(code),
  owner_path        text NOT NULL,
  home_path         text NOT NULL,
  -- The running time limit: which stage, when it started, when it is due.
  stage             text,
  stage_started_at  timestamptz,
  -- warn_at is 75% of the limit (working time when the limit is in working units): the yellow line.
  warn_at           timestamptz,
  deadline_at       timestamptz,
  warn_level        text NOT NULL DEFAULT 'none' CHECK (warn_level IN ('none','yellow','red')),
  escalated_to      text,
  supervised        boolean NOT NULL DEFAULT false,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  closed_at         timestamptz
);
CREATE INDEX work_items_owner_idx ON work_items(owner_path text_pattern_ops, state);
CREATE INDEX work_items_home_idx ON work_items(home_path text_pattern_ops, state);
-- The deadline sweep reads only items that still have a line to cross.
CREATE INDEX work_items_warn_due_idx ON work_items(warn_at) WHERE closed_at IS NULL AND warn_level = 'none';
CREATE INDEX work_items_red_due_idx ON work_items(deadline_at) WHERE closed_at IS NULL AND warn_level <> 'red';
CREATE INDEX work_items_kind_created_idx ON work_items(kind, created_at);

CREATE TABLE work_item_timeline (
  id          bigserial PRIMARY KEY,
  item_id     uuid NOT NULL REFERENCES work_items(id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  from_state  text,
  to_state    text,
  unit_code   text,
  note        text,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX work_item_timeline_item_idx ON work_item_timeline(item_id, id);

CREATE TABLE supervision_orders (
  id           uuid PRIMARY KEY,
  item_id      uuid NOT NULL REFERENCES work_items(id),
  level        text NOT NULL CHECK (level IN ('district','street','department')),
  issuer_id    uuid,
  issuer_unit  text NOT NULL,
  deadline_at  timestamptz,
  note         text NOT NULL,
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  closed_at    timestamptz
);
CREATE INDEX supervision_orders_item_idx ON supervision_orders(item_id);

-- Events about an item concern its home unit and the unit handling it; viewers of either see them.
ALTER TABLE events ADD COLUMN also_paths text[] NOT NULL DEFAULT '{}';
