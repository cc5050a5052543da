-- Schema version 7 for PostgreSQL: snapshots store change; see ../007_snapshot_states.sql for the
-- layout and why its runs stay exact. Same tables, keys and views; the triggers are PL/pgSQL:
--
--   snapshot_times_in_order  (AFTER INSERT ON snapshot_times) moves a time registered below the
--                            newest of its scope into a scope of its own (100 and up), as SQLite's.
--   snapshot_rows_insert     (INSTEAD OF INSERT ON the snapshot_rows view) registers the time and
--                            extends the market's run or starts one; it returns NEW only when it
--                            stored the market and time, so the INSERT's row count is the rows
--                            stored (NULL: already covered, kept as stored; the first writer wins).
--
-- Concurrency. SQLite serializes writers with BEGIN IMMEDIATE. Under READ COMMITTED two sessions
-- could each register a time without seeing the other's uncommitted one, and a run could then
-- come to span a time it never covered. So both triggers first take one transaction-scoped
-- advisory lock (km_snapshot_lock(), the same key in every session): snapshot writes of all
-- sessions are serialized from their first snapshot time or row to their commit, exactly like
-- SQLite's write lock, and every statement inside sees what the session before it committed
-- (READ COMMITTED takes a new snapshot per statement, also inside the functions). Taking the lock
-- again in the same transaction is a counter increment. The lock is per database, not per
-- market: a run's exactness depends on the order of the times of its scope, which all markets
-- share. A lock wait longer than lock_timeout fails with 55P03, which the writer retries whole.

CREATE TABLE snapshot_times (
    snapshot_time BIGINT PRIMARY KEY,
    scope         BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX snapshot_times_scope ON snapshot_times(scope, snapshot_time);

CREATE TABLE snapshot_states (
    market_id     BIGINT NOT NULL REFERENCES markets(id),
    scope         BIGINT NOT NULL,
    first_time    BIGINT NOT NULL,
    last_time     BIGINT NOT NULL CHECK (last_time >= first_time),
    yes_bid       BIGINT,
    yes_ask       BIGINT,
    no_bid        BIGINT,
    no_ask        BIGINT,
    last_price    BIGINT,
    volume        BIGINT,
    volume_24h    BIGINT,
    open_interest BIGINT,
    PRIMARY KEY (market_id, scope, first_time)
);

-- The stored snapshots move over exactly as on SQLite (a row continues its market's run when the
-- market's previous row is at the previous time of the database and every value is equal).
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
                     AND yes_bid IS NOT DISTINCT FROM b_yes_bid AND yes_ask IS NOT DISTINCT FROM b_yes_ask
                     AND no_bid IS NOT DISTINCT FROM b_no_bid AND no_ask IS NOT DISTINCT FROM b_no_ask
                     AND last_price IS NOT DISTINCT FROM b_last_price AND volume IS NOT DISTINCT FROM b_volume
                     AND volume_24h IS NOT DISTINCT FROM b_volume_24h
                     AND open_interest IS NOT DISTINCT FROM b_open_interest
                THEN 0 ELSE 1 END AS starts_run
    FROM rows_with_previous
),
numbered AS (
    SELECT *, sum(starts_run) OVER (PARTITION BY market_id ORDER BY snapshot_time) AS run_number
    FROM run_starts
)
SELECT market_id, 0, min(snapshot_time), max(snapshot_time), min(yes_bid), min(yes_ask), min(no_bid),
       min(no_ask), min(last_price), min(volume), min(volume_24h), min(open_interest)
FROM numbered
GROUP BY market_id, run_number
ORDER BY market_id, run_number;

DROP VIEW price_snapshots;
DROP TABLE snapshot_rows;

-- The one key of every session's snapshot writes (an arbitrary constant: "KMSNAPST" shortened).
CREATE FUNCTION km_snapshot_lock() RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(5426598137493975892);
$$;

CREATE FUNCTION km_snapshot_times_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.snapshot_time < (SELECT max(snapshot_time) FROM snapshot_times WHERE scope = NEW.scope) THEN
        UPDATE snapshot_times
        SET scope = (SELECT greatest(max(scope), 99) + 1 FROM snapshot_times)
        WHERE snapshot_time = NEW.snapshot_time;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION km_snapshot_times_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM km_snapshot_lock();
    RETURN NEW;
END
$$;

-- Before the row (the lock first), after it (the order check sees the committed times and this one).
CREATE TRIGGER snapshot_times_lock BEFORE INSERT ON snapshot_times
FOR EACH ROW EXECUTE FUNCTION km_snapshot_times_lock();
CREATE TRIGGER snapshot_times_in_order AFTER INSERT ON snapshot_times
FOR EACH ROW EXECUTE FUNCTION km_snapshot_times_in_order();

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

-- One snapshot row, as SQLite's trigger: the time registered (scope 0 unless the writer registered
-- it already), the market's latest run of the scope starting at or before the time read with one
-- index seek; a run holding the time: kept, nothing stored (NULL); a run ending at the scope's
-- previous time with equal values: extended; otherwise a new run. An unknown market (NULL id)
-- fails on snapshot_states' NOT NULL, as on SQLite.
CREATE FUNCTION km_snapshot_rows_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    time_scope BIGINT;
    run snapshot_states%ROWTYPE;
