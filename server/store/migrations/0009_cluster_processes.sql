-- Kept in step with postgres/0009_cluster_processes.sql. On a SQLite file the one process owns every
-- branch without asking (server/cluster/ownership.ts); the table stays empty.
CREATE TABLE cluster_processes (
  id TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
);
