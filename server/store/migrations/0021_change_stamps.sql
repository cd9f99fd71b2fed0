-- Kept in step with postgres/0021_change_stamps.sql: when an alert or a staff member's post last changed, so a
-- process catching up reads only what changed since its last look (server/live-cache.ts). The one SQLite
-- process never needs to catch up (it makes every change itself); the stamps keep both schemas alike.
-- As there, a stamp the writer gives is kept, and a row rewritten unchanged is not stamped again.
ALTER TABLE alerts ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE alerts SET changed_at = max(fired_at, COALESCE(resolved_at, 0), COALESCE(acknowledged_at, 0));
CREATE INDEX alerts_changed ON alerts(changed_at);
CREATE TRIGGER alerts_stamp_insert AFTER INSERT ON alerts WHEN NEW.changed_at = 0 BEGIN
  UPDATE alerts SET changed_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE id = NEW.id;
END;
CREATE TRIGGER alerts_stamp_update AFTER UPDATE OF resolved_at, resolved_reason, acknowledged_by, acknowledged_at, note
  ON alerts
  WHEN NEW.changed_at = OLD.changed_at AND (NEW.resolved_at IS NOT OLD.resolved_at
    OR NEW.resolved_reason IS NOT OLD.resolved_reason OR NEW.acknowledged_by IS NOT OLD.acknowledged_by
    OR NEW.acknowledged_at IS NOT OLD.acknowledged_at OR NEW.note IS NOT OLD.note)
BEGIN
  UPDATE alerts SET changed_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE id = NEW.id;
END;

ALTER TABLE duty ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE duty SET changed_at = since;
CREATE INDEX duty_changed ON duty(changed_at);
CREATE TRIGGER duty_stamp_insert AFTER INSERT ON duty WHEN NEW.changed_at = 0 BEGIN
  UPDATE duty SET changed_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE staff_id = NEW.staff_id;
END;
CREATE TRIGGER duty_stamp_update AFTER UPDATE OF branch, status, since, changed_by ON duty
  WHEN NEW.changed_at = OLD.changed_at AND (NEW.branch IS NOT OLD.branch OR NEW.status IS NOT OLD.status
    OR NEW.since IS NOT OLD.since OR NEW.changed_by IS NOT OLD.changed_by)
BEGIN
  UPDATE duty SET changed_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE staff_id = NEW.staff_id;
END;
