#pragma once

#include <QPair>
#include <QPointF>
#include <QRectF>

// The visible part of a chart and its mapping to pixels: a time window [start, end] in Unix
// seconds inside the data's extent, zoom and pan that keep it there, and a price range. A value
// type without widgets (owned by SnapshotChart in the GUI thread, testable on its own).
//
// Invariant: while showing all, the window is the data's extent (at least kMinSpan wide);
// otherwise it lies inside the extent and is at least kMinSpan wide.
class ChartViewport final
{
public:
    static constexpr double kMinSpan = 10.0; // seconds
    static constexpr double kZoomStep = 0.8; // span factor of one wheel step or key press

    // The times of the first and last snapshot; pointCount < 2 allows no zoom.
    void setExtent(qint64 first, qint64 last, int pointCount);

    // Each of these returns true when the window changed.
    bool showAll();
    bool setView(double start, double end);
    // Keeps the anchor at the same fraction of the width, so that it stays under the cursor.
    bool zoomAround(double anchorTime, double factor);
    bool panBy(double seconds);

    double start() const { return m_start; }
    double end() const { return m_end; }
    double span() const { return m_end - m_start; }
    bool isShowingAll() const { return m_showingAll; }
    // Showing all, or the right edge is at the latest point (half a second of slack: the window's
    // bounds are doubles, snapshot times whole seconds).
    bool isFollowingLatest() const;
    QPair<qint64, qint64> timeRange() const;

    void setPriceRange(qint64 low, qint64 high);
    qint64 priceLow() const { return m_priceLow; }
    qint64 priceHigh() const { return m_priceHigh; }

    double xOf(double time, const QRectF &plot) const;
    double timeAtX(double x, const QRectF &plot) const;
    double yOf(double price, const QRectF &plot) const;
    double priceAtY(double y, const QRectF &plot) const;
    QPointF map(double time, double price, const QRectF &plot) const
    {
        return {xOf(time, plot), yOf(price, plot)};
    }

private:
    qint64 m_first = 0;
    qint64 m_last = 0;
    int m_pointCount = 0;
    double m_start = 0;
    double m_end = 0;
    bool m_showingAll = true;
    qint64 m_priceLow = 0;
    qint64 m_priceHigh = 1000000;
};
