#include "snapshotchart.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr qint64 kDollar = 1000000;
constexpr qint64 kMinPriceSpan = 10000;   // 1 cent
constexpr double kMinViewSpan = 10.0;     // seconds
constexpr double kPricePadding = 0.08;
constexpr double kWheelZoomPerStep = 0.8;

enum class TimeUnit { Second, Minute, Hour, Day, Week, Month, Year };

struct TimeStep
{
    TimeUnit unit;
    int count;
    double approxSeconds;
};

constexpr double kMonthSeconds = 30.44 * 86400;
constexpr double kYearSeconds = 365.25 * 86400;

constexpr TimeStep kTimeSteps[] = {
    {TimeUnit::Second, 1, 1},        {TimeUnit::Second, 2, 2},       {TimeUnit::Second, 5, 5},
    {TimeUnit::Second, 10, 10},      {TimeUnit::Second, 15, 15},     {TimeUnit::Second, 30, 30},
    {TimeUnit::Minute, 1, 60},       {TimeUnit::Minute, 2, 120},     {TimeUnit::Minute, 5, 300},
    {TimeUnit::Minute, 10, 600},     {TimeUnit::Minute, 15, 900},    {TimeUnit::Minute, 30, 1800},
    {TimeUnit::Hour, 1, 3600},       {TimeUnit::Hour, 2, 7200},      {TimeUnit::Hour, 3, 10800},
    {TimeUnit::Hour, 6, 21600},      {TimeUnit::Hour, 12, 43200},    {TimeUnit::Day, 1, 86400},
    {TimeUnit::Day, 2, 172800},      {TimeUnit::Week, 1, 604800},    {TimeUnit::Month, 1, kMonthSeconds},
    {TimeUnit::Month, 2, 2 * kMonthSeconds},  {TimeUnit::Month, 3, 3 * kMonthSeconds},
    {TimeUnit::Month, 6, 6 * kMonthSeconds},  {TimeUnit::Year, 1, kYearSeconds},
    {TimeUnit::Year, 2, 2 * kYearSeconds},    {TimeUnit::Year, 5, 5 * kYearSeconds},
    {TimeUnit::Year, 10, 10 * kYearSeconds},  {TimeUnit::Year, 25, 25 * kYearSeconds},
    {TimeUnit::Year, 100, 100 * kYearSeconds},
};

constexpr int kMaxTicks = 400;

const TimeStep &chooseTimeStep(double span, double pixelWidth, double minSpacingPx)
{
    const double pxPerSecond = span > 0 ? pixelWidth / span : 0;
    for (const TimeStep &step : kTimeSteps) {
        if (step.approxSeconds * pxPerSecond >= minSpacingPx)
            return step;
    }
    return kTimeSteps[std::size(kTimeSteps) - 1];
}

qint64 startOfDay(QDate date)
{
    return date.startOfDay().toSecsSinceEpoch();
}

void generateTimeTicks(const TimeStep &step, qint64 from, qint64 to, QList<qint64> &ticks)
{
    ticks.clear();
    if (to < from)
        return;
    const QDate firstDate = QDateTime::fromSecsSinceEpoch(from).date();
    const QDate lastDate = QDateTime::fromSecsSinceEpoch(to).date();
    auto add = [&](qint64 t) {
        if (t >= from && t <= to && (ticks.isEmpty() || t > ticks.constLast()))
            ticks.append(t);
    };
    switch (step.unit) {
    case TimeUnit::Second:
    case TimeUnit::Minute:
    case TimeUnit::Hour: {
        const int unitSeconds = step.unit == TimeUnit::Second ? 1
                              : step.unit == TimeUnit::Minute ? 60 : 3600;
        const int stepSeconds = unitSeconds * step.count;
        // Wall-clock alignment per local day, so that ticks stay on the hour across DST changes.
        for (QDate date = firstDate; date <= lastDate && ticks.size() < kMaxTicks; date = date.addDays(1)) {
            const qint64 dayStart = startOfDay(date);
            const qint64 firstK = std::max<qint64>(0, (from - dayStart) / stepSeconds - 1);
            for (qint64 k = firstK; k * stepSeconds < 86400 && ticks.size() < kMaxTicks; ++k) {
                const QTime wall = QTime(0, 0).addSecs(int(k * stepSeconds));
                const qint64 t = QDateTime(date, wall).toSecsSinceEpoch();
                if (t > to)
                    break;
                add(t);
            }
        }
        break;
    }
    case TimeUnit::Day:
    case TimeUnit::Week:
        for (QDate date = firstDate; date <= lastDate && ticks.size() < kMaxTicks; date = date.addDays(1)) {
            if (step.unit == TimeUnit::Week && date.dayOfWeek() != Qt::Monday)
                continue;
            if (step.unit == TimeUnit::Day && date.toJulianDay() % step.count != 0)
                continue;
            add(startOfDay(date));
        }
        break;
    case TimeUnit::Month:
        for (QDate date(firstDate.year(), firstDate.month(), 1); date <= lastDate && ticks.size() < kMaxTicks;
             date = date.addMonths(1)) {
            if ((date.month() - 1) % step.count == 0)
                add(startOfDay(date));
        }
        break;
    case TimeUnit::Year:
        for (int year = firstDate.year(); year <= lastDate.year() && ticks.size() < kMaxTicks; ++year) {
            if (year % step.count == 0)
                add(startOfDay(QDate(year, 1, 1)));
        }
        break;
    }
}

// 1, 2, 5 x 10^k, at least `minimum`.
qint64 niceStep(double raw, qint64 minimum)
{
    qint64 magnitude = minimum;
    while (true) {
        for (const int m : {1, 2, 5}) {
            if (double(m * magnitude) >= raw)
                return m * magnitude;
        }
        if (magnitude > std::numeric_limits<qint64>::max() / 100)
            return magnitude;
        magnitude *= 10;
    }
}

