// ChartPanel on a real database file: why a market has no snapshots, the natural order of the
// market suggestions, and export of the chart and its data.
#include <QApplication>

#include "chart/snapshotchart.h"
#include "mainwindow/chartpanel.h"
#include "storage/schema.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>

class TstChartPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const QString m_connection = QStringLiteral("tst_chartpanel");

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        QString error;
        QVERIFY2(Schema::openConnection(m_connection, path, Schema::ConnectionOptions(), &error),
            qPrintable(error));
        QVERIFY2(KmTest::execStatements(path,
                     {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES "
                                     "('E1', 'KXHIGH', 'Highs', 1)"),
                         QStringLiteral(
                             "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) VALUES "
                             "('KXHIGH-B100', 'E1', 'High 100', 'active', 1), ('KXHIGH-B9', 'E1', 'High 9', "
                             "'active', 1), "
                             "('KXHIGH-B45', 'E1', 'High 45', 'active', 1), ('KXHIGH-B10', 'E1', 'High 10', "
                             "'active', 1), "
                             "('KXOLD-1', 'E1', 'Settled long ago', 'finalized', 1), "
                             "('KXNEW-1', 'E1', 'Not open yet', 'initialized', 1)"),
                         QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, "
                                        "yes_ask, last_price, volume) "
                                        "SELECT id, 1790000000, 400000, 440000, 420000, 100 FROM markets "
                                        "WHERE ticker = 'KXHIGH-B45'")},
                     &error),
            qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        Schema::closeConnection(m_connection);
    }

    // Candles stored by backfill are drawn behind the snapshots, read by a loader thread; the finest
    // period stored is chosen, and a no-trade period closes at the previous price.
    void storedHistoryIsShown()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        QString error;
        QVERIFY2(
            KmTest::execStatements(path,
                {QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) VALUES "
                                "('KXHIST-1', 'E1', 'With history', 'finalized', 1)"),
                    QStringLiteral(
                        "INSERT INTO candles(market_id, period_minutes, period_end, price_close, "
                        "price_previous, "
                        "price_low, price_high) SELECT id, 60, 1790003600, 410000, NULL, 400000, 450000 "
                        "FROM markets WHERE ticker = 'KXHIST-1'"),
                    QStringLiteral(
                        "INSERT INTO candles(market_id, period_minutes, period_end, price_close, "
                        "price_previous, "
                        "price_low, price_high) SELECT id, 60, 1790007200, NULL, 410000, NULL, NULL "
                        "FROM markets WHERE ticker = 'KXHIST-1'"),
                    QStringLiteral(
                        "INSERT INTO candles(market_id, period_minutes, period_end, price_close, "
                        "price_previous, "
                        "price_low, price_high) SELECT id, 1440, 1790035200, 430000, NULL, 390000, 460000 "
                        "FROM markets WHERE ticker = 'KXHIST-1'")},
                &error),
            qPrintable(error));
        ChartPanel panel;
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        panel.showMarket(QStringLiteral("KXHIST-1"));
        QTRY_COMPARE(panel.chart()->historyCount(), 2);
        const ChartHistory &history = panel.chart()->history();
        QCOMPARE(history.periodMinutes(), 60);
        QCOMPARE(history.points().at(0).high, std::optional<qint64>(450000));
        QCOMPARE(history.points().at(1).close, std::optional<qint64>(410000));
        QCOMPARE(history.points().at(1).high, std::nullopt);
        QCOMPARE(panel.chart()->pointCount(), 0);
        QVERIFY(panel.chart()->placeholderText().isEmpty());

        // A result that arrives after another market was chosen is dropped.
        panel.showMarket(QStringLiteral("KXHIST-1"));
        panel.showMarket(QStringLiteral("KXHIGH-B9"));
        QTRY_VERIFY(panel.findChildren<QThread *>().isEmpty());
        QCoreApplication::processEvents();
        QCOMPARE(panel.chart()->historyCount(), 0);
    }

    // Where periods meet: a finer candle ending exactly where a coarser period starts belongs to the
    // period before; one ending exactly at a coarser period's end lies in it. A coarser candle gives
    // way to any finer one in its period, also to one that itself gave way to a still finer one.
    void finerCandlesReplaceTheCoarserOnesHoldingThem()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        constexpr qint64 day = 86400;
        constexpr qint64 base = 1790000000 / day * day;
        QString error;
        QStringList statements
            = {QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) VALUES "
                              "('KXEDGE-1', 'E1', 'Periods meeting', 'finalized', 1)")};
        // Closes tell the candles apart: days 10..14, hours 20.., minutes 30...
        const QList<std::pair<int, qint64>> candles = {{1440, base + day}, {1440, base + 2 * day},
            {1440, base + 3 * day}, {1440, base + 4 * day}, {1440, base + 5 * day}, {60, base + day},
            {60, base + 2 * day + 3600}, {1, base + 2 * day + 60}, {1, base + 4 * day}};
        QHash<int, int> next = {{1440, 10}, {60, 20}, {1, 30}};
        for (const auto &[period, end] : candles) {
            statements << QStringLiteral(
                "INSERT INTO candles(market_id, period_minutes, period_end, price_close) "
                "SELECT id, %1, %2, %3 FROM markets WHERE ticker = 'KXEDGE-1'")
                              .arg(period)
                              .arg(end)
                              .arg(next[period]++ * 10000);
        }
        QVERIFY2(KmTest::execStatements(path, statements, &error), qPrintable(error));
        ChartPanel panel;
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        panel.showMarket(QStringLiteral("KXEDGE-1"));
        QTRY_VERIFY(panel.chart()->historyCount() > 0);
        QTRY_VERIFY(panel.findChildren<QThread *>().isEmpty());
        const ChartHistory &history = panel.chart()->history();
        QStringList shown;
        for (const HistoryPoint &point : history.points())
            shown << QStringLiteral("%1@%2").arg(point.close.value_or(0) / 10000).arg(point.time - base);
        // Day 1 holds the hour ending at its end; day 2 stays (that hour is not in it); day 3 holds
        // the second hour, which holds the first minute; day 4 holds the second minute at its end.
        QCOMPARE(shown.join(u' '), QStringLiteral("20@86400 11@172800 30@172860 31@345600 14@432000"));
        QCOMPARE(history.periodMinutes(), 1440);
    }

    // The chart's market and zoom come back at the next launch, also when the zoom reaches into
    // history that arrives after the market is shown; a chart showing everything saves no zoom.
    void zoomIsSavedAndRestored()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        const qint64 t0 = 1790100000;
        QString error;
        QVERIFY2(
            KmTest::execStatements(path,
                {QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) VALUES "
                                "('KXZOOM-1', 'E1', 'Zoomed', 'active', 1)"),
                    QStringLiteral(
                        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9) "
                        "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, last_price, "
                        "volume) "
                        "SELECT m.id, %1 + 60 * n.i, 400000, 440000, 420000, 100 FROM markets m, n "
                        "WHERE m.ticker = 'KXZOOM-1'")
                        .arg(t0),
                    QStringLiteral(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24) "
                        "INSERT INTO candles(market_id, period_minutes, period_end, price_close) "
                        "SELECT m.id, 60, %1 - 3600 * n.i, 410000 FROM markets m, n WHERE m.ticker = "
                        "'KXZOOM-1'")
                        .arg(t0)},
                &error),
            qPrintable(error));
        QSettings settings(m_dir.filePath(QStringLiteral("chart.ini")), QSettings::IniFormat);
        const QPair<qint64, qint64> zoom{t0 - 7200, t0 + 300};
        {
            ChartPanel panel;
            panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
            panel.showMarket(QStringLiteral("KXZOOM-1"));
            QTRY_COMPARE(panel.chart()->historyCount(), 24);
            panel.chart()->setVisibleTimeRange(zoom.first, zoom.second);
            QCOMPARE(panel.chart()->visibleTimeRange(), zoom);
            panel.saveState(settings);
        }
        {
            ChartPanel panel;
            panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
            panel.restoreState(settings);
            QCOMPARE(panel.currentTicker(), QStringLiteral("KXZOOM-1"));
            QTRY_COMPARE(panel.chart()->historyCount(), 24);
            QCOMPARE(panel.chart()->visibleTimeRange(), zoom);
            panel.chart()->resetZoom();
            panel.saveState(settings);
        }
        QVERIFY(!settings.contains(QStringLiteral("chart/from")));
        ChartPanel panel;
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        panel.restoreState(settings);
        QTRY_COMPARE(panel.chart()->historyCount(), 24);
        QVERIFY(panel.chart()->isShowingAll());
    }

    void suggestionsSortNaturally()
    {
        ChartPanel panel;
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        const QStringList items = panel.completionsFor(QStringLiteral("KXHIGH"));
        QCOMPARE(items.size(), 4);
        QStringList tickers;
        for (const QString &item : items)
            tickers.append(item.section(u' ', 0, 0));
        QCOMPARE(tickers,
            (QStringList{QStringLiteral("KXHIGH-B9"), QStringLiteral("KXHIGH-B10"),
                QStringLiteral("KXHIGH-B45"), QStringLiteral("KXHIGH-B100")}));
    }

    // The period asked for follows the market's life: minutes for days, hours for months, days beyond.
    void historyPeriodFollowsTheMarketsLife()
    {
        const qint64 now = 1790000000;
        const qint64 day = 86400;
        QCOMPARE(ChartPanel::historyPeriodFor(now - 2 * day, std::nullopt, now), 1);
        QCOMPARE(ChartPanel::historyPeriodFor(now - 3 * day, now + 30 * day, now), 1); // open: up to now
        QCOMPARE(ChartPanel::historyPeriodFor(now - 30 * day, std::nullopt, now), 60);
        QCOMPARE(ChartPanel::historyPeriodFor(now - 400 * day, now - 300 * day, now), 1440);
        QCOMPARE(
            ChartPanel::historyPeriodFor(now - 400 * day, now - 398 * day, now), 1); // a short life long ago
        QCOMPARE(ChartPanel::historyPeriodFor(std::nullopt, std::nullopt, now), 60);
    }

    // Opening a market asks for its history; a fetch that stored candles makes the chart read them.
    void fetchedHistoryIsReadAgain()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        QString error;
        const qint64 open = QDateTime::currentSecsSinceEpoch() - 10 * 86400;
        QVERIFY2(KmTest::execStatements(path,
                     {QStringLiteral(
                         "INSERT INTO markets(ticker, event_ticker, title, status, open_time, updated_at) "
                         "VALUES ('KXFETCH-1', 'E1', 'Fetched later', 'active', %1, 1)")
                             .arg(open)},
                     &error),
            qPrintable(error));
        ChartPanel panel;
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        QSignalSpy wanted(&panel, &ChartPanel::historyWanted);
        panel.showMarket(QStringLiteral("KXFETCH-1"));
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(wanted.at(0).at(0).toString(), QStringLiteral("KXFETCH-1"));
        QCOMPARE(wanted.at(0).at(1).toInt(), 60);
        QTRY_VERIFY(panel.findChildren<QThread *>().isEmpty());
        QCOMPARE(panel.chart()->historyCount(), 0);

        panel.historyFetchStarted(QStringLiteral("KXFETCH-1"));
        QVERIFY(panel.infoText().contains(QStringLiteral("Fetching Kalshi's history of KXFETCH-1")));
        QVERIFY2(KmTest::execStatements(path,
                     {QStringLiteral(
                         "INSERT INTO candles(market_id, period_minutes, period_end, price_close, price_low, "
                         "price_high) SELECT id, 60, %1, 410000, 400000, 450000 FROM markets "
                         "WHERE ticker = 'KXFETCH-1'")
                             .arg(open + 3600)},
                     &error),
            qPrintable(error));
        panel.historyFetched(QStringLiteral("KXFETCH-1"), true, 1, QString());
        QTRY_COMPARE(panel.chart()->historyCount(), 1);
        QVERIFY(panel.infoText().isEmpty());

        // A failed fetch says why; another market's result changes nothing here.
        panel.historyFetched(QStringLiteral("KXOTHER-1"), false, 0, QStringLiteral("refused"));
        QVERIFY(panel.infoText().isEmpty());
        panel.historyFetched(QStringLiteral("KXFETCH-1"), false, 0, QStringLiteral("connection refused"));
        QVERIFY2(panel.infoText().contains(QStringLiteral("could not be fetched: connection refused")),
            qPrintable(panel.infoText()));
    }

    // Zooming into a span that wants a finer period than the whole life was fetched at asks for that
    // span (with half of it on either side) once, and draws its finer candles over the coarse ones.
    void zoomAsksForFinerHistoryOnce()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        QString error;
        constexpr qint64 day = 86400;
        const qint64 open = (QDateTime::currentSecsSinceEpoch() / day - 200) * day;
        QVERIFY2(KmTest::execStatements(path,
                     {QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, open_time, "
                                     "updated_at) VALUES ('KXFINE-1', 'E1', 'Zoomed into', 'active', %1, 1)")
                             .arg(open)},
                     &error),
            qPrintable(error));
        QStringList statements = {// The whole life in days, as the first fetch stores it.
            QStringLiteral("WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < 190) "
                           "INSERT INTO candles(market_id, period_minutes, period_end, price_close) "
                           "SELECT m.id, 1440, %1 + n * 86400, 500000 FROM d, markets m "
                           "WHERE m.ticker = 'KXFINE-1'")
                .arg(open)};
        QVERIFY2(KmTest::execStatements(path, statements, &error), qPrintable(error));
        ChartPanel panel;
        panel.resize(800, 400);
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        QSignalSpy wanted(&panel, &ChartPanel::historyWanted);
        panel.showMarket(QStringLiteral("KXFINE-1"));
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(wanted.at(0).at(1).toInt(), 1440);
        QCOMPARE(wanted.at(0).at(2).toLongLong(), 0); // the whole life
        QTRY_COMPARE(panel.chart()->historyCount(), 190);

        // Two days, a hundred days in: minutes, for those days and a day on either side.
        const qint64 from = open + 100 * day;
        panel.chart()->setVisibleTimeRange(from, from + 2 * day);
        QTRY_COMPARE(wanted.size(), 2);
        QCOMPARE(wanted.at(1).at(0).toString(), QStringLiteral("KXFINE-1"));
        QCOMPARE(wanted.at(1).at(1).toInt(), 1);
        QCOMPARE(wanted.at(1).at(2).toLongLong(), from - day);
        QCOMPARE(wanted.at(1).at(3).toLongLong(), from + 3 * day);

        // The fetch stores a minute every ten minutes over the four days (sparse, as Kalshi's are).
        QVERIFY2(
            KmTest::execStatements(path,
                {QStringLiteral("WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < "
                                "576) INSERT INTO candles(market_id, period_minutes, period_end, "
                                "price_close) SELECT m.id, 1, %1 + n * 600, 300000 FROM d, markets m "
                                "WHERE m.ticker = 'KXFINE-1'")
                        .arg(from - day)},
                &error),
            qPrintable(error));
        panel.historyFetched(QStringLiteral("KXFINE-1"), true, 576, QString());
        // 576 minutes replace the 4 days they cover (the days ending at from - day + 1 .. + 4 days
        // overlap them and give way), the other 186 days stay.
        QTRY_COMPARE(panel.chart()->historyCount(), 576 + 186);
        const ChartHistory &history = panel.chart()->history();
        int minutes = 0;
        for (const HistoryPoint &point : history.points())
            minutes += point.close == 300000 ? 1 : 0;
        QCOMPARE(minutes, 576);
        QVERIFY(std::is_sorted(history.points().cbegin(), history.points().cend(),
            [](const HistoryPoint &a, const HistoryPoint &b) { return a.time < b.time; }));

        // Back to the same span, or a part of it: asked for already.
        panel.chart()->resetZoom();
        panel.chart()->setVisibleTimeRange(from + day / 2, from + day);
        QTest::qWait(600);
        QCOMPARE(wanted.size(), 2);
        // Thirty days elsewhere: hours.
        panel.chart()->setVisibleTimeRange(open + 20 * day, open + 50 * day);
        QTRY_COMPARE(wanted.size(), 3);
        QCOMPARE(wanted.at(2).at(1).toInt(), 60);
        QCOMPARE(wanted.at(2).at(2).toLongLong(), open + 5 * day);
        QCOMPARE(wanted.at(2).at(3).toLongLong(), open + 65 * day);
        QTRY_VERIFY(panel.findChildren<QThread *>().isEmpty());
    }

    void settledMarketExplainsMissingSnapshots()
    {
        ChartPanel panel;
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        panel.showMarket(QStringLiteral("KXOLD-1"));
        QCOMPARE(panel.chart()->pointCount(), 0);
        const QString text = panel.chart()->placeholderText();
        QVERIFY2(
            text.contains(QStringLiteral("open markets only")) && text.contains(QStringLiteral("finalized")),
            qPrintable(text));
        panel.showMarket(QStringLiteral("KXNEW-1"));
        QVERIFY(panel.chart()->placeholderText().contains(QStringLiteral("not open")));
        // An open market without snapshots keeps the plain "not yet" text.
        panel.showMarket(QStringLiteral("KXHIGH-B9"));
        QCOMPARE(panel.chart()->placeholderText(),
            QStringLiteral("No snapshots yet for KXHIGH-B9. Snapshots appear once collection runs."));
        panel.showMarket(QStringLiteral("KXHIGH-B45"));
        QCOMPARE(panel.chart()->pointCount(), 1);
        QVERIFY(panel.chart()->placeholderText().isEmpty());
    }

    void exportsPngAndCsv()
    {
        ChartPanel panel;
        panel.resize(900, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setDatabase(m_connection, m_dir.filePath(QStringLiteral("chart.db")));
        panel.showMarket(QStringLiteral("KXHIGH-B45"));
        QString error;
        const QString png = m_dir.filePath(QStringLiteral("chart.png"));
        QVERIFY2(panel.exportImage(png, &error), qPrintable(error));
        QImage image;
        QVERIFY(image.load(png));
        QCOMPARE(image.size(), panel.chart()->size() * panel.chart()->devicePixelRatioF());
        const QString csv = m_dir.filePath(QStringLiteral("chart.csv"));
        QVERIFY2(panel.exportCsv(csv, &error), qPrintable(error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(1).startsWith(QStringLiteral("2026-09-21T")));
        QVERIFY(lines.at(1).contains(QStringLiteral(",40,44,42,1.00,")));
        // A path that cannot be written says so.
        QVERIFY(!panel.exportCsv(m_dir.filePath(QStringLiteral("missing/dir/x.csv")), &error));
        QVERIFY(error.contains(QStringLiteral("missing")));
    }
};

KM_TEST_WIDGETS_MAIN(TstChartPanel)
#include "tst_chartpanel.moc"
