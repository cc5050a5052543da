-- Schema version 5: the watchlist, alert rules and their firings; see ../005_watchlist_alerts.sql.

CREATE TABLE watchlist (
    ticker   TEXT PRIMARY KEY NOT NULL,
    added_at BIGINT NOT NULL
);

CREATE TABLE alert_rules (
    id          BIGSERIAL PRIMARY KEY,
    scope       TEXT NOT NULL CHECK (scope IN ('ticker', 'event', 'series')),
    target      TEXT NOT NULL CHECK (target <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('above', 'below', 'move', 'volume_jump', 'status_change')),
    field       TEXT,
    level       BIGINT,
    window_secs BIGINT,
    note        TEXT,
    created_at  BIGINT NOT NULL,
    removed_at  BIGINT
);
CREATE INDEX alert_rules_active ON alert_rules(id) WHERE removed_at IS NULL;

-- The writer binds NULL for a new rule's id, which SQLite's INTEGER PRIMARY KEY replaces by the
-- next rowid; here the trigger draws it from the sequence (before the NOT NULL check).
CREATE FUNCTION km_alert_rule_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval(pg_get_serial_sequence('alert_rules', 'id'));
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER alert_rules_id BEFORE INSERT ON alert_rules
    FOR EACH ROW EXECUTE FUNCTION km_alert_rule_id();

CREATE TABLE alert_events (
    id            BIGSERIAL PRIMARY KEY,
    rule_id       BIGINT NOT NULL REFERENCES alert_rules(id),
    ticker        TEXT NOT NULL,
    snapshot_time BIGINT NOT NULL,
    fired_at      BIGINT NOT NULL,
    value_before  BIGINT,
    value_after   BIGINT,
    status        TEXT,
    message       TEXT NOT NULL,
    UNIQUE (rule_id, ticker, snapshot_time)
);
CREATE INDEX alert_events_fired_at ON alert_events(fired_at);
