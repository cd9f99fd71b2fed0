-- The report's compact view of each visit (one row, both clocks), rewritten in the same transaction as
-- every event of the visit, so a day or a 90-day range is read without folding events again.
-- Rebuildable from the log at any time (the report service back-fills missing rows at start).
CREATE TABLE report_visits (
  visit_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  day TEXT NOT NULL,            -- branch-local day of arrival (= the reception clock's day)
  hour INTEGER NOT NULL,
  arrived_at INTEGER NOT NULL,
  ended_at INTEGER,
  ticket TEXT NOT NULL,
  line TEXT NOT NULL,
  vip INTEGER NOT NULL,
  vip_later INTEGER NOT NULL,
  needs TEXT NOT NULL,          -- special needs joined by ';' ('' for none)
  owner TEXT,
  transfers_by TEXT NOT NULL,   -- who handed the customer on, joined by ';'
  imported INTEGER NOT NULL,
  r_start INTEGER, r_due INTEGER, r_stop INTEGER, r_by TEXT,
  v_day TEXT, v_hour INTEGER, v_start INTEGER, v_due INTEGER, v_stop INTEGER, v_by TEXT
);
CREATE INDEX report_visits_day ON report_visits(branch, day);
CREATE INDEX report_visits_vip_day ON report_visits(branch, v_day) WHERE v_day IS NOT NULL;

-- The report as frozen at close of day (revision 1) and after each later change (2, 3, …).
CREATE TABLE report_snapshots (
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  reason TEXT NOT NULL,         -- close-of-day | correction | import
  changes TEXT NOT NULL,        -- JSON: what differs from the previous revision
  report TEXT NOT NULL,         -- JSON: the report
  PRIMARY KEY (branch, day, revision)
);
