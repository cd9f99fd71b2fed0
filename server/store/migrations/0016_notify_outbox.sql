-- Kept in step with postgres/0016_notify_outbox.sql. The notification outbox (server/notify/): one row per
-- (channel, alert) — the unique key is what makes "never twice" hold when a takeover resends an alert or
-- two processes hear it — and one row per post made (an HTTP call to a robot), which the rate limit counts
-- and the channels page lists.
CREATE TABLE notify_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  branch TEXT NOT NULL,
  event TEXT NOT NULL,            -- warning | breach | escalation | complaint | digest
  alert_id TEXT NOT NULL,         -- the alert's id; for a digest or a test message, the sender's key
  visit_id TEXT,                  -- with rule: which rows a resolution drops
  rule TEXT,
  data TEXT NOT NULL,             -- JSON: {line} (a ticket of a grouped post) or {text} (a post of its own)
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL,            -- pending | claimed | sent | dropped | dead
  attempts INTEGER NOT NULL DEFAULT 0,
  first_attempt_at INTEGER,
  next_attempt_at INTEGER NOT NULL, -- pending: not before this (group wait, then backoff)
  claim_token TEXT,
  claimed_until INTEGER,          -- a claim older than this is a dead claimer's: taken over
  last_error TEXT,
  post_id TEXT,
  sent_at INTEGER,
  UNIQUE (channel, alert_id)
);
CREATE INDEX notify_outbox_live ON notify_outbox(channel, branch, event) WHERE state IN ('pending', 'claimed');
CREATE INDEX notify_outbox_alert ON notify_outbox(alert_id) WHERE state = 'pending';
CREATE INDEX notify_outbox_visit ON notify_outbox(visit_id, rule) WHERE state = 'pending';

CREATE TABLE notify_posts (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  branch TEXT NOT NULL,
  event TEXT NOT NULL,
  at INTEGER NOT NULL,            -- when it was claimed (the rate limit's slot is taken then)
  state TEXT NOT NULL,            -- sending | sent | failed
  attempts INTEGER NOT NULL,      -- the most attempts any of its rows has had, this one included
  tickets TEXT NOT NULL,          -- JSON array of ticket numbers
  error TEXT,
  dead INTEGER NOT NULL DEFAULT 0 -- rows given up after this failure
);
CREATE INDEX notify_posts_channel ON notify_posts(channel, at);
