-- Which process plans each branch's clocks: the owner renews its lease every few seconds; when it
-- lapses (the process died) another process takes the branch over and replans it from the log.
CREATE TABLE branch_leases (
  branch TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
