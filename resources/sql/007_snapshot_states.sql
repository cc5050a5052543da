-- Schema version 7: snapshots store change. A market whose values did not change since its last
-- stored state costs nothing new; what was collected when is recorded separately, so "unchanged"
-- and "not collected" (a gap) stay apart.
--
--   snapshot_times   every snapshot time, and the scope it belongs to: 0 for the listing
--                    snapshots (snapshot, full-sync, collect), 1 for the watchlist's, 100 and up
--                    for a time registered below the newest of its scope (see below).
--   snapshot_states  one row per run of unchanged values of one market in one scope: the run
--                    covers the market at EVERY time of its scope from first_time to last_time,
--                    both included, and at no other time.
--
-- snapshot_rows (market_id, snapshot_time, values; the old table's shape) and price_snapshots (the
-- documented contract, unchanged) are views that expand the runs over the times they cover, so
-- every reader gets a row per market per covered snapshot time, as before.
--
-- Why the runs stay exact: a run is only extended to a time t when it ends at the time of its
-- scope right before t and the values are equal, so no time of the scope is skipped; and a time is
-- only put into a scope when it is newer than every time of that scope (the trigger below gives
-- any other time a scope of its own), so no time can appear inside an existing run afterwards. Two
-- processes snapshotting at once (any order of their pages) therefore give exactly the rows the
-- old table gave; the price is compactness, never correctness.
--
-- Writing: INSERT INTO snapshot_rows (the view); its INSTEAD OF trigger registers the time
-- (ON CONFLICT DO NOTHING) and upserts the run (ON CONFLICT DO UPDATE of last_time). A market and
-- time already covered is kept as stored (the first writer wins, as with the old table's
-- ON CONFLICT DO NOTHING). The writer registers a batch's time with its scope before that.
-- Schema::migrate runs this with foreign_keys OFF and checks foreign_key_check before COMMIT.

