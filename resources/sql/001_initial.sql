-- Schema version 1. Times are Unix seconds UTC, prices micro-dollars, counts centi-contracts.

CREATE TABLE events (
    ticker             TEXT PRIMARY KEY NOT NULL,
    series_ticker      TEXT NOT NULL,
    title              TEXT NOT NULL,
    sub_title          TEXT,
    category           TEXT,
    mutually_exclusive INTEGER,
    is_placeholder     INTEGER NOT NULL DEFAULT 0,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX events_category ON events(category);

CREATE TABLE markets (
    ticker           TEXT PRIMARY KEY NOT NULL,
    event_ticker     TEXT NOT NULL REFERENCES events(ticker),
    series_ticker    TEXT,
    market_type      TEXT,
    title            TEXT NOT NULL,
    subtitle         TEXT,
    yes_sub_title    TEXT,
    no_sub_title     TEXT,
    status           TEXT NOT NULL,
    result           TEXT,
    open_time        INTEGER,
    close_time       INTEGER,
    expiration_time  INTEGER,
    settlement_ts    INTEGER,
    yes_bid          INTEGER,
    yes_ask          INTEGER,
    no_bid           INTEGER,
    no_ask           INTEGER,
    last_price       INTEGER,
    volume           INTEGER,
    volume_24h       INTEGER,
    open_interest    INTEGER,
    liquidity        INTEGER,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX markets_event ON markets(event_ticker);
CREATE INDEX markets_status ON markets(status);
CREATE INDEX markets_close_time ON markets(close_time);

-- A stable small integer per market ticker, so that snapshot rows need not repeat the ticker text.
-- Rows are only ever added, so an id once seen never changes meaning.
CREATE TABLE market_ids (
    id     INTEGER PRIMARY KEY,
    ticker TEXT NOT NULL UNIQUE REFERENCES markets(ticker)
);

-- Compact snapshot storage: clustered on (market, time), no rowid, no secondary index.
CREATE TABLE snapshot_rows (
    market_id     INTEGER NOT NULL REFERENCES market_ids(id),
    snapshot_time INTEGER NOT NULL,
    yes_bid       INTEGER,
    yes_ask       INTEGER,
    no_bid        INTEGER,
    no_ask        INTEGER,
    last_price    INTEGER,
    volume        INTEGER,
    volume_24h    INTEGER,
    open_interest INTEGER,
    PRIMARY KEY (market_id, snapshot_time)
) WITHOUT ROWID;

CREATE VIEW price_snapshots AS
SELECT m.ticker AS ticker, s.snapshot_time, s.yes_bid, s.yes_ask, s.no_bid, s.no_ask,
       s.last_price, s.volume, s.volume_24h, s.open_interest
FROM snapshot_rows AS s
JOIN market_ids AS m ON m.id = s.market_id;

CREATE TABLE settlements (
    ticker           TEXT PRIMARY KEY NOT NULL REFERENCES markets(ticker),
    event_ticker     TEXT NOT NULL,
    result           TEXT NOT NULL CHECK (result <> ''),
    settled_at       INTEGER NOT NULL,
    settlement_value INTEGER
);
CREATE INDEX settlements_settled_at ON settlements(settled_at);

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    status      TEXT NOT NULL,
    pages       INTEGER NOT NULL DEFAULT 0,
    rows        INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    retries     INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);

-- Every market gets its id when it is first inserted; an upsert that updates fires no INSERT trigger.
CREATE TRIGGER markets_assign_id AFTER INSERT ON markets
BEGIN
    INSERT INTO market_ids(ticker) VALUES (new.ticker) ON CONFLICT(ticker) DO NOTHING;
END;
