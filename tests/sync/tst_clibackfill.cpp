// `kalshi-monitor-cli backfill` as a real process against the simulator, and its request planning.
#include "databasefolder.h"
#include "simulatorprocess.h"
#include "sync/backfill.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

// 2026-11-01 minus 20 days: some settled markets of the simulator settle before it, some after.
constexpr qint64 cutoff = 1793491200 - 20 * 86400;

qint64 timeOf(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate).toSecsSinceEpoch();
}

} // namespace

class TstCliBackfill : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("backfill")};
    QString m_cli;

    struct Run
    {
        int exitCode = -1;
        QJsonObject json;
        QByteArray errors;
    };

    Run backfill(const SimulatorProcess &simulator, const QString &path, const QStringList &arguments)
    {
        QProcess process;
        process.start(m_cli,
            QStringList{QStringLiteral("backfill"), QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), simulator.baseUrlString(), QStringLiteral("--rate-limit"),
                QStringLiteral("0"), QStringLiteral("--json")}
                + arguments);
        Run run;
        if (!process.waitForFinished(120000))
            return run;
        run.exitCode = process.exitCode();
        run.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        run.errors = process.readAllStandardError();
        return run;
    }

    // Requests per path since the last reset, and the number of candlestick requests among them.
    static QJsonObject requestsByPath(const SimulatorProcess &simulator)
    {
        return simulator.get(QStringLiteral("/sim/stats"))
            .object()
            .value(QStringLiteral("by_path"))
            .toObject();
    }
    static int candlestickRequests(const QJsonObject &byPath, const QString &containing = QString())
    {
        int count = 0;
        for (auto it = byPath.begin(); it != byPath.end(); ++it) {
            if (it.key().endsWith(QStringLiteral("/candlesticks")) && it.key().contains(containing))
                count += it.value().toInt();
        }
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY(!m_cli.isEmpty());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void planCutsGapsIntoRequestsOfAtMost5000Candles_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<int>("period");
        QTest::addColumn<QList<Backfill::Range>>("stored");
        QTest::addColumn<QList<Backfill::Range>>("expected");
        const qint64 h = 3600;
        QTest::newRow("nothing stored, one request")
            << 0LL << 720 * h << 60 << QList<Backfill::Range>{} << QList<Backfill::Range>{{0, 720 * h}};
        QTest::newRow("5000 hours exactly")
            << h << 5000 * h << 60 << QList<Backfill::Range>{} << QList<Backfill::Range>{{h, 5000 * h}};
        QTest::newRow("5001 hours: two") << 0LL << 5000 * h << 60 << QList<Backfill::Range>{}
                                         << QList<Backfill::Range>{{0, 4999 * h}, {4999 * h + 1, 5000 * h}};
        QTest::newRow("unaligned start") << 1800LL << 5000 * h << 60 << QList<Backfill::Range>{}
                                         << QList<Backfill::Range>{{1800, 5000 * h}};
        QTest::newRow("everything stored")
            << 10 * h << 20 * h << 60 << QList<Backfill::Range>{{0, 30 * h}} << QList<Backfill::Range>{};
        QTest::newRow("a hole in the middle")
            << 0LL << 30 * h << 60 << QList<Backfill::Range>{{20 * h, 30 * h}, {0, 10 * h}}
            << QList<Backfill::Range>{{10 * h + 1, 20 * h - 1}};
        QTest::newRow("a hole without a period end")
            << 0LL << 30 * h << 60 << QList<Backfill::Range>{{0, 10 * h}, {10 * h + 60, 30 * h}}
            << QList<Backfill::Range>{};
        QTest::newRow("minutes: 3 requests")
            << 60LL << 12000 * 60LL << 1 << QList<Backfill::Range>{}
            << QList<Backfill::Range>{
                   {60, 5000 * 60}, {5000 * 60 + 1, 10000 * 60}, {10000 * 60 + 1, 12000 * 60}};
        QTest::newRow("empty range") << 100LL << 50LL << 60 << QList<Backfill::Range>{}
                                     << QList<Backfill::Range>{};
    }

    void planCutsGapsIntoRequestsOfAtMost5000Candles()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(int, period);
        QFETCH(QList<Backfill::Range>, stored);
        QFETCH(QList<Backfill::Range>, expected);
        const QList<Backfill::Range> requests = Backfill::plan(from, to, period, stored);
        QCOMPARE(requests, expected);
        const qint64 seconds = period * 60LL;
        for (const Backfill::Range &range : requests) {
            const qint64 ends = range.second / seconds - (range.first + seconds - 1) / seconds + 1;
            QVERIFY(ends >= 1 && ends <= Backfill::maxCandlesPerRequest);
        }
    }

    // Markets on both sides of the cutoff, and an open one: each is asked for where Kalshi serves it,
    // and an identical second run asks for no candlestick at all and changes nothing.
    void secondIdenticalRunSendsNoCandlestickRequest()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("1200"), QStringLiteral("--settled"),
                QStringLiteral("150"), QStringLiteral("--historical-cutoff"), QString::number(cutoff)});
        const QJsonArray historical = simulator->listAll(QStringLiteral("/historical/markets"),
            QStringLiteral("markets"), QStringLiteral("mve_filter=exclude"));
        const QJsonArray settled = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=settled&mve_filter=exclude"));
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=open&mve_filter=exclude&limit=5"));
        QVERIFY(!historical.isEmpty() && !settled.isEmpty() && !open.isEmpty());
        const QJsonObject old = historical.first().toObject();
        const QJsonObject recent = settled.first().toObject();
        QVERIFY(timeOf(old.value(QStringLiteral("settlement_ts"))) < cutoff);
        QVERIFY(timeOf(recent.value(QStringLiteral("settlement_ts"))) >= cutoff);
        const QString oldTicker = old.value(QStringLiteral("ticker")).toString();
        const QString recentTicker = recent.value(QStringLiteral("ticker")).toString();
        const QString openTicker = open.first().toObject().value(QStringLiteral("ticker")).toString();
        const QStringList arguments = {QStringLiteral("--ticker"), oldTicker + u',' + recentTicker,
            QStringLiteral("--ticker"), openTicker, QStringLiteral("--since"), QStringLiteral("2026-09-01"),
            QStringLiteral("--until"), QStringLiteral("2026-11-20")};
        const QString path = m_dir.newDatabasePath();
        QVERIFY(simulator->resetStats());

        const Run first = backfill(*simulator, path, arguments);
        QVERIFY2(first.exitCode == 0, first.errors.constData());
        QCOMPARE(first.json.value(QStringLiteral("command")).toString(), QStringLiteral("backfill"));
        QVERIFY(first.json.value(QStringLiteral("ok")).toBool());
        const qint64 stored = KmTest::countRows(path, QStringLiteral("candles"));
        QVERIFY(stored > 0);
        QCOMPARE(
            first.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("candles")).toInteger(),
            stored);
        QCOMPARE(
            first.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("markets")).toInt(), 3);
        for (const QString &ticker : {oldTicker, recentTicker, openTicker})
            QVERIFY2(
                KmTest::countRows(path, QStringLiteral("market_candles WHERE ticker = '%1'").arg(ticker)) > 0,
                qPrintable(ticker));
        // Routing: the market settled before the cutoff only under /historical, the others live.
        const QJsonObject byPath = requestsByPath(*simulator);
        QCOMPARE(byPath.value(QStringLiteral("/trade-api/v2/historical/cutoff")).toInt(), 1);
        QCOMPARE(candlestickRequests(byPath, QStringLiteral("/historical/markets/") + oldTicker), 1);
        QCOMPARE(candlestickRequests(byPath, QStringLiteral("/historical/")), 1);
        QCOMPARE(candlestickRequests(byPath, QStringLiteral("/markets/") + recentTicker), 1);
        QCOMPARE(candlestickRequests(byPath, QStringLiteral("/markets/") + openTicker), 1);
        const QString everything = QStringLiteral("SELECT count(*) || '|' || total(yes_bid_close) || '|' || "
                                                  "total(price_close) || '|' || total(volume) || '|' || "
                                                  "total(period_end) FROM candles");
        const QString before = KmTest::queryValue(path, everything).toString();

        QVERIFY(simulator->resetStats());
        const Run second = backfill(*simulator, path, arguments);
        QVERIFY2(second.exitCode == 0, second.errors.constData());
        QCOMPARE(
            second.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("candles")).toInt(), 0);
        const QJsonObject secondPaths = requestsByPath(*simulator);
        QCOMPARE(candlestickRequests(secondPaths), 0);
        QCOMPARE(KmTest::queryValue(path, everything).toString(), before);
        const QByteArray errors = first.errors + second.errors;
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(),
            errors.constData());
    }

    // A market's whole life in minutes needs several requests: each within 5,000 candles (the
    // simulator answers 400 beyond, which would fail the run), and no more of them than that needs.
    void longRangesAreChunkedNeverRefused()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1200"),
            QStringLiteral("--settled"), QStringLiteral("150")});
        const QJsonArray settled = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=settled&mve_filter=exclude"));
        QVERIFY(!settled.isEmpty());
        const QJsonObject market = settled.first().toObject();
        const qint64 openTime = timeOf(market.value(QStringLiteral("open_time")));
        const qint64 closeTime = timeOf(market.value(QStringLiteral("close_time")));
        const qint64 closePeriod = (closeTime + 59) / 60 * 60;
        const qint64 ends = closePeriod / 60 - (openTime + 59) / 60 + 1;
        QVERIFY(ends > 2 * Backfill::maxCandlesPerRequest);
        const QString path = m_dir.newDatabasePath();
        QVERIFY(simulator->resetStats());
        const Run run = backfill(*simulator, path,
            {QStringLiteral("--ticker"), market.value(QStringLiteral("ticker")).toString(),
                QStringLiteral("--period"), QStringLiteral("1m")});
        QVERIFY2(run.exitCode == 0, run.errors.constData());
        QCOMPARE(candlestickRequests(requestsByPath(*simulator)),
            int((ends + Backfill::maxCandlesPerRequest - 1) / Backfill::maxCandlesPerRequest));
        QVERIFY(KmTest::countRows(path, QStringLiteral("candles WHERE period_minutes = 1")) > 0);
        // Stored ranges cover the whole life without a gap.
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT min(range_start) || '|' || max(range_end) FROM candle_ranges"))
                     .toString(),
            QStringLiteral("%1|%2").arg(openTime).arg(closePeriod));
    }

    // --watchlist backfills exactly the watched markets; an empty watchlist is an error that says so.
    void watchlistBackfillsTheWatchedMarkets()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("300"),
            QStringLiteral("--settled"), QStringLiteral("60")});
        const QJsonArray settled = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=settled&mve_filter=exclude"));
        QVERIFY(settled.size() >= 3);
        const QString first = settled.at(0).toObject().value(QStringLiteral("ticker")).toString();
        const QString second = settled.at(1).toObject().value(QStringLiteral("ticker")).toString();
        const QString path = m_dir.newDatabasePath();
        const QStringList period
            = {QStringLiteral("--watchlist"), QStringLiteral("--period"), QStringLiteral("1d")};

        QProcess init;
        init.start(m_cli, {QStringLiteral("init"), QStringLiteral("--db"), path});
        QVERIFY(init.waitForFinished(30000) && init.exitCode() == 0);
        const Run empty = backfill(*simulator, path, period);
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.json.value(QStringLiteral("error"))
                     .toString()
                     .contains(QStringLiteral("watchlist is empty")),
            empty.errors.constData());

        QProcess watch;
        watch.start(m_cli,
            {QStringLiteral("watch"), QStringLiteral("add"), first, second, QStringLiteral("--db"), path});
        QVERIFY(watch.waitForFinished(30000));
        QCOMPARE(watch.exitCode(), 0);
        const Run run = backfill(*simulator, path, period);
        QVERIFY2(run.exitCode == 0, run.errors.constData());
        QVERIFY(
            run.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("candles")).toInt() > 0);
        const QVariantList backfilled = KmTest::queryColumn(path,
            QStringLiteral(
                "SELECT DISTINCT m.ticker FROM candles c JOIN markets m ON m.id = c.market_id ORDER BY 1"));
        QStringList tickers;
        for (const QVariant &ticker : backfilled)
            tickers.append(ticker.toString());
        QStringList expected{first, second};
        expected.sort();
        QCOMPARE(tickers, expected);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no market") << QStringList{};
        QTest::newRow("two selectors") << QStringList{
            QStringLiteral("--ticker"), QStringLiteral("A"), QStringLiteral("--series"), QStringLiteral("S")};
        QTest::newRow("period 5m") << QStringList{QStringLiteral("--ticker"), QStringLiteral("A"),
            QStringLiteral("--period"), QStringLiteral("5m")};
        QTest::newRow("since garbage") << QStringList{QStringLiteral("--ticker"), QStringLiteral("A"),
            QStringLiteral("--since"), QStringLiteral("yesterday")};
        QTest::newRow("until before since")
            << QStringList{QStringLiteral("--ticker"), QStringLiteral("A"), QStringLiteral("--since"),
                   QStringLiteral("2026-11-02"), QStringLiteral("--until"), QStringLiteral("2026-11-01")};
        QTest::newRow("ticker elsewhere") << QStringList{QStringLiteral("--ticker")};
        QTest::newRow("watchlist and ticker")
            << QStringList{QStringLiteral("--watchlist"), QStringLiteral("--ticker"), QStringLiteral("A")};
        QTest::newRow("watchlist elsewhere") << QStringList{QStringLiteral("--watchlist")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QProcess process;
        QStringList all = {QStringLiteral("backfill"), QStringLiteral("--db"), m_dir.newDatabasePath(),
            QStringLiteral("--json")};
        if (QTest::currentDataTag() == QByteArray("ticker elsewhere"))
            all = {QStringLiteral("sync-markets"), QStringLiteral("--ticker"), QStringLiteral("A"),
                QStringLiteral("--json")};
        else if (QTest::currentDataTag() == QByteArray("watchlist elsewhere"))
            all = {QStringLiteral("sync-markets"), QStringLiteral("--watchlist"), QStringLiteral("--json")};
        else
            all += arguments;
        process.start(m_cli, all);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        const QJsonObject json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QVERIFY(json.value(QStringLiteral("usage_error")).toBool());
    }
};

KM_TEST_GUILESS_MAIN(TstCliBackfill)
#include "tst_clibackfill.moc"
