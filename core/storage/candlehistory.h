#pragma once

#include <QPair>
#include <QString>

#include <functional>
#include <limits>
#include <optional>
#include <vector>

// The trade prices of one stored candle (table candles): micro-dollars, NULL as nullopt.
struct CandlePrice
{
    qint64 periodEnd = 0;
    std::optional<qint64> close;
    std::optional<qint64> previous;
    std::optional<qint64> low;
    std::optional<qint64> high;
};

// Reads a market's stored candlestick prices for a chart, on the calling thread's connection
// `connectionName` (any thread that owns one; read-only is enough).
namespace CandleHistory {

// The first and last period end stored for the market at this period (minutes, of 1, 60, 1440);
// nullopt when none is. Two index seeks, however long the history.
bool storedSpan(const QString &connectionName, qint64 marketId, int periodMinutes,
    std::optional<QPair<qint64, qint64>> *span, QString *error);

// The candles of the market and period whose period ends in [from, to] (every one by default),
// oldest first. Straight through SQLite's own API: a year of minutes is 525,600 rows, and
// QSqlQuery's QVariant per value would cost a second for it. On PostgreSQL through QSqlQuery
// (forward only).
bool read(const QString &connectionName, qint64 marketId, int periodMinutes,
    std::vector<CandlePrice> *candles, QString *error, qint64 from = std::numeric_limits<qint64>::min(),
    qint64 to = std::numeric_limits<qint64>::max());

// The same rows handed to `visit` one by one as they are stepped, without a vector of them: a
// reader that keeps them in a shape of its own (the chart's loader) skips a copy of a year of
// minutes and the vector's growth.
bool readEach(const QString &connectionName, qint64 marketId, int periodMinutes, qint64 from, qint64 to,
    const std::function<void(const CandlePrice &)> &visit, QString *error);

} // namespace CandleHistory
