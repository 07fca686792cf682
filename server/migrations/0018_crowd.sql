-- 大型活动客流安全 (crowd safety): key zones with their usable area, gates and density bands; readings from gate
-- counters, cameras and mobile-signal estimates; per-minute buckets (fused occupancy and the forecasts made then);
-- tiered alerts (四级 蓝/黄/橙/红) that the zone's command post acknowledges. See docs/crowd.md.

CREATE TABLE crowd_zones (
  code                text PRIMARY KEY REFERENCES units(code),
  unit_path           text NOT NULL,
  -- The command post (现场指挥部) of the zone: it sees and acknowledges the zone's alerts.
  post_code           text REFERENCES units(code),
  post_path           text,
  geometry            jsonb NOT NULL,
  area_m2             double precision NOT NULL CHECK (area_m2 > 0),
  -- Persons at the red band; null: derived as area_m2 × bands.red.
  capacity_override   integer CHECK (capacity_override > 0),
  -- Standing density bands in persons/m², ascending: {"blue":2,"yellow":3,"orange":4,"red":5}.
  bands               jsonb NOT NULL,
  -- Hysteresis: a tier is left only below its band minus the margin, and not before the dwell has passed.
  margin_density      double precision NOT NULL DEFAULT 0.3 CHECK (margin_density >= 0),
  min_dwell_minutes   integer NOT NULL DEFAULT 5 CHECK (min_dwell_minutes >= 0),
  approximate         boolean NOT NULL DEFAULT false,
  -- Bumped by every write (a batch of readings or a change of settings); an instance whose copy is older reloads.
  version             bigint NOT NULL DEFAULT 0,
  -- The live state, written once per batch from the ingesting instance's memory.
  occupancy           integer NOT NULL DEFAULT 0,
  in_rate             double precision NOT NULL DEFAULT 0,
  out_rate            double precision NOT NULL DEFAULT 0,
  forecast15          integer,
  forecast30          integer,
  mae15               double precision,
  mae30               double precision,
  mae15_samples       integer NOT NULL DEFAULT 0,
  mae30_samples       integer NOT NULL DEFAULT 0,
  tier                text CHECK (tier IN ('blue','yellow','orange','red')),
  tier_since          timestamptz,
  forecast_tier       text CHECK (forecast_tier IN ('blue','yellow','orange','red')),
  forecast_tier_since timestamptz,
  -- Event time: the latest reading's timestamp, and the last minute the alert rules were run for.
  watermark           timestamptz,
  evaluated_minute    timestamptz,
  last_received_at    timestamptz,
  readings_accepted   bigint NOT NULL DEFAULT 0,
  readings_duplicate  bigint NOT NULL DEFAULT 0,
  readings_rejected   bigint NOT NULL DEFAULT 0,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crowd_gates (
  code        text PRIMARY KEY,
  zone_code   text NOT NULL REFERENCES crowd_zones(code),
  name        text NOT NULL,
  name_en     text,
  width_m     double precision NOT NULL CHECK (width_m > 0),
  direction   text NOT NULL CHECK (direction IN ('in','out','both')),
  kind        text NOT NULL DEFAULT 'level' CHECK (kind IN ('level','stairs')),
  lng         double precision,
  lat         double precision,
  sort        integer NOT NULL DEFAULT 0,
  active      boolean NOT NULL DEFAULT true
);
CREATE INDEX crowd_gates_zone_idx ON crowd_gates(zone_code, sort);

-- Every accepted reading, once (the sensor's id is the key, so a resent reading is a duplicate). No foreign keys:
-- the ingest checks zone and gate against its loaded copy, and 20,000 rows a second should not pay for them.
CREATE TABLE crowd_readings (
  reading_id   text PRIMARY KEY,
  zone_code    text NOT NULL,
  gate_code    text,
  source       text NOT NULL,
  at           timestamptz NOT NULL,
  in_count     integer NOT NULL DEFAULT 0,
  out_count    integer NOT NULL DEFAULT 0,
  estimate     integer,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per zone and minute of event time: the readings summed, the fused occupancy at the minute's end, and
-- the forecasts made at that minute (for minute + 15 and + 30), kept as issued so their error can be shown.
CREATE TABLE crowd_buckets (
  zone_code   text NOT NULL REFERENCES crowd_zones(code),
  minute      timestamptz NOT NULL,
  gate_in     integer NOT NULL DEFAULT 0,
  gate_out    integer NOT NULL DEFAULT 0,
  camera_sum  bigint NOT NULL DEFAULT 0,
  camera_n    integer NOT NULL DEFAULT 0,
  mobile_sum  bigint NOT NULL DEFAULT 0,
  mobile_n    integer NOT NULL DEFAULT 0,
  occupancy   integer NOT NULL DEFAULT 0,
  forecast15  integer,
  forecast30  integer,
  PRIMARY KEY (zone_code, minute)
);

CREATE TABLE crowd_alerts (
  id                uuid PRIMARY KEY,
  zone_code         text NOT NULL REFERENCES crowd_zones(code),
  -- density: the present density entered the band; forecast (预警): the 15-minute forecast will.
  kind              text NOT NULL CHECK (kind IN ('density','forecast')),
  tier              text NOT NULL CHECK (tier IN ('blue','yellow','orange','red')),
  level             smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  at                timestamptz NOT NULL,
  occupancy         integer NOT NULL,
  density           double precision NOT NULL,
  forecast15        integer,
  forecast_density  double precision,
  state             text NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  -- No longer in force: the tier was left (lowered), a higher one replaced it (superseded), the forecast came
  -- true (realised) or the zone was reset for a new drill.
  cleared_at        timestamptz,
  clear_reason      text CHECK (clear_reason IN ('lowered','superseded','realised','withdrawn','reset')),
  acked_at          timestamptz,
  acked_by          uuid,
  acked_by_name     text,
  ack_unit          text,
  ack_note          text
);
CREATE INDEX crowd_alerts_zone_idx ON crowd_alerts(zone_code, created_at DESC);
CREATE INDEX crowd_alerts_created_idx ON crowd_alerts(created_at DESC);
CREATE INDEX crowd_alerts_active_idx ON crowd_alerts(zone_code) WHERE cleared_at IS NULL;

-- Rejected readings counted by zone ('' when the zone is unknown or unreadable) and reason, with the last example.
CREATE TABLE crowd_reading_rejects (
  zone_code    text NOT NULL DEFAULT '',
  reason       text NOT NULL,
  count        bigint NOT NULL DEFAULT 0,
  last_at      timestamptz,
  last_sample  jsonb,
  PRIMARY KEY (zone_code, reason)
);
