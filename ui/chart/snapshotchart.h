#pragma once

#include "chart/chartdata.h"
#include "chart/charthistory.h"
#include "chart/chartpainter.h"
#include "chart/chartviewport.h"

#include <QColor>
#include <QFont>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <optional>

class QImage;
class QPainter;

// Price history of one market drawn with QPainter: the yes bid/ask band, the last price line and
// the per-snapshot volume bars below them, on a shared local-time axis. Lives in the GUI thread and
// never touches the database: the caller feeds it value types.
//
// The widget is the input and the header, legend and crosshair; the points and what is derived
// from them are a ChartData, zoom, pan and mapping a ChartViewport, the panes a ChartPainter, the
// header and crosshair a ChartOverlay.
class SnapshotChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotChart)

public:
    explicit SnapshotChart(QWidget *parent = nullptr);
    ~SnapshotChart() override;

    // A different ticker drops the points of the previous market.
    void setMarket(const QString &ticker, const QString &title);
    QString ticker() const { return m_ticker; }
    QString marketTitle() const { return m_title; }

    // Replaces all points (sorted here when they are not) and shows everything.
    void setPoints(QList<ChartPoint> points);
    // Adds newer snapshots. A view that shows everything, or whose right edge is at the latest
    // point, follows the new data; any other zoom is kept as it is.
    void appendPoints(const QList<ChartPoint> &points);
    // Kalshi's candlestick history of the market (periodMinutes each), drawn behind the snapshots
    // in a color of its own; the time axis covers both. Replaces any earlier history.
    void setHistory(QList<HistoryPoint> points, int periodMinutes);
    int historyCount() const { return m_history.size(); }
    const ChartHistory &history() const { return m_history; }
    // Forgets the market and its points.
    void clear();

    // A gap (band and line break) is an interval between consecutive snapshots longer than this.
    // seconds <= 0 restores the automatic threshold: 3x the median spacing of the data.
    void setGapThreshold(qint64 seconds);
    qint64 gapThreshold() const { return m_data.gapThreshold(); }

    // Shows the whole 0..100 cent range instead of scaling to the visible data.
    void setFullPriceRange(bool full);
    bool fullPriceRange() const { return m_fullPriceRange; }

    // Shows [from, to] (Unix seconds), clamped to the data; used by tests and by callers that
    // restore a saved view.
    void setVisibleTimeRange(qint64 from, qint64 to);

    QPair<qint64, qint64> visibleTimeRange() const;
    QPair<qint64, qint64> visiblePriceRange() const; // micro-dollars
    QRectF plotRect() const; // price pane
    QRectF volumeRect() const; // volume pane, same left/right as plotRect
    int pointCount() const { return m_data.size(); }
    const ChartPoint &pointAt(int index) const { return m_data.at(index); }
    const ChartData &data() const { return m_data; }
    QPointF mapToWidget(qint64 time, qint64 price) const;
    double timeAtX(double x) const;
    // Index of the snapshot nearest in time to widget x, or -1 outside the plot or without data.
    int nearestIndex(int x) const;
    int hoveredIndex() const { return m_hovered; }
    bool isFollowingLatest() const;
    bool isShowingAll() const { return m_view.isShowingAll(); }

    // Traded volume in centi-contracts between point index-1 and index: the difference of the
    // cumulative volume, clamped at 0 when the counter goes back. None for the first point, for a
    // point after a gap (the difference spans unknown time) and when either volume is missing.
    std::optional<qint64> volumeDeltaAt(int index) const { return m_data.volumeDeltaAt(index); }
    // True when the interval before point index exceeds the gap threshold.
    bool isGapBefore(int index) const { return m_data.isGapBefore(index); }
    // Both sides present and not the empty book (bid 0, ask $1), which is no quote rather than 50%.
    // A one-sided book (bid 0 or ask $1 alone) still draws: the band then reaches the axis edge.
    static bool hasQuote(const ChartPoint &point) { return ChartData::hasQuote(point); }

    // "45¢", "45.23¢", "0.1¢": micro-dollars as cents with up to 2 decimals, in US English.
    static QString formatCents(qint64 micros);
    // "3,877.56": centi-contracts as contracts.
    static QString formatContracts(qint64 centi);
    // Tick times in [from, to] aligned to local-time boundaries (whole minutes, hours, midnights,
    // first of month...), spaced so that each label gets at least minSpacingPx of pixelWidth.
    static QList<qint64> timeTicks(qint64 from, qint64 to, double pixelWidth, double minSpacingPx);

    // The text shown instead of a chart, or empty while there is something to draw.
    QString placeholderText() const;
    // Replaces the text shown while the market has no snapshots (e.g. why a settled market has
    // none); empty restores the default. A different market or clear() resets it.
    void setEmptyText(const QString &text);

    // Prices in cents or as probability (%).
    void setPriceUnit(ChartAxis::PriceUnit unit);
    ChartAxis::PriceUnit priceUnit() const { return m_priceUnit; }

    // The chart as it shows now, without the crosshair, for export.
    QImage renderImage();
    // The visible snapshots as CSV (ChartData::csv).
    QString visibleCsv() const;
    // Volume bars of the last paint cut at the top of the pane (spikes above the scale).
    int clippedBarCount() const { return m_painter.clippedBarCount(); }
    // The crosshair box text for a point, one line per entry.
    QStringList pointSummary(int index) const;

    QColor bandColor() const; // with alpha; drawn over palette Base
    QColor lastPriceColor() const;
    QColor volumeColor() const;
    QColor historyColor() const;

    // Lines, rectangles and dots of the band, the last price and the volume handed to QPainter by
    // the last paint: at most 6 per device-pixel column of the plot (2 band edges, 1 band column,
    // 2 line segments, 1 bar) plus isolated dots, however many snapshots are visible.
    int lastPaintPrimitiveCount() const { return m_painter.primitiveCount(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void resetZoom();
    void zoomIn();
    void zoomOut();

Q_SIGNALS:
    void hoveredPointChanged(int index);
    void visibleTimeRangeChanged(qint64 from, qint64 to);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    ChartLayout layout() const;
    ChartStyle style() const;
    void dataChanged();
    void showAll();
    void setView(double start, double end);
    void zoomAround(double anchorTime, double factor);
    void panBy(double seconds);
    void viewChanged(bool changed);
    void setHovered(int index);
    void ensurePriceRange() const;
    QFont smallFont() const;
    bool isDark() const;
    QList<QPair<QString, QString>> summaryRows(int index) const;
    void refreshHover();

    void catchUp();

    QString m_ticker;
    QString m_title;
    QString m_emptyText;
    ChartAxis::PriceUnit m_priceUnit = ChartAxis::PriceUnit::Cents;
    ChartData m_data;
    ChartHistory m_history;
    bool m_fullPriceRange = false;
    // mutable: the price scale follows the view and is computed lazily by const accessors.
    mutable ChartViewport m_view;
    mutable bool m_priceRangeValid = false;
    ChartPainter m_painter;

    int m_hovered = -1;
    QPointF m_mousePos;
    bool m_mouseInside = false;
    bool m_dragging = false;
    QPointF m_dragOrigin;
    double m_dragViewStart = 0;
    double m_dragViewEnd = 0;
    // New points arrived while the cursor was over a view that follows them.
    bool m_catchUpPending = false;
    double m_catchUpEnd = 0;
    bool m_exporting = false;
};
