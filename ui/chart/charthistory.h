#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include <optional>
#include <vector>

// One of Kalshi's candlesticks of a market's trade price, as stored by backfill (table candles).
// Prices in micro-dollars; a period without a trade has no low/high and closes at the previous
// price.
struct HistoryPoint
{
    qint64 time = 0; // end of the period, Unix seconds UTC
    std::optional<qint64> close; // price_close, else price_previous
    std::optional<qint64> low; // price_low, else close
    std::optional<qint64> high; // price_high, else close
};

// Kalshi's own price history of the charted market, drawn behind the collected snapshots. A value
// type without widgets (used in the GUI thread by SnapshotChart, testable on its own).
//
// Painting never walks every point of a long history one by one into QPainter: columns() reduces
// the visible points to one low/high/close per pixel column, so a year of minutes (525,000 points)
// costs one pass and at most one line per column.
class ChartHistory final
{
public:
    struct Column
    {
        qint64 low = 0;
        qint64 high = 0;
        qint64 close = 0; // of the last point in the column
        bool valid = false;
    };

    // Replaces all points (sorted here when they are not); periodMinutes names the candle size.
    void setPoints(QList<HistoryPoint> points, int periodMinutes);
    void clear();

    bool isEmpty() const { return m_points.isEmpty(); }
    int size() const { return int(m_points.size()); }
    int periodMinutes() const { return m_periodMinutes; }
    const QList<HistoryPoint> &points() const { return m_points; }
    qint64 firstTime() const { return m_points.isEmpty() ? 0 : m_points.constFirst().time; }
    qint64 lastTime() const { return m_points.isEmpty() ? 0 : m_points.constLast().time; }

    // Indices [first, last) of the points with start <= time <= end.
    QPair<int, int> indexRange(double start, double end) const;
    // The visible points in `count` equal columns of [start, end]: per column the lowest low, the
    // highest high and the close of its last point; columns without a priced point are not valid.
    std::vector<Column> columns(double start, double end, int count) const;
    // Lowest low and highest high of the points in [start, end]; nullopt without a price there.
    std::optional<QPair<qint64, qint64>> priceRange(double start, double end) const;

private:
    QList<HistoryPoint> m_points;
    int m_periodMinutes = 0;
};
