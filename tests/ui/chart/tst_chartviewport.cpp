// ChartViewport without any widget: the window inside the data's extent, zoom around an anchor,
// pan, following the latest point, and the mapping between times/prices and pixels.
#include "chart/chartviewport.h"
#include "testsupport.h"

#include <cmath>

class TstChartViewport : public QObject
{
    Q_OBJECT

private:
    static ChartViewport viewport(qint64 first = 1000, qint64 last = 11000, int count = 100)
    {
        ChartViewport view;
        view.setExtent(first, last, count);
        view.showAll();
        return view;
    }

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void showAllCoversTheExtent()
    {
        ChartViewport view;
        QVERIFY(!view.showAll()); // nothing to show: stays at 0..0
        QVERIFY(view.isFollowingLatest());
        view.setExtent(1000, 11000, 100);
        QVERIFY(view.showAll());
        QCOMPARE(view.timeRange(), qMakePair(qint64(1000), qint64(11000)));
        QVERIFY(view.isShowingAll());
        QVERIFY(!view.showAll());

        // One snapshot still gets a non-empty axis, centred on it.
        view.setExtent(5000, 5000, 1);
        view.showAll();
        QCOMPARE(view.timeRange(), qMakePair(qint64(4995), qint64(5005)));
        // ... and cannot be zoomed.
        view.setView(4999, 5001);
        QVERIFY(view.isShowingAll());
    }

    void setViewClampsIntoTheExtent()
    {
        ChartViewport view = viewport();
        QVERIFY(view.setView(2000, 4000));
        QVERIFY(!view.isShowingAll());
        QCOMPARE(view.timeRange(), qMakePair(qint64(2000), qint64(4000)));
        QVERIFY(!view.setView(2000, 4000));
        view.setView(-5000, -3000); // before the data: slides in, keeps the span
        QCOMPARE(view.timeRange(), qMakePair(qint64(1000), qint64(3000)));
        view.setView(20000, 22000);
        QCOMPARE(view.timeRange(), qMakePair(qint64(9000), qint64(11000)));
        view.setView(5000, 5001); // narrower than the minimum span
        QCOMPARE(view.span(), ChartViewport::kMinSpan);
        view.setView(0, 50000); // wider than everything: back to showing all
        QVERIFY(view.isShowingAll());
        QCOMPARE(view.timeRange(), qMakePair(qint64(1000), qint64(11000)));
    }

    void zoomKeepsTheAnchor_data()
    {
        QTest::addColumn<double>("anchor");
        QTest::newRow("left quarter") << 3500.0;
        QTest::newRow("middle") << 6000.0;
        QTest::newRow("right edge") << 11000.0;
    }

    void zoomKeepsTheAnchor()
    {
        QFETCH(double, anchor);
        ChartViewport view = viewport();
        const QRectF plot(50, 20, 700, 300);
        const double x = view.xOf(anchor, plot);
        QVERIFY(view.zoomAround(anchor, ChartViewport::kZoomStep));
        QVERIFY(std::abs(view.span() - 10000 * ChartViewport::kZoomStep) < 1e-6);
        QVERIFY(std::abs(view.xOf(anchor, plot) - x) < 1e-6);
        QVERIFY(view.start() >= 1000 && view.end() <= 11000);
        // Zooming back out past everything shows all again.
        view.zoomAround(anchor, 10);
        QVERIFY(view.isShowingAll());
    }

    void panStaysInside()
    {
        ChartViewport view = viewport();
        QVERIFY(!view.panBy(500)); // showing all: nothing to pan
        view.setView(4000, 6000);
        QVERIFY(view.panBy(-500));
        QCOMPARE(view.timeRange(), qMakePair(qint64(3500), qint64(5500)));
        view.panBy(-100000);
        QCOMPARE(view.timeRange(), qMakePair(qint64(1000), qint64(3000)));
        QVERIFY(!view.panBy(-10)); // already at the start
    }

    void followsLatest()
    {
        ChartViewport view = viewport();
        QVERIFY(view.isFollowingLatest());
        view.setView(9000, 11000);
        QVERIFY(view.isFollowingLatest());
        view.setView(5000, 7000);
        QVERIFY(!view.isFollowingLatest());
        // New data further right: a window at the old end no longer follows.
        view.setView(9000, 11000);
        view.setExtent(1000, 12000, 110);
        QVERIFY(!view.isFollowingLatest());
    }

    void mapping()
    {
        ChartViewport view = viewport();
        view.setPriceRange(200000, 600000);
        const QRectF plot(50, 20, 700, 300);
        QCOMPARE(view.xOf(1000, plot), 50.0);
        QCOMPARE(view.xOf(11000, plot), 750.0);
        QCOMPARE(view.timeAtX(400, plot), 6000.0);
        QCOMPARE(view.yOf(200000, plot), 320.0);
        QCOMPARE(view.yOf(600000, plot), 20.0);
        QCOMPARE(view.priceAtY(170, plot), 400000.0);
        QCOMPARE(view.map(6000, 400000, plot), QPointF(400, 170));
        // A degenerate range maps to the middle instead of dividing by zero.
        view.setPriceRange(5, 5);
        QCOMPARE(view.yOf(5, plot), plot.center().y());
    }
};

KM_TEST_GUILESS_MAIN(TstChartViewport)
#include "tst_chartviewport.moc"
