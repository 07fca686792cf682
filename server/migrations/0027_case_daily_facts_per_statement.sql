-- The evaluation rollup per statement instead of per row: a statement's cases are summed per key first and the keys
-- upserted in key order. A group-committed statement carrying many reports then takes each rollup row's lock once,
-- and two statements touching the same keys take their locks in the same order (no deadlock between them; the
-- per-row trigger took them in arrival order). The per-case contribution is unchanged (case_daily_facts_add's rules).

CREATE FUNCTION case_daily_facts_row(c cases, sign integer) RETURNS case_daily_facts LANGUAGE sql STABLE AS $$
  SELECT ROW(
    (c.reported_at AT TIME ZONE 'Asia/Shanghai')::date, c.street_code, c.grid_code, coalesce(c.handling_unit, ''),
    sign,
    sign * d.is_due::int,
    sign * (d.is_due AND c.closed_at IS NOT NULL)::int,
    sign * (d.is_due AND c.closed_at IS NOT NULL AND coalesce(c.closed_on_time, false))::int,
    sign * (c.handled_at IS NOT NULL)::int,
    sign * (c.handled_at IS NOT NULL AND coalesce(c.handled_on_time, false))::int,
    sign * CASE WHEN c.handled_at IS NOT NULL THEN c.rework_count ELSE 0 END,
    sign * c.dispatch_count,
    sign * (c.dispatch_count - c.send_back_count),
    sign * (c.registered_at IS NOT NULL)::int,
    sign * (c.registered_at IS NOT NULL AND coalesce(c.registered_on_time, false))::int,
    sign * d.is_timed::int,
    sign * CASE WHEN d.is_timed THEN extract(epoch FROM c.handled_at - c.dispatched_at)::float8 / 3600 ELSE 0 END
  )::case_daily_facts
  FROM (SELECT c.registered_at IS NOT NULL AND c.duplicate_of IS NULL AS is_due,
               coalesce(c.handled_at >= c.dispatched_at, false) AS is_timed) d
$$;

-- Adds the summed contributions of a statement's changed cases, key by key in key order.
CREATE FUNCTION case_daily_facts_apply(delta case_daily_facts[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_daily_facts AS f (day, street_code, grid_code, handling_unit, reported, due, closed, closed_on_time,
    handled, handled_on_time, reworks, dispatches, accurate_dispatches, registered, registered_on_time, timed, handle_hours)
  SELECT day, street_code, grid_code, handling_unit, sum(reported), sum(due), sum(closed), sum(closed_on_time),
    sum(handled), sum(handled_on_time), sum(reworks), sum(dispatches), sum(accurate_dispatches), sum(registered),
    sum(registered_on_time), sum(timed), sum(handle_hours)
  FROM unnest(delta)
  GROUP BY day, street_code, grid_code, handling_unit
  ORDER BY day, street_code, grid_code, handling_unit
  ON CONFLICT (day, street_code, grid_code, handling_unit) DO UPDATE SET
    reported = f.reported + excluded.reported, due = f.due + excluded.due, closed = f.closed + excluded.closed,
    closed_on_time = f.closed_on_time + excluded.closed_on_time, handled = f.handled + excluded.handled,
    handled_on_time = f.handled_on_time + excluded.handled_on_time, reworks = f.reworks + excluded.reworks,
    dispatches = f.dispatches + excluded.dispatches, accurate_dispatches = f.accurate_dispatches + excluded.accurate_dispatches,
    registered = f.registered + excluded.registered, registered_on_time = f.registered_on_time + excluded.registered_on_time,
    timed = f.timed + excluded.timed, handle_hours = f.handle_hours + excluded.handle_hours
$$;

CREATE FUNCTION case_daily_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_daily_facts_apply(ARRAY(SELECT case_daily_facts_row(n, 1) FROM new_cases n));
  RETURN NULL;
END $$;

CREATE FUNCTION case_daily_facts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_daily_facts_apply(ARRAY(
    SELECT case_daily_facts_row(o, -1) FROM old_cases o UNION ALL SELECT case_daily_facts_row(n, 1) FROM new_cases n));
  RETURN NULL;
END $$;

CREATE FUNCTION case_daily_facts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_daily_facts_apply(ARRAY(SELECT case_daily_facts_row(o, -1) FROM old_cases o));
  RETURN NULL;
END $$;

DROP TRIGGER cases_daily_facts ON cases;
DROP FUNCTION case_daily_facts_trigger();
DROP FUNCTION case_daily_facts_add(cases, integer);

CREATE TRIGGER cases_daily_facts_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_daily_facts_inserted();
CREATE TRIGGER cases_daily_facts_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_daily_facts_updated();
CREATE TRIGGER cases_daily_facts_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION case_daily_facts_deleted();
