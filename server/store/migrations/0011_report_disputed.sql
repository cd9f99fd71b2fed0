-- Kept in step with postgres/0011_report_disputed.sql. When a disputed replay of each clock reached the
-- server (DESIGN §2: a stop or end dated before due that came after the breach alert went out); null when
-- the clock is not disputed. Rows written before this have none, as they had no disputes.
ALTER TABLE report_visits ADD COLUMN r_disputed INTEGER;
ALTER TABLE report_visits ADD COLUMN v_disputed INTEGER;
