-- PostgreSQL twin of ../0011_report_disputed.sql: when each clock's disputed replay arrived, or null.
ALTER TABLE report_visits ADD COLUMN r_disputed BIGINT;
ALTER TABLE report_visits ADD COLUMN v_disputed BIGINT;