QString groupThousands(qint64 value)
{
    QString digits = QString::number(value);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

QString compactContracts(qint64 centi)
{
    const double contracts = double(centi) / 100.0;
    if (contracts >= 1e6)
        return QString::number(contracts / 1e6, 'g', 3) + QLatin1Char('M');
    if (contracts >= 1e3)
        return QString::number(contracts / 1e3, 'g', 3) + QLatin1Char('k');
    return QString::number(contracts, 'g', 3);
}

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

// The opaque color of a translucent one drawn over an opaque background.
QColor blend(QColor top, QColor background)
{
    const double a = top.alphaF();
    auto mix = [a](int t, int b) { return int(std::lround(a * t + (1 - a) * b)); };
    return QColor(mix(top.red(), background.red()), mix(top.green(), background.green()),
                  mix(top.blue(), background.blue()));
}

} // namespace

SnapshotChart::SnapshotChart(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::WheelFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
}

SnapshotChart::~SnapshotChart() = default;

QSize SnapshotChart::sizeHint() const
{
    return {760, 440};
}

QSize SnapshotChart::minimumSizeHint() const
{
    return {320, 220};
}

void SnapshotChart::setMarket(const QString &ticker, const QString &title)
{
    if (ticker != m_ticker && !m_points.isEmpty()) {
        m_points.clear();
        recomputeDerived();
        setHovered(-1);
        showAll();
    }
    m_ticker = ticker;
    m_title = title;
    update();
}

void SnapshotChart::setPoints(QList<ChartPoint> points)
{
    m_points = std::move(points);
    const auto byTime = [](const ChartPoint &a, const ChartPoint &b) { return a.time < b.time; };
    if (!std::is_sorted(m_points.cbegin(), m_points.cend(), byTime))
        std::stable_sort(m_points.begin(), m_points.end(), byTime);
    recomputeDerived();
    setHovered(-1);
    showAll();
    update();
}

void SnapshotChart::appendPoints(const QList<ChartPoint> &points)
{
    if (points.isEmpty())
        return;
    const bool wasEmpty = m_points.isEmpty();
    const bool following = isFollowingLatest();
    const double span = m_viewEnd - m_viewStart;
    const auto byTime = [](const ChartPoint &a, const ChartPoint &b) { return a.time < b.time; };
    m_points.append(points);
    if (!std::is_sorted(m_points.cbegin(), m_points.cend(), byTime)) {
        std::stable_sort(m_points.begin(), m_points.end(), byTime);
        setHovered(-1);
    }
    recomputeDerived();
    if (wasEmpty || m_showingAll) {
        showAll();
    } else if (following) {
        const double latest = double(m_points.constLast().time);
        setView(latest - span, latest);
    } else {
        m_priceRangeValid = false;
    }
    refreshHover();
    update();
}

void SnapshotChart::clear()
{
    m_ticker.clear();
    m_title.clear();
    m_points.clear();
    recomputeDerived();
    setHovered(-1);
    showAll();
    update();
}

void SnapshotChart::setGapThreshold(qint64 seconds)
{
    m_gapThresholdSetting = std::max<qint64>(0, seconds);
    recomputeDerived();
    update();
}

void SnapshotChart::setFullPriceRange(bool full)
{
    if (m_fullPriceRange == full)
        return;
    m_fullPriceRange = full;
    m_priceRangeValid = false;
    update();
}

void SnapshotChart::recomputeDerived()
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
    m_priceRangeValid = false;
}

std::optional<qint64> SnapshotChart::volumeDeltaAt(int index) const
{
    if (index < 0 || size_t(index) >= m_volumeDelta.size() || m_volumeDelta[size_t(index)] < 0)
        return std::nullopt;
    return m_volumeDelta[size_t(index)];
}

bool SnapshotChart::isGapBefore(int index) const
{
    return index >= 0 && size_t(index) < m_gapBefore.size() && m_gapBefore[size_t(index)];
}

bool SnapshotChart::hasQuote(const ChartPoint &point)
{
    return point.yesBid && point.yesAsk && !(*point.yesBid <= 0 && *point.yesAsk >= kDollar);
}

// ---- view ----

void SnapshotChart::showAll()
{
    double start = 0;
    double end = 0;
    if (!m_points.isEmpty()) {
        start = double(m_points.constFirst().time);
        end = double(m_points.constLast().time);
        // A single snapshot (or several at one second) still needs a non-empty axis.
        if (end - start < kMinViewSpan) {
            const double middle = (start + end) / 2;
            start = middle - kMinViewSpan / 2;
            end = middle + kMinViewSpan / 2;
        }
    }
    m_showingAll = true;
    const bool changed = start != m_viewStart || end != m_viewEnd;
    m_viewStart = start;
    m_viewEnd = end;
    m_priceRangeValid = false;
    if (changed) {
        const auto range = visibleTimeRange();
        Q_EMIT visibleTimeRangeChanged(range.first, range.second);
    }
    refreshHover();
    update();
}

void SnapshotChart::setView(double start, double end)
{
    if (m_points.size() < 2) {
        showAll();
        return;
    }
    const double first = double(m_points.constFirst().time);
    const double last = double(m_points.constLast().time);
    const double fullSpan = last - first;
    const double span = std::clamp(end - start, kMinViewSpan, std::max(kMinViewSpan, fullSpan));
    // Zooming out to everything returns to the state that follows new data.
    if (span >= fullSpan) {
        showAll();
        return;
    }
    start = std::clamp(start, first, last - span);
    end = start + span;
    const bool changed = start != m_viewStart || end != m_viewEnd || m_showingAll;
    m_showingAll = false;
    m_viewStart = start;
    m_viewEnd = end;
    m_priceRangeValid = false;
    if (changed) {
        const auto range = visibleTimeRange();
        Q_EMIT visibleTimeRangeChanged(range.first, range.second);
    }
    refreshHover();
    update();
}

void SnapshotChart::setVisibleTimeRange(qint64 from, qint64 to)
{
    setView(double(from), double(to));
}

void SnapshotChart::zoomAround(double anchorTime, double factor)
{
    const double span = m_viewEnd - m_viewStart;
    if (span <= 0)
        return;
    // Keeps the anchor at the same fraction of the width, so it stays under the cursor.
    const double fraction = std::clamp((anchorTime - m_viewStart) / span, 0.0, 1.0);
    const double newSpan = std::max(kMinViewSpan, span * factor);
    const double start = anchorTime - fraction * newSpan;
    setView(start, start + newSpan);
}

