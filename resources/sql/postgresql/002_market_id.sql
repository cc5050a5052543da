-- Schema version 2: on SQLite, markets.id replaced the market_ids table. PostgreSQL's version 1
-- has markets.id already, so this version only keeps the numbering the same on both backends.

SELECT 1;
