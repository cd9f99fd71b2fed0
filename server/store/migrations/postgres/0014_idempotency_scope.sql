-- An Idempotency-Key belongs to who sent it: the branch and the principal (a device or a staff member),
-- so two kiosks of two branches that happen to pick the same key make two visits, not one.
ALTER TABLE idempotency ADD COLUMN branch TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency ADD COLUMN principal TEXT NOT NULL DEFAULT '';
-- Stored replies keep answering retries across the upgrade: each takes its scope from the event it wrote.
UPDATE idempotency i
SET branch = e.branch, principal = (e.actor::json ->> 'type') || ':' || (e.actor::json ->> 'id')
FROM events e WHERE e.idempotency_key = i.key;
ALTER TABLE idempotency DROP CONSTRAINT idempotency_pkey;
ALTER TABLE idempotency ADD PRIMARY KEY (branch, principal, key);
ALTER TABLE idempotency ALTER COLUMN branch DROP DEFAULT;
ALTER TABLE idempotency ALTER COLUMN principal DROP DEFAULT;

-- The log keeps each event's key, no longer unique across the group (the idempotency table is the guard).
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_idempotency_key_key;