void SnapshotChart::panBy(double seconds)
{
    if (!m_showingAll)
        setView(m_viewStart + seconds, m_viewEnd + seconds);
}

void SnapshotChart::resetZoom()
{
    showAll();
}

void SnapshotChart::zoomIn()
{
    zoomAround((m_viewStart + m_viewEnd) / 2, kWheelZoomPerStep);
}

void SnapshotChart::zoomOut()
{
    zoomAround((m_viewStart + m_viewEnd) / 2, 1.0 / kWheelZoomPerStep);
}

// Half a second of slack: view bounds are doubles, snapshot times whole seconds.
bool SnapshotChart::isFollowingLatest() const
{
    return m_points.isEmpty() || m_showingAll || m_viewEnd >= double(m_points.constLast().time) - 0.5;
}

QPair<qint64, qint64> SnapshotChart::visibleTimeRange() const
{
    return {qint64(std::llround(m_viewStart)), qint64(std::llround(m_viewEnd))};
}

QPair<int, int> SnapshotChart::visibleIndexRange() const
{
    const auto begin = m_points.cbegin();
    const auto end = m_points.cend();
    const auto lower = std::lower_bound(begin, end, m_viewStart,
                                        [](const ChartPoint &p, double t) { return double(p.time) < t; });
    const auto upper = std::upper_bound(begin, end, m_viewEnd,
                                        [](double t, const ChartPoint &p) { return t < double(p.time); });
    // One point beyond each edge, so that lines and the band run out of the plot, not stop short.
    const int first = std::max(0, int(lower - begin) - 1);
    const int last = std::min(int(m_points.size()), int(upper - begin) + 1);
    return {first, last};
}

void SnapshotChart::ensurePriceRange() const
{
    if (m_priceRangeValid)
        return;
    m_priceRangeValid = true;
    if (m_fullPriceRange || m_points.isEmpty()) {
        m_priceMin = 0;
        m_priceMax = kDollar;
        return;
    }
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
    const auto [first, last] = visibleIndexRange();
    const auto lower = std::lower_bound(m_points.cbegin(), m_points.cend(), m_viewStart,
                                        [](const ChartPoint &p, double t) { return double(p.time) < t; });
    const auto upper = std::upper_bound(m_points.cbegin(), m_points.cend(), m_viewEnd,
                                        [](double t, const ChartPoint &p) { return t < double(p.time); });
    scan(int(lower - m_points.cbegin()), int(upper - m_points.cbegin()));
    if (low > high)   // nothing inside the view (zoomed into a gap): use the neighbours
        scan(first, last);
    if (low > high) {
        m_priceMin = 0;
        m_priceMax = kDollar;
        return;
    }
    // A flat market would otherwise scale a 0.1-cent wiggle to the full height.
    if (high - low < kMinPriceSpan) {
        const qint64 middle = (low + high) / 2;
        low = middle - kMinPriceSpan / 2;
        high = low + kMinPriceSpan;
    }
    const qint64 pad = qint64(double(high - low) * kPricePadding);
    m_priceMin = std::max<qint64>(0, low - pad);
    m_priceMax = std::min<qint64>(kDollar, high + pad);
}

QPair<qint64, qint64> SnapshotChart::visiblePriceRange() const
{
    ensurePriceRange();
    return {m_priceMin, m_priceMax};
}

// ---- geometry ----

QFont SnapshotChart::smallFont() const
{
    QFont f = font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.88);
    else
        f.setPixelSize(std::max(8, f.pixelSize() * 88 / 100));
    return f;
}

SnapshotChart::Layout SnapshotChart::layout() const
{
    const QFontMetricsF fm(font());
    const QFontMetricsF small(smallFont());
    const double w = width();
    const double h = height();
    const double headerHeight = std::ceil(fm.height() + small.height() + 16);
    const double axisHeight = std::ceil(small.height() * 2 + 8);
    // Fixed from the widest label, not the current ones: the plot must not jump while zooming.
    const double left = std::ceil(small.horizontalAdvance(QStringLiteral("00.00") + QChar(0xA2)) + 16);
    const double right = 14;
    const double paneGap = 8;
    const double available = std::max(40.0, h - headerHeight - axisHeight);
    const double volumeHeight = std::round(std::clamp(available * 0.2, 24.0, 140.0));
    const double priceHeight = std::max(16.0, available - volumeHeight - paneGap);
    const double plotWidth = std::max(16.0, w - left - right);

    Layout l;
    l.header = QRectF(0, 0, w, headerHeight);
    l.price = QRectF(left, headerHeight, plotWidth, priceHeight);
    l.volume = QRectF(left, l.price.bottom() + paneGap, plotWidth, volumeHeight);
    l.timeAxis = QRectF(0, l.volume.bottom(), w, axisHeight);
    return l;
}

QRectF SnapshotChart::plotRect() const
{
    return layout().price;
}

QRectF SnapshotChart::volumeRect() const
{
    return layout().volume;
}

double SnapshotChart::xOf(double time, const QRectF &plot) const
{
    const double span = m_viewEnd - m_viewStart;
    if (span <= 0)
        return plot.center().x();
    return plot.left() + (time - m_viewStart) / span * plot.width();
}

double SnapshotChart::yOf(double price, const QRectF &plot) const
{
    const double span = double(m_priceMax - m_priceMin);
    if (span <= 0)
        return plot.center().y();
    return plot.bottom() - (price - double(m_priceMin)) / span * plot.height();
}

QPointF SnapshotChart::mapToWidget(qint64 time, qint64 price) const
{
    ensurePriceRange();
    const QRectF plot = plotRect();
    return {xOf(double(time), plot), yOf(double(price), plot)};
}

double SnapshotChart::timeAtX(double x) const
{
    const QRectF plot = plotRect();
    return m_viewStart + (x - plot.left()) / plot.width() * (m_viewEnd - m_viewStart);
}

