-- Schema version 5: the watchlist and alert rules, shared by the app and the CLI through the file,
-- and the firings of those rules. Levels use the database's units: price levels and moves in
-- micro-dollars, volume jumps in centi-contracts, windows in seconds.

CREATE TABLE watchlist (
    ticker   TEXT PRIMARY KEY NOT NULL,
    added_at INTEGER NOT NULL
);

-- scope: ticker, event or series (target names it); kind: above, below (of field), move (at least
-- level within window_secs, on last_price), volume_jump (volume_24h up by at least level between two
-- snapshots), status_change. A removed rule keeps its row (removed_at set) so its firings keep
-- their rule.
CREATE TABLE alert_rules (
    id          INTEGER PRIMARY KEY,
    scope       TEXT NOT NULL CHECK (scope IN ('ticker', 'event', 'series')),
    target      TEXT NOT NULL CHECK (target <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('above', 'below', 'move', 'volume_jump', 'status_change')),
    field       TEXT,
    level       INTEGER,
    window_secs INTEGER,
    note        TEXT,
    created_at  INTEGER NOT NULL,
    removed_at  INTEGER
);
CREATE INDEX alert_rules_active ON alert_rules(id) WHERE removed_at IS NULL;

-- One row per crossing. snapshot_time is the time of the snapshot (or, for a status change, of the
-- batch) at which the condition became true; the UNIQUE key keeps a crossing that two processes
-- evaluate from being recorded twice (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE alert_events (
    id            INTEGER PRIMARY KEY,
    rule_id       INTEGER NOT NULL REFERENCES alert_rules(id),
    ticker        TEXT NOT NULL,
    snapshot_time INTEGER NOT NULL,
    fired_at      INTEGER NOT NULL,
    value_before  INTEGER,
    value_after   INTEGER,
    status        TEXT,
    message       TEXT NOT NULL,
    UNIQUE (rule_id, ticker, snapshot_time)
);
CREATE INDEX alert_events_fired_at ON alert_events(fired_at);