CREATE TABLE snapshot_times (
    snapshot_time INTEGER PRIMARY KEY,
    scope         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX snapshot_times_scope ON snapshot_times(scope, snapshot_time);

CREATE TABLE snapshot_states (
    market_id     INTEGER NOT NULL REFERENCES markets(id),
    scope         INTEGER NOT NULL,
    first_time    INTEGER NOT NULL,
    last_time     INTEGER NOT NULL CHECK (last_time >= first_time),
    yes_bid       INTEGER,
    yes_ask       INTEGER,
    no_bid        INTEGER,
    no_ask        INTEGER,
    last_price    INTEGER,
    volume        INTEGER,
    volume_24h    INTEGER,
    open_interest INTEGER,
    PRIMARY KEY (market_id, scope, first_time)
) WITHOUT ROWID;

-- The stored snapshots move over: every time into scope 0, and each market's rows into runs. A row
-- continues the run of the row before it when that row is at the previous snapshot time of the
-- file (no time in between that lacks the market) and every value is equal.
INSERT INTO snapshot_times(snapshot_time, scope)
SELECT DISTINCT snapshot_time, 0 FROM snapshot_rows ORDER BY snapshot_time;

INSERT INTO snapshot_states(market_id, scope, first_time, last_time, yes_bid, yes_ask, no_bid, no_ask,
                            last_price, volume, volume_24h, open_interest)
WITH times AS (
    SELECT snapshot_time, lag(snapshot_time) OVER (ORDER BY snapshot_time) AS previous_time
    FROM snapshot_times
),
rows_with_previous AS (
    SELECT s.*, t.previous_time,
           lag(s.snapshot_time) OVER w AS row_before,
           lag(s.yes_bid) OVER w AS b_yes_bid, lag(s.yes_ask) OVER w AS b_yes_ask,
           lag(s.no_bid) OVER w AS b_no_bid, lag(s.no_ask) OVER w AS b_no_ask,
           lag(s.last_price) OVER w AS b_last_price, lag(s.volume) OVER w AS b_volume,
           lag(s.volume_24h) OVER w AS b_volume_24h, lag(s.open_interest) OVER w AS b_open_interest
    FROM snapshot_rows AS s
    JOIN times AS t ON t.snapshot_time = s.snapshot_time
    WINDOW w AS (PARTITION BY s.market_id ORDER BY s.snapshot_time)
),
run_starts AS (
    SELECT *,
           CASE WHEN row_before IS NOT NULL AND row_before = previous_time
                     AND yes_bid IS b_yes_bid AND yes_ask IS b_yes_ask AND no_bid IS b_no_bid
                     AND no_ask IS b_no_ask AND last_price IS b_last_price AND volume IS b_volume
                     AND volume_24h IS b_volume_24h AND open_interest IS b_open_interest
                THEN 0 ELSE 1 END AS starts_run
    FROM rows_with_previous
),
numbered AS (
    SELECT *, sum(starts_run) OVER (PARTITION BY market_id ORDER BY snapshot_time) AS run_number
    FROM run_starts
)
SELECT market_id, 0, min(snapshot_time), max(snapshot_time), yes_bid, yes_ask, no_bid, no_ask,
       last_price, volume, volume_24h, open_interest
FROM numbered
GROUP BY market_id, run_number
ORDER BY market_id, run_number;

DROP VIEW price_snapshots;
DROP TABLE snapshot_rows;

-- A time registered at or below the newest time of its scope gets a scope of its own (100 and up):
-- a run of its scope may already span it without having covered it.
CREATE TRIGGER snapshot_times_in_order AFTER INSERT ON snapshot_times
WHEN new.snapshot_time < (SELECT max(snapshot_time) FROM snapshot_times WHERE scope = new.scope)
BEGIN
    UPDATE snapshot_times
    SET scope = (SELECT max(max(scope), 99) + 1 FROM snapshot_times)
    WHERE snapshot_time = new.snapshot_time;
END;

CREATE VIEW snapshot_rows AS
SELECT s.market_id AS market_id, t.snapshot_time AS snapshot_time, s.yes_bid AS yes_bid,
       s.yes_ask AS yes_ask, s.no_bid AS no_bid, s.no_ask AS no_ask, s.last_price AS last_price,
       s.volume AS volume, s.volume_24h AS volume_24h, s.open_interest AS open_interest
FROM snapshot_states AS s
JOIN snapshot_times AS t
  ON t.scope = s.scope AND t.snapshot_time >= s.first_time AND t.snapshot_time <= s.last_time;

CREATE VIEW price_snapshots AS
SELECT m.ticker AS ticker, s.snapshot_time, s.yes_bid, s.yes_ask, s.no_bid, s.no_ask,
       s.last_price, s.volume, s.volume_24h, s.open_interest
FROM snapshot_rows AS s
JOIN markets AS m ON m.id = s.market_id;

-- One snapshot row: the time is registered (scope 0 unless the writer registered it already), then
-- the market's latest run in that scope that starts at or before the time is read with one seek.
-- A run holding the time: the conflict leaves it as it is. A run ending at the scope's previous
-- time with equal values: it is extended to the time. Otherwise a new run starts at the time.
CREATE TRIGGER snapshot_rows_insert INSTEAD OF INSERT ON snapshot_rows
BEGIN
    INSERT INTO snapshot_times(snapshot_time, scope) VALUES (new.snapshot_time, 0)
    ON CONFLICT(snapshot_time) DO NOTHING;

    INSERT INTO snapshot_states(market_id, scope, first_time, last_time, yes_bid, yes_ask, no_bid,
                                no_ask, last_price, volume, volume_24h, open_interest)
    SELECT new.market_id, t.scope,
           coalesce((SELECT CASE WHEN r.last_time >= new.snapshot_time
                                   OR (r.last_time = (SELECT max(p.snapshot_time) FROM snapshot_times AS p
                                                      WHERE p.scope = t.scope
                                                        AND p.snapshot_time < new.snapshot_time)
                                       AND r.yes_bid IS new.yes_bid AND r.yes_ask IS new.yes_ask
                                       AND r.no_bid IS new.no_bid AND r.no_ask IS new.no_ask
                                       AND r.last_price IS new.last_price AND r.volume IS new.volume
                                       AND r.volume_24h IS new.volume_24h
                                       AND r.open_interest IS new.open_interest)
                                 THEN r.first_time END
                     FROM snapshot_states AS r
                     WHERE r.market_id = new.market_id AND r.scope = t.scope
                       AND r.first_time <= new.snapshot_time
                     ORDER BY r.first_time DESC LIMIT 1),
                    new.snapshot_time),
           new.snapshot_time, new.yes_bid, new.yes_ask, new.no_bid, new.no_ask, new.last_price,
           new.volume, new.volume_24h, new.open_interest
    FROM snapshot_times AS t
    WHERE t.snapshot_time = new.snapshot_time
    ON CONFLICT(market_id, scope, first_time) DO UPDATE SET last_time = excluded.last_time
    WHERE excluded.last_time > snapshot_states.last_time;
END;
