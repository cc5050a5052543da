-- Schema version 9: the markets' full-text index (006) again, now with FTS5 prefix indexes for
-- words of 1, 2 and 3 characters. The browser's search takes the last word typed as a prefix
-- ("delta 3" -> "delta" "3"*); without a prefix index FTS5 merges the lists of every term that
-- starts with it (every number starting with 3) at each query, with one it reads one list. Longer
-- prefixes match few terms and stay merged. Same columns, same triggers (they name the table, so
-- they work on the new one unchanged); the table is dropped and filled again from the markets,
-- since a prefix index is an option of CREATE VIRTUAL TABLE.

DROP TABLE market_search;

CREATE VIRTUAL TABLE market_search USING fts5(ticker, title, subtitles, event_title, prefix='1 2 3');

INSERT INTO market_search(rowid, ticker, title, subtitles, event_title)
SELECT m.id, m.ticker, m.title,
       trim(coalesce(m.subtitle, '') || ' ' || coalesce(m.yes_sub_title, '') || ' ' || coalesce(m.no_sub_title, '')),
       (SELECT e.title FROM events e WHERE e.ticker = m.event_ticker)
FROM markets m;