int SnapshotChart::nearestIndex(int x) const
{
    if (m_points.isEmpty())
        return -1;
    const QRectF plot = plotRect();
    if (x < plot.left() - 1 || x > plot.right() + 1)
        return -1;
    const double t = timeAtX(x);
    const auto it = std::lower_bound(m_points.cbegin(), m_points.cend(), t,
                                     [](const ChartPoint &p, double time) { return double(p.time) < time; });
    int index = int(it - m_points.cbegin());
    if (index >= m_points.size()
        || (index > 0 && t - double(m_points.at(index - 1).time) <= double(m_points.at(index).time) - t))
        --index;
    // Inside a long gap the nearest snapshot can be off screen: no crosshair there.
    const double px = xOf(double(m_points.at(index).time), plot);
    if (px < plot.left() - 1 || px > plot.right() + 1)
        return -1;
    return index;
}

// ---- text ----

QString SnapshotChart::formatCents(qint64 micros)
{
    const bool negative = micros < 0;
    // Integer rounding: doubles would print 45.229999 for some exact micro-dollar values.
    const qint64 hundredths = (std::abs(micros) + 50) / 100;   // 0.01 cent = 100 micro-dollars
    QString text = QString::number(hundredths / 100);
    const qint64 fraction = hundredths % 100;
    if (fraction % 10 != 0)
        text += QLatin1Char('.') + QString::number(fraction).rightJustified(2, QLatin1Char('0'));
    else if (fraction != 0)
        text += QLatin1Char('.') + QString::number(fraction / 10);
    return (negative ? QStringLiteral("-") : QString()) + text + QChar(0xA2);
}

QString SnapshotChart::formatContracts(qint64 centi)
{
    const bool negative = centi < 0;
    const qint64 magnitude = std::abs(centi);
    QString text = groupThousands(magnitude / 100);
    if (magnitude % 100 != 0)
        text += QLatin1Char('.') + QString::number(magnitude % 100).rightJustified(2, QLatin1Char('0'));
    return (negative ? QStringLiteral("-") : QString()) + text;
}

QList<qint64> SnapshotChart::timeTicks(qint64 from, qint64 to, double pixelWidth, double minSpacingPx)
{
    QList<qint64> ticks;
    generateTimeTicks(chooseTimeStep(double(to - from), pixelWidth, minSpacingPx), from, to, ticks);
    return ticks;
}

QString SnapshotChart::placeholderText() const
{
    if (m_ticker.isEmpty())
        return tr("No market selected. Choose a market to see its price history.");
    if (m_points.isEmpty())
        return tr("No snapshots yet for %1. Snapshots appear once collection runs.").arg(m_ticker);
    return {};
}

QList<QPair<QString, QString>> SnapshotChart::summaryRows(int index) const
{
    QList<QPair<QString, QString>> rows;
    if (index < 0 || index >= m_points.size())
        return rows;
    const ChartPoint &p = m_points.at(index);
    const QString none = QStringLiteral("\u2014");
    rows.append({QDateTime::fromSecsSinceEpoch(p.time).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 QString()});
    if (p.yesBid && p.yesAsk && !hasQuote(p)) {
        rows.append({tr("Yes bid"), tr("no quote")});
        rows.append({tr("Yes ask"), tr("no quote")});
    } else {
        rows.append({tr("Yes bid"), p.yesBid ? formatCents(*p.yesBid) : none});
        rows.append({tr("Yes ask"), p.yesAsk ? formatCents(*p.yesAsk) : none});
    }
    rows.append({tr("Last price"), p.lastPrice ? formatCents(*p.lastPrice) : none});
    const std::optional<qint64> delta = volumeDeltaAt(index);
    rows.append({tr("Volume"), delta ? formatContracts(*delta) : none});
    if (p.volume)
        rows.append({tr("Total volume"), formatContracts(*p.volume)});
    return rows;
}

QStringList SnapshotChart::pointSummary(int index) const
{
    QStringList lines;
    for (const auto &[label, value] : summaryRows(index))
        lines.append(value.isEmpty() ? label : label + QStringLiteral(": ") + value);
    return lines;
}

// ---- colors ----

bool SnapshotChart::isDark() const
{
    return palette().color(QPalette::Base).lightness() < 128;
}

QColor SnapshotChart::bandColor() const
{
    return isDark() ? QColor(96, 165, 250, 84) : QColor(37, 99, 235, 56);
}

QColor SnapshotChart::lastPriceColor() const
{
    return isDark() ? QColor(251, 146, 60) : QColor(217, 70, 0);
}

QColor SnapshotChart::volumeColor() const
{
    return isDark() ? QColor(148, 163, 184, 210) : QColor(100, 116, 139, 200);
}

// ---- interaction ----

void SnapshotChart::setHovered(int index)
{
    if (index == m_hovered)
        return;
    m_hovered = index;
    Q_EMIT hoveredPointChanged(index);
    update();
}

void SnapshotChart::refreshHover()
{
    if (m_mouseInside && !m_points.isEmpty())
        setHovered(nearestIndex(int(std::floor(m_mousePos.x()))));
    else
        setHovered(-1);
}

void SnapshotChart::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (m_points.size() < 2 || steps == 0) {
        event->ignore();
        return;
    }
    const QRectF plot = plotRect();
    const double x = std::clamp(event->position().x(), plot.left(), plot.right());
    zoomAround(timeAtX(x), std::pow(kWheelZoomPerStep, steps));
    event->accept();
}

void SnapshotChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_points.isEmpty()) {
        m_dragging = true;
        m_dragOrigin = event->position();
        m_dragViewStart = m_viewStart;
        m_dragViewEnd = m_viewEnd;
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void SnapshotChart::mouseMoveEvent(QMouseEvent *event)
{
    const Layout l = layout();
    m_mousePos = event->position();
    if (m_dragging) {
        const double secondsPerPixel = (m_dragViewEnd - m_dragViewStart) / l.price.width();
        const double shift = -(m_mousePos.x() - m_dragOrigin.x()) * secondsPerPixel;
        if (!m_showingAll || shift != 0)
            setView(m_dragViewStart + shift, m_dragViewEnd + shift);
    }
    m_mouseInside = m_mousePos.x() >= l.price.left() && m_mousePos.x() <= l.price.right()
                 && m_mousePos.y() >= l.price.top() && m_mousePos.y() <= l.volume.bottom();
    refreshHover();
    update();
}

void SnapshotChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        setCursor(Qt::CrossCursor);
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void SnapshotChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}

