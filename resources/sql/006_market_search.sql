-- Schema version 6: a full-text index of the markets for the browser's search (FTS5), over the
-- ticker, title, subtitles and the event's title; rowid = markets.id. Kept current by triggers, so
-- every writer (the app's writer thread, the CLI, any version of either from 6 on) updates it in the
-- same transaction as the market itself. An upsert that changes none of the indexed texts leaves
-- the index alone (the WHEN clauses), so a sync of unchanged markets costs no index work.

CREATE VIRTUAL TABLE market_search USING fts5(ticker, title, subtitles, event_title);

INSERT INTO market_search(rowid, ticker, title, subtitles, event_title)
SELECT m.id, m.ticker, m.title,
       trim(coalesce(m.subtitle, '') || ' ' || coalesce(m.yes_sub_title, '') || ' ' || coalesce(m.no_sub_title, '')),
       (SELECT e.title FROM events e WHERE e.ticker = m.event_ticker)
FROM markets m;

CREATE TRIGGER market_search_insert AFTER INSERT ON markets BEGIN
    INSERT INTO market_search(rowid, ticker, title, subtitles, event_title)
    VALUES (new.id, new.ticker, new.title, trim(coalesce(new.subtitle, '') || ' ' || coalesce(new.yes_sub_title, '') || ' ' || coalesce(new.no_sub_title, '')),
            (SELECT e.title FROM events e WHERE e.ticker = new.event_ticker));
END;

CREATE TRIGGER market_search_update AFTER UPDATE OF ticker, title, subtitle, yes_sub_title, no_sub_title, event_ticker
ON markets
WHEN old.ticker IS NOT new.ticker OR old.title IS NOT new.title OR old.subtitle IS NOT new.subtitle
     OR old.yes_sub_title IS NOT new.yes_sub_title OR old.no_sub_title IS NOT new.no_sub_title
     OR old.event_ticker IS NOT new.event_ticker
BEGIN
    DELETE FROM market_search WHERE rowid = old.id;
    INSERT INTO market_search(rowid, ticker, title, subtitles, event_title)
    VALUES (new.id, new.ticker, new.title, trim(coalesce(new.subtitle, '') || ' ' || coalesce(new.yes_sub_title, '') || ' ' || coalesce(new.no_sub_title, '')),
            (SELECT e.title FROM events e WHERE e.ticker = new.event_ticker));
END;

CREATE TRIGGER market_search_delete AFTER DELETE ON markets BEGIN
    DELETE FROM market_search WHERE rowid = old.id;
END;

-- A placeholder event gets its real title later; its markets' entries follow.
CREATE TRIGGER market_search_event_title AFTER UPDATE OF title ON events
WHEN old.title IS NOT new.title
BEGIN
    UPDATE market_search SET event_title = new.title
    WHERE rowid IN (SELECT id FROM markets WHERE event_ticker = new.ticker);
END;
