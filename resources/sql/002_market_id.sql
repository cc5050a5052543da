-- Schema version 2: a market's id is the markets table's own INTEGER PRIMARY KEY, so storing a new
-- market no longer costs the market_ids row, its ticker index and the trigger that filled them.
-- Ids are kept (markets.id = the old market_ids.id), so snapshot_rows is not rewritten.
-- Schema::migrate runs this with foreign_keys OFF and checks foreign_key_check before COMMIT.

CREATE TABLE markets_v2 (
    id               INTEGER PRIMARY KEY,
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

INSERT INTO markets_v2
SELECT i.id, m.*
FROM markets AS m
JOIN market_ids AS i ON i.ticker = m.ticker
ORDER BY i.id;

-- The trigger gave every market an id; a market without one (written with the trigger dropped by
-- hand) gets a new id above all kept ones, since its snapshots cannot exist.
INSERT INTO markets_v2
SELECT NULL, m.*
FROM markets AS m
WHERE NOT EXISTS (SELECT 1 FROM market_ids AS i WHERE i.ticker = m.ticker)
ORDER BY m.ticker;

DROP VIEW price_snapshots;
DROP TRIGGER markets_assign_id;
DROP TABLE market_ids;
DROP TABLE markets;

-- snapshot_rows still says REFERENCES market_ids(id): the first rename gives the new table that
-- name, the second rewrites the reference to markets(id) (SQLite >= 3.26, legacy_alter_table OFF).
-- settlements' REFERENCES markets(ticker) resolves again once the name exists.
ALTER TABLE markets_v2 RENAME TO market_ids;
ALTER TABLE market_ids RENAME TO markets;

CREATE INDEX markets_event ON markets(event_ticker);
CREATE INDEX markets_status ON markets(status);
CREATE INDEX markets_close_time ON markets(close_time);

CREATE VIEW price_snapshots AS
SELECT m.ticker AS ticker, s.snapshot_time, s.yes_bid, s.yes_ask, s.no_bid, s.no_ask,
       s.last_price, s.volume, s.volume_24h, s.open_interest
FROM snapshot_rows AS s
JOIN markets AS m ON m.id = s.market_id;
