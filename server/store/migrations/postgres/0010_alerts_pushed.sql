-- PostgreSQL twin of ../0010_alerts_pushed.sql: when each alert reached the screens.
ALTER TABLE alerts ADD COLUMN pushed_at BIGINT;
UPDATE alerts SET pushed_at = fired_at;
CREATE INDEX alerts_unpushed ON alerts(branch) WHERE pushed_at IS NULL;
