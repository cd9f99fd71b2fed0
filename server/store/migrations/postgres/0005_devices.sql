-- PostgreSQL twin of ../0005_devices.sql.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_by TEXT,
  revoked_at BIGINT
);
