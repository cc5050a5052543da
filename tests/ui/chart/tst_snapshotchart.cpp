#include <QApplication>

#include "chart/snapshotchart.h"
#include "chartsamples.h"
#include "testsupport.h"

#include <QDateTime>
#include <QImage>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <cmath>

namespace {

constexpr int kWidth = 800;
constexpr int kHeight = 480;

int colorDistance(QColor a, QColor b)
{
    return std::max(
        {std::abs(a.red() - b.red()), std::abs(a.green() - b.green()), std::abs(a.blue() - b.blue())});
}

// A translucent color composed over an opaque background, as QPainter's SourceOver does.
QColor over(QColor top, QColor background)
{
    const double a = top.alphaF();
    auto mix = [a](int t, int b) { return int(std::lround(a * t + (1 - a) * b)); };
    return QColor(mix(top.red(), background.red()), mix(top.green(), background.green()),
        mix(top.blue(), background.blue()));
}

// Share of the pixels of column x between y0 and y1 (exclusive of excluded rows) that show the band.
double bandShare(const QImage &image, int x, int y0, int y1, QColor band, int skipAroundY = -1000)
{
    int total = 0;
    int matching = 0;
    for (int y = std::max(0, y0); y <= std::min(image.height() - 1, y1); ++y) {
        if (std::abs(y - skipAroundY) <= 3)
            continue;
        ++total;
        if (colorDistance(image.pixelColor(x, y), band) <= 8)
            ++matching;
    }
    return total == 0 ? 0.0 : double(matching) / total;
}

// Best band share over columns x-1..x+1: one of them is clear of any vertical grid line.
double bestBandShare(const QImage &image, int x, int y0, int y1, QColor band, int skipAroundY = -1000)
{
    double best = 0;
    for (int dx = -1; dx <= 1; ++dx)
        best = std::max(best, bandShare(image, x + dx, y0, y1, band, skipAroundY));
    return best;
}

int countNear(const QImage &image, QRect area, QColor color, int tolerance)
{
    int count = 0;
    area = area.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (colorDistance(image.pixelColor(x, y), color) <= tolerance)
                ++count;
        }
    }
    return count;
}

