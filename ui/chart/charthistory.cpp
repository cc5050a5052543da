#include "chart/charthistory.h"

#include <algorithm>
#include <cmath>

void ChartHistory::setPoints(QList<HistoryPoint> points, int periodMinutes)
{
    auto earlier = [](const HistoryPoint &a, const HistoryPoint &b) { return a.time < b.time; };
    if (!std::is_sorted(points.cbegin(), points.cend(), earlier))
        std::stable_sort(points.begin(), points.end(), earlier);
    m_points = std::move(points);
    m_periodMinutes = periodMinutes;
}

void ChartHistory::clear()
{
    m_points.clear();
    m_periodMinutes = 0;
}

QPair<int, int> ChartHistory::indexRange(double start, double end) const
{
    auto first = std::lower_bound(m_points.cbegin(), m_points.cend(), start,
        [](const HistoryPoint &p, double t) { return double(p.time) < t; });
    auto last = std::upper_bound(
        first, m_points.cend(), end, [](double t, const HistoryPoint &p) { return t < double(p.time); });
    return {int(first - m_points.cbegin()), int(last - m_points.cbegin())};
}

std::vector<ChartHistory::Column> ChartHistory::columns(double start, double end, int count) const
{
    std::vector<Column> result(size_t(std::max(0, count)));
    if (count <= 0 || end <= start)
        return result;
    const auto [first, last] = indexRange(start, end);
    const double perColumn = double(count) / (end - start);
    for (int i = first; i < last; ++i) {
        const HistoryPoint &p = m_points.at(i);
        if (!p.close)
            continue;
        const int c = std::clamp(int(std::floor((double(p.time) - start) * perColumn)), 0, count - 1);
        Column &column = result[size_t(c)];
        const qint64 low = p.low.value_or(*p.close);
        const qint64 high = p.high.value_or(*p.close);
        if (!column.valid) {
            column = {low, high, *p.close, true};
        } else {
            column.low = std::min(column.low, low);
            column.high = std::max(column.high, high);
            column.close = *p.close;
        }
    }
    return result;
}

std::optional<QPair<qint64, qint64>> ChartHistory::priceRange(double start, double end) const
{
    const auto [first, last] = indexRange(start, end);
    std::optional<QPair<qint64, qint64>> range;
    for (int i = first; i < last; ++i) {
        const HistoryPoint &p = m_points.at(i);
        if (!p.close)
            continue;
        const qint64 low = p.low.value_or(*p.close);
        const qint64 high = p.high.value_or(*p.close);
        if (!range)
            range = qMakePair(low, high);
        range->first = std::min(range->first, low);
        range->second = std::max(range->second, high);
    }
    return range;
}
