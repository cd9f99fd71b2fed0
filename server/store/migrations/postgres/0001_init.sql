-- PostgreSQL twin of ../0001_init.sql: same tables, same meaning. Times are epoch milliseconds (BIGINT).
-- The append-only event log: the truth every visit, alert and report is derived from.
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  visit_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT UNIQUE
);
CREATE INDEX events_visit ON events(visit_id, seq);

-- A projection of each visit, rebuildable from the log at any time.
CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  ticket TEXT NOT NULL,
  state TEXT NOT NULL,
  open INTEGER NOT NULL,
  arrived_at BIGINT NOT NULL,
  external_id TEXT,
  data TEXT NOT NULL
);
CREATE INDEX visits_open ON visits(branch, open);
CREATE INDEX visits_day ON visits(branch, day);
CREATE UNIQUE INDEX visits_external ON visits(branch, external_id) WHERE external_id IS NOT NULL;

-- One ticket sequence per series (line prefix, or V for VIPs) per branch per local day.
CREATE TABLE ticket_sequences (
  branch TEXT NOT NULL,
  day TEXT NOT NULL,
  series TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (branch, day, series)
);

-- The first reply to each idempotent command: a unique key, so two processes cannot both take it.
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Alerts that fired: the id is deterministic per visit, rule and due instant, so each fires once.
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  kind TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  fired_at BIGINT NOT NULL,
  late INTEGER NOT NULL,
  resolved_at BIGINT,
  resolved_reason TEXT,
  acknowledged_by TEXT,
  acknowledged_at BIGINT,
  note TEXT,
  data TEXT NOT NULL
);
CREATE INDEX alerts_open ON alerts(branch, resolved_at);
CREATE INDEX alerts_visit ON alerts(visit_id);

-- Staff sign-in sessions (token stored hashed).
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
