-- One-time pairing codes a manager makes on the staff console ("添加设备"): the device that enters the
-- code gets its own token. Only a hash of the code is kept; a code works once, until expires_at, on any
-- process (it lives here, not in one process's memory).
CREATE TABLE pairing_codes (
  id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  branch TEXT NOT NULL,
  role TEXT NOT NULL,
  label TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  device_id TEXT
);
CREATE INDEX pairing_codes_by_hash ON pairing_codes (code_hash);
