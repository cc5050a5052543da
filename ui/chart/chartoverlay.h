#pragma once

#include "chart/chartdata.h"
#include "chart/chartpainter.h"

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QString>

class ChartViewport;
class QPainter;

// What SnapshotChart draws around and over its panes: the header (ticker, title, legend, snapshot
// count) and the crosshair with its box of values. Stateless; used in the GUI thread by paintEvent.
class ChartOverlay final
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotChart)

public:
    struct Header
    {
        QString ticker;
        QString title;
        int pointCount = 0;
        bool zoomed = false;
        int historyCount = 0; // Kalshi's candles behind the snapshots
        int historyPeriodMinutes = 0;
    };

    struct Crosshair
    {
        const ChartPoint &point;
        QList<QPair<QString, QString>> rows; // the first is the time, in bold
        QPointF mouse;
        bool mouseInside = false;
    };

    static void paintHeader(QPainter &p, const ChartLayout &l, const ChartStyle &s, const Header &h);
    static void paintCrosshair(QPainter &p, const ChartLayout &l, const ChartStyle &s,
        const ChartViewport &view, const Crosshair &c);
};
