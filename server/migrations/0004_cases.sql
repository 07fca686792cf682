-- Cases (事件/部件 problems) on the closed-loop mechanism: what only a case has.

CREATE SEQUENCE case_ref_seq;

CREATE TABLE cases (
  id                 uuid PRIMARY KEY REFERENCES work_items(id),
  category_code      text NOT NULL REFERENCES case_categories(code),
  channel            text NOT NULL CHECK (channel IN ('grid','public','hotline','sensor','system','assigned','open311')),
  description        text NOT NULL,
  address            text,
  lng                double precision NOT NULL,
  lat                double precision NOT NULL,
  grid_code          text NOT NULL REFERENCES units(code),
  street_code        text NOT NULL REFERENCES units(code),
  urgency            text NOT NULL CHECK (urgency IN ('normal','urgent')),
  reporter_user_id   uuid,
  reporter_name      text,
  reporter_phone     text,
  external_id        text,
  -- The unit the case was last dispatched to; rework goes back to it.
  handling_unit      text REFERENCES units(code),
  duplicate_of       uuid REFERENCES cases(id),
  dispatch_count     integer NOT NULL DEFAULT 0,
  send_back_count    integer NOT NULL DEFAULT 0,
  rework_count       integer NOT NULL DEFAULT 0,
  reported_at        timestamptz NOT NULL,
  registered_at      timestamptz,
  registered_on_time boolean,
  dispatched_at      timestamptz,
  handled_at         timestamptz,
  handled_on_time    boolean,
  verified_at        timestamptz,
  closed_at          timestamptz,
  closed_on_time     boolean
);
CREATE INDEX cases_street_idx ON cases(street_code, reported_at);
CREATE INDEX cases_grid_idx ON cases(grid_code);
CREATE INDEX cases_category_idx ON cases(category_code, reported_at);
CREATE UNIQUE INDEX cases_external_idx ON cases(channel, external_id) WHERE external_id IS NOT NULL;

-- Extension requests (延期): asked by the handling unit, decided by the dispatching centre.
CREATE TABLE case_extensions (
  id            uuid PRIMARY KEY,
  case_id       uuid NOT NULL REFERENCES cases(id),
  requested_by  uuid,
  unit_code     text NOT NULL,
  amount        integer NOT NULL,
  unit          text NOT NULL,
  reason        text NOT NULL,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','approved','refused')),
  decided_by    uuid,
  decision_note text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz
);
CREATE UNIQUE INDEX case_extensions_one_pending ON case_extensions(case_id) WHERE state = 'pending';

-- Duplicate look-up: same category, nearby, recent.
CREATE INDEX cases_dup_idx ON cases(category_code, lat, lng);
