-- Check-ins a kiosk kept while offline and the server then refused for good (hall closed, line gone, …).
-- The kiosk reports each one so staff can find the customer holding that provisional number; the kept
-- check-in's idempotency key makes a repeated report one row.
CREATE TABLE kiosk_refusals (
  key TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  device TEXT NOT NULL,
  provisional_ticket TEXT NOT NULL,
  check_in TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  reported_at INTEGER NOT NULL
);
CREATE INDEX kiosk_refusals_branch ON kiosk_refusals(branch, reported_at);
