-- Schema version 4: Kalshi's candlestick history; units and meaning as in ../004_candles.sql.

CREATE TABLE candles (
    market_id      BIGINT NOT NULL REFERENCES markets(id),
    period_minutes BIGINT NOT NULL CHECK (period_minutes IN (1, 60, 1440)),
    period_end     BIGINT NOT NULL,
    yes_bid_open   BIGINT,
    yes_bid_high   BIGINT,
    yes_bid_low    BIGINT,
    yes_bid_close  BIGINT,
    yes_ask_open   BIGINT,
    yes_ask_high   BIGINT,
    yes_ask_low    BIGINT,
    yes_ask_close  BIGINT,
    price_open     BIGINT,
    price_high     BIGINT,
    price_low      BIGINT,
    price_close    BIGINT,
    price_previous BIGINT,
    volume         BIGINT,
    open_interest  BIGINT,
    PRIMARY KEY (market_id, period_minutes, period_end)
);

CREATE TABLE candle_ranges (
    market_id      BIGINT NOT NULL REFERENCES markets(id),
    period_minutes BIGINT NOT NULL CHECK (period_minutes IN (1, 60, 1440)),
    range_start    BIGINT NOT NULL,
    range_end      BIGINT NOT NULL CHECK (range_end >= range_start),
    PRIMARY KEY (market_id, period_minutes, range_start, range_end)
);

CREATE VIEW market_candles AS
SELECT m.ticker AS ticker, c.period_minutes, c.period_end,
       c.yes_bid_open, c.yes_bid_high, c.yes_bid_low, c.yes_bid_close,
       c.yes_ask_open, c.yes_ask_high, c.yes_ask_low, c.yes_ask_close,
       c.price_open, c.price_high, c.price_low, c.price_close, c.price_previous,
       c.volume, c.open_interest
FROM candles AS c
JOIN markets AS m ON m.id = c.market_id;
