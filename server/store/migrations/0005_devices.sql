-- Device tokens a manager creates and revokes while the server runs (config devices stay as they are).
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_by TEXT,
  revoked_at INTEGER
);
