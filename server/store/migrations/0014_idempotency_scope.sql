-- An Idempotency-Key belongs to who sent it: the branch and the principal (a device or a staff member),
-- so two kiosks of two branches that happen to pick the same key make two visits, not one.
CREATE TABLE idempotency_scoped (
  branch TEXT NOT NULL,
  principal TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (branch, principal, key)
);
-- Stored replies keep answering retries across the upgrade: each takes its scope from the event it wrote.
INSERT INTO idempotency_scoped (branch, principal, key, request_hash, status, response, created_at)
SELECT coalesce(e.branch, ''),
       coalesce(json_extract(e.actor, '$.type') || ':' || json_extract(e.actor, '$.id'), ''),
       i.key, i.request_hash, i.status, i.response, i.created_at
FROM idempotency i LEFT JOIN events e ON e.idempotency_key = i.key;
DROP TABLE idempotency;
ALTER TABLE idempotency_scoped RENAME TO idempotency;

-- The log keeps each event's key, no longer unique across the group (the idempotency table is the
-- guard). SQLite cannot drop a column's UNIQUE: the table is copied as it was, without it.
CREATE TABLE events_scoped (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  visit_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT
);
INSERT INTO events_scoped SELECT seq, visit_id, branch, type, occurred_at, recorded_at, actor, payload, idempotency_key FROM events;
DROP TABLE events;
ALTER TABLE events_scoped RENAME TO events;
CREATE INDEX events_visit ON events(visit_id, seq);
