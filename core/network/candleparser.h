#pragma once

#include "records.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Converts candlestick responses ({"ticker", "candlesticks": [...]}, the same under /series/... and
// /historical/...) into CandleRecords. Pure functions, callable from any thread (the sync thread).
//
// The field rules are MarketParser's (fieldreading.h): "*_dollars" strings to micro-dollars and
// "*_fp" strings to centi-contracts, exactly; the legacy integers (cents, whole contracts) only
// where the string is absent or null; a price outside 0 to 1 dollar, a negative count or a wrong
// type makes the candle malformed, and it is skipped with its reason. Three shapes are read:
// - 2026: a period without a trade has "price": {"previous_dollars"} only;
// - January 2026: such a period has "close": null (and open/high/low null) beside "previous";
// - 1-minute series are sparse (minutes without any change are missing): nothing is invented.
// end_period_ts is required (a whole number of seconds); yes_bid / yes_ask / price may be absent.
namespace CandleParser {

struct SkippedCandle
{
    qint64 periodEnd = 0; // 0 when the candle had no usable end_period_ts
    QString reason;
};

struct ParsedCandles
{
    QList<CandleRecord> candles;
    QList<SkippedCandle> skipped;
    QString error; // the response as a whole is not a candlestick response; nothing was read

    bool ok() const { return error.isEmpty(); }
};

// periodMinutes: the period_interval requested (1, 60 or 1440). A response naming another ticker
// than `ticker` is refused.
ParsedCandles parseResponse(const QJsonObject &response, const QString &ticker, int periodMinutes);
ParsedCandles parseResponse(const QByteArray &body, const QString &ticker, int periodMinutes);

std::optional<CandleRecord> parseCandle(
    const QJsonObject &item, const QString &ticker, int periodMinutes, QString *whyNot = nullptr);

} // namespace CandleParser
