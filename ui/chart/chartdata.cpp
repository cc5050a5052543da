#include "chart/chartdata.h"

#include "chart/chartaxis.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr qint64 kMinPriceSpan = 10000; // 1 cent
constexpr double kPricePadding = 0.08;
// A bar more than this many times the percentile is a spike that would flatten the others.
constexpr double kSpikeRatio = 3.0;
constexpr double kVolumePercentile = 0.95;

bool earlier(const ChartPoint &a, const ChartPoint &b)
{
    return a.time < b.time;
}

} // namespace

void ChartData::setPoints(QList<ChartPoint> points)
{
    m_points = std::move(points);
    if (!std::is_sorted(m_points.cbegin(), m_points.cend(), earlier))
        std::stable_sort(m_points.begin(), m_points.end(), earlier);
    recomputeDerived();
}

bool ChartData::append(const QList<ChartPoint> &points)
{
    m_points.append(points);
    bool resorted = false;
    if (!std::is_sorted(m_points.cbegin(), m_points.cend(), earlier)) {
        std::stable_sort(m_points.begin(), m_points.end(), earlier);
        resorted = true;
    }
    recomputeDerived();
    return resorted;
}

void ChartData::clear()
{
    m_points.clear();
    recomputeDerived();
}

void ChartData::setGapThreshold(qint64 seconds)
{
    m_gapThresholdSetting = std::max<qint64>(0, seconds);
    recomputeDerived();
}

void ChartData::recomputeDerived()
{
    const qsizetype n = m_points.size();
    std::vector<qint64> spacings;
    spacings.reserve(size_t(std::max<qsizetype>(0, n - 1)));
    for (qsizetype i = 1; i < n; ++i) {
        const qint64 d = m_points.at(i).time - m_points.at(i - 1).time;
        if (d > 0)
            spacings.push_back(d);
    }
    m_medianSpacing = 0;
    if (!spacings.empty()) {
        const auto middle = spacings.begin() + std::ptrdiff_t(spacings.size() / 2);
        std::nth_element(spacings.begin(), middle, spacings.end());
        m_medianSpacing = *middle;
    }
    // The median, not the mean: a few long outages must not hide themselves by raising the bar.
    m_gapThreshold = m_gapThresholdSetting > 0 ? m_gapThresholdSetting : 3 * m_medianSpacing;

    m_gapBefore.assign(size_t(n), false);
    m_volumeDelta.assign(size_t(n), -1);
    for (qsizetype i = 1; i < n; ++i) {
        const ChartPoint &previous = m_points.at(i - 1);
        const ChartPoint &point = m_points.at(i);
        const bool gap = m_gapThreshold > 0 && point.time - previous.time > m_gapThreshold;
        m_gapBefore[size_t(i)] = gap;
        // Volume traded during an outage has no place on the time axis: no bar rather than a spike.
        if (!gap && point.volume && previous.volume)
            m_volumeDelta[size_t(i)] = std::max<qint64>(0, *point.volume - *previous.volume);
    }
}

std::optional<qint64> ChartData::volumeDeltaAt(int index) const
{
    if (index < 0 || size_t(index) >= m_volumeDelta.size() || m_volumeDelta[size_t(index)] < 0)
        return std::nullopt;
    return m_volumeDelta[size_t(index)];
}

bool ChartData::isGapBefore(int index) const
{
    return index >= 0 && size_t(index) < m_gapBefore.size() && m_gapBefore[size_t(index)];
}

bool ChartData::hasQuote(const ChartPoint &point)
{
    return point.yesBid && point.yesAsk && !(*point.yesBid <= 0 && *point.yesAsk >= kDollar);
}

QPair<int, int> ChartData::indexRange(double start, double end) const
{
    const auto begin = m_points.cbegin();
    const auto lower = std::lower_bound(
        begin, m_points.cend(), start, [](const ChartPoint &p, double t) { return double(p.time) < t; });
    const auto upper = std::upper_bound(
        begin, m_points.cend(), end, [](double t, const ChartPoint &p) { return t < double(p.time); });
    return {int(lower - begin), int(upper - begin)};
}

