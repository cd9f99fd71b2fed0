-- PostgreSQL twin of ../0015_report_clocks.sql: one row per clock instead of report_visits' r_*/v_* columns.
CREATE TABLE report_clocks (
  visit_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  visit_day TEXT NOT NULL,
  hour INTEGER NOT NULL,
  start_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  stop_at BIGINT,
  stopped_by TEXT,
  disputed_at BIGINT,
  outcome TEXT,
  name_zh TEXT,
  name_en TEXT,
  PRIMARY KEY (visit_id, rule)
);
-- A day's clocks are read with its visits (by visit_id); only a clock that started on another day than
-- its visit arrived (a VIP identified after midnight) is looked up by its own day.
CREATE INDEX report_clocks_other_day ON report_clocks(branch, day) WHERE day <> visit_day;

INSERT INTO report_clocks (visit_id, rule, branch, day, visit_day, hour, start_at, due_at, stop_at, stopped_by, disputed_at, outcome)
SELECT visit_id, 'reception', branch, day, day, hour, r_start, r_due, r_stop, r_by, r_disputed,
  CASE WHEN r_disputed IS NOT NULL THEN 'breached'
       WHEN r_stop IS NOT NULL THEN CASE WHEN r_stop <= r_due THEN 'met' ELSE 'breached' END
       WHEN ended_at IS NOT NULL THEN CASE WHEN ended_at <= r_due THEN 'excluded' ELSE 'breached' END
  END
FROM report_visits WHERE r_start IS NOT NULL;
INSERT INTO report_clocks (visit_id, rule, branch, day, visit_day, hour, start_at, due_at, stop_at, stopped_by, disputed_at, outcome)
SELECT visit_id, 'vip-reception', branch, v_day, day, v_hour, v_start, v_due, v_stop, v_by, v_disputed,
  CASE WHEN v_disputed IS NOT NULL THEN 'breached'
       WHEN v_stop IS NOT NULL THEN CASE WHEN v_stop <= v_due THEN 'met' ELSE 'breached' END
       WHEN ended_at IS NOT NULL THEN CASE WHEN ended_at <= v_due THEN 'excluded' ELSE 'breached' END
  END
FROM report_visits WHERE v_start IS NOT NULL;

DROP TRIGGER report_rollups_stale ON report_visits;
DROP FUNCTION report_rollups_stale();
DROP INDEX report_visits_vip_day;
ALTER TABLE report_visits
  DROP COLUMN r_start, DROP COLUMN r_due, DROP COLUMN r_stop, DROP COLUMN r_by, DROP COLUMN r_disputed,
  DROP COLUMN v_day, DROP COLUMN v_hour, DROP COLUMN v_start, DROP COLUMN v_due, DROP COLUMN v_stop,
  DROP COLUMN v_by, DROP COLUMN v_disputed;

-- A visit's row counts its arrival on its day, a clock's row its outcome on the clock's day: a write to
-- either drops the rollups of the days it touched before and after.
CREATE FUNCTION report_rollups_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM report_rollups WHERE branch = OLD.branch AND day = OLD.day;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    DELETE FROM report_rollups WHERE branch = NEW.branch AND day = NEW.day;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_rollups_stale AFTER INSERT OR UPDATE OR DELETE ON report_visits
  FOR EACH ROW EXECUTE FUNCTION report_rollups_stale();
CREATE TRIGGER report_rollups_stale AFTER INSERT OR UPDATE OR DELETE ON report_clocks
  FOR EACH ROW EXECUTE FUNCTION report_rollups_stale();

DELETE FROM report_rollups;
