-- 隐患排查治理: checklists per sector, inspection rounds (排查轮次) with one task per target unit, and findings
-- (隐患) whose rectification is a closed-loop work item (kind 'hazard'): 登记 → 交办 → 整改方案 → 整改 → 复查 → 销号.

-- The sectors of the New Year's Eve operation (交通运输, 建筑工地 …), with the department leading each.
CREATE TABLE hazard_sectors (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  name_en     text NOT NULL,
  -- A unit code (departments are seeded after migrations, so no foreign key).
  lead_unit   text,
  seq         integer NOT NULL
);

-- One line of a sector's checklist (检查内容); centres edit them, findings cite them.
CREATE TABLE hazard_checklist_items (
  id             serial PRIMARY KEY,
  sector         text NOT NULL REFERENCES hazard_sectors(code),
  seq            integer NOT NULL,
  title          text NOT NULL,
  title_en       text,
  -- The rule the line checks (法律依据), shown on the finding and in the ledger.
  basis          text,
  -- A failed line of this kind is usually a 重大隐患 (a hint for the inspector, not a rule).
  major_hint     boolean NOT NULL DEFAULT false,
  active         boolean NOT NULL DEFAULT true,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text
);
CREATE INDEX hazard_checklist_items_sector_idx ON hazard_checklist_items(sector, seq);

CREATE SEQUENCE hazard_round_ref_seq;
CREATE SEQUENCE hazard_ref_seq;

-- An inspection round: which sectors, when, sent by a centre to named units or every unit of a kind below one.
CREATE TABLE hazard_rounds (
  id           uuid PRIMARY KEY,
  ref          text NOT NULL UNIQUE,
  name         text NOT NULL,
  sectors      jsonb NOT NULL,
  starts_on    date NOT NULL,
  ends_on      date NOT NULL CHECK (ends_on >= starts_on),
  note         text,
  issuer_unit  text NOT NULL REFERENCES units(code),
  issuer_path  text NOT NULL,
  issuer_id    uuid,
  issuer_name  text NOT NULL,
  targets      jsonb NOT NULL,
  task_count   integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hazard_rounds_issuer_idx ON hazard_rounds(issuer_path text_pattern_ops, created_at DESC);
CREATE INDEX hazard_rounds_created_idx ON hazard_rounds(created_at DESC);

-- A round's task at one unit: inspect the sectors in the period, report what is found, then mark it done.
CREATE TABLE hazard_tasks (
  id         uuid PRIMARY KEY,
  round_id   uuid NOT NULL REFERENCES hazard_rounds(id),
  unit_code  text NOT NULL,
  unit_path  text NOT NULL,
  state      text NOT NULL DEFAULT 'open' CHECK (state IN ('open','done')),
  done_at    timestamptz,
  done_by    uuid,
  done_name  text,
  done_note  text,
  UNIQUE (round_id, unit_code)
);
CREATE INDEX hazard_tasks_round_path_idx ON hazard_tasks(round_id, unit_path text_pattern_ops);
CREATE INDEX hazard_tasks_unit_idx ON hazard_tasks(unit_code, state);

-- A finding; its state, owner, clock and supervision are its work item's (same id).
CREATE TABLE hazards (
  id                 uuid PRIMARY KEY REFERENCES work_items(id),
  sector             text NOT NULL REFERENCES hazard_sectors(code),
  grade              text NOT NULL CHECK (grade IN ('ordinary','major')),
  checklist_item_id  integer REFERENCES hazard_checklist_items(id),
  round_id           uuid REFERENCES hazard_rounds(id),
  task_id            uuid REFERENCES hazard_tasks(id),
  source             text NOT NULL CHECK (source IN ('round','patrol','tipoff','check')),
  description        text NOT NULL,
  legal_basis        text,
  -- The place or enterprise inspected (被检查单位) and its 统一社会信用代码.
  subject_name       text,
  credit_code        text,
  address            text,
  lng                double precision NOT NULL,
  lat                double precision NOT NULL,
  grid_code          text NOT NULL,
  street_code        text NOT NULL,
  -- Who found it: their unit re-inspects the rectification (复查).
  inspect_unit       text NOT NULL,
  inspect_path       text NOT NULL,
  finder_id          uuid,
  finder_name        text NOT NULL,
  found_at           timestamptz NOT NULL,
  -- The unit responsible for the rectification (交办), and its plan: the five in place (五落实).
  rectify_unit       text,
  rectify_path       text,
  responsible_person text,
  responsible_phone  text,
  measures           text,
  funding            numeric(14,2),
  interim_measures   text,
  contingency_plan   text,
  rectify_deadline   timestamptz,
  planned_at         timestamptz,
  rectified_at       timestamptz,
  rectify_note       text,
  -- The last re-inspection; failed counts the rounds of rework.
  reinspector_id     uuid,
  reinspector_name   text,
  reinspected_at     timestamptz,
  reinspect_result   text CHECK (reinspect_result IN ('pass','fail')),
  reinspect_note     text,
  failed_reinspections integer NOT NULL DEFAULT 0,
  closed_out_at      timestamptz,
  closed_out_by      text
);
CREATE INDEX hazards_inspect_idx ON hazards(inspect_path text_pattern_ops);
CREATE INDEX hazards_rectify_idx ON hazards(rectify_path text_pattern_ops) WHERE rectify_path IS NOT NULL;
CREATE INDEX hazards_round_idx ON hazards(round_id, task_id) WHERE round_id IS NOT NULL;
CREATE INDEX hazards_found_idx ON hazards(found_at DESC);
