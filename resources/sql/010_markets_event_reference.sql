-- Schema version 10: nothing to change on SQLite. PostgreSQL's 010 drops the foreign key from
-- markets.event_ticker to events, whose per-row check cost the server about a third of an upsert
-- of new markets. Here it stays: dropping a foreign key in SQLite means rebuilding the markets
-- table (its index, its search triggers), and the writer keeps what it guards on both backends.
-- The version is kept the same on both backends.

SELECT 1;