BEGIN
    PERFORM km_snapshot_lock();
    INSERT INTO snapshot_times(snapshot_time, scope) VALUES (NEW.snapshot_time, 0)
    ON CONFLICT (snapshot_time) DO NOTHING;
    SELECT t.scope INTO time_scope FROM snapshot_times AS t WHERE t.snapshot_time = NEW.snapshot_time;
    SELECT * INTO run FROM snapshot_states AS r
    WHERE r.market_id = NEW.market_id AND r.scope = time_scope AND r.first_time <= NEW.snapshot_time
    ORDER BY r.first_time DESC LIMIT 1;
    IF FOUND THEN
        IF run.last_time >= NEW.snapshot_time THEN
            RETURN NULL;
        END IF;
        IF run.last_time = (SELECT max(p.snapshot_time) FROM snapshot_times AS p
                            WHERE p.scope = time_scope AND p.snapshot_time < NEW.snapshot_time)
           AND run.yes_bid IS NOT DISTINCT FROM NEW.yes_bid AND run.yes_ask IS NOT DISTINCT FROM NEW.yes_ask
           AND run.no_bid IS NOT DISTINCT FROM NEW.no_bid AND run.no_ask IS NOT DISTINCT FROM NEW.no_ask
           AND run.last_price IS NOT DISTINCT FROM NEW.last_price
           AND run.volume IS NOT DISTINCT FROM NEW.volume
           AND run.volume_24h IS NOT DISTINCT FROM NEW.volume_24h
           AND run.open_interest IS NOT DISTINCT FROM NEW.open_interest THEN
            UPDATE snapshot_states SET last_time = NEW.snapshot_time
            WHERE market_id = run.market_id AND scope = run.scope AND first_time = run.first_time;
            RETURN NEW;
        END IF;
    END IF;
    INSERT INTO snapshot_states(market_id, scope, first_time, last_time, yes_bid, yes_ask, no_bid, no_ask,
                                last_price, volume, volume_24h, open_interest)
    VALUES (NEW.market_id, time_scope, NEW.snapshot_time, NEW.snapshot_time, NEW.yes_bid, NEW.yes_ask,
            NEW.no_bid, NEW.no_ask, NEW.last_price, NEW.volume, NEW.volume_24h, NEW.open_interest);
    RETURN NEW;
END
$$;

CREATE TRIGGER snapshot_rows_insert INSTEAD OF INSERT ON snapshot_rows
FOR EACH ROW EXECUTE FUNCTION km_snapshot_rows_insert();
