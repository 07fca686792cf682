-- Evaluation rollup: each case's contribution to every indicator sum, per Beijing day and unit, kept by a
-- trigger in the same transaction as the case change. A ranking then sums a few thousand rows instead of
-- scanning every case of the period (one year of a busy district is about a million cases).
-- The per-case contributions mirror AGGREGATES in server/src/modules/evaluation/evaluation-indicators.ts.

CREATE TABLE case_daily_facts (
  day                 date NOT NULL,
  street_code         text NOT NULL,
  grid_code           text NOT NULL,
  -- '' when the case was never dispatched.
  handling_unit       text NOT NULL,
  reported            integer NOT NULL DEFAULT 0,
  due                 integer NOT NULL DEFAULT 0,
  closed              integer NOT NULL DEFAULT 0,
  closed_on_time      integer NOT NULL DEFAULT 0,
  handled             integer NOT NULL DEFAULT 0,
  handled_on_time     integer NOT NULL DEFAULT 0,
  reworks             integer NOT NULL DEFAULT 0,
  dispatches          integer NOT NULL DEFAULT 0,
  accurate_dispatches integer NOT NULL DEFAULT 0,
  registered          integer NOT NULL DEFAULT 0,
  registered_on_time  integer NOT NULL DEFAULT 0,
  timed               integer NOT NULL DEFAULT 0,
  handle_hours        double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (day, street_code, grid_code, handling_unit)
);

CREATE FUNCTION case_daily_facts_add(c cases, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  is_due boolean := c.registered_at IS NOT NULL AND c.duplicate_of IS NULL;
  is_timed boolean := coalesce(c.handled_at >= c.dispatched_at, false);
BEGIN
  INSERT INTO case_daily_facts AS f (day, street_code, grid_code, handling_unit, reported, due, closed, closed_on_time,
    handled, handled_on_time, reworks, dispatches, accurate_dispatches, registered, registered_on_time, timed, handle_hours)
  VALUES (
    (c.reported_at AT TIME ZONE 'Asia/Shanghai')::date, c.street_code, c.grid_code, coalesce(c.handling_unit, ''),
    sign,
    sign * is_due::int,
    sign * (is_due AND c.closed_at IS NOT NULL)::int,
    sign * (is_due AND c.closed_at IS NOT NULL AND coalesce(c.closed_on_time, false))::int,
    sign * (c.handled_at IS NOT NULL)::int,
    sign * (c.handled_at IS NOT NULL AND coalesce(c.handled_on_time, false))::int,
    sign * CASE WHEN c.handled_at IS NOT NULL THEN c.rework_count ELSE 0 END,
    sign * c.dispatch_count,
    sign * (c.dispatch_count - c.send_back_count),
    sign * (c.registered_at IS NOT NULL)::int,
    sign * (c.registered_at IS NOT NULL AND coalesce(c.registered_on_time, false))::int,
    sign * is_timed::int,
    sign * CASE WHEN is_timed THEN extract(epoch FROM c.handled_at - c.dispatched_at)::float8 / 3600 ELSE 0 END)
  ON CONFLICT (day, street_code, grid_code, handling_unit) DO UPDATE SET
    reported = f.reported + excluded.reported, due = f.due + excluded.due, closed = f.closed + excluded.closed,
    closed_on_time = f.closed_on_time + excluded.closed_on_time, handled = f.handled + excluded.handled,
    handled_on_time = f.handled_on_time + excluded.handled_on_time, reworks = f.reworks + excluded.reworks,
    dispatches = f.dispatches + excluded.dispatches, accurate_dispatches = f.accurate_dispatches + excluded.accurate_dispatches,
    registered = f.registered + excluded.registered, registered_on_time = f.registered_on_time + excluded.registered_on_time,
    timed = f.timed + excluded.timed, handle_hours = f.handle_hours + excluded.handle_hours;
END $$;

CREATE FUNCTION case_daily_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM case_daily_facts_add(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM case_daily_facts_add(NEW, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_daily_facts AFTER INSERT OR UPDATE OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION case_daily_facts_trigger();

-- Cases that existed before this migration.
SELECT case_daily_facts_add(c, 1) FROM cases c;
