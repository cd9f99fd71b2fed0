-- PostgreSQL twin of ../0020_store_imports.sql: `npm run migrate-store`'s progress marker, per source
-- file and log table, written in the same transaction as each batch it copied (so a killed copy resumes).
CREATE TABLE store_imports (
  source TEXT NOT NULL,
  log TEXT NOT NULL,
  copied_through BIGINT NOT NULL,
  seq_offset BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (source, log)
);
