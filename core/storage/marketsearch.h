#pragma once

#include <QString>

// The markets' full-text index (market_search, FTS5, schema 6: ticker, title, subtitles, event
// title; rowid = markets.id). Pure functions; any thread.
namespace MarketSearch {

// The FTS5 query for what a user typed: every word (letters and digits; anything else separates,
// as the index's tokenizer does) required, the last one as a prefix (it may be half typed), the
// others whole. "KXHIGHNY-26DEC" -> "kxhighny" "26dec"*. Empty when the text has no word: the
// caller searches another way.
QString matchExpression(const QString &text);

} // namespace MarketSearch
