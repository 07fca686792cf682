-- 应急资源: people, vehicles and equipment with a status (available / assigned / out of service) and a position;
-- resource requests (资源请求) from a post for N of a type, approved by the centre with specific resources
-- assigned (a guarded state machine: pending → approved → fulfilled, or rejected).

CREATE SEQUENCE resource_request_ref_seq;

CREATE TABLE resources (
  id                   uuid PRIMARY KEY,
  code                 text NOT NULL UNIQUE,
  name                 text NOT NULL,
  type                 text NOT NULL,
  category             text NOT NULL CHECK (category IN ('people','vehicle','equipment')),
  -- Persons in a team, pieces in a set (a squad of 20, 100 barriers); a request counts resources, not pieces.
  quantity             integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
  status               text NOT NULL DEFAULT 'available' CHECK (status IN ('available','assigned','out_of_service')),
  owner_unit           text NOT NULL REFERENCES units(code),
  owner_path           text NOT NULL,
  zone_code            text REFERENCES units(code),
  location_name        text,
  lng                  double precision CHECK (lng BETWEEN -180 AND 180),
  lat                  double precision CHECK (lat BETWEEN -90 AND 90),
  assigned_request_id  uuid,
  assigned_unit        text REFERENCES units(code),
  note                 text,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'assigned') = (assigned_request_id IS NOT NULL))
);
CREATE INDEX resources_owner_idx ON resources(owner_path text_pattern_ops, type, status);

CREATE TABLE resource_requests (
  id                  uuid PRIMARY KEY,
  ref                 text NOT NULL UNIQUE,
  operation_id        uuid REFERENCES operations(id),
  requesting_unit     text NOT NULL REFERENCES units(code),
  requesting_path     text NOT NULL,
  resource_type       text NOT NULL,
  quantity            integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
  reason              text NOT NULL,
  needed_by           timestamptz,
  state               text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','approved','rejected','fulfilled')),
  requested_by        uuid,
  requested_by_name   text NOT NULL,
  decided_by          uuid,
  decided_by_name     text,
  decided_at          timestamptz,
  decision_note       text,
  fulfilled_at        timestamptz,
  fulfilled_by_name   text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resource_requests_unit_idx ON resource_requests(requesting_path text_pattern_ops, created_at DESC);
CREATE INDEX resource_requests_state_idx ON resource_requests(state, created_at DESC);

CREATE TABLE resource_assignments (
  request_id   uuid NOT NULL REFERENCES resource_requests(id),
  resource_id  uuid NOT NULL REFERENCES resources(id),
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  released_at  timestamptz,
  PRIMARY KEY (request_id, resource_id)
);
CREATE INDEX resource_assignments_resource_idx ON resource_assignments(resource_id);
