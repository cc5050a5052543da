-- Schema version 8 for PostgreSQL: the index of ../008_market_volume_order.sql (the browser's status
-- group, then 24 h volume, then ticker). PostgreSQL sorts NULLs first in DESC, so the index says
-- NULLS LAST, as the browser's ORDER BY volume_24h DESC NULLS LAST; scanned backwards it gives the
-- reverse pages' ASC NULLS FIRST. The expression is the same text as SQLite's: a query uses the
-- index only for the same expression.

CREATE INDEX markets_status_volume_24h ON markets(
    (CASE status WHEN 'initialized' THEN 1 WHEN 'unopened' THEN 1 WHEN 'active' THEN 2 WHEN 'open' THEN 2
                 WHEN 'inactive' THEN 3 WHEN 'paused' THEN 3 WHEN 'closed' THEN 4
                 WHEN 'determined' THEN 5 WHEN 'disputed' THEN 5 WHEN 'amended' THEN 5
                 WHEN 'finalized' THEN 5 WHEN 'settled' THEN 5 ELSE 0 END),
    volume_24h DESC NULLS LAST,
    ticker);
