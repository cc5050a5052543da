-- Schema version 1 for PostgreSQL (the SQLite files beside this folder are the reference). Same
-- tables, names and units: times are Unix seconds UTC, prices micro-dollars, counts
-- centi-contracts; every integer is BIGINT. No PostgreSQL database ever had SQLite's version-1
-- market_ids table, so markets carries its id from the start (SQLite got it in version 2) and
-- 002 has nothing left to do here.

CREATE TABLE events (
    ticker             TEXT PRIMARY KEY NOT NULL,
    series_ticker      TEXT NOT NULL,
    title              TEXT NOT NULL,
    sub_title          TEXT,
    category           TEXT,
    mutually_exclusive BIGINT,
    is_placeholder     BIGINT NOT NULL DEFAULT 0,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX events_category ON events(category);

-- id: drawn from the sequence by every inserted row (an upsert that updates keeps the row's id;
-- PostgreSQL still draws a value for it, so ids have gaps).
CREATE TABLE markets (
    id               BIGSERIAL PRIMARY KEY,
    ticker           TEXT NOT NULL UNIQUE,
    event_ticker     TEXT NOT NULL REFERENCES events(ticker),
    series_ticker    TEXT,
    market_type      TEXT,
    title            TEXT NOT NULL,
    subtitle         TEXT,
    yes_sub_title    TEXT,
    no_sub_title     TEXT,
    status           TEXT NOT NULL,
    result           TEXT,
    open_time        BIGINT,
    close_time       BIGINT,
    expiration_time  BIGINT,
    settlement_ts    BIGINT,
    yes_bid          BIGINT,
    yes_ask          BIGINT,
    no_bid           BIGINT,
    no_ask           BIGINT,
    last_price       BIGINT,
    volume           BIGINT,
    volume_24h       BIGINT,
    open_interest    BIGINT,
    liquidity        BIGINT,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX markets_event ON markets(event_ticker);
CREATE INDEX markets_status ON markets(status);
CREATE INDEX markets_close_time ON markets(close_time);

CREATE TABLE snapshot_rows (
    market_id     BIGINT NOT NULL REFERENCES markets(id),
    snapshot_time BIGINT NOT NULL,
    yes_bid       BIGINT,
    yes_ask       BIGINT,
    no_bid        BIGINT,
    no_ask        BIGINT,
    last_price    BIGINT,
    volume        BIGINT,
    volume_24h    BIGINT,
    open_interest BIGINT,
    PRIMARY KEY (market_id, snapshot_time)
);

CREATE VIEW price_snapshots AS
SELECT m.ticker AS ticker, s.snapshot_time, s.yes_bid, s.yes_ask, s.no_bid, s.no_ask,
       s.last_price, s.volume, s.volume_24h, s.open_interest
FROM snapshot_rows AS s
JOIN markets AS m ON m.id = s.market_id;

CREATE TABLE settlements (
    ticker           TEXT PRIMARY KEY NOT NULL REFERENCES markets(ticker),
    event_ticker     TEXT NOT NULL,
    result           TEXT NOT NULL CHECK (result <> ''),
    settled_at       BIGINT NOT NULL,
    settlement_value BIGINT
);
CREATE INDEX settlements_settled_at ON settlements(settled_at);

CREATE TABLE sync_runs (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    status      TEXT NOT NULL,
    pages       BIGINT NOT NULL DEFAULT 0,
    rows        BIGINT NOT NULL DEFAULT 0,
    skipped     BIGINT NOT NULL DEFAULT 0,
    retries     BIGINT NOT NULL DEFAULT 0,
    error       TEXT
);
