#pragma once

#include <QString>

class QSqlDatabase;

// The markets' full-text index (market_search, FTS5, schema 6: ticker, title, subtitles, event
// title; rowid = markets.id). Pure functions; any thread.
namespace MarketSearch {

// The FTS5 query for what a user typed: every word (letters and digits; anything else separates,
// as the index's tokenizer does) required, the last one as a prefix (it may be half typed), the
// others whole. "KXHIGHNY-26DEC" -> "kxhighny" "26dec"*. Empty when the text has no word: the
// caller searches another way.
QString matchExpression(const QString &text);

// Registers on an open SQLite connection the functions the browser's search queries call; every
// SQLite connection Schema opens has them. Returns false (with `error`) when SQLite refuses.
//  - km_search_tier(market_search), an FTS5 auxiliary function: where the current match's words
//    are, as the lowest column that holds every one of them: 0 every word in the ticker, 1 in the
//    ticker or the title, 2 also the subtitles, 3 the event's title needed. The same tiers as the
//    column-filtered MATCHes `{ticker} : (...)`, `{ticker title} : (...)`, `{ticker title
//    subtitles} : (...)` give, from the one MATCH that finds the row (each word's columns are
//    in its position list).
//  - km_search_hit(id, match[, rowLimit[, hitLimit]]): 1 when the market whose id this is
//    matches the FTS5 query `match` (a value bound once per statement), else 0; the same rows as
//    `id IN (SELECT rowid FROM market_search WHERE market_search MATCH match)`. A walk along
//    another index asks about the rows in its order, and its first page needs few of them: rows
//    are tested one by one, the row's indexed texts read by rowid and tokenized with the index's
//    own tokenizer (unicode61), every word a token of the row (the last, a prefix, the start of
//    one), until `rowLimit` rows (default 8,192) were tested or `hitLimit` of them (default 256,
//    a first page) matched. Then, or at once when `match` is not matchExpression()'s shape of
//    one-token words, the matches are read into a sorted list (SQLite keeps it with the
//    statement's constant argument) and each row is a binary search. A rowLimit of 0 reads the
//    list at once.
bool registerSqliteFunctions(const QSqlDatabase &db, QString *error);

} // namespace MarketSearch
