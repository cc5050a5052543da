-- Schema version 10 for PostgreSQL: markets.event_ticker no longer REFERENCES events(ticker).
-- The foreign key was checked by a per-row trigger (one SPI lookup in events per inserted market):
-- about a third of the server's CPU time for an upsert of 1000 new markets (docs/performance.md,
-- "The PostgreSQL writer and schema 10"). What it guarded still holds without it: the writer stores
-- every market's event (a placeholder, DO NOTHING) in the same transaction before the markets,
-- `copy` copies the events of a database that had them, and no statement deletes an event or
-- points a market at another event without writing that event first. Updates of a stored market
-- never paid for the check (its event_ticker did not change), so snapshot batches are unaffected.
-- SQLite keeps its foreign key (dropping it there rebuilds the markets table); its 010 is empty.

ALTER TABLE markets DROP CONSTRAINT markets_event_ticker_fkey;
