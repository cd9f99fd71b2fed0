-- Kept in step with postgres/0007_branch_leases.sql. On a SQLite file the one process owns every
-- branch without asking (server/cluster/ownership.ts); the table stays empty.
CREATE TABLE branch_leases (
  branch TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
