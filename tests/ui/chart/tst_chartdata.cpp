// ChartData without any widget: sorting, gaps, traded volume, index lookups, the price scale and
// the volume scale's clipping.
#include "chart/chartdata.h"
#include "chart/charthistory.h"
#include "chartsamples.h"
#include "testsupport.h"

namespace {

ChartPoint point(qint64 time, std::optional<qint64> bid, std::optional<qint64> ask,
    std::optional<qint64> last, std::optional<qint64> volume = std::nullopt)
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

class TstChartData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void sortsAndReportsResort()
    {
        QList<ChartPoint> points = ChartSamples::regular(6);
        std::swap(points[1], points[4]);
        ChartData data;
        data.setPoints(points);
        for (int i = 1; i < data.size(); ++i)
            QVERIFY(data.at(i - 1).time < data.at(i).time);
        QCOMPARE(data.firstTime(), qint64(1764000000));
        QCOMPARE(data.lastTime(), qint64(1764000000 + 5 * 60));

        // Newer points keep the indices of the stored ones; an older one does not.
        QVERIFY(!data.append(ChartSamples::regular(2, data.lastTime() + 60)));
        QCOMPARE(data.size(), 8);
        QVERIFY(data.append({point(data.firstTime() - 60, 400000, 440000, 420000)}));
        QCOMPARE(data.size(), 9);
        QCOMPARE(data.at(0).time, qint64(1764000000 - 60));
        data.clear();
        QVERIFY(data.isEmpty());
        QCOMPARE(data.firstTime(), qint64(0));
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
        ChartData data;
        data.setPoints(points);
        for (int i = 0; i < int(expected.size()); ++i) {
            const std::optional<qint64> delta = data.volumeDeltaAt(i);
            QCOMPARE(delta.has_value(), expected.at(i) >= 0);
            QCOMPARE(data.rawVolumeDelta(i), expected.at(i));
            if (delta)
                QCOMPARE(*delta, expected.at(i));
        }
        QVERIFY(!data.volumeDeltaAt(-1));
        QVERIFY(!data.volumeDeltaAt(int(expected.size())));
    }

    void gapThreshold()
    {
        QList<ChartPoint> points = ChartSamples::regular(20);
        for (qsizetype i = 10; i < points.size(); ++i)
            points[i].time += 540; // interval 9 -> 10 is 600 s, ten times the spacing
        ChartData data;
        data.setPoints(points);
        QCOMPARE(data.medianSpacing(), qint64(60));
        QCOMPARE(data.gapThreshold(), qint64(180));
        for (int i = 0; i < data.size(); ++i)
            QCOMPARE(data.isGapBefore(i), i == 10);
        data.setGapThreshold(1000);
        QVERIFY(!data.isGapBefore(10));
        data.setGapThreshold(30);
        QVERIFY(data.isGapBefore(1));
        data.setGapThreshold(0);
        QCOMPARE(data.gapThreshold(), qint64(180));
        QVERIFY(!data.isGapBefore(-1));
        QVERIFY(!data.isGapBefore(data.size()));
    }

    void indexLookups()
    {
        ChartData data;
        QCOMPARE(data.nearestIndex(5), -1);
        QCOMPARE(data.indexRange(0, 100), qMakePair(0, 0));
        data.setPoints(ChartSamples::regular(10, 1000, 60)); // 1000, 1060, ..., 1540
        QCOMPARE(data.indexRange(1060, 1180), qMakePair(1, 4));
        QCOMPARE(data.indexRange(1061, 1179), qMakePair(2, 3));
        QCOMPARE(data.paintRange(1060, 1180), qMakePair(0, 5));
        QCOMPARE(data.paintRange(0, 5000), qMakePair(0, 10));
        QCOMPARE(data.nearestIndex(0), 0);
        QCOMPARE(data.nearestIndex(1089), 1);
        QCOMPARE(data.nearestIndex(1090), 1); // a tie goes to the earlier point
        QCOMPARE(data.nearestIndex(1091), 2);
        QCOMPARE(data.nearestIndex(99999), 9);
    }

    void priceRange()
    {
        ChartData data;
        QCOMPARE(data.priceRange(0, 1), qMakePair(qint64(0), ChartData::kDollar));
        data.setPoints(ChartSamples::regular(30)); // bid 40¢, ask 44¢, last 41.8-42.2¢
        const auto range = data.priceRange(data.firstTime(), data.lastTime());
        // 40..44¢ padded by 8% of the 4¢ span on each side.
        QCOMPARE(range, qMakePair(qint64(400000 - 3200), qint64(440000 + 3200)));

        // A flat market gets at least a cent; the scale stays inside 0..$1.
        QList<ChartPoint> flat;
        for (int i = 0; i < 10; ++i)
            flat.append(point(1000 + i * 60, std::nullopt, std::nullopt, 995000));
        data.setPoints(flat);
        const auto flatRange = data.priceRange(0, 5000);
        QVERIFY(flatRange.first < 995000 && flatRange.second > 995000);
        QCOMPARE(flatRange.second, ChartData::kDollar);

        // The empty book is no quote: it does not stretch the scale to 0..100.
        QList<ChartPoint> emptyBook = ChartSamples::regular(10);
        emptyBook[5].yesBid = 0;
        emptyBook[5].yesAsk = ChartData::kDollar;
        data.setPoints(emptyBook);
        QVERIFY(data.priceRange(data.firstTime(), data.lastTime()).first > 300000);

        // Zoomed into a gap (no point inside): the neighbours decide.
        QList<ChartPoint> gap = {point(1000, 200000, 220000, 210000), point(5000, 600000, 620000, 610000)};
        data.setPoints(gap);
        const auto gapRange = data.priceRange(2000, 3000);
        QVERIFY(gapRange.first < 200000 && gapRange.second > 620000);
        // Only the visible points count otherwise.
        QVERIFY(data.priceRange(4000, 6000).first > 500000);
    }

