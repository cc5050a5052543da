-- Schema version 3: each sync run records the process that runs it (pid, host name, start time in
-- Unix seconds), so that a writer opening the database later can mark a run whose process died
-- 'abandoned'. See ../003_sync_run_owner.sql.

ALTER TABLE sync_runs ADD COLUMN owner_pid BIGINT;
ALTER TABLE sync_runs ADD COLUMN owner_host TEXT;
ALTER TABLE sync_runs ADD COLUMN owner_started_at BIGINT;

CREATE INDEX sync_runs_running ON sync_runs(id) WHERE status = 'running';
