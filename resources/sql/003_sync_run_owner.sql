-- Schema version 3: each sync run records the process that runs it (its pid, host name and start
-- time in Unix seconds), so that a writer opening the file later can tell a run whose process was
-- killed from one still running, and mark it 'abandoned' instead of leaving it 'running' forever.
-- pages and rows are counted by the writer in each page's own transaction from this version on.

ALTER TABLE sync_runs ADD COLUMN owner_pid INTEGER;
ALTER TABLE sync_runs ADD COLUMN owner_host TEXT;
ALTER TABLE sync_runs ADD COLUMN owner_started_at INTEGER;

-- A run left 'running' by a version before this one has no owner to check: nothing can tell whether
-- its process still runs, and a live one ends its row with its own status when it finishes anyway.
UPDATE sync_runs
SET status = 'abandoned',
    error = coalesce(error, 'ended without finishing before Kalshi Monitor recorded sync owners')
WHERE status = 'running';

CREATE INDEX sync_runs_running ON sync_runs(id) WHERE status = 'running';
