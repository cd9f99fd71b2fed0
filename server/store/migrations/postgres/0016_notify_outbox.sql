-- PostgreSQL twin of ../0016_notify_outbox.sql: the notification outbox and the posts made.
CREATE TABLE notify_outbox (
  id BIGSERIAL PRIMARY KEY,
  channel TEXT NOT NULL,
  branch TEXT NOT NULL,
  event TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  visit_id TEXT,
  rule TEXT,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  first_attempt_at BIGINT,
  next_attempt_at BIGINT NOT NULL,
  claim_token TEXT,
  claimed_until BIGINT,
  last_error TEXT,
  post_id TEXT,
  sent_at BIGINT,
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
  at BIGINT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  tickets TEXT NOT NULL,
  error TEXT,
  dead INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_posts_channel ON notify_posts(channel, at);
