-- Schema version 9 for PostgreSQL: nothing to change. SQLite's 009 adds prefix indexes to its FTS5
-- index of the markets; PostgreSQL's market_search is a view searched with ILIKE (006), which has
-- no such option. The version is kept the same on both backends.

SELECT 1;
