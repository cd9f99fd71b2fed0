-- One row per branch and report day: that day's report figures in a form that adds up exactly (counts,
-- the breach list, and every stopped clock's duration as sorted float64 milliseconds), so a range of
-- days is the sum of its days instead of a pass over every visit. Only days with no running clock are
-- kept (their figures no longer depend on the time of reading). Rebuildable at any time from
-- report_visits; the triggers below drop a day's row whenever a visit of that day is written.
CREATE TABLE report_rollups (
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  format INTEGER NOT NULL,      -- layout of figures/durations; rows of another layout are rebuilt
  built_at INTEGER NOT NULL,
  open_due_max INTEGER,         -- latest due of a never-stopped clock counted breached; valid only after it
  figures TEXT NOT NULL,        -- JSON (server/reports/rollup.ts)
  durations BLOB NOT NULL,      -- float64 little-endian, the sorted lists named in figures
  PRIMARY KEY (branch, day)
) WITHOUT ROWID;

-- A visit's row is written again on every event (an upsert, server/reports/store.ts): drop the rollups
-- of the days it touched before (a correction may move it) and after.
CREATE TRIGGER report_rollups_stale_insert AFTER INSERT ON report_visits BEGIN
  DELETE FROM report_rollups WHERE branch = NEW.branch AND day IN (NEW.day, NEW.v_day);
END;
CREATE TRIGGER report_rollups_stale_update AFTER UPDATE ON report_visits BEGIN
  DELETE FROM report_rollups WHERE branch = OLD.branch AND day IN (OLD.day, OLD.v_day);
  DELETE FROM report_rollups WHERE branch = NEW.branch AND day IN (NEW.day, NEW.v_day);
END;
CREATE TRIGGER report_rollups_stale_delete AFTER DELETE ON report_visits BEGIN
  DELETE FROM report_rollups WHERE branch = OLD.branch AND day IN (OLD.day, OLD.v_day);
END;
