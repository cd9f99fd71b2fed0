-- The customer's status link (DESIGN §9): a random token printed as a QR on the ticket, naming one visit
-- until the branch's close of that day. Written in the check-in's transaction, so a replayed check-in
-- (same Idempotency-Key) answers the same link.
CREATE TABLE status_links (
  token TEXT PRIMARY KEY,
  visit_id TEXT NOT NULL UNIQUE,
  branch TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