void SnapshotChart::keyPressEvent(QKeyEvent *event)
{
    const double span = m_viewEnd - m_viewStart;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomOut();
        break;
    case Qt::Key_Left:
        panBy(-span * 0.1);
        break;
    case Qt::Key_Right:
        panBy(span * 0.1);
        break;
    case Qt::Key_Home:
        resetZoom();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SnapshotChart::leaveEvent(QEvent *event)
{
    m_mouseInside = false;
    setHovered(-1);
    update();
    QWidget::leaveEvent(event);
}

void SnapshotChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
        update();
    QWidget::changeEvent(event);
}

// ---- painting ----

void SnapshotChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.window());
    const Layout l = layout();
    m_lastPrimitiveCount = 0;
    paintHeader(p, l);

    const QString placeholder = placeholderText();
    // The empty plot frame keeps the layout stable when data arrives.
    if (!placeholder.isEmpty()) {
        const QRectF area = l.price.united(l.volume);
        p.fillRect(area, pal.base());
        p.setPen(withAlpha(pal.color(QPalette::Mid), 160));
        p.drawRect(area.adjusted(0.5, 0.5, -0.5, -0.5));
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area.adjusted(24, 0, -24, 0), Qt::AlignCenter | Qt::TextWordWrap, placeholder);
        return;
    }

    ensurePriceRange();
    p.fillRect(l.price, pal.base());
    p.fillRect(l.volume, pal.base());
    const auto [first, last] = visibleIndexRange();
    paintGaps(p, l, first, last);
    paintPriceGrid(p, l);
    paintTimeGrid(p, l);

    p.save();
    p.setClipRect(l.price);
    p.setRenderHint(QPainter::Antialiasing);
    paintBand(p, l.price, first, last);
    paintLine(p, l.price, first, last);
    p.restore();

    p.save();
    p.setClipRect(l.volume);
    paintVolume(p, l.volume, first, last);
    p.restore();

    p.setPen(withAlpha(pal.color(QPalette::WindowText), 70));
    p.setBrush(Qt::NoBrush);
    p.drawRect(l.price.adjusted(-0.5, -0.5, 0.5, 0.5));
    p.drawRect(l.volume.adjusted(-0.5, -0.5, 0.5, 0.5));

    paintCrosshair(p, l);
}

void SnapshotChart::paintHeader(QPainter &p, const Layout &l)
{
    const QPalette &pal = palette();
    const QFontMetricsF fm(font());
    const double left = l.price.left();
    double x = left;
    const double titleBaseline = 6 + fm.ascent();

    if (!m_ticker.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QPointF(x, titleBaseline), m_ticker);
        x += QFontMetricsF(bold).horizontalAdvance(m_ticker) + fm.horizontalAdvance(QStringLiteral("  "));
        p.setFont(font());
        const double room = l.price.right() - x;
        if (!m_title.isEmpty() && room > 20)
            p.drawText(QPointF(x, titleBaseline), fm.elidedText(m_title, Qt::ElideRight, room));
    }
    if (m_points.isEmpty())
        return;

    const QFont small = smallFont();
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const double legendMiddle = 6 + fm.height() + 4 + sfm.height() / 2;
    const double baseline = legendMiddle - sfm.height() / 2 + sfm.ascent();
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 200);
    x = left;
    auto label = [&](const QString &s) {
        p.setPen(text);
        p.drawText(QPointF(x, baseline), s);
        x += sfm.horizontalAdvance(s) + 18;
    };

    p.setRenderHint(QPainter::Antialiasing);
    QColor band = bandColor();
    p.setPen(withAlpha(band, std::min(255, band.alpha() * 3)));
    p.setBrush(band);
    p.drawRect(QRectF(x, legendMiddle - 5, 18, 10));
    x += 24;
    // Split so that lupdate does not read "\u2013a" as a single escape.
    label(tr("Yes bid\u2013" "ask"));

    p.setPen(QPen(lastPriceColor(), 2));
    p.drawLine(QPointF(x, legendMiddle), QPointF(x + 18, legendMiddle));
    x += 24;
    label(tr("Last price"));

    p.setPen(Qt::NoPen);
    p.setBrush(volumeColor());
    p.drawRect(QRectF(x + 2, legendMiddle - 2, 4, 7));
    p.drawRect(QRectF(x + 8, legendMiddle - 5, 4, 10));
    p.drawRect(QRectF(x + 14, legendMiddle - 1, 4, 6));
    x += 24;
    label(tr("Volume (contracts)"));
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setBrush(Qt::NoBrush);

    QString status = m_points.size() == 1 ? tr("1 snapshot") : tr("%1 snapshots").arg(m_points.size());
    if (!m_showingAll)
        status += tr(" \u00b7 zoomed, double-click to show all");
    const double statusWidth = sfm.horizontalAdvance(status);
    if (l.price.right() - statusWidth > x) {
        p.setPen(withAlpha(pal.color(QPalette::WindowText), 130));
        p.drawText(QPointF(l.price.right() - statusWidth, baseline), status);
    }
}

void SnapshotChart::paintPriceGrid(QPainter &p, const Layout &l)
{
    const QPalette &pal = palette();
    const QRectF &plot = l.price;
    const QFont small = smallFont();
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const double span = double(m_priceMax - m_priceMin);
    const double wanted = std::max(2.0, plot.height() / (sfm.height() * 2.6));
    const qint64 step = niceStep(span / wanted, 100);
    const QColor grid = withAlpha(pal.color(QPalette::WindowText), isDark() ? 40 : 28);
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 185);
    for (qint64 tick = (m_priceMin + step - 1) / step * step; tick <= m_priceMax; tick += step) {
        const double y = std::round(yOf(double(tick), plot)) + 0.5;
        if (y < plot.top() || y > plot.bottom() + 1)
            continue;
        p.setPen(grid);
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(text);
        const QRectF labelRect(0, y - sfm.height() / 2, plot.left() - 6, sfm.height());
        p.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, formatCents(tick));
    }
}

