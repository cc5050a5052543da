#pragma once

#include <QString>

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

// The finest period (minutes, of 1, 60, 1440) stored for the market whose span holds at most
// maxCount periods; 0 when none is.
bool finestPeriod(
    const QString &connectionName, qint64 marketId, qint64 maxCount, int *periodMinutes, QString *error);

// Every candle of the market and period, oldest first. Straight through SQLite's own API: a year
// of minutes is 525,600 rows, and QSqlQuery's QVariant per value would cost a second for it.
// On PostgreSQL through QSqlQuery (forward only).
bool read(const QString &connectionName, qint64 marketId, int periodMinutes,
    std::vector<CandlePrice> *candles, QString *error);

} // namespace CandleHistory
