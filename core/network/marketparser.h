#pragma once

#include "network/listpage.h"
#include "records.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

// Converts the API's JSON items into the value types of records.h. Pure functions, no state:
// callable from any thread (the sync thread calls them on each page).
//
// Rules, after the reference (kalshi-api.md):
// - Prices come from the "*_dollars" strings (exact, FixedPoint::dollarsToMicros) and counts from
//   the "*_fp" strings (FixedPoint::contractsToCenti). Only when that field is absent (or null) is
//   the legacy integer read: cents for prices, whole contracts for counts. An empty string is
//   unknown (nullopt). A present but malformed value, modern or legacy (a JSON number where a string
//   belongs, more than 6 decimals), makes the whole item malformed: it is skipped with the reason.
// - Ranges: a price (bids, asks, last price, settlement value, scalar markets' included) outside
//   0 to 1 dollar (0 to 100 legacy cents), a negative count, or a value beyond qint64 makes the item
//   malformed too. A negative liquidity (seen in legacy data) is unknown: nullopt.
// - Values are stored as the API states them: an empty book (bid 0, ask 1.00) stays 0 and 1000000;
//   telling "no quote" from a price is for whoever displays it.
// - Required: ticker, event_ticker, status (non-empty strings) and title (a string). Kalshi sends
//   an empty title for some multivariate markets; the ticker stands in for it, because the title
//   column is NOT NULL and a blank row in the browser helps nobody.
// - Times are RFC 3339 ("2026-01-10T12:00:00Z", fractional seconds and numeric offsets allowed),
//   turned into Unix seconds (fractions dropped). null, absent or "" is unknown; anything else
//   that does not parse makes the item malformed.
// - Empty optional strings become null QStrings; result "" is null.
// - series_ticker: the list endpoints give markets none, so it is taken from the event ticker's
//   prefix before the first '-' when the item has no non-empty series_ticker of its own.
namespace MarketParser {

struct SkippedItem
{
    QString ticker; // empty when the item had no usable ticker
    QString reason;
};

template <typename Record> struct ParsedItems
{
    QList<Record> records;
    QList<SkippedItem> skipped;

    int skippedCount() const { return int(skipped.size()); }
};

using ParsedPage = ParsedItems<MarketRecord>;
using ParsedEventPage = ParsedItems<EventRecord>;

std::optional<MarketRecord> parseMarket(const QJsonObject &item, QString *whyNot = nullptr);
std::optional<EventRecord> parseEvent(const QJsonObject &item, QString *whyNot = nullptr);

// Every item of a "markets" / "events" array; items that are not objects are skipped too.
ParsedPage parseMarketsPage(const QJsonArray &items);
ParsedEventPage parseEventsPage(const QJsonArray &items);

// The same for a page as PageFetcher hands it out, with the same records and the same skipped
// reasons. A scanned page's markets are read straight from the body's bytes when they are ordinary
// (string fields, modern or whole-number legacy values, no escaped or repeated keys, nothing
// malformed); any other item goes through QJsonDocument and parseMarket() / parseEvent().
ParsedPage parseMarketsPage(const ListPage &page);
ParsedEventPage parseEventsPage(const ListPage &page);

// A settlement for a market that has a result: "yes", "no", "void" or "scalar" (anything else,
// including no result yet, gives nullopt and the reason). settledAt is settlement_ts, else
// expiration_time; a market with neither is refused.
std::optional<SettlementRecord> settlementFromMarket(const MarketRecord &market, QString *whyNot = nullptr);

SnapshotRecord snapshotFromMarket(const MarketRecord &market, qint64 snapshotTime);

// RFC 3339 date-time to Unix seconds; nullopt if it is not one.
std::optional<qint64> parseRfc3339(QStringView text);

// The series part of an event ticker: "KXHIGHNY-26SEP09" -> "KXHIGHNY".
QString seriesFromEventTicker(const QString &eventTicker);

} // namespace MarketParser