void SnapshotChart::paintTimeGrid(QPainter &p, const Layout &l)
{
    const QPalette &pal = palette();
    const QRectF &plot = l.price;
    const QFont small = smallFont();
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const double minSpacing = sfm.horizontalAdvance(QStringLiteral("00:00:00")) + 22;
    const qint64 from = qint64(std::ceil(m_viewStart));
    const qint64 to = qint64(std::floor(m_viewEnd));
    const TimeStep &step = chooseTimeStep(m_viewEnd - m_viewStart, plot.width(), minSpacing);
    QList<qint64> ticks;
    generateTimeTicks(step, from, to, ticks);

    const QColor grid = withAlpha(pal.color(QPalette::WindowText), isDark() ? 40 : 28);
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 185);
    const QColor context = withAlpha(pal.color(QPalette::WindowText), 135);
    QString primaryFormat;
    switch (step.unit) {
    case TimeUnit::Second: primaryFormat = QStringLiteral("HH:mm:ss"); break;
    case TimeUnit::Minute:
    case TimeUnit::Hour: primaryFormat = QStringLiteral("HH:mm"); break;
    case TimeUnit::Day:
    case TimeUnit::Week: primaryFormat = QStringLiteral("d MMM"); break;
    case TimeUnit::Month: primaryFormat = QStringLiteral("MMM"); break;
    case TimeUnit::Year: primaryFormat = QStringLiteral("yyyy"); break;
    }
    // Sub-day ticks name the date under the first tick and under each new day; longer steps the year.
    const bool subDay = step.unit == TimeUnit::Second || step.unit == TimeUnit::Minute
                     || step.unit == TimeUnit::Hour;
    const QLocale locale;
    const double primaryY = l.timeAxis.top() + 4;
    const double contextY = primaryY + sfm.height();
    double primaryRight = -1e9;
    double contextRight = -1e9;
    QDate previousDate;

    for (const qint64 tick : ticks) {
        const double x = std::round(xOf(double(tick), plot)) + 0.5;
        if (x < plot.left() || x > plot.right() + 1)
            continue;
        p.setPen(grid);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.drawLine(QPointF(x, l.volume.top()), QPointF(x, l.volume.bottom()));
        p.drawLine(QPointF(x, l.volume.bottom()), QPointF(x, l.volume.bottom() + 3));

        const QDateTime local = QDateTime::fromSecsSinceEpoch(tick);
        const QString primary = locale.toString(local, primaryFormat);
        const double pw = sfm.horizontalAdvance(primary);
        const double px = std::clamp(x - pw / 2, 0.0, width() - pw);
        if (px > primaryRight + 6) {
            p.setPen(text);
            p.drawText(QPointF(px, primaryY + sfm.ascent()), primary);
            primaryRight = px + pw;
        }

        QString contextText;
        const QDate date = local.date();
        if (subDay) {
            if (!previousDate.isValid() || date != previousDate)
                contextText = locale.toString(date, previousDate.isValid() ? QStringLiteral("ddd d MMM")
                                                                           : QStringLiteral("ddd d MMM yyyy"));
        } else if (step.unit != TimeUnit::Year) {
            if (!previousDate.isValid() || date.year() != previousDate.year())
                contextText = QString::number(date.year());
        }
        previousDate = date;
        if (!contextText.isEmpty()) {
            const double cw = sfm.horizontalAdvance(contextText);
            const double cx = std::clamp(x - cw / 2, 0.0, width() - cw);
            if (cx > contextRight + 8) {
                p.setPen(context);
                p.drawText(QPointF(cx, contextY + sfm.ascent()), contextText);
                contextRight = cx + cw;
            }
        }
    }
}

void SnapshotChart::paintGaps(QPainter &p, const Layout &l, int first, int last)
{
    const QPalette &pal = palette();
    const QColor shade = withAlpha(pal.color(QPalette::WindowText), isDark() ? 14 : 10);
    const QFont small = smallFont();
    const QFontMetricsF sfm(small);
    const QString label = tr("no data");
    const double labelWidth = sfm.horizontalAdvance(label);
    p.setFont(small);
    for (int i = std::max(1, first); i < last; ++i) {
        if (!m_gapBefore[size_t(i)])
            continue;
        const double x0 = std::max(l.price.left(), xOf(double(m_points.at(i - 1).time), l.price));
        const double x1 = std::min(l.price.right(), xOf(double(m_points.at(i).time), l.price));
        if (x1 - x0 < 1)
            continue;
        p.fillRect(QRectF(x0, l.price.top(), x1 - x0, l.price.height()), shade);
        p.fillRect(QRectF(x0, l.volume.top(), x1 - x0, l.volume.height()), shade);
        if (x1 - x0 > labelWidth + 12) {
            p.setPen(withAlpha(pal.color(QPalette::WindowText), 120));
            p.drawText(QRectF(x0, l.price.top() + 4, x1 - x0, sfm.height()), Qt::AlignCenter, label);
        }
    }
}

