#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include <optional>
#include <vector>

// One stored snapshot of a market. Units follow the database contract: Unix seconds UTC,
// micro-dollars for prices, centi-contracts for the cumulative volume.
struct ChartPoint
{
    qint64 time = 0;
    std::optional<qint64> yesBid;
    std::optional<qint64> yesAsk;
    std::optional<qint64> lastPrice;
    std::optional<qint64> volume;
};

// The snapshots of one chart and what is derived from them: gaps, per-snapshot traded volume, the
// automatic price scale. A value type without widgets or painting (used from the GUI thread by
// SnapshotChart, and testable on its own).
//
// Invariants: points are sorted by time; the derived vectors have one entry per point.
class ChartData final
{
public:
    static constexpr qint64 kDollar = 1000000;

    // Replaces all points (sorted here when they are not).
    void setPoints(QList<ChartPoint> points);
    // Adds points. Returns true when they were older than some stored ones, so that indices of
    // stored points changed.
    bool append(const QList<ChartPoint> &points);
    void clear();

    int size() const { return int(m_points.size()); }
    bool isEmpty() const { return m_points.isEmpty(); }
    const ChartPoint &at(int index) const { return m_points.at(index); }
    const QList<ChartPoint> &points() const { return m_points; }
    qint64 firstTime() const { return m_points.isEmpty() ? 0 : m_points.constFirst().time; }
    qint64 lastTime() const { return m_points.isEmpty() ? 0 : m_points.constLast().time; }

    // A gap is an interval between consecutive snapshots longer than the threshold. seconds <= 0
    // restores the automatic threshold: 3x the median spacing of the data.
    void setGapThreshold(qint64 seconds);
    qint64 gapThreshold() const { return m_gapThreshold; }
    qint64 medianSpacing() const { return m_medianSpacing; }
    bool isGapBefore(int index) const;

    // Traded volume in centi-contracts between point index-1 and index: the difference of the
    // cumulative volume, clamped at 0 when the counter goes back. None for the first point, for a
    // point after a gap (the difference spans unknown time) and when either volume is missing.
    std::optional<qint64> volumeDeltaAt(int index) const;
    // The same without the optional, for painting loops: -1 where volumeDeltaAt() is none.
    qint64 rawVolumeDelta(int index) const { return m_volumeDelta[size_t(index)]; }

    // Both sides present and not the empty book (bid 0, ask $1), which is no quote rather than 50%.
    // A one-sided book (bid 0 or ask $1 alone) still draws: the band then reaches the axis edge.
    static bool hasQuote(const ChartPoint &point);

    // Indices [first, last) of the points with start <= time <= end.
    QPair<int, int> indexRange(double start, double end) const;
    // The same widened by one point on each side, so that lines run out of the view.
    QPair<int, int> paintRange(double start, double end) const;
    // Index of the point nearest in time (the earlier one on a tie), or -1 without points.
    int nearestIndex(double time) const;

    // The automatic price scale for the points in [start, end] in micro-dollars: their lowest and
    // highest quote or last price with some padding, at least a cent wide, within 0..$1. Zoomed
    // into a gap it uses the neighbours; without any price, 0..$1.
    QPair<qint64, qint64> priceRange(double start, double end) const;

    // The top of the volume scale for bar heights: the largest bar, unless it stands far above the
    // rest (one spike would flatten every other bar); then a high percentile, and the bars above
    // it are drawn clipped. Returns 0 without bars. Reorders `heights` (the painter's scratch).
    static double volumeScaleTop(std::vector<double> &heights);

    // Points [first, last) as CSV: a header line, then one line per point; times in UTC (ISO 8601)
    // and local time, prices in cents and volumes in contracts, '.' as the decimal point whatever
    // the locale, so that other programs read it.
    QString csv(int first, int last) const;

private:
    void recomputeDerived();

    QList<ChartPoint> m_points;
    std::vector<qint64> m_volumeDelta; // -1 where volumeDeltaAt() is none
    std::vector<bool> m_gapBefore;
    qint64 m_gapThresholdSetting = 0;
    qint64 m_gapThreshold = 0;
    qint64 m_medianSpacing = 0;
};
