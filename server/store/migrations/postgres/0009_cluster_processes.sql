-- The processes of an installation that are alive (each renews its row every lease round), so every
-- process can take its fair share of the branches' clocks.
CREATE TABLE cluster_processes (
  id TEXT PRIMARY KEY,
  seen_at BIGINT NOT NULL
);
