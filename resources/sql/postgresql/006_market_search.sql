-- Schema version 6: the browser's market search. SQLite has an FTS5 index kept by triggers
-- (../006_market_search.sql); PostgreSQL has no FTS5, so market_search is a view with the same
-- columns (id instead of rowid) and a lower-case `document` of them, for a search that tests
-- `document LIKE '%word%'` for every word typed (the browser does not use it yet: the app cannot
-- open a server). No index: such a search scans the markets (a pg_trgm or tsvector index is the
-- next step when that is too slow).

CREATE VIEW market_search AS
SELECT m.id, m.ticker, m.title,
       trim(coalesce(m.subtitle, '') || ' ' || coalesce(m.yes_sub_title, '') || ' ' || coalesce(m.no_sub_title, '')) AS subtitles,
       e.title AS event_title,
       lower(concat_ws(' ', m.ticker, m.title, m.subtitle, m.yes_sub_title, m.no_sub_title, e.title)) AS document
FROM markets AS m
LEFT JOIN events AS e ON e.ticker = m.event_ticker;
