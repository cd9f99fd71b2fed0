-- Kept in step with postgres/0020_store_imports.sql. How far `npm run migrate-store` has copied a SQLite
-- file's logs into this database (server/migrate/): written only on PostgreSQL, the target; a SQLite file
-- is only ever a source, and the table stays empty there.
CREATE TABLE store_imports (
  source TEXT NOT NULL,             -- the SQLite file's history, by its first event (server/migrate/source.ts)
  log TEXT NOT NULL,                -- the append-only table: events or duty_log
  copied_through INTEGER NOT NULL,  -- the last source seq copied
  seq_offset INTEGER NOT NULL,      -- a copied row's seq here is its source seq plus this
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source, log)
);