void SnapshotChart::paintBand(QPainter &p, const QRectF &plot, int first, int last)
{
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const QColor fill = bandColor();
    const QColor background = palette().color(QPalette::Base);
    const QColor edge = blend(withAlpha(fill, std::min(255, fill.alpha() * 3)), background);
    // Device columns worth filling: the clip would drop the rest, but only after they were built.
    const qint64 minColumn = qint64(std::floor(plot.left() * dpr)) - 1;
    const qint64 maxColumn = qint64(std::ceil(plot.right() * dpr)) + 1;
    QPen edgePen(edge, 1.0);
    edgePen.setCosmetic(true);
    edgePen.setCapStyle(Qt::FlatCap);
    m_upper.clear();
    m_lower.clear();
    m_bandRects.clear();
    m_edges.clear();

    bool open = false;
    qint64 columnKey = 0;
    double columnX = 0;
    double columnTop = 0;
    double columnBottom = 0;
    auto flushColumn = [&] {
        if (!open)
            return;
        m_upper.emplace_back(columnX, columnTop);
        m_lower.emplace_back(columnX, columnBottom);
        open = false;
    };
    // The fill is one rectangle per device-pixel column, interpolated between the outline's
    // vertices: the raster engine fills those far faster than an antialiased polygon, and no
    // pixel is blended twice.
    auto endSegment = [&] {
        flushColumn();
        const size_t count = m_upper.size();
        if (count == 1) {
            const QPointF top = m_upper.front();
            m_bandRects.emplace_back(top.x() - 1, top.y(), 2, std::max(1.0, m_lower.front().y() - top.y()));
        } else if (count > 1) {
            for (size_t k = 0; k + 1 < count; ++k) {
                const double x0 = m_upper[k].x();
                const double x1 = m_upper[k + 1].x();
                qint64 c0 = qint64(std::ceil(x0 * dpr - 0.5));
                qint64 c1 = qint64(std::ceil(x1 * dpr - 0.5)) - (k + 2 < count ? 1 : 0);
                c0 = std::max(c0, minColumn);
                c1 = std::min(c1, maxColumn);
                for (qint64 c = c0; c <= c1; ++c) {
                    const double xc = (double(c) + 0.5) / dpr;
                    const double t = x1 > x0 ? std::clamp((xc - x0) / (x1 - x0), 0.0, 1.0) : 0.0;
                    const double top = m_upper[k].y() + t * (m_upper[k + 1].y() - m_upper[k].y());
                    const double bottom = m_lower[k].y() + t * (m_lower[k + 1].y() - m_lower[k].y());
                    m_bandRects.emplace_back(double(c) / dpr, top, 1.0 / dpr, std::max(0.0, bottom - top));
                }
            }
            for (size_t k = 0; k + 1 < count; ++k) {
                m_edges.emplace_back(m_upper[k], m_upper[k + 1]);
                m_edges.emplace_back(m_lower[k], m_lower[k + 1]);
            }
        }
        m_upper.clear();
        m_lower.clear();
    };

    for (int i = first; i < last; ++i) {
        const ChartPoint &point = m_points.at(i);
        if (m_gapBefore[size_t(i)])
            endSegment();
        if (!hasQuote(point)) {
            endSegment();
            continue;
        }
        const double x = xOf(double(point.time), plot);
        const double yAsk = yOf(double(std::max(*point.yesBid, *point.yesAsk)), plot);
        const double yBid = yOf(double(std::min(*point.yesBid, *point.yesAsk)), plot);
        // Decimation: the column keeps the envelope of the quotes that fall into it.
        const qint64 key = qint64(std::floor(x * dpr));
        if (open && key == columnKey) {
            columnTop = std::min(columnTop, yAsk);
            columnBottom = std::max(columnBottom, yBid);
        } else {
            flushColumn();
            open = true;
            columnKey = key;
            columnX = x;
            columnTop = yAsk;
            columnBottom = yBid;
        }
    }
    endSegment();

    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRects(m_bandRects.data(), int(m_bandRects.size()));
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(edgePen);
    p.drawLines(m_edges.data(), int(m_edges.size()));
    m_lastPrimitiveCount += int(m_bandRects.size() + m_edges.size());
}

void SnapshotChart::paintLine(QPainter &p, const QRectF &plot, int first, int last)
{
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const QColor color = lastPriceColor();
    // Separate segments, not one polyline: QStroker joins a long wide polyline in far more than
    // linear time, and square caps close the joins of an opaque line just as well.
    QPen pen(color, 1.8);
    pen.setCapStyle(Qt::SquareCap);
    m_segments.clear();
    m_dots.clear();

    bool open = false;
    bool hasPrevious = false;
    int columnsInSegment = 0;
    qint64 columnKey = 0;
    double columnX = 0;
    double firstY = 0;
    double minY = 0;
    double maxY = 0;
    double lastY = 0;
    QPointF previous;
    auto flushColumn = [&] {
        if (!open)
            return;
        if (hasPrevious)
            m_segments.emplace_back(previous, QPointF(columnX, firstY));
        if (maxY > minY)
            m_segments.emplace_back(columnX, minY, columnX, maxY);
        previous = QPointF(columnX, lastY);
        hasPrevious = true;
        ++columnsInSegment;
        open = false;
    };
    auto endSegment = [&] {
        flushColumn();
        if (columnsInSegment == 1 && !(maxY > minY))
            m_dots.push_back(previous);
        hasPrevious = false;
        columnsInSegment = 0;
    };

    for (int i = first; i < last; ++i) {
        const ChartPoint &point = m_points.at(i);
        if (m_gapBefore[size_t(i)])
            endSegment();
        if (!point.lastPrice) {
            endSegment();
            continue;
        }
        const double x = xOf(double(point.time), plot);
        const double y = yOf(double(*point.lastPrice), plot);
        // Decimation: first, min, max and last of the column keep every spike visible.
        const qint64 key = qint64(std::floor(x * dpr));
        if (open && key == columnKey) {
            minY = std::min(minY, y);
            maxY = std::max(maxY, y);
            lastY = y;
        } else {
            flushColumn();
            open = true;
            columnKey = key;
            columnX = x;
            firstY = minY = maxY = lastY = y;
        }
    }
    endSegment();

    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(pen);
    p.drawLines(m_segments.data(), int(m_segments.size()));
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    for (const QPointF &dot : m_dots)
        p.drawEllipse(dot, 2.0, 2.0);
    p.setBrush(Qt::NoBrush);
    m_lastPrimitiveCount += int(m_segments.size() + m_dots.size());
}