// A plain mouse move without buttons (QTest::mouseMove only moves the cursor then).
void hover(QWidget *widget, QPoint pos)
{
    QMouseEvent event(
        QEvent::MouseMove, pos, widget->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

void sendWheel(QWidget *widget, QPointF pos, int angle)
{
    QWheelEvent event(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, angle), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

ChartPoint point(qint64 time, std::optional<qint64> bid, std::optional<qint64> ask,
    std::optional<qint64> last, std::optional<qint64> volume)
{
    ChartPoint p;
    p.time = time;
    p.yesBid = bid;
    p.yesAsk = ask;
    p.lastPrice = last;
    p.volume = volume;
    return p;
}

} // namespace

class TstSnapshotChart : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SnapshotChart> makeChart(const QList<ChartPoint> &points, bool show = false)
    {
        auto chart = std::make_unique<SnapshotChart>();
        chart->resize(kWidth, kHeight);
        chart->setMarket(QStringLiteral("KXTEST-25NOV27"), QStringLiteral("Test market"));
        chart->setPoints(points);
        if (show) {
            chart->show();
            if (!QTest::qWaitForWindowExposed(chart.get()))
                qWarning("window not exposed");
        }
        return chart;
    }

    static QColor bandPixel(const SnapshotChart &chart)
    {
        return over(chart.bandColor(), chart.palette().color(QPalette::Base));
    }

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void formatCents_data()
    {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<QString>("text");
        QTest::newRow("whole") << qint64(450000) << QStringLiteral("45\u00a2");
        QTest::newRow("two decimals") << qint64(452300) << QStringLiteral("45.23\u00a2");
        QTest::newRow("one decimal") << qint64(451000) << QStringLiteral("45.1\u00a2");
        QTest::newRow("sub-penny tick") << qint64(1000) << QStringLiteral("0.1\u00a2");
        QTest::newRow("hundredth") << qint64(100) << QStringLiteral("0.01\u00a2");
        QTest::newRow("leading zero in fraction") << qint64(450500) << QStringLiteral("45.05\u00a2");
        QTest::newRow("rounds to 2 decimals") << qint64(123456) << QStringLiteral("12.35\u00a2");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0\u00a2");
        QTest::newRow("dollar") << qint64(1000000) << QStringLiteral("100\u00a2");
        QTest::newRow("negative") << qint64(-10000) << QStringLiteral("-1\u00a2");
    }

    void formatCents()
    {
        QFETCH(qint64, micros);
        QFETCH(QString, text);
        QCOMPARE(SnapshotChart::formatCents(micros), text);
    }

    void formatContracts_data()
    {
        QTest::addColumn<qint64>("centi");
        QTest::addColumn<QString>("text");
        QTest::newRow("fractional") << qint64(387756) << QStringLiteral("3,877.56");
        QTest::newRow("whole") << qint64(1200) << QStringLiteral("12");
        QTest::newRow("leading zero") << qint64(105) << QStringLiteral("1.05");
        QTest::newRow("millions") << qint64(123456700) << QStringLiteral("1,234,567");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0");
    }

    void formatContracts()
    {
        QFETCH(qint64, centi);
        QFETCH(QString, text);
        QCOMPARE(SnapshotChart::formatContracts(centi), text);
    }

    void volumeDelta_data()
    {
        QTest::addColumn<QList<qint64>>("times");
        QTest::addColumn<QList<qint64>>("cumulative"); // -1 = missing
        QTest::addColumn<QList<qint64>>("expected"); // -1 = no bar
        QTest::newRow("growing") << QList<qint64>{0, 60, 120, 180} << QList<qint64>{100, 150, 150, 400}
                                 << QList<qint64>{-1, 50, 0, 250};
        QTest::newRow("counter goes back")
            << QList<qint64>{0, 60, 120} << QList<qint64>{500, 300, 350} << QList<qint64>{-1, 0, 50};
        QTest::newRow("missing volume") << QList<qint64>{0, 60, 120, 180} << QList<qint64>{100, -1, 200, 260}
                                        << QList<qint64>{-1, -1, -1, 60};
        QTest::newRow("after a gap") << QList<qint64>{0, 60, 120, 1200, 1260}
                                     << QList<qint64>{100, 110, 120, 900, 905}
                                     << QList<qint64>{-1, 10, 10, -1, 5};
    }

    void volumeDelta()
    {
        QFETCH(QList<qint64>, times);
        QFETCH(QList<qint64>, cumulative);
        QFETCH(QList<qint64>, expected);
        QList<ChartPoint> points;
        for (qsizetype i = 0; i < times.size(); ++i)
            points.append(point(times.at(i), 400000, 420000, 410000,
                cumulative.at(i) < 0 ? std::nullopt : std::optional<qint64>(cumulative.at(i))));
        SnapshotChart chart;
        chart.setPoints(points);
        for (int i = 0; i < int(expected.size()); ++i) {
            const std::optional<qint64> delta = chart.volumeDeltaAt(i);
            QCOMPARE(delta.has_value(), expected.at(i) >= 0);
            if (delta)
                QCOMPARE(*delta, expected.at(i));
        }
    }

    void sortsUnsortedInput()
    {
        QList<ChartPoint> points = ChartSamples::regular(5);
        std::swap(points[1], points[3]);
        SnapshotChart chart;
        chart.setPoints(points);
        QCOMPARE(chart.pointCount(), 5);
        for (int i = 1; i < chart.pointCount(); ++i)
            QVERIFY(chart.pointAt(i - 1).time < chart.pointAt(i).time);
    }

    void gapThreshold()
    {
        QList<ChartPoint> points = ChartSamples::regular(20);
        for (qsizetype i = 10; i < points.size(); ++i)
            points[i].time += 540; // interval 9 -> 10 is 600 s, ten times the spacing
        SnapshotChart chart;
        chart.setPoints(points);
        QCOMPARE(chart.gapThreshold(), qint64(180));
        for (int i = 0; i < chart.pointCount(); ++i)
            QCOMPARE(chart.isGapBefore(i), i == 10);

        chart.setGapThreshold(1000);
        QCOMPARE(chart.gapThreshold(), qint64(1000));
        QVERIFY(!chart.isGapBefore(10));
        chart.setGapThreshold(30);
        QVERIFY(chart.isGapBefore(1));
        chart.setGapThreshold(0);
        QCOMPARE(chart.gapThreshold(), qint64(180));
        QVERIFY(chart.isGapBefore(10));
    }

    void placeholder()
    {
        SnapshotChart chart;
        chart.resize(kWidth, kHeight);
        QVERIFY(!chart.placeholderText().isEmpty());
        chart.setMarket(QStringLiteral("KXABC-1"), QStringLiteral("Some market"));
        QCOMPARE(chart.placeholderText(),
            QStringLiteral("No snapshots yet for KXABC-1. Snapshots appear once collection runs."));
        const QImage empty = chart.grab().toImage();
        // Nothing of the chart is drawn without data.
        QCOMPARE(countNear(empty, chart.plotRect().toRect(), bandPixel(chart), 8), 0);
        chart.setPoints(ChartSamples::regular(10));
        QVERIFY(chart.placeholderText().isEmpty());
        chart.setMarket(QStringLiteral("KXOTHER-2"), QStringLiteral("Another market"));
        QCOMPARE(chart.pointCount(), 0);
        QVERIFY(chart.placeholderText().contains(QStringLiteral("KXOTHER-2")));
        chart.setPoints(ChartSamples::regular(10));
        chart.clear();
        QCOMPARE(chart.pointCount(), 0);
        QVERIFY(chart.ticker().isEmpty());
    }

    void rendersBandAndLine()
    {
        const QList<ChartPoint> points = ChartSamples::regular(61);
        const auto chart = makeChart(points);
        const QImage image = chart->grab().toImage();
        const ChartPoint &middle = points.at(31); // last price 42.2¢: off the ripple's centre
        const QPointF ask = chart->mapToWidget(middle.time, *middle.yesAsk);
        const QPointF bid = chart->mapToWidget(middle.time, *middle.yesBid);
        const QPointF last = chart->mapToWidget(middle.time, *middle.lastPrice);
        QVERIFY(ask.y() + 20 < bid.y());
        const int x = int(ask.x());
        const QColor band = bandPixel(*chart);
        QVERIFY2(bestBandShare(image, x, int(ask.y()) + 3, int(bid.y()) - 3, band, int(last.y())) > 0.8,
            "band color between bid and ask");
        // Above the ask and below the bid there is no band.
        QCOMPARE(bestBandShare(image, x, int(chart->plotRect().top()) + 2, int(ask.y()) - 4, band), 0.0);
        QCOMPARE(bestBandShare(image, x, int(bid.y()) + 4, int(chart->plotRect().bottom()) - 2, band), 0.0);

        const QColor line = chart->lastPriceColor();
        QVERIFY(countNear(image, QRect(x - 1, int(last.y()) - 1, 3, 3), line, 40) > 0);
        // Control: halfway between the line and the ask there is no line color.
        const int clear = int((last.y() + ask.y()) / 2);
        QCOMPARE(countNear(image, QRect(x - 1, clear - 1, 3, 3), line, 40), 0);

        // The volume pane shows bars of the volume color.
        const QRectF volume = chart->volumeRect();
        QVERIFY(countNear(image, volume.adjusted(2, 2, -2, -2).toRect(),
                    over(chart->volumeColor(), chart->palette().color(QPalette::Base)), 8)
            > 100);
    }

    void plottedExtentMatchesPlotRect()
    {
        const QList<ChartPoint> points = ChartSamples::realistic();
        const auto chart = makeChart(points);
        chart->setVisibleTimeRange(points.at(100).time, points.at(200).time);
        chart->resetZoom();
        const QRectF plot = chart->plotRect();
        QVERIFY(plot.width() > kWidth / 2);
        QCOMPARE(chart->visibleTimeRange(), qMakePair(points.constFirst().time, points.constLast().time));
        QCOMPARE(chart->mapToWidget(points.constFirst().time, 500000).x(), plot.left());
        QCOMPARE(chart->mapToWidget(points.constLast().time, 500000).x(), plot.right());

        // Every plotted price is inside the plot, with some padding around the extremes.
        qint64 low = 1000000;
        qint64 high = 0;
        for (const ChartPoint &p : points) {
            if (SnapshotChart::hasQuote(p)) {
                low = std::min(low, *p.yesBid);
                high = std::max(high, *p.yesAsk);
            }
            low = std::min(low, *p.lastPrice);
            high = std::max(high, *p.lastPrice);
        }
        const double yHigh = chart->mapToWidget(points.constFirst().time, high).y();
        const double yLow = chart->mapToWidget(points.constFirst().time, low).y();
        QVERIFY(yHigh > plot.top() + 2);
        QVERIFY(yLow < plot.bottom() - 2);
        // ... and the data fills most of the height (auto-scaled, not 0..100).
        QVERIFY((yLow - yHigh) > plot.height() * 0.75);
    }

    void priceRange()
    {
        const auto chart = makeChart(ChartSamples::regular(30));
        const auto range = chart->visiblePriceRange();
        QVERIFY(range.first < 400000 && range.first > 350000);
        QVERIFY(range.second > 440000 && range.second < 490000);
        chart->setFullPriceRange(true);
        QCOMPARE(chart->visiblePriceRange(), qMakePair(qint64(0), qint64(1000000)));
        chart->setFullPriceRange(false);
        QCOMPARE(chart->visiblePriceRange(), range);

        // A flat market still gets a readable range around its price.
        QList<ChartPoint> flat;
        for (int i = 0; i < 10; ++i)
            flat.append(point(1000 + i * 60, std::nullopt, std::nullopt, 995000, std::nullopt));
        chart->setPoints(flat);
        const auto flatRange = chart->visiblePriceRange();
        QVERIFY(flatRange.first < 995000 && flatRange.second > 995000);
        QVERIFY(flatRange.second <= 1000000);
    }

    void wheelZoomsAroundCursor_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::newRow("left quarter") << 0.25;
        QTest::newRow("middle") << 0.5;
        QTest::newRow("right edge") << 1.0;
    }

    void wheelZoomsAroundCursor()
    {
        QFETCH(double, fraction);
        const QList<ChartPoint> points = ChartSamples::regular(500);
        const auto chart = makeChart(points, true);
        const QRectF plot = chart->plotRect();
        const auto before = chart->visibleTimeRange();
        const QPointF cursor(plot.left() + fraction * plot.width(), plot.center().y());
        const double anchor = chart->timeAtX(cursor.x());

        sendWheel(chart.get(), cursor, 120);
        const auto after = chart->visibleTimeRange();
        QVERIFY(after.second - after.first < before.second - before.first);
        QVERIFY(after.first >= before.first && after.second <= before.second);
        QVERIFY(std::abs(chart->timeAtX(cursor.x()) - anchor) <= 1.0);
        QVERIFY(!chart->isFollowingLatest() || fraction == 1.0);

        sendWheel(chart.get(), cursor, 240);
        const auto further = chart->visibleTimeRange();
        QVERIFY(further.second - further.first < after.second - after.first);
        QVERIFY(std::abs(chart->timeAtX(cursor.x()) - anchor) <= 1.0);

        // Zooming out past everything shows everything.
        sendWheel(chart.get(), cursor, -1200);
        QCOMPARE(chart->visibleTimeRange(), before);
    }

    void dragPans()
    {
        const QList<ChartPoint> points = ChartSamples::regular(500);
        const auto chart = makeChart(points, true);
        const QRectF plot = chart->plotRect();
        chart->setVisibleTimeRange(points.at(200).time, points.at(300).time);
        const auto before = chart->visibleTimeRange();
        const double secondsPerPixel = double(before.second - before.first) / plot.width();

        const QPoint start = plot.center().toPoint();
        QTest::mousePress(chart.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(chart.get(), start + QPoint(-50, 0));
        QTest::mouseMove(chart.get(), start + QPoint(-100, 5));
        QTest::mouseRelease(chart.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(-100, 5));
        const auto after = chart->visibleTimeRange();
        QCOMPARE(after.second - after.first, before.second - before.first);
        QVERIFY(std::abs(double(after.first - before.first) - 100 * secondsPerPixel) <= 1.0);

        // Dragging right goes back in time; a move without a button no longer pans.
        QTest::mousePress(chart.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(chart.get(), start + QPoint(200, 0));
        QTest::mouseRelease(chart.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(200, 0));
        const auto back = chart->visibleTimeRange();
        QVERIFY(std::abs(double(after.first - back.first) - 200 * secondsPerPixel) <= 1.0);
        hover(chart.get(), start + QPoint(-300, 0));
        QCOMPARE(chart->visibleTimeRange(), back);

        // Panning stops at the data.
        QTest::mousePress(chart.get(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(chart.get(), start + QPoint(int(plot.width()) * 10, 0));
        QTest::mouseRelease(
            chart.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(int(plot.width()) * 10, 0));
        QCOMPARE(chart->visibleTimeRange().first, points.constFirst().time);
    }

    void resetRestoresFullRange_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("double-click") << QStringLiteral("double-click");
        QTest::newRow("Home key") << QStringLiteral("home");
        QTest::newRow("slot") << QStringLiteral("slot");
    }

    void resetRestoresFullRange()
    {
        QFETCH(QString, how);
        const QList<ChartPoint> points = ChartSamples::regular(300);
        const auto chart = makeChart(points, true);
        const auto full = chart->visibleTimeRange();
        QCOMPARE(full, qMakePair(points.constFirst().time, points.constLast().time));
        sendWheel(chart.get(), chart->plotRect().center(), 360);
        QVERIFY(chart->visibleTimeRange() != full);
        QSignalSpy rangeSpy(chart.get(), &SnapshotChart::visibleTimeRangeChanged);
        if (how == QLatin1String("double-click"))
            QTest::mouseDClick(
                chart.get(), Qt::LeftButton, Qt::NoModifier, chart->plotRect().center().toPoint());
        else if (how == QLatin1String("home"))
            QTest::keyClick(chart.get(), Qt::Key_Home);
        else
            QMetaObject::invokeMethod(chart.get(), "resetZoom");
        QCOMPARE(chart->visibleTimeRange(), full);
        QCOMPARE(rangeSpy.count(), 1);
        QCOMPARE(rangeSpy.at(0).at(0).toLongLong(), full.first);
        QCOMPARE(rangeSpy.at(0).at(1).toLongLong(), full.second);
    }

    void keyboardZoomAndPan()
    {
        const QList<ChartPoint> points = ChartSamples::regular(300);
        const auto chart = makeChart(points, true);
        const auto full = chart->visibleTimeRange();
        QTest::keyClick(chart.get(), Qt::Key_Plus);
        const auto zoomed = chart->visibleTimeRange();
        QVERIFY(zoomed.second - zoomed.first < full.second - full.first);
        QVERIFY(std::abs((zoomed.first + zoomed.second) - (full.first + full.second)) <= 2);
        QTest::keyClick(chart.get(), Qt::Key_Left);
        const auto left = chart->visibleTimeRange();
        QVERIFY(left.first < zoomed.first);
        QCOMPARE(left.second - left.first, zoomed.second - zoomed.first);
        QTest::keyClick(chart.get(), Qt::Key_Right);
        QTest::keyClick(chart.get(), Qt::Key_Right);
        QVERIFY(chart->visibleTimeRange().first > zoomed.first);
        QTest::keyClick(chart.get(), Qt::Key_Minus);
        QTest::keyClick(chart.get(), Qt::Key_Minus);
        QCOMPARE(chart->visibleTimeRange(), full);
    }

    // Kalshi's history behind the snapshots: a year of minutes is reduced to pixel columns, yet a
    // single minute's spike still shows, and the paint costs per column, not per candle.
    void historyDrawsEveryColumnsExtremes()
    {
        const qint64 t0 = 1790000000;
        const int minutes = 525600;
        const int spikeAt = 262800;
        QList<HistoryPoint> history;
        history.reserve(minutes);
        for (int i = 0; i < minutes; ++i) {
            HistoryPoint point;
            point.time = t0 + 60 * qint64(i);
            point.close = 300000 + (i % 50) * 100;
            history.append(point);
        }
        history[spikeAt].high = 900000; // traded at 90 cents within the minute, closed as before
        history[spikeAt].low = history[spikeAt].close;
        const auto chart = makeChart({});
        chart->setHistory(history, 1);
        QCOMPARE(chart->historyCount(), minutes);
        QVERIFY(chart->placeholderText().isEmpty());
        QCOMPARE(chart->visibleTimeRange().second, t0 + 60 * qint64(minutes - 1));
        QVERIFY(chart->visiblePriceRange().second >= 900000);

        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotRect();
        QColor faint = chart->historyColor();
        faint.setAlpha(faint.alpha() / 2);
        const QColor drawn = over(faint, chart->palette().color(QPalette::Base));
        const QPointF spike = chart->mapToWidget(history.at(spikeAt).time, 880000);
        QVERIFY(countNear(image, QRect(int(spike.x()) - 1, int(spike.y()) - 1, 3, 3), drawn, 12) > 0);
        // Nothing else reaches that height.
        QCOMPARE(countNear(image,
                     QRect(int(plot.left()) + 2, int(spike.y()) - 1, int(spike.x() - plot.left()) - 8, 3),
                     drawn, 12),
            0);
        QVERIFY2(chart->lastPaintPrimitiveCount() <= 3 * int(std::ceil(plot.width())) + 3,
            qPrintable(QString::number(chart->lastPaintPrimitiveCount())));
    }

    void gapLeavesColumnWithoutBand()
    {
        QList<ChartPoint> points = ChartSamples::regular(60);
        for (qsizetype i = 30; i < points.size(); ++i)
            points[i].time += 540; // one 600 s interval among 60 s ones
        const auto chart = makeChart(points);
        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotRect();
        const QColor band = bandPixel(*chart);
        const double gapMiddle = (points.at(29).time + points.at(30).time) / 2.0;
        const int gapX = int(chart->mapToWidget(qint64(gapMiddle), 0).x());
        const double gapWidth
            = chart->mapToWidget(points.at(30).time, 0).x() - chart->mapToWidget(points.at(29).time, 0).x();
        QVERIFY(gapWidth > 40);
        for (int dx = -2; dx <= 2; ++dx) {
            QCOMPARE(bandShare(image, gapX + dx, int(plot.top()) + 1, int(plot.bottom()) - 1, band), 0.0);
            QCOMPARE(countNear(image, QRect(gapX + dx, int(plot.top()) + 1, 1, int(plot.height()) - 2),
                         chart->lastPriceColor(), 40),
                0);
        }
        // Control: the middle of a regular interval is covered.
        const double normalMiddle = (points.at(10).time + points.at(11).time) / 2.0;
        const int normalX = int(chart->mapToWidget(qint64(normalMiddle), 0).x());
        const int askY = int(chart->mapToWidget(points.at(10).time, *points.at(10).yesAsk).y());
        const int bidY = int(chart->mapToWidget(points.at(10).time, *points.at(10).yesBid).y());
        const int lastY = int(chart->mapToWidget(points.at(10).time, 420000).y());
        QVERIFY(bestBandShare(image, normalX, askY + 3, bidY - 3, band, lastY) > 0.8);
    }

    void missingValuesBreakTheLine()
    {
        QList<ChartPoint> points = ChartSamples::regular(60);
        for (int i = 28; i <= 32; ++i) {
            points[i].lastPrice.reset();
            points[i].yesAsk.reset();
        }
        const auto chart = makeChart(points);
        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotRect();
        const int x = int(chart->mapToWidget(points.at(30).time, 0).x());
        QCOMPARE(bandShare(image, x, int(plot.top()) + 1, int(plot.bottom()) - 1, bandPixel(*chart)), 0.0);
        QCOMPARE(countNear(image, QRect(x - 1, int(plot.top()) + 1, 3, int(plot.height()) - 2),
                     chart->lastPriceColor(), 40),
            0);
    }

    void emptyBookDrawsNoBand()
    {
        QList<ChartPoint> points = ChartSamples::regular(60);
        for (int i = 20; i < 40; ++i) {
            points[i].yesBid = 0;
            points[i].yesAsk = 1000000;
        }
        const auto chart = makeChart(points);
        // The empty book does not stretch the scale to 0..100.
        const auto range = chart->visiblePriceRange();
        QVERIFY(range.first > 300000);
        QVERIFY(range.second < 550000);

        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotRect();
        const QColor band = bandPixel(*chart);
        const int emptyX = int(chart->mapToWidget(points.at(30).time, 0).x());
        QCOMPARE(bestBandShare(image, emptyX, int(plot.top()) + 1, int(plot.bottom()) - 1, band), 0.0);
        // The last price still draws there.
        const int lastY = int(chart->mapToWidget(points.at(30).time, *points.at(30).lastPrice).y());
        QVERIFY(countNear(image, QRect(emptyX - 1, lastY - 1, 3, 3), chart->lastPriceColor(), 40) > 0);
        // Control: a quoted point has the band.
        const int x = int(chart->mapToWidget(points.at(10).time, 0).x());
        const int askY = int(chart->mapToWidget(points.at(10).time, 440000).y());
        const int bidY = int(chart->mapToWidget(points.at(10).time, 400000).y());
        const int quotedLastY = int(chart->mapToWidget(points.at(10).time, *points.at(10).lastPrice).y());
        QVERIFY(bestBandShare(image, x, askY + 3, bidY - 3, band, quotedLastY) > 0.8);
        QVERIFY(chart->pointSummary(30).join(QLatin1Char('\n')).contains(QStringLiteral("no quote")));
    }

    void appendFollowsLatest()
    {
        const QList<ChartPoint> points = ChartSamples::regular(200);
        const QList<ChartPoint> more = ChartSamples::regular(20, points.constLast().time + 60);

        // Showing everything: the range grows with the data.
        auto chart = makeChart(points);
        chart->appendPoints(more);
        QCOMPARE(chart->pointCount(), 220);
        QCOMPARE(chart->visibleTimeRange(), qMakePair(points.constFirst().time, more.constLast().time));

        // Zoomed at the latest data: the window slides and keeps its span.
        chart = makeChart(points);
        chart->setVisibleTimeRange(points.at(150).time, points.constLast().time);
        QVERIFY(chart->isFollowingLatest());
        chart->appendPoints(more);
        QCOMPARE(chart->visibleTimeRange(),
            qMakePair(more.constLast().time - (points.constLast().time - points.at(150).time),
                more.constLast().time));

        // Zoomed into the past: the user's view stays.
        chart = makeChart(points);
        chart->setVisibleTimeRange(points.at(50).time, points.at(100).time);
        QVERIFY(!chart->isFollowingLatest());
        chart->appendPoints(more);
        QCOMPARE(chart->visibleTimeRange(), qMakePair(points.at(50).time, points.at(100).time));
        QCOMPARE(chart->pointCount(), 220);

        // Appending to an empty chart shows the data.
        chart = makeChart({});
        chart->appendPoints(more);
        QCOMPARE(chart->visibleTimeRange(), qMakePair(more.constFirst().time, more.constLast().time));
    }

    void crosshairEmitsNearestIndex()
    {
        const QList<ChartPoint> points = ChartSamples::regular(100);
        const auto chart = makeChart(points, true);
        QSignalSpy spy(chart.get(), &SnapshotChart::hoveredPointChanged);
        const QRectF plot = chart->plotRect();
        const double spacingPx
            = chart->mapToWidget(points.at(1).time, 0).x() - chart->mapToWidget(points.at(0).time, 0).x();
        QVERIFY(spacingPx > 6);

        const int x = int(chart->mapToWidget(points.at(42).time, 0).x() + spacingPx * 0.3);
        hover(chart.get(), QPoint(x, int(plot.center().y())));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 42);
        QCOMPARE(chart->hoveredIndex(), 42);
        QCOMPARE(chart->nearestIndex(x), 42);

        const int x2 = int(chart->mapToWidget(points.at(43).time, 0).x() - spacingPx * 0.3);
        hover(chart.get(), QPoint(x2, int(plot.center().y())));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toInt(), 43);

        // The crosshair box draws over the plot: the time label's box changes pixels near the point.
        const QImage hovered = chart->grab().toImage();
        hover(chart.get(), QPoint(int(plot.left()) - 20, int(plot.center().y())));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toInt(), -1);
        const QImage plain = chart->grab().toImage();
        QVERIFY(hovered != plain);

        QCOMPARE(chart->nearestIndex(int(plot.left()) - 20), -1);
        QCOMPARE(chart->nearestIndex(int(plot.left())), 0);
        QCOMPARE(chart->nearestIndex(int(plot.right())), 99);
    }

    void pointSummary()
    {
        QList<ChartPoint> points;
        points.append(point(1764000000, 452300, 461000, 455500, 387756));
        points.append(point(1764000060, 452300, std::nullopt, std::nullopt, 397756));
        SnapshotChart chart;
        chart.setPoints(points);
        const QStringList first = chart.pointSummary(0);
        QCOMPARE(first.at(0),
            QDateTime::fromSecsSinceEpoch(1764000000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                + QLatin1Char(' ') + ChartAxis::timeZoneLabel(1764000000));
        QVERIFY(first.contains(QStringLiteral("Yes bid: 45.23\u00a2")));
        QVERIFY(first.contains(QStringLiteral("Yes ask: 46.1\u00a2")));
        QVERIFY(first.contains(QStringLiteral("Last price: 45.55\u00a2")));
        QVERIFY(first.contains(QStringLiteral("Total volume: 3,877.56")));
        const QStringList second = chart.pointSummary(1);
        QVERIFY(second.contains(QStringLiteral("Yes ask: \u2014")));
        QVERIFY(second.contains(QStringLiteral("Volume: 100")));
    }

    void timeTicksAreAligned_data()
    {
        QTest::addColumn<qint64>("span");
        QTest::addColumn<qint64>("alignSeconds"); // ticks fall on local multiples of this (<= 1 day)
        QTest::newRow("2 minutes") << qint64(120) << qint64(5);
        QTest::newRow("1 hour") << qint64(3600) << qint64(300);
        QTest::newRow("1 day") << qint64(86400) << qint64(3600);
        QTest::newRow("30 days") << qint64(30 * 86400) << qint64(86400);
        QTest::newRow("2 years") << qint64(730 * 86400) << qint64(86400);
    }

    void timeTicksAreAligned()
    {
        QFETCH(qint64, span);
        QFETCH(qint64, alignSeconds);
        const qint64 from = 1764012345;
        const double width = 700;
        const double minSpacing = 80;
        const QList<qint64> ticks = SnapshotChart::timeTicks(from, from + span, width, minSpacing);
        QVERIFY(ticks.size() >= 2);
        QVERIFY(ticks.size() <= int(width / minSpacing) + 1);
        for (qsizetype i = 0; i < ticks.size(); ++i) {
            QVERIFY(ticks.at(i) >= from && ticks.at(i) <= from + span);
            const QTime local = QDateTime::fromSecsSinceEpoch(ticks.at(i)).time();
            QCOMPARE(local.msecsSinceStartOfDay() / 1000 % alignSeconds, 0);
            if (i > 0) {
                QVERIFY(double(ticks.at(i) - ticks.at(i - 1)) / double(span) * width >= minSpacing * 0.9);
            }
        }
    }

    void highDpiRender()
    {
        const QList<ChartPoint> points = ChartSamples::regular(61);
        const auto chart = makeChart(points);
        QImage image(chart->size() * 2, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(2);
        chart->render(&image);
        const ChartPoint &middle = points.at(31);
        const QPointF ask = chart->mapToWidget(middle.time, *middle.yesAsk) * 2;
        const QPointF bid = chart->mapToWidget(middle.time, *middle.yesBid) * 2;
        const QPointF last = chart->mapToWidget(middle.time, *middle.lastPrice) * 2;
        QVERIFY(bestBandShare(
                    image, int(ask.x()), int(ask.y()) + 5, int(bid.y()) - 5, bandPixel(*chart), int(last.y()))
            > 0.8);
        QVERIFY(
            countNear(image, QRect(int(last.x()) - 1, int(last.y()) - 1, 3, 3), chart->lastPriceColor(), 40)
            > 0);
    }

    void darkPalette()
    {
        const QList<ChartPoint> points = ChartSamples::regular(61);
        const auto chart = makeChart(points);
        const QColor lightBand = chart->bandColor();
        QPalette dark = chart->palette();
        dark.setColor(QPalette::Window, QColor(30, 30, 32));
        dark.setColor(QPalette::Base, QColor(20, 20, 22));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        chart->setPalette(dark);
        QVERIFY(chart->bandColor() != lightBand);
        const QImage image = chart->grab().toImage();
        const ChartPoint &middle = points.at(31);
        const QPointF ask = chart->mapToWidget(middle.time, *middle.yesAsk);
        // Above the band the plot shows the dark Base color.
        const QRect above(QPoint(int(chart->plotRect().left()) + 2, int(chart->plotRect().top()) + 2),
            QPoint(int(chart->plotRect().right()) - 2, int(ask.y()) - 3));
        QVERIFY(above.height() > 5);
        QVERIFY(countNear(image, above, QColor(20, 20, 22), 0) > above.width() * above.height() * 3 / 4);
        const QPointF bid = chart->mapToWidget(middle.time, *middle.yesBid);
        const QPointF last = chart->mapToWidget(middle.time, *middle.lastPrice);
        QVERIFY(bestBandShare(
                    image, int(ask.x()), int(ask.y()) + 3, int(bid.y()) - 3, bandPixel(*chart), int(last.y()))
            > 0.8);
    }

    // Paint cost is measured in the benchmarks; here only the decimation, which is deterministic.
    void manyPointsAreDecimated()
    {
        QList<ChartPoint> points = ChartSamples::realistic(100000);
        const auto chart = makeChart(points);
        QImage image(chart->size(), QImage::Format_ARGB32_Premultiplied);
        chart->render(&image);
        const int fullPrimitives = chart->lastPaintPrimitiveCount();
        const double width = chart->plotRect().width();
        // Merged per pixel column: a few primitives per column, not one per point.
        QVERIFY2(fullPrimitives <= 6 * width + 20, qPrintable(QString::number(fullPrimitives)));
        QVERIFY(fullPrimitives > width);

        chart->setVisibleTimeRange(points.at(50000).time, points.at(50300).time);
        chart->render(&image);
        const int zoomedPrimitives = chart->lastPaintPrimitiveCount();
        QVERIFY(zoomedPrimitives <= 6 * 302 + 20);
        QVERIFY(zoomedPrimitives > 0);
    }

    void realisticExampleRenders()
    {
        const QList<ChartPoint> points = ChartSamples::realistic();
        const auto chart = makeChart(points);
        QCOMPARE(chart->pointCount(), 500);
        QVERIFY(chart->isGapBefore(300));
        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotRect();
        const double outageMiddle = (points.at(299).time + points.at(300).time) / 2.0;
        const int x = int(chart->mapToWidget(qint64(outageMiddle), 0).x());
        QCOMPARE(bandShare(image, x, int(plot.top()) + 1, int(plot.bottom()) - 1, bandPixel(*chart)), 0.0);
        QCOMPARE(countNear(image, QRect(x, int(plot.top()) + 1, 1, int(plot.height()) - 2),
                     chart->lastPriceColor(), 40),
            0);
    }

    // A price holds until it changes: between two snapshots the line stays at the earlier price.
    void lastPriceIsDrawnAsSteps()
    {
        QList<ChartPoint> points;
        for (int i = 0; i < 10; ++i)
            points.append(point(
                1764000000 + i * 60, std::nullopt, std::nullopt, i < 5 ? 300000 : 600000, std::nullopt));
        const auto chart = makeChart(points);
        const QImage image = chart->grab().toImage();
        const double x4 = chart->mapToWidget(points.at(4).time, 0).x();
        const double x5 = chart->mapToWidget(points.at(5).time, 0).x();
        const int middle = int((x4 + x5) / 2);
        const int yOld = int(chart->mapToWidget(points.at(4).time, 300000).y());
        const int yHalfway = int(chart->mapToWidget(points.at(4).time, 450000).y());
        const int yNew = int(chart->mapToWidget(points.at(4).time, 600000).y());
        const QColor line = chart->lastPriceColor();
        QVERIFY(countNear(image, QRect(middle - 1, yOld - 1, 3, 3), line, 40) > 0);
        // A straight line from 30¢ to 60¢ would pass halfway here.
        QCOMPARE(countNear(image, QRect(middle - 1, yHalfway - 2, 3, 5), line, 40), 0);
        QCOMPARE(countNear(image, QRect(middle - 1, yNew - 2, 3, 5), line, 40), 0);
        // The jump is vertical, at the snapshot that changed the price.
        QVERIFY(countNear(image, QRect(int(x5) - 1, yHalfway - 1, 3, 3), line, 40) > 0);
    }

    // The first and last snapshots are drawn whole: the frame leaves room beyond them.
    void edgesArePadded()
    {
        const auto chart = makeChart(ChartSamples::regular(10));
        const QImage image = chart->grab().toImage();
        const QRectF plot = chart->plotRect();
        const QRectF volume = chart->volumeRect();
        QCOMPARE(chart->mapToWidget(chart->pointAt(9).time, 0).x(), plot.right());
        // The last volume bar is 14 px wide around plot.right(): its right half shows.
        const QColor bar = over(chart->volumeColor(), chart->palette().color(QPalette::Base));
        QVERIFY(
            countNear(image, QRect(int(plot.right()) + 2, int(volume.top()), 3, int(volume.height())), bar, 8)
            > 0);
    }

    // One spike must not flatten every other bar: it is clipped and marked.
    void volumeSpikeIsClipped()
    {
        QList<ChartPoint> points = ChartSamples::regular(40); // 10 contracts per snapshot
        for (int i = 20; i < points.size(); ++i)
            *points[i].volume += 100000; // 1,010 contracts traded at snapshot 20
        const auto chart = makeChart(points);
        const QImage image = chart->grab().toImage();
        QCOMPARE(chart->clippedBarCount(), 1);
        const QRectF volume = chart->volumeRect();
        const QColor bar = over(chart->volumeColor(), chart->palette().color(QPalette::Base));
        const int x = int(chart->mapToWidget(points.at(10).time, 0).x());
        const int barPixels = countNear(image, QRect(x, int(volume.top()), 1, int(volume.height())), bar, 8);
        QVERIFY2(barPixels > volume.height() * 0.3, qPrintable(QString::number(barPixels)));
        // The clipped bar carries a mark at the top of the pane.
        const int spikeX = int(chart->mapToWidget(points.at(20).time, 0).x());
        QVERIFY(
            countNear(image, QRect(spikeX - 2, int(volume.top()), 5, 4), chart->lastPriceColor(), 40) > 0);
        // Without a spike nothing is clipped.
        chart->setPoints(ChartSamples::regular(40));
        chart->grab();
        QCOMPARE(chart->clippedBarCount(), 0);
    }

    void followsTheLocale()
    {
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const auto restore = qScopeGuard([&] { QLocale::setDefault(previous); });
        QList<ChartPoint> points;
        points.append(point(1764000000, 452300, 461000, 455500, 387756));
        points.append(point(1764000060, 452300, 461000, 455500, 10387756));
        SnapshotChart chart;
        chart.setMarket(QStringLiteral("KXTEST"), QStringLiteral("Test"));
        chart.setPoints(points);
        const QStringList first = chart.pointSummary(0);
        QVERIFY2(first.contains(QStringLiteral("Yes bid: 45,23\u00a2")), qPrintable(first.join(u'|')));
        QVERIFY(first.contains(QStringLiteral("Total volume: 3.877,56")));
        QVERIFY(chart.pointSummary(1).contains(QStringLiteral("Volume: 100.000")));
        chart.setPriceUnit(ChartAxis::PriceUnit::Percent);
        QVERIFY(chart.pointSummary(0).contains(QStringLiteral("Yes bid: 45,23%")));
        // The axis and the crosshair are drawn with the same formatter.
        QCOMPARE(ChartAxis::formatPrice(452300, ChartAxis::PriceUnit::Cents, QLocale()),
            QStringLiteral("45,23\u00a2"));
    }

    void namesTheTimeZone()
    {
        SnapshotChart chart;
        chart.setPoints(ChartSamples::regular(3));
        const qint64 time = chart.pointAt(0).time;
        const QString zone = ChartAxis::timeZoneLabel(time);
        QVERIFY(zone.contains(QStringLiteral("UTC")));
        QVERIFY2(chart.pointSummary(0).at(0).endsWith(QLatin1Char(' ') + zone),
            qPrintable(chart.pointSummary(0).at(0)));
    }

    void switchesBetweenCentsAndPercent()
    {
        QList<ChartPoint> points = {point(1764000000, 452300, 461000, 455500, 387756)};
        SnapshotChart chart;
        chart.setPoints(points);
        QCOMPARE(chart.priceUnit(), ChartAxis::PriceUnit::Cents);
        QVERIFY(chart.pointSummary(0).contains(QStringLiteral("Last price: 45.55\u00a2")));
        chart.setPriceUnit(ChartAxis::PriceUnit::Percent);
        QVERIFY(chart.pointSummary(0).contains(QStringLiteral("Last price: 45.55%")));
        QVERIFY(chart.pointSummary(0).contains(QStringLiteral("Yes ask: 46.1%")));
    }

    // Points that arrive while the cursor is over a following view do not move what is under it.
    void viewHoldsStillUnderTheCursor()
    {
        const QList<ChartPoint> points = ChartSamples::regular(200);
        const QList<ChartPoint> more = ChartSamples::regular(20, points.constLast().time + 60);
        const auto chart = makeChart(points, true);
        const QRectF plot = chart->plotRect();
        const QPoint cursor(int(plot.center().x()), int(plot.center().y()));
        hover(chart.get(), cursor);
        const int hovered = chart->hoveredIndex();
        QVERIFY(hovered > 0);
        const auto before = chart->visibleTimeRange();
        chart->appendPoints(more);
        QCOMPARE(chart->pointCount(), 220);
        QCOMPARE(chart->visibleTimeRange(), before);
        QCOMPARE(chart->hoveredIndex(), hovered);
        // The cursor leaves: the view catches up with the new points.
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(chart.get(), &leave);
        QCOMPARE(chart->visibleTimeRange(), qMakePair(points.constFirst().time, more.constLast().time));

        // Zoomed at the latest data: the window waits too, then slides.
        chart->setVisibleTimeRange(points.at(150).time, more.constLast().time);
        hover(chart.get(), cursor);
        const auto zoomed = chart->visibleTimeRange();
        const QList<ChartPoint> evenMore = ChartSamples::regular(5, more.constLast().time + 60);
        chart->appendPoints(evenMore);
        QCOMPARE(chart->visibleTimeRange(), zoomed);
        QApplication::sendEvent(chart.get(), &leave);
        QCOMPARE(chart->visibleTimeRange().second, evenMore.constLast().time);
        QCOMPARE(
            chart->visibleTimeRange().second - chart->visibleTimeRange().first, zoomed.second - zoomed.first);
    }

    void exportsVisibleData()
    {
        const QList<ChartPoint> points = ChartSamples::regular(200);
        const auto chart = makeChart(points);
        chart->setVisibleTimeRange(points.at(50).time, points.at(100).time);
        const QStringList lines = chart->visibleCsv().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 51);
        QCOMPARE(lines.at(0),
            QStringLiteral("time_utc,local_time,yes_bid_cents,yes_ask_cents,last_price_cents,"
                           "total_volume_contracts,traded_contracts"));
        const QStringList first = lines.at(1).split(u',');
        QCOMPARE(
            first.at(0), QDateTime::fromSecsSinceEpoch(points.at(50).time, Qt::UTC).toString(Qt::ISODate));
        QCOMPARE(first.mid(2),
            (QStringList{QStringLiteral("40"), QStringLiteral("44"), QStringLiteral("42.2"),
                QStringLiteral("1500.00"), QStringLiteral("10.00")}));
        QVERIFY(lines.constLast().startsWith(
            QDateTime::fromSecsSinceEpoch(points.at(100).time, Qt::UTC).toString(Qt::ISODate)));

        const QImage image = chart->renderImage();
        QCOMPARE(image.size(), chart->size() * chart->devicePixelRatioF());
        QVERIFY(countNear(image, chart->plotRect().toRect(), bandPixel(*chart), 8) > 1000);
    }
};

KM_TEST_WIDGETS_MAIN(TstSnapshotChart)
#include "tst_snapshotchart.moc"
