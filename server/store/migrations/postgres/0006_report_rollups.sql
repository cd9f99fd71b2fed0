-- PostgreSQL twin of ../0006_report_rollups.sql: one row per branch and closed report day.
CREATE TABLE report_rollups (
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  format INTEGER NOT NULL,
  built_at BIGINT NOT NULL,
  open_due_max BIGINT,
  figures TEXT NOT NULL,
  durations BYTEA NOT NULL,
  PRIMARY KEY (branch, day)
);

-- A visit's row is written again on every event: drop the rollups of the days it touched before and after.
CREATE FUNCTION report_rollups_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM report_rollups WHERE branch = OLD.branch AND day IN (OLD.day, OLD.v_day);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    DELETE FROM report_rollups WHERE branch = NEW.branch AND day IN (NEW.day, NEW.v_day);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER report_rollups_stale AFTER INSERT OR UPDATE OR DELETE ON report_visits
  FOR EACH ROW EXECUTE FUNCTION report_rollups_stale();
