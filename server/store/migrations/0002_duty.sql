-- Each staff member's post (on duty, on a break, off duty), kept so a restart does not send everyone home.
CREATE TABLE duty (
  staff_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  status TEXT NOT NULL,
  since INTEGER NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX duty_branch ON duty(branch);

-- Every change of post, append-only: how long the floor was covered is a question for the report.
CREATE TABLE duty_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  staff_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX duty_log_branch ON duty_log(branch, at);