    void volumeScaleTop_data()
    {
        QTest::addColumn<QList<double>>("heights");
        QTest::addColumn<double>("top");
        QTest::newRow("none") << QList<double>{} << 0.0;
        QTest::newRow("even") << QList<double>{5, 8, 10, 7, 6} << 10.0;
        QList<double> withSpike(40, 10.0);
        withSpike[17] = 1000; // one spike among 40 bars
        QTest::newRow("one spike is clipped") << withSpike << 10.0;
        QList<double> busy(40, 10.0);
        busy[17] = 25; // less than 3x the rest: not a spike
        QTest::newRow("a tall bar is not a spike") << busy << 25.0;
        QTest::newRow("few bars never clip") << QList<double>{1, 1, 1, 100} << 100.0;
    }

    // Reducing history to pixel columns keeps each column's lowest low, highest high and last close.
    void historyColumnsKeepEveryExtreme()
    {
        QList<HistoryPoint> points;
        quint32 state = 12345;
        auto random = [&state](int range) {
            state = state * 1103515245u + 12345u;
            return int((state >> 8) % quint32(range));
        };
        for (int i = 0; i < 20000; ++i) {
            HistoryPoint point;
            point.time = 1790000000 + 60 * qint64(i);
            if (i % 11 == 5) {
                points.append(point); // no price at all (before the first trade)
                continue;
            }
            point.close = 100000 + random(800000);
            if (i % 3 != 0) { // a period with trades; otherwise only the previous price
                point.low = *point.close - random(50000);
                point.high = *point.close + random(50000);
            }
            points.append(point);
        }
        ChartHistory history;
        history.setPoints(points, 1);
        const double start = double(points.at(1000).time) + 0.5;
        const double end = double(points.at(18000).time);
        const int count = 333;
        const std::vector<ChartHistory::Column> columns = history.columns(start, end, count);
        QCOMPARE(int(columns.size()), count);

        std::vector<ChartHistory::Column> expected(static_cast<size_t>(count));
        for (const HistoryPoint &point : std::as_const(points)) {
            if (double(point.time) < start || double(point.time) > end || !point.close)
                continue;
            const int c = std::min(count - 1, int((double(point.time) - start) / (end - start) * count));
            ChartHistory::Column &e = expected[size_t(c)];
            const qint64 low = point.low.value_or(*point.close);
            const qint64 high = point.high.value_or(*point.close);
            e.low = e.valid ? std::min(e.low, low) : low;
            e.high = e.valid ? std::max(e.high, high) : high;
            e.close = *point.close;
            e.valid = true;
        }
        qint64 lowest = std::numeric_limits<qint64>::max();
        qint64 highest = 0;
        for (int c = 0; c < count; ++c) {
            QCOMPARE(columns[size_t(c)].valid, expected[size_t(c)].valid);
            QCOMPARE(columns[size_t(c)].low, expected[size_t(c)].low);
            QCOMPARE(columns[size_t(c)].high, expected[size_t(c)].high);
            QCOMPARE(columns[size_t(c)].close, expected[size_t(c)].close);
            if (columns[size_t(c)].valid) {
                lowest = std::min(lowest, columns[size_t(c)].low);
                highest = std::max(highest, columns[size_t(c)].high);
            }
        }
        const auto range = history.priceRange(start, end);
        QVERIFY(range.has_value());
        QCOMPARE(range->first, lowest);
        QCOMPARE(range->second, highest);
        // Unsorted input is sorted; an empty view has no columns with data.
        std::reverse(points.begin(), points.end());
        ChartHistory reversed;
        reversed.setPoints(points, 1);
        QCOMPARE(reversed.firstTime(), history.firstTime());
        const std::vector<ChartHistory::Column> none = history.columns(0, 1000, 10);
        QVERIFY(
            std::none_of(none.cbegin(), none.cend(), [](const ChartHistory::Column &c) { return c.valid; }));
    }

    void volumeScaleTop()
    {
        QFETCH(QList<double>, heights);
        QFETCH(double, top);
        std::vector<double> scratch(heights.cbegin(), heights.cend());
        QCOMPARE(ChartData::volumeScaleTop(scratch), top);
    }
};

KM_TEST_GUILESS_MAIN(TstChartData)
#include "tst_chartdata.moc"
