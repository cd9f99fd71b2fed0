-- PostgreSQL twin of ../0012_pairing_codes.sql.
CREATE TABLE pairing_codes (
  id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  branch TEXT NOT NULL,
  role TEXT NOT NULL,
  label TEXT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  device_id TEXT
);
CREATE INDEX pairing_codes_by_hash ON pairing_codes (code_hash);
