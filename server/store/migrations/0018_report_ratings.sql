-- Kept in step with postgres/0018_report_ratings.sql. The report's satisfaction (DESIGN §9, docs/rules.md §3):
-- each visit's rating beside its summary, and who completed the service (whom the rating belongs to).
-- Rows written before this have no rating (ratings came with this release) and no served_by (no rating
-- of theirs needs one). A rating written to a row drops its day's rollup through the update trigger of 0015.
ALTER TABLE report_visits ADD COLUMN rating_score INTEGER;   -- 1–5; null: not rated
ALTER TABLE report_visits ADD COLUMN rating_at INTEGER;      -- when the customer rated (epoch ms)
ALTER TABLE report_visits ADD COLUMN rating_via TEXT;        -- phone | counter
ALTER TABLE report_visits ADD COLUMN served_by TEXT;         -- the staff member who completed the service
-- Stored rollups have no ratings: every day is tallied again (format 4 says so too).
DELETE FROM report_rollups;