void SnapshotChart::paintVolume(QPainter &p, const QRectF &pane, int first, int last)
{
    const QPalette &pal = palette();
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const double span = m_viewEnd - m_viewStart;
    const double spacingPx = span > 0 ? double(m_medianSpacing) * pane.width() / span : 0;
    // Dense bars touch (no gap would survive at 1-2 px); sparse ones keep air between them.
    const double barWidth = spacingPx >= 3 ? std::min(spacingPx * 0.7, 14.0) : std::max(1.0 / dpr, spacingPx);
    m_bars.clear();

    qint64 columnKey = std::numeric_limits<qint64>::min();
    double maxValue = 0;
    for (int i = first; i < last; ++i) {
        const qint64 delta = m_volumeDelta[size_t(i)];
        if (delta <= 0)
            continue;
        // Points sharing a device column add up: the bar is the volume traded in that slice of time.
        const double x = xOf(double(m_points.at(i).time), pane);
        const qint64 key = qint64(std::floor(x * dpr));
        if (!m_bars.empty() && key == columnKey) {
            m_bars.back().setHeight(m_bars.back().height() + double(delta));
        } else {
            columnKey = key;
            m_bars.emplace_back(x - barWidth / 2, 0, barWidth, double(delta));
        }
        maxValue = std::max(maxValue, m_bars.back().height());
    }

    const QFont small = smallFont();
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 185);
    if (m_bars.empty()) {
        p.setPen(withAlpha(pal.color(QPalette::WindowText), 110));
        p.drawText(pane, Qt::AlignCenter, tr("No traded volume in view"));
        return;
    }
    const qint64 top = niceStep(maxValue, 1);
    const QColor grid = withAlpha(pal.color(QPalette::WindowText), isDark() ? 40 : 28);
    const double usable = pane.height() - 3;
    for (const qint64 tick : {top / 2, top}) {
        const double y = std::round(pane.bottom() - double(tick) / double(top) * usable) + 0.5;
        p.setPen(grid);
        p.drawLine(QPointF(pane.left(), y), QPointF(pane.right(), y));
        p.setClipping(false);
        p.setPen(text);
        p.drawText(QRectF(0, y - sfm.height() / 2, pane.left() - 6, sfm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, compactContracts(tick));
        p.setClipRect(pane);
    }
    for (QRectF &bar : m_bars) {
        const double h = std::max(1.0 / dpr, bar.height() / double(top) * usable);
        bar = QRectF(bar.x(), pane.bottom() - h, bar.width(), h);
    }
    p.setPen(Qt::NoPen);
    p.setBrush(volumeColor());
    p.drawRects(m_bars.data(), int(m_bars.size()));
    p.setBrush(Qt::NoBrush);
    m_lastPrimitiveCount += int(m_bars.size());
}

void SnapshotChart::paintCrosshair(QPainter &p, const Layout &l)
{
    if (m_hovered < 0 || m_hovered >= m_points.size())
        return;
    const QPalette &pal = palette();
    const ChartPoint &point = m_points.at(m_hovered);
    const double x = std::round(xOf(double(point.time), l.price)) + 0.5;
    const QColor lineColor = withAlpha(pal.color(QPalette::WindowText), 120);
    QPen dashed(lineColor, 1, Qt::DashLine);
    p.setPen(dashed);
    p.drawLine(QPointF(x, l.price.top()), QPointF(x, l.price.bottom()));
    p.drawLine(QPointF(x, l.volume.top()), QPointF(x, l.volume.bottom()));

    const QFont small = smallFont();
    const QFontMetricsF sfm(small);
    p.setFont(small);
    if (m_mouseInside && l.price.contains(m_mousePos)) {
        const double y = std::round(m_mousePos.y()) + 0.5;
        p.setPen(dashed);
        p.drawLine(QPointF(l.price.left(), y), QPointF(l.price.right(), y));
        const qint64 price = m_priceMin
                           + qint64(double(m_priceMax - m_priceMin) * (l.price.bottom() - y) / l.price.height());
        const QString label = formatCents(price);
        const QRectF box(1, y - sfm.height() / 2 - 1, l.price.left() - 3, sfm.height() + 2);
        p.fillRect(box, pal.color(QPalette::WindowText));
        p.setPen(pal.color(QPalette::Window));
        p.drawText(box.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, label);
    }

    p.setRenderHint(QPainter::Antialiasing);
    auto dot = [&](std::optional<qint64> value, const QColor &color) {
        if (!value)
            return;
        p.setPen(QPen(pal.color(QPalette::Base), 1.5));
        p.setBrush(color);
        p.drawEllipse(QPointF(x, yOf(double(*value), l.price)), 3.5, 3.5);
    };
    if (hasQuote(point)) {
        const QColor edge = withAlpha(bandColor(), 255);
        dot(point.yesBid, edge);
        dot(point.yesAsk, edge);
    }
    dot(point.lastPrice, lastPriceColor());
    p.setBrush(Qt::NoBrush);

    const QList<QPair<QString, QString>> rows = summaryRows(m_hovered);
    QFont bold = small;
    bold.setBold(true);
    const QFontMetricsF bfm(bold);
    double labelWidth = 0;
    double valueWidth = 0;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        labelWidth = std::max(labelWidth, sfm.horizontalAdvance(rows.at(i).first));
        valueWidth = std::max(valueWidth, sfm.horizontalAdvance(rows.at(i).second));
    }
    const double pad = 7;
    const double rowHeight = sfm.height() + 1;
    const double boxWidth = std::max(bfm.horizontalAdvance(rows.at(0).first), labelWidth + 14 + valueWidth) + 2 * pad;
    const double boxHeight = rowHeight * double(rows.size()) + 2 * pad;
    double bx = x + 12;
    if (bx + boxWidth > l.price.right() - 2)
        bx = x - 12 - boxWidth;
    bx = std::max(bx, 2.0);
    double by = l.price.top() + 8;
    if (m_mouseInside && m_mousePos.y() < by + boxHeight + 12 && m_mousePos.y() < l.price.bottom()
        && l.price.top() + boxHeight + 40 < l.price.bottom())
        by = std::min(l.price.bottom() - boxHeight - 8, m_mousePos.y() + 16);
    const QRectF box(bx, by, boxWidth, boxHeight);
    p.setPen(withAlpha(pal.color(QPalette::ToolTipText), 90));
    p.setBrush(withAlpha(pal.color(QPalette::ToolTipBase), 238));
    p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);

    double y = by + pad + sfm.ascent();
    p.setPen(pal.color(QPalette::ToolTipText));
    p.setFont(bold);
    p.drawText(QPointF(bx + pad, y), rows.at(0).first);
    p.setFont(small);
    for (qsizetype i = 1; i < rows.size(); ++i) {
        y += rowHeight;
        p.setPen(withAlpha(pal.color(QPalette::ToolTipText), 170));
        p.drawText(QPointF(bx + pad, y), rows.at(i).first);
        p.setPen(pal.color(QPalette::ToolTipText));
        const double vw = sfm.horizontalAdvance(rows.at(i).second);
        p.drawText(QPointF(bx + boxWidth - pad - vw, y), rows.at(i).second);
    }
}
