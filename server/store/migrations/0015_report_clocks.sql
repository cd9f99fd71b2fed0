-- Kept in step with postgres/0015_report_clocks.sql. The report keeps one row per clock instead of the
-- two rule's columns of report_visits (r_*, v_*), so a rule a branch adds to its configuration is
-- reported like the built-ins. report_visits keeps what belongs to the visit; its rows are kept.
CREATE TABLE report_clocks (
  visit_id TEXT NOT NULL,
  rule TEXT NOT NULL,           -- the rule id ('reception', 'vip-reception', or one a branch configured)
  branch TEXT NOT NULL,
  day TEXT NOT NULL,            -- branch-local day of the clock's start: the report day it counts on
  visit_day TEXT NOT NULL,      -- the visit's day (report_visits.day): a clock of another day is read apart
  hour INTEGER NOT NULL,
  start_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,      -- start + the rule version's target
  stop_at INTEGER,
  stopped_by TEXT,
  disputed_at INTEGER,          -- when a disputed replay of this clock arrived; null: not disputed
  outcome TEXT,                 -- met | breached | excluded once final; null while it depends on the time of reading
  name_zh TEXT,                 -- the rule's configured name, as the version the clock started under carried it
  name_en TEXT,
  PRIMARY KEY (visit_id, rule)
) WITHOUT ROWID;
-- A day's clocks are read with its visits (by visit_id); only a clock that started on another day than
-- its visit arrived (a VIP identified after midnight) is looked up by its own day.
CREATE INDEX report_clocks_other_day ON report_clocks(branch, day) WHERE day <> visit_day;

-- The two built-ins' clocks of every existing row; the outcome as shared/report.ts clockOutcome gives it.
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

-- The old triggers and index name the columns that go.
DROP TRIGGER report_rollups_stale_insert;
DROP TRIGGER report_rollups_stale_update;
DROP TRIGGER report_rollups_stale_delete;
DROP INDEX report_visits_vip_day;
ALTER TABLE report_visits DROP COLUMN r_start;
ALTER TABLE report_visits DROP COLUMN r_due;
ALTER TABLE report_visits DROP COLUMN r_stop;
ALTER TABLE report_visits DROP COLUMN r_by;
ALTER TABLE report_visits DROP COLUMN r_disputed;
ALTER TABLE report_visits DROP COLUMN v_day;
ALTER TABLE report_visits DROP COLUMN v_hour;
ALTER TABLE report_visits DROP COLUMN v_start;
ALTER TABLE report_visits DROP COLUMN v_due;
ALTER TABLE report_visits DROP COLUMN v_stop;
ALTER TABLE report_visits DROP COLUMN v_by;
ALTER TABLE report_visits DROP COLUMN v_disputed;

-- Rows are written again on every event (upserts, server/reports/sql-store.ts): a write drops the
-- rollups of the days it touched before (a correction may move a visit or a clock) and after. A visit's
-- row counts its arrival on its day, a clock's row its outcome on the clock's day.
CREATE TRIGGER report_rollups_stale_visit_insert AFTER INSERT ON report_visits BEGIN
  DELETE FROM report_rollups WHERE branch = NEW.branch AND day = NEW.day;
END;
CREATE TRIGGER report_rollups_stale_visit_update AFTER UPDATE ON report_visits BEGIN
  DELETE FROM report_rollups WHERE branch = OLD.branch AND day = OLD.day;
  DELETE FROM report_rollups WHERE branch = NEW.branch AND day = NEW.day;
END;
CREATE TRIGGER report_rollups_stale_visit_delete AFTER DELETE ON report_visits BEGIN
  DELETE FROM report_rollups WHERE branch = OLD.branch AND day = OLD.day;
END;
CREATE TRIGGER report_rollups_stale_clock_insert AFTER INSERT ON report_clocks BEGIN
  DELETE FROM report_rollups WHERE branch = NEW.branch AND day = NEW.day;
END;
CREATE TRIGGER report_rollups_stale_clock_update AFTER UPDATE ON report_clocks BEGIN
  DELETE FROM report_rollups WHERE branch = OLD.branch AND day = OLD.day;
  DELETE FROM report_rollups WHERE branch = NEW.branch AND day = NEW.day;
END;
CREATE TRIGGER report_rollups_stale_clock_delete AFTER DELETE ON report_clocks BEGIN
  DELETE FROM report_rollups WHERE branch = OLD.branch AND day = OLD.day;
END;

-- Stored rollups count rules by their old layout: every day is tallied again from the rows above.
DELETE FROM report_rollups;
