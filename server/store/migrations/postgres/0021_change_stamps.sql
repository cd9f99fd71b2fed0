-- PostgreSQL twin of ../0021_change_stamps.sql. When an alert or a staff member's post last changed, on the
-- database's clock, so a process catching up each lease round reads only what changed since its last look
-- (server/live-cache.ts) rather than every branch's open alerts and duty boards. Stamped by triggers, so
-- every writer (this code, an older one mid-upgrade) stamps alike. A writer that gives the stamp itself
-- (migrate-store copying a hall's rows) keeps it, and rewriting a row unchanged stamps nothing, so a second
-- copy finds the rows equal.
CREATE FUNCTION yingbin_stamp_change() RETURNS trigger AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.changed_at = 0)
     OR (TG_OP = 'UPDATE' AND NEW.changed_at = OLD.changed_at AND NEW IS DISTINCT FROM OLD) THEN
    NEW.changed_at := (extract(epoch from clock_timestamp()) * 1000)::bigint;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

ALTER TABLE alerts ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE alerts SET changed_at = GREATEST(fired_at, COALESCE(resolved_at, 0), COALESCE(acknowledged_at, 0));
CREATE INDEX alerts_changed ON alerts(changed_at);
-- pushed_at is not among the columns: marking an alert sent changes nothing a screen shows.
CREATE TRIGGER alerts_stamp_insert BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION yingbin_stamp_change();
CREATE TRIGGER alerts_stamp_update BEFORE UPDATE OF resolved_at, resolved_reason, acknowledged_by, acknowledged_at, note
  ON alerts FOR EACH ROW EXECUTE FUNCTION yingbin_stamp_change();

ALTER TABLE duty ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE duty SET changed_at = since;
CREATE INDEX duty_changed ON duty(changed_at);
CREATE TRIGGER duty_stamp_insert BEFORE INSERT ON duty FOR EACH ROW EXECUTE FUNCTION yingbin_stamp_change();
CREATE TRIGGER duty_stamp_update BEFORE UPDATE ON duty FOR EACH ROW EXECUTE FUNCTION yingbin_stamp_change();
