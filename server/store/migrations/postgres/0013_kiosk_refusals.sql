-- PostgreSQL twin of ../0010_kiosk_refusals.sql.
CREATE TABLE kiosk_refusals (
  key TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  device TEXT NOT NULL,
  provisional_ticket TEXT NOT NULL,
  check_in TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  reported_at BIGINT NOT NULL
);
CREATE INDEX kiosk_refusals_branch ON kiosk_refusals(branch, reported_at);
