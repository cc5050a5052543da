-- Schema version 4: Kalshi's own price history (candlesticks), fetched by `backfill` and the chart.
-- Units as everywhere: period_end Unix seconds UTC (Kalshi's end_period_ts), prices micro-dollars,
-- volume and open interest centi-contracts. A period without a trade has NULL price_open/high/low/
-- close and its last trade before it in price_previous. 1-minute history is sparse: a missing
-- minute had no change.

CREATE TABLE candles (
    market_id      INTEGER NOT NULL REFERENCES markets(id),
    period_minutes INTEGER NOT NULL CHECK (period_minutes IN (1, 60, 1440)),
    period_end     INTEGER NOT NULL,
    yes_bid_open   INTEGER,
    yes_bid_high   INTEGER,
    yes_bid_low    INTEGER,
    yes_bid_close  INTEGER,
    yes_ask_open   INTEGER,
    yes_ask_high   INTEGER,
    yes_ask_low    INTEGER,
    yes_ask_close  INTEGER,
    price_open     INTEGER,
    price_high     INTEGER,
    price_low      INTEGER,
    price_close    INTEGER,
    price_previous INTEGER,
    volume         INTEGER,
    open_interest  INTEGER,
    PRIMARY KEY (market_id, period_minutes, period_end)
) WITHOUT ROWID;

-- The ranges of period ends fetched completely (both ends included): sparse history cannot say by
-- its rows which minutes were asked for, so a second backfill of the same range asks for nothing.
CREATE TABLE candle_ranges (
    market_id      INTEGER NOT NULL REFERENCES markets(id),
    period_minutes INTEGER NOT NULL CHECK (period_minutes IN (1, 60, 1440)),
    range_start    INTEGER NOT NULL,
    range_end      INTEGER NOT NULL CHECK (range_end >= range_start),
    PRIMARY KEY (market_id, period_minutes, range_start, range_end)
) WITHOUT ROWID;

CREATE VIEW market_candles AS
SELECT m.ticker AS ticker, c.period_minutes, c.period_end,
       c.yes_bid_open, c.yes_bid_high, c.yes_bid_low, c.yes_bid_close,
       c.yes_ask_open, c.yes_ask_high, c.yes_ask_low, c.yes_ask_close,
       c.price_open, c.price_high, c.price_low, c.price_close, c.price_previous,
       c.volume, c.open_interest
FROM candles AS c
JOIN markets AS m ON m.id = c.market_id;
