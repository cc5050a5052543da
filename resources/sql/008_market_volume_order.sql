-- Schema version 8: the browser's default view (open markets by 24 h volume, then ticker) and its
-- other status groups read their first and last pages along one index instead of sorting every
-- market of the group. The leading expression is the browser's status group (the int value of
-- BrowserTableModel::StatusFilter, 0 for a status no group knows), written exactly as
-- MarketTableModel::statusGroupSql() writes it: SQLite uses an index on an expression only for the
-- same expression. `status IN (...)` on two values could not be used: the two ranges of an index on
-- (status, volume_24h) come out one after the other, not in volume order.
-- volume_24h DESC puts NULLs last, as the browser's ORDER BY volume_24h DESC NULLS LAST does (in
-- SQLite NULL is the smallest value, so that is DESC's own order; the reverse pages' ASC NULLS FIRST
-- walk it backwards).

CREATE INDEX markets_status_volume_24h ON markets(
    (CASE status WHEN 'initialized' THEN 1 WHEN 'unopened' THEN 1 WHEN 'active' THEN 2 WHEN 'open' THEN 2
                 WHEN 'inactive' THEN 3 WHEN 'paused' THEN 3 WHEN 'closed' THEN 4
                 WHEN 'determined' THEN 5 WHEN 'disputed' THEN 5 WHEN 'amended' THEN 5
                 WHEN 'finalized' THEN 5 WHEN 'settled' THEN 5 ELSE 0 END),
    volume_24h DESC,
    ticker);