QPair<int, int> ChartData::paintRange(double start, double end) const
{
    const auto [lower, upper] = indexRange(start, end);
    return {std::max(0, lower - 1), std::min(size(), upper + 1)};
}

int ChartData::nearestIndex(double time) const
{
    if (m_points.isEmpty())
        return -1;
    const auto it = std::lower_bound(m_points.cbegin(), m_points.cend(), time,
        [](const ChartPoint &p, double t) { return double(p.time) < t; });
    int index = int(it - m_points.cbegin());
    if (index >= m_points.size()
        || (index > 0
            && time - double(m_points.at(index - 1).time) <= double(m_points.at(index).time) - time))
        --index;
    return index;
}

QPair<qint64, qint64> ChartData::priceRange(double start, double end) const
{
    qint64 low = std::numeric_limits<qint64>::max();
    qint64 high = std::numeric_limits<qint64>::min();
    auto scan = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            const ChartPoint &p = m_points.at(i);
            if (hasQuote(p)) {
                low = std::min({low, *p.yesBid, *p.yesAsk});
                high = std::max({high, *p.yesBid, *p.yesAsk});
            }
            if (p.lastPrice) {
                low = std::min(low, *p.lastPrice);
                high = std::max(high, *p.lastPrice);
            }
        }
    };
    const auto [first, last] = indexRange(start, end);
    scan(first, last);
    if (low > high) { // nothing inside the view (zoomed into a gap): use the neighbours
        const auto [wideFirst, wideLast] = paintRange(start, end);
        scan(wideFirst, wideLast);
    }
    if (low > high)
        return {0, kDollar};
    // A flat market would otherwise scale a 0.1-cent wiggle to the full height.
    if (high - low < kMinPriceSpan) {
        const qint64 middle = (low + high) / 2;
        low = middle - kMinPriceSpan / 2;
        high = low + kMinPriceSpan;
    }
    const qint64 pad = qint64(double(high - low) * kPricePadding);
    return {std::max<qint64>(0, low - pad), std::min<qint64>(kDollar, high + pad)};
}

double ChartData::volumeScaleTop(std::vector<double> &heights)
{
    if (heights.empty())
        return 0;
    const double largest = *std::max_element(heights.cbegin(), heights.cend());
    const size_t rank = std::max<size_t>(1, size_t(std::ceil(kVolumePercentile * double(heights.size()))));
    const auto nth = heights.begin() + std::ptrdiff_t(rank - 1);
    std::nth_element(heights.begin(), nth, heights.end());
    const double percentile = *nth;
    return percentile > 0 && largest > kSpikeRatio * percentile ? percentile : largest;
}

QString ChartData::csv(int first, int last) const
{
    const auto cents = [](const std::optional<qint64> &micros) {
        return micros ? ChartAxis::formatPrice(*micros, ChartAxis::PriceUnit::Cents, QLocale::c()).chopped(1)
                      : QString();
    };
    const auto contracts = [](const std::optional<qint64> &centi) {
        return centi ? QString::number(double(*centi) / 100.0, 'f', 2) : QString();
    };
    QString csv = QStringLiteral("time_utc,local_time,yes_bid_cents,yes_ask_cents,last_price_cents,"
                                 "total_volume_contracts,traded_contracts\n");
    for (int i = first; i < last; ++i) {
        const ChartPoint &p = m_points.at(i);
        const QDateTime time = QDateTime::fromSecsSinceEpoch(p.time);
        csv += QStringList{time.toUTC().toString(Qt::ISODate),
                   time.toOffsetFromUtc(time.offsetFromUtc()).toString(Qt::ISODate), cents(p.yesBid),
                   cents(p.yesAsk), cents(p.lastPrice), contracts(p.volume), contracts(volumeDeltaAt(i))}
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    }
    return csv;
}
