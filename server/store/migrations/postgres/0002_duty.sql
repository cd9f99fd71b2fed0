-- PostgreSQL twin of ../0002_duty.sql.
CREATE TABLE duty (
  staff_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  status TEXT NOT NULL,
  since BIGINT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX duty_branch ON duty(branch);

CREATE TABLE duty_log (
  seq BIGSERIAL PRIMARY KEY,
  staff_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  status TEXT NOT NULL,
  at BIGINT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX duty_log_branch ON duty_log(branch, at);
