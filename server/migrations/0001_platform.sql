-- Platform foundation: units, identity, audit, outbox events, subscriber cursors, timers.

CREATE TABLE units (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  name_en       text,
  kind          text NOT NULL CHECK (kind IN ('district','street','community','grid','department','zone','command_post','task_force')),
  parent_code   text REFERENCES units(code),
  -- Materialised path '/500103/500103002/…/' so a subtree is a prefix match.
  path          text NOT NULL UNIQUE,
  depth         integer NOT NULL,
  approximate   boolean NOT NULL DEFAULT false,
  population    integer,
  center_lng    double precision,
  center_lat    double precision,
  props         jsonb NOT NULL DEFAULT '{}'::jsonb,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent_idx ON units(parent_code);
CREATE INDEX units_path_idx ON units(path text_pattern_ops);
CREATE INDEX units_kind_idx ON units(kind);

CREATE TABLE users (
  id              uuid PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  phone           text,
  id_card         text,
  locale          text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN','en')),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       text NOT NULL,
  unit_code  text NOT NULL REFERENCES units(code),
  PRIMARY KEY (user_id, role, unit_code)
);
CREATE INDEX user_roles_unit_idx ON user_roles(unit_code);

-- Web sessions and bearer tokens; only the SHA-256 of the secret is stored.
CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('web','api')),
  name          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_ip       text
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

-- Hash-chained audit log: hash = sha256(prev_hash || canonical row).
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor_id     uuid,
  actor_name   text,
  action       text NOT NULL,
  target_type  text NOT NULL,
  target_id    text,
  unit_path    text,
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip           text,
  prev_hash    text NOT NULL,
  hash         text NOT NULL UNIQUE
);
-- The chain's head: appenders lock this row, so entries chain in commit order; verify checks the tail against it.
CREATE TABLE audit_head (
  id          integer PRIMARY KEY CHECK (id = 1),
  last_id     bigint NOT NULL DEFAULT 0,
  last_hash   text NOT NULL,
  entries     bigint NOT NULL DEFAULT 0
);
INSERT INTO audit_head(id, last_hash) VALUES (1, repeat('0', 64));
CREATE INDEX audit_log_target_idx ON audit_log(target_type, target_id);
CREATE INDEX audit_log_actor_idx ON audit_log(actor_id, at);

-- Transactional outbox. seq is assigned by the relay in publish (commit) order.
CREATE SEQUENCE event_seq;
CREATE TABLE events (
  id            bigserial PRIMARY KEY,
  seq           bigint UNIQUE,
  type          text NOT NULL,
  unit_path     text NOT NULL,
  subject_type  text,
  subject_id    text,
  actor_id      uuid,
  payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX events_unpublished_idx ON events(id) WHERE seq IS NULL;
CREATE INDEX events_created_idx ON events(created_at);

-- Durable subscribers keep their position here and advance it in the same transaction as their effects.
CREATE TABLE subscriber_cursors (
  name        text PRIMARY KEY,
  last_seq    bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Database-backed timers: deadlines, reminders, sweeps. dedupe_key makes scheduling idempotent.
CREATE TABLE timers (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL,
  dedupe_key    text NOT NULL UNIQUE,
  due_at        timestamptz NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','done','failed','cancelled')),
  attempts      integer NOT NULL DEFAULT 0,
  locked_by     text,
  locked_until  timestamptz,
  last_error    text,
  fired_at      timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX timers_due_idx ON timers(due_at) WHERE state = 'pending';
CREATE INDEX timers_lease_idx ON timers(locked_until) WHERE state = 'running';

-- Every timer run that took effect, for the exactly-once proof and for operators.
CREATE TABLE timer_runs (
  id          bigserial PRIMARY KEY,
  timer_id    bigint NOT NULL,
  kind        text NOT NULL,
  instance    text NOT NULL,
  ran_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX timer_runs_timer_idx ON timer_runs(timer_id);
