#include "chart/chartviewport.h"

#include <algorithm>
#include <cmath>

void ChartViewport::setExtent(qint64 first, qint64 last, int pointCount)
{
    m_first = first;
    m_last = last;
    m_pointCount = pointCount;
}

bool ChartViewport::showAll()
{
    double start = 0;
    double end = 0;
    if (m_pointCount > 0) {
        start = double(m_first);
        end = double(m_last);
        // A single snapshot (or several at one second) still needs a non-empty axis.
        if (end - start < kMinSpan) {
            const double middle = (start + end) / 2;
            start = middle - kMinSpan / 2;
            end = middle + kMinSpan / 2;
        }
    }
    m_showingAll = true;
    const bool changed = start != m_start || end != m_end;
    m_start = start;
    m_end = end;
    return changed;
}

bool ChartViewport::setView(double start, double end)
{
    if (m_pointCount < 2)
        return showAll();
    const double first = double(m_first);
    const double last = double(m_last);
    const double fullSpan = last - first;
    const double span = std::clamp(end - start, kMinSpan, std::max(kMinSpan, fullSpan));
    // Zooming out to everything returns to the state that follows new data.
    if (span >= fullSpan)
        return showAll();
    start = std::clamp(start, first, last - span);
    end = start + span;
    const bool changed = start != m_start || end != m_end || m_showingAll;
    m_showingAll = false;
    m_start = start;
    m_end = end;
    return changed;
}

bool ChartViewport::zoomAround(double anchorTime, double factor)
{
    const double current = span();
    if (current <= 0)
        return false;
    const double fraction = std::clamp((anchorTime - m_start) / current, 0.0, 1.0);
    const double newSpan = std::max(kMinSpan, current * factor);
    const double start = anchorTime - fraction * newSpan;
    return setView(start, start + newSpan);
}

bool ChartViewport::panBy(double seconds)
{
    return !m_showingAll && setView(m_start + seconds, m_end + seconds);
}

bool ChartViewport::isFollowingLatest() const
{
    return m_pointCount == 0 || m_showingAll || m_end >= double(m_last) - 0.5;
}

QPair<qint64, qint64> ChartViewport::timeRange() const
{
    return {qint64(std::llround(m_start)), qint64(std::llround(m_end))};
}

void ChartViewport::setPriceRange(qint64 low, qint64 high)
{
    m_priceLow = low;
    m_priceHigh = high;
}

double ChartViewport::xOf(double time, const QRectF &plot) const
{
    const double s = span();
    if (s <= 0)
        return plot.center().x();
    return plot.left() + (time - m_start) / s * plot.width();
}

double ChartViewport::timeAtX(double x, const QRectF &plot) const
{
    return m_start + (x - plot.left()) / plot.width() * span();
}

double ChartViewport::yOf(double price, const QRectF &plot) const
{
    const double s = double(m_priceHigh - m_priceLow);
    if (s <= 0)
        return plot.center().y();
    return plot.bottom() - (price - double(m_priceLow)) / s * plot.height();
}

double ChartViewport::priceAtY(double y, const QRectF &plot) const
{
    return double(m_priceLow) + double(m_priceHigh - m_priceLow) * (plot.bottom() - y) / plot.height();
}
