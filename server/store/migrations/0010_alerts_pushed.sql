-- Kept in step with postgres/0010_alerts_pushed.sql. The outbox's "sent" mark: when an alert reached the
-- screens. An alert stored (claimed) by a process that died before sending it has none, and the process
-- that takes its branch over sends it (server/scheduler.ts). Alerts from before this are taken as sent.
ALTER TABLE alerts ADD COLUMN pushed_at INTEGER;
UPDATE alerts SET pushed_at = fired_at;
CREATE INDEX alerts_unpushed ON alerts(branch) WHERE pushed_at IS NULL;
