#pragma once

#include "chart/chartaxis.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QLineF>
#include <QLocale>
#include <QPalette>
#include <QPointF>
#include <QRectF>

#include <vector>

class ChartData;
class ChartHistory;
class ChartViewport;
class QPainter;

// Where the parts of a chart go, in widget coordinates. price and volume are the rectangles the
// data maps to; the frames around them are a little larger, so that the first and last points,
// their dots and half-bars are drawn whole.
struct ChartLayout
{
    QRectF header;
    QRectF price;
    QRectF volume;
    QRectF priceFrame;
    QRectF volumeFrame;
    QRectF timeAxis;
};

// What the painter takes from the widget: its palette, fonts and series colors.
struct ChartStyle
{
    QPalette palette;
    QFont font;
    QFont smallFont;
    bool dark = false;
    QColor band;
    QColor lastPrice;
    QColor volume;
    QColor history; // Kalshi's candlestick history behind the snapshots
    double widgetWidth = 0;
    QLocale locale;
    ChartAxis::PriceUnit unit = ChartAxis::PriceUnit::Cents;
};

// Paints the panes of a chart below its header: gaps, grids and axis labels, the bid/ask band,
// the last price and the volume bars. Used in the GUI thread by SnapshotChart's paintEvent.
//
// Painting walks only the given index range and merges points that share a device-pixel column,
// so the cost of a paint is bounded by the plot width, not by the number of points. The buffers
// are reused between paints so that painting allocates nothing once they have grown.
class ChartPainter final
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotChart)

public:
    ChartPainter(const ChartData &data, const ChartViewport &view);

    void paintGaps(QPainter &p, const ChartLayout &l, const ChartStyle &s, int first, int last);
    void paintPriceGrid(QPainter &p, const ChartLayout &l, const ChartStyle &s);
    void paintTimeGrid(QPainter &p, const ChartLayout &l, const ChartStyle &s);
    void paintBand(QPainter &p, const QRectF &plot, const ChartStyle &s, int first, int last);
    void paintLine(QPainter &p, const QRectF &plot, const ChartStyle &s, int first, int last);
    // Kalshi's history of the trade price as steps through each pixel column's close, over the
    // column's low-high range as a faint vertical stroke: at most 3 lines per column.
    void paintHistory(QPainter &p, const QRectF &plot, const ChartStyle &s, const ChartHistory &history);
    void paintVolume(QPainter &p, const ChartLayout &l, const ChartStyle &s, int first, int last);

    // Primitives handed to QPainter since the last reset: at most 6 per device-pixel column of the
    // plot (2 band edges, 1 band column, 2 line segments, 1 bar) plus isolated dots.
    void resetPrimitiveCount() { m_primitiveCount = 0; }
    int primitiveCount() const { return m_primitiveCount; }
    // Volume bars of the last paint cut at the top of the pane (spikes above the scale).
    int clippedBarCount() const { return m_clippedBars; }

    static QColor withAlpha(QColor color, int alpha);
    // The opaque color of a translucent one drawn over an opaque background.
    static QColor blend(QColor top, QColor background);

private:
    const ChartData &m_data;
    const ChartViewport &m_view;

    std::vector<QPointF> m_upper;
    std::vector<QPointF> m_lower;
    std::vector<QRectF> m_bandRects;
    std::vector<QLineF> m_edges;
    std::vector<QLineF> m_segments;
    std::vector<QPointF> m_dots;
    std::vector<QRectF> m_bars;
    std::vector<QRectF> m_clipMarks;
    std::vector<double> m_heights;
    int m_primitiveCount = 0;
    int m_clippedBars = 0;
};
