-- PostgreSQL twin of ../0017_status_links.sql.
CREATE TABLE status_links (
  token TEXT PRIMARY KEY,
  visit_id TEXT NOT NULL UNIQUE,
  branch TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
