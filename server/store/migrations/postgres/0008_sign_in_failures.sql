-- PostgreSQL twin of ../0008_sign_in_failures.sql.
CREATE TABLE sign_in_failures (
  staff_id TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  locked_until BIGINT NOT NULL
);
