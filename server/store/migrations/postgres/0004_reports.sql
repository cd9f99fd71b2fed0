-- PostgreSQL twin of ../0004_reports.sql: the report's compact row per visit, and the day snapshots.
CREATE TABLE report_visits (
  visit_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  hour INTEGER NOT NULL,
  arrived_at BIGINT NOT NULL,
  ended_at BIGINT,
  ticket TEXT NOT NULL,
  line TEXT NOT NULL,
  vip INTEGER NOT NULL,
  vip_later INTEGER NOT NULL,
  needs TEXT NOT NULL,
  owner TEXT,
  transfers_by TEXT NOT NULL,
  imported INTEGER NOT NULL,
  r_start BIGINT, r_due BIGINT, r_stop BIGINT, r_by TEXT,
  v_day TEXT, v_hour INTEGER, v_start BIGINT, v_due BIGINT, v_stop BIGINT, v_by TEXT
);
CREATE INDEX report_visits_day ON report_visits(branch, day);
CREATE INDEX report_visits_vip_day ON report_visits(branch, v_day) WHERE v_day IS NOT NULL;

CREATE TABLE report_snapshots (
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  changes TEXT NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY (branch, day, revision)
);
