-- Wrong PINs per staff id, kept in the database so that the lock after five holds for every process of
-- an installation (PostgreSQL) and across a restart. Unknown ids are not stored (nothing to lock).
CREATE TABLE sign_in_failures (
  staff_id TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
);
