-- PostgreSQL twin of ../0018_report_ratings.sql: each visit's rating and who completed its service.
ALTER TABLE report_visits ADD COLUMN rating_score INTEGER;
ALTER TABLE report_visits ADD COLUMN rating_at BIGINT;
ALTER TABLE report_visits ADD COLUMN rating_via TEXT;
ALTER TABLE report_visits ADD COLUMN served_by TEXT;
DELETE FROM report_rollups;
