#include "databasefolder.h"
#include "recordfactory.h"
#include "storage/databasestats.h"
#include "storage/syncrunowner.h"
#include "storage/writerthread.h"
#include "testsupport.h"
#include "writelock.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

namespace {

// Queues a batch to the writer the way a producer in another thread does: as a queued call.
void submit(WriterThread &thread, const WriteBatch &batch)
{
    DatabaseWriter *writer = thread.writer();
    QMetaObject::invokeMethod(
        writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
}

} // namespace

class TstDatabaseWriter : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("writer")};

    QString newDatabasePath() { return m_dir.newDatabasePath(); }

    std::unique_ptr<WriterThread> startWriter(
        const QString &path, int deadlineMs = 30000, const QStringList &pragmas = {})
    {
        DatabaseWriter::Options options;
        options.databasePath = path;
        options.busyDeadlineMs = deadlineMs;
        options.extraPragmas = pragmas;
        auto thread = std::make_unique<WriterThread>(options);
        QString error;
        if (!thread->startAndWait(&error))
            qFatal("writer did not open: %s", qPrintable(error));
        return thread;
    }

    // Submits the batches and waits for all their results, in order.
    static QList<BatchResult> writeAll(
        WriterThread &thread, const QList<WriteBatch> &batches, int timeoutMs = 30000)
    {
        QSignalSpy spy(thread.writer(), &DatabaseWriter::batchWritten);
        for (const WriteBatch &batch : batches)
            submit(thread, batch);
        // The writer emits from its own thread, possibly before a QSignalSpy::wait() would start:
        // poll the count instead of waiting for the next emission.
        if (!QTest::qWaitFor([&] { return spy.size() >= batches.size(); }, timeoutMs))
            qWarning(
                "writeAll: %d of %d batch results before the timeout", int(spy.size()), int(batches.size()));
        QList<BatchResult> results;
        for (const QList<QVariant> &arguments : std::as_const(spy))
            results.append(arguments.at(0).value<BatchResult>());
        return results;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void marketUpsertReplacesEveryColumn()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 100, 0)});
        QCOMPARE(results.size(), 1);
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        QCOMPARE(results.at(0).rows, 100);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 100);

        results = writeAll(*writer, {RecordFactory::marketsBatch(0, 100, 1)});
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 100);

        const MarketRecord expected = RecordFactory::market(42, 1);
        const QString sql = QStringLiteral(
            "SELECT event_ticker || '|' || series_ticker || '|' || market_type || '|' || title || '|' || "
            "subtitle || '|' || yes_sub_title || '|' || no_sub_title || '|' || status || '|' || result || "
            "'|' || "
            "open_time || '|' || close_time || '|' || expiration_time || '|' || settlement_ts || '|' || "
            "yes_bid || '|' || yes_ask || '|' || no_bid || '|' || no_ask || '|' || last_price || '|' || "
            "volume || '|' || volume_24h || '|' || open_interest || '|' || liquidity "
            "FROM markets WHERE ticker = '%1'")
                                .arg(expected.ticker);
        const QStringList values = {expected.eventTicker, expected.seriesTicker, expected.marketType,
            expected.title, expected.subtitle, expected.yesSubTitle, expected.noSubTitle, expected.status,
            expected.result, QString::number(*expected.openTime), QString::number(*expected.closeTime),
            QString::number(*expected.expirationTime), QString::number(*expected.settlementTs),
            QString::number(*expected.yesBid), QString::number(*expected.yesAsk),
            QString::number(*expected.noBid), QString::number(*expected.noAsk),
            QString::number(*expected.lastPrice), QString::number(*expected.volume),
            QString::number(*expected.volume24h), QString::number(*expected.openInterest),
            QString::number(*expected.liquidity)};
        QCOMPARE(KmTest::queryValue(path, sql).toString(), values.join(u'|'));
    }

    // The upsert leaves the indexed columns (event, status, close time; the 24 h volume in a statement
    // of its own) to the guarded updates that run only when the batch met stored markets; these
    // must follow every change, through the indexes too, whether the batch is all new, all stored
    // or mixed, and for a ticker listed twice.
    void indexedColumnsFollowEveryUpdate()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 10)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));

        WriteBatch mixed = RecordFactory::marketsBatch(5, 10); // 5..9 stored, 10..14 new
        mixed.markets[0].eventTicker = QStringLiteral("KXTEST-MOVED");
        mixed.markets[1].status = QStringLiteral("paused");
        mixed.markets[2].closeTime.reset();
        mixed.markets[2].volume24h = 7001; // with a change of the other guarded update's columns
        mixed.markets[3].yesBid = 990000; // only an unindexed column changes
        mixed.markets[4].volume24h = 7002; // only the 24 h volume changes
        MarketRecord listedTwice = RecordFactory::market(12);
        listedTwice.status = QStringLiteral("paused");
        listedTwice.closeTime = 1;
        listedTwice.volume24h = 7003;
        mixed.markets.append(listedTwice);

        WriteBatch snapshots; // a collector's batch: stored markets only, one moved back
        snapshots.kind = WriteBatch::Kind::Snapshots;
        MarketRecord reopened = RecordFactory::market(6);
        reopened.closeTime = 2;
        MarketRecord untraded = RecordFactory::market(9);
        untraded.volume24h.reset(); // back from 7002 to NULL
        MarketRecord traded = RecordFactory::market(5);
        traded.eventTicker = QStringLiteral("KXTEST-MOVED");
        traded.volume24h = 7004;
        snapshots.markets = {reopened, untraded, traded};
        snapshots.snapshots
            = {RecordFactory::snapshot(6, 1770000000), RecordFactory::snapshot(9, 1770000000)};

        results = writeAll(*writer, {mixed, snapshots});
        QCOMPARE(results.size(), 2);
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        QVERIFY2(results.at(1).ok, qPrintable(results.at(1).error));
        writer->stop();

        const auto tickersVia = [&](const char *index, const QString &where) {
            return KmTest::queryValue(path,
                QStringLiteral("SELECT group_concat(ticker, ' ') FROM "
                               "(SELECT ticker FROM markets INDEXED BY %1 "
                               "WHERE %2 ORDER BY ticker)")
                    .arg(QLatin1String(index), where))
                .toString();
        };
        const auto ticker = [](int index) { return RecordFactory::marketTicker(index); };
        QCOMPARE(tickersVia("markets_event", QStringLiteral("event_ticker = 'KXTEST-MOVED'")), ticker(5));
        QCOMPARE(tickersVia("markets_status", QStringLiteral("status = 'paused'")), ticker(12));
        QCOMPARE(tickersVia("markets_close_time", QStringLiteral("close_time IS NULL")), ticker(7));
        QCOMPARE(tickersVia("markets_close_time", QStringLiteral("close_time < 10")),
            ticker(12) + u' ' + ticker(6));
        QCOMPARE(tickersVia("markets_status", QStringLiteral("status = 'active'")).split(u' ').size(), 14);
        QCOMPARE(KmTest::queryValue(
                     path, QStringLiteral("SELECT yes_bid FROM markets WHERE ticker = '%1'").arg(ticker(8)))
                     .toLongLong(),
            990000);
        // The 24 h volumes in ticker order, NULL as "-", through the volume order's index (schema 8).
        QCOMPARE(
            KmTest::queryValue(path,
                QStringLiteral("SELECT group_concat(ticker || '=' || coalesce(volume_24h, '-'), ' ') FROM "
                               "(SELECT ticker, volume_24h FROM markets INDEXED BY markets_status_volume_24h "
                               "WHERE volume_24h >= 7000 OR volume_24h IS NULL ORDER BY ticker)"))
                .toString(),
            ticker(12) + QStringLiteral("=7003 ") + ticker(5) + QStringLiteral("=7004 ") + ticker(7)
                + QStringLiteral("=7001 ") + ticker(9) + QStringLiteral("=-"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 15);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    void nullsAreStoredAsNull()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        MarketRecord m = RecordFactory::market(1);
        m.subtitle.clear();
        m.result.clear();
        m.yesBid.reset();
        m.liquidity.reset();
        WriteBatch batch;
        batch.markets = {m};
        const QList<BatchResult> results = writeAll(*writer, {batch});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        writer->stop();
        QCOMPARE(
            KmTest::queryValue(path,
                QStringLiteral(
                    "SELECT (subtitle IS NULL) + (result IS NULL) + (yes_bid IS NULL) + (liquidity IS NULL) "
                    "+ (yes_ask IS NULL) FROM markets"))
                .toInt(),
            4);
    }

    // Text is bound as UTF-8 and cast to TEXT in the statements: every text column must come back
    // as text (not a blob) with exactly the characters written, through every statement that
    // writes or looks up text, and an empty non-null title stays '' rather than NULL.
    void textColumnsStoreExactText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("ascii") << QStringLiteral("Fed funds");
        // Zürich — 東京 🚀: two-, three- and four-byte UTF-8, the last a UTF-16 surrogate pair.
        QTest::newRow("non-ascii") << QStringLiteral("Z\u00fcrich \u2014 \u6771\u4eac \U0001F680");
        QTest::newRow("empty") << QStringLiteral("");
    }

    void textColumnsStoreExactText()
    {
        QFETCH(QString, text);
        const auto labelled = [&](const char *label) { return QString(QLatin1String(label) + u':' + text); };
        const QString path = newDatabasePath();
        auto writer = startWriter(path);

        MarketRecord market = RecordFactory::market(1);
        market.ticker = labelled("ticker");
        market.eventTicker = labelled("event");
        market.seriesTicker = labelled("series");
        market.marketType = labelled("type");
        market.title = text;
        market.subtitle = labelled("subtitle");
        market.yesSubTitle = labelled("yes");
        market.noSubTitle = labelled("no");
        market.status = labelled("status");
        market.result = labelled("result");
        WriteBatch inserted;
        inserted.markets = {market};

        // All stored: the guarded update of the indexed columns runs and must match the ticker.
        market.eventTicker = labelled("moved");
        market.status = labelled("paused");
        WriteBatch updated;
        updated.markets = {market};

        WriteBatch events;
        events.kind = WriteBatch::Kind::Events;
        EventRecord event = RecordFactory::event(1);
        event.ticker = labelled("event");
        event.seriesTicker = labelled("series");
        event.title = text;
        event.subTitle = labelled("eventsub");
        event.category = labelled("category");
        events.events = {event};

        WriteBatch settlements;
        settlements.kind = WriteBatch::Kind::Settlements;
        settlements.markets = {market};
        settlements.settlements = {{market.ticker, market.eventTicker, labelled("settled"), 1770000300, 0}};

        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        snapshots.markets = {market};
        SnapshotRecord snapshot = RecordFactory::snapshot(1, 1770000000);
        snapshot.ticker = market.ticker;
        snapshots.snapshots = {snapshot};

        const QList<BatchResult> results
            = writeAll(*writer, {inserted, updated, events, settlements, snapshots});
        QCOMPARE(results.size(), 5);
        for (const BatchResult &result : results)
            QVERIFY2(result.ok, qPrintable(result.error));
        writer->stop();

        struct Stored
        {
            const char *table;
            QString key;
            const char *column;
            QString value;
        };
        const QList<Stored> expected = {
            {"markets", market.ticker, "ticker", market.ticker},
            {"markets", market.ticker, "event_ticker", labelled("moved")},
            {"markets", market.ticker, "series_ticker", labelled("series")},
            {"markets", market.ticker, "market_type", labelled("type")},
            {"markets", market.ticker, "title", text},
            {"markets", market.ticker, "subtitle", labelled("subtitle")},
            {"markets", market.ticker, "yes_sub_title", labelled("yes")},
            {"markets", market.ticker, "no_sub_title", labelled("no")},
            {"markets", market.ticker, "status", labelled("paused")},
            {"markets", market.ticker, "result", labelled("result")},
            {"events", labelled("event"), "ticker", labelled("event")},
            {"events", labelled("event"), "series_ticker", labelled("series")},
            {"events", labelled("event"), "title", text},
            {"events", labelled("event"), "sub_title", labelled("eventsub")},
            {"events", labelled("event"), "category", labelled("category")},
            {"events", labelled("moved"), "ticker", labelled("moved")},
            {"events", labelled("moved"), "series_ticker", labelled("series")},
            {"events", labelled("moved"), "title", labelled("moved")},
            {"settlements", market.ticker, "ticker", market.ticker},
            {"settlements", market.ticker, "event_ticker", labelled("moved")},
            {"settlements", market.ticker, "result", labelled("settled")},
        };
        for (const Stored &e : expected) {
            const QString column = QLatin1String(e.table) + u'.' + QLatin1String(e.column);
            const QString stored = KmTest::queryValue(path,
                QStringLiteral("SELECT typeof(%1) || ':' || %1 FROM %2 WHERE ticker = '%3'")
                    .arg(QLatin1String(e.column), QLatin1String(e.table), e.key))
                                       .toString();
            QCOMPARE(QString(column + u' ' + stored), QString(column + u" text:" + e.value));
        }
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), 2);
        const QString snapshotsOfMarket
            = QStringLiteral("price_snapshots WHERE ticker = '%1'").arg(market.ticker);
        QCOMPARE(KmTest::countRows(path, snapshotsOfMarket), 1);
        const QString pausedViaIndex
            = QStringLiteral("markets INDEXED BY markets_status WHERE status = '%1'").arg(labelled("paused"));
        QCOMPARE(KmTest::countRows(path, pausedViaIndex), 1);
    }

    void placeholderEventIsReplacedByRealEvent()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        // Markets first: their events do not exist yet, so placeholders keep the foreign key.
        QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 10)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        const QString event3 = RecordFactory::eventTicker(3);
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT is_placeholder || '|' || title || '|' || series_ticker "
                                    "FROM events WHERE ticker = '%1'")
                         .arg(event3))
                     .toString(),
            QStringLiteral("1|%1|KXTEST").arg(event3));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), 10);

        WriteBatch events;
        events.kind = WriteBatch::Kind::Events;
        events.events = {RecordFactory::event(3, 7)};
        results = writeAll(*writer, {events, RecordFactory::marketsBatch(0, 10, 1)});
        QCOMPARE(results.size(), 2);
        QVERIFY(results.at(0).ok && results.at(1).ok);
        writer->stop();
        // The later market batch must not turn the real event back into a placeholder.
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT is_placeholder || '|' || title || '|' || category "
                                    "FROM events WHERE ticker = '%1'")
                         .arg(event3))
                     .toString(),
            QStringLiteral("0|Event 3 round 7|Economics"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 1")), 9);
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    void repeatedSnapshotIsNoOp()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch first;
        first.kind = WriteBatch::Kind::Snapshots;
        first.markets = RecordFactory::marketsBatch(0, 50).markets;
        for (int i = 0; i < 50; ++i)
            first.snapshots.append(RecordFactory::snapshot(i, 1800000000));
        WriteBatch repeated = first;
        for (SnapshotRecord &s : repeated.snapshots)
            s.lastPrice = 999999; // a repeat of (ticker, time) must not change the stored row
        WriteBatch later = first;
        for (SnapshotRecord &s : later.snapshots)
            s.snapshotTime = 1800000900;

        const QList<BatchResult> results = writeAll(*writer, {first, repeated, later});
        QCOMPARE(results.size(), 3);
        for (const BatchResult &r : results)
            QVERIFY2(r.ok, qPrintable(r.error));
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 100);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots WHERE last_price = 999999")), 0);
        const SnapshotRecord s = RecordFactory::snapshot(7, 1800000000);
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT yes_bid || '|' || yes_ask || '|' || last_price || '|' "
                                    "|| volume FROM price_snapshots WHERE ticker = '%1' AND "
                                    "snapshot_time = 1800000000")
                         .arg(s.ticker))
                     .toString(),
            QStringLiteral("%1|%2|%3|%4").arg(*s.yesBid).arg(*s.yesAsk).arg(*s.lastPrice).arg(*s.volume));
    }

    // Writing the same range of candles twice changes nothing: same rows, same values, one range.
    void candlesWrittenTwiceChangeNothing()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Candles;
        batch.markets = RecordFactory::marketsBatch(0, 3).markets; // not synced before: they ride along
        for (int m = 0; m < 3; ++m) {
            for (int hour = 1; hour <= 100; ++hour) {
                CandleRecord c;
                c.ticker = batch.markets.at(m).ticker;
                c.periodMinutes = 60;
                c.periodEnd = 1800000000 + hour * 3600;
                c.yesBidOpen = c.yesBidLow = 400000 + hour;
                c.yesBidHigh = c.yesBidClose = 410000 + hour;
                c.yesAskOpen = c.yesAskLow = 420000 + hour;
                c.yesAskHigh = c.yesAskClose = 430000 + hour;
                c.pricePrevious = 415000;
                if (hour % 3 != 0) { // every third hour without a trade: NULL prices
                    c.priceOpen = c.priceLow = 412000;
                    c.priceHigh = c.priceClose = 418000 + m;
                }
                c.volume = hour % 3 != 0 ? 12345 : 0;
                c.openInterest = 500000 + hour;
                batch.candles.append(c);
            }
            batch.candleRanges.append(
                {batch.markets.at(m).ticker, 60, 1800000000 + 3600, 1800000000 + 100 * 3600});
        }
        const QString everything = QStringLiteral(
            "SELECT group_concat(row, ';') FROM (SELECT ticker || ',' || period_minutes || ',' || period_end "
            "|| ',' || "
            "ifnull(yes_bid_open, 'N') || ',' || yes_bid_high || ',' || yes_bid_low || ',' || yes_bid_close "
            "|| ',' || "
            "yes_ask_open || ',' || yes_ask_high || ',' || yes_ask_low || ',' || yes_ask_close || ',' || "
            "ifnull(price_open, 'N') || ',' || ifnull(price_high, 'N') || ',' || ifnull(price_low, 'N') || "
            "',' || "
            "ifnull(price_close, 'N') || ',' || price_previous || ',' || volume || ',' || open_interest AS "
            "row "
            "FROM market_candles ORDER BY ticker, period_end)");
        const QString ranges
            = QStringLiteral("SELECT group_concat(market_id || ',' || period_minutes || ',' || "
                             "range_start || ',' || range_end, ';') FROM candle_ranges");

        QList<BatchResult> results = writeAll(*writer, {batch});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        QCOMPARE(results.value(0).rows, 303); // every record handed in: 3 markets, 300 candles
        const QString first = KmTest::queryValue(path, everything).toString();
        const QString firstRanges = KmTest::queryValue(path, ranges).toString();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candles")), 300);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candles WHERE price_close IS NULL")), 3 * 33);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candle_ranges")), 3);

        results = writeAll(*writer, {batch});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        writer->stop();
        QCOMPARE(KmTest::queryValue(path, everything).toString(), first);
        QCOMPARE(KmTest::queryValue(path, ranges).toString(), firstRanges);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candles")), 300);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candle_ranges")), 3);
        const CandleRecord &sample = batch.candles.at(104); // market 1, hour 5
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT price_close || '|' || volume FROM market_candles "
                                    "WHERE ticker = '%1' AND period_end = %2")
                         .arg(sample.ticker)
                         .arg(sample.periodEnd))
                     .toString(),
            QStringLiteral("%1|%2").arg(*sample.priceClose).arg(*sample.volume));
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    // A candle of a market the database does not know fails the batch (NOT NULL market_id), whole.
    void candlesOfAnUnknownMarketFailTheBatch()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Candles;
        CandleRecord c;
        c.ticker = QStringLiteral("KX-NOWHERE");
        c.periodEnd = 1800003600;
        batch.candles.append(c);
        batch.candleRanges.append({c.ticker, 60, c.periodEnd, c.periodEnd});
        const QList<BatchResult> results = writeAll(*writer, {batch});
        QVERIFY(!results.value(0).ok);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candles")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("candle_ranges")), 0);
    }

    void settlementsUpsert()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Settlements;
        batch.markets = RecordFactory::marketsBatch(0, 5, 1).markets;
        for (const MarketRecord &m : std::as_const(batch.markets))
            batch.settlements.append({m.ticker, m.eventTicker, QStringLiteral("no"), 1770000300, 0});
        WriteBatch corrected = batch;
        corrected.settlements[2].result = QStringLiteral("yes");
        corrected.settlements[2].settlementValue = 1000000;
        const QList<BatchResult> results = writeAll(*writer, {batch, corrected});
        QVERIFY(results.size() == 2 && results.at(0).ok && results.at(1).ok);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), 5);
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT result || '|' || settlement_value FROM settlements "
                                    "WHERE ticker = '%1'")
                         .arg(RecordFactory::marketTicker(2)))
                     .toString(),
            QStringLiteral("yes|1000000"));
    }

    void failedBatchLeavesNothingBehind()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch bad;
        bad.kind = WriteBatch::Kind::Snapshots;
        bad.markets = RecordFactory::marketsBatch(100, 20).markets;
        for (int i = 100; i < 120; ++i)
            bad.snapshots.append(RecordFactory::snapshot(i, 1800000000));
        bad.snapshots.append(RecordFactory::snapshot(5000, 1800000000)); // its market is in no batch
        const QList<BatchResult> results = writeAll(
            *writer, {RecordFactory::marketsBatch(0, 10), bad, RecordFactory::marketsBatch(10, 10)});
        QCOMPARE(results.size(), 3);
        QVERIFY(results.at(0).ok);
        QVERIFY(!results.at(1).ok);
        QVERIFY2(results.at(1).error.contains(QStringLiteral("NOT NULL")), qPrintable(results.at(1).error));
        QCOMPARE(results.at(1).attempts, 1);
        QVERIFY(results.at(2).ok);
        writer->stop();
        // The failed batch's markets (written before its bad snapshot) were rolled back with it.
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 20);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows")), 0);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    void fullDiskFailsCleanlyAndKeepsEarlierBatches()
    {
        const QString path = newDatabasePath();
        // A page budget stands in for a full disk: SQLite reports SQLITE_FULL either way.
        auto writer = startWriter(path, 30000, {QStringLiteral("PRAGMA max_page_count = 40")});
        const QList<BatchResult> results
            = writeAll(*writer, {RecordFactory::marketsBatch(0, 10), RecordFactory::marketsBatch(10, 5000)});
        QCOMPARE(results.size(), 2);
        QVERIFY(results.at(0).ok);
        QVERIFY(!results.at(1).ok);
        QVERIFY2(results.at(1).error.contains(QStringLiteral("full")), qPrintable(results.at(1).error));
        QVERIFY2(results.at(1).error.contains(QStringLiteral("code 13")), qPrintable(results.at(1).error));
        // The writer keeps working after the failure.
        const QList<BatchResult> after = writeAll(*writer, {RecordFactory::marketsBatch(0, 10, 1)});
        QVERIFY(after.value(0).ok);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 10);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    void waitsForAnotherWriterThenSucceeds()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path, 10000);
        KmTest::WriteLockThread holder(path, 600);
        holder.start();
        QTRY_VERIFY(holder.locked.loadAcquire() == 1);
        QElapsedTimer timer;
        timer.start();
        const QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 100)});
        holder.wait();
        QCOMPARE(results.size(), 1);
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        QVERIFY2(results.at(0).attempts > 1, "the writer should have met the lock and retried");
        QVERIFY(timer.elapsed() >= 400);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 100);
    }

    // Opening migrates a fresh file, which needs the write lock: another process holding it makes
    // the open retry (classified busy from SQLite's code), not fail.
    void openWaitsForAnotherWriterThenMigrates()
    {
        const QString path = newDatabasePath();
        KmTest::WriteLockThread holder(path, 600);
        holder.start();
        QTRY_VERIFY(holder.locked.loadAcquire() == 1);
        QElapsedTimer timer;
        timer.start();
        auto writer = startWriter(path, 10000);
        QVERIFY2(timer.elapsed() >= 400, "the open should have met the lock");
        holder.wait();
        QVERIFY(writeAll(*writer, {RecordFactory::marketsBatch(0, 10)}).value(0).ok);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 10);
    }

    // The Checkpointer's thread, not the writer, copies commits from the WAL into the database
    // file, while the writer keeps running (the writer's own autocheckpoint is only a backstop far
    // above what this test writes).
    void checkpointerCopiesCommitsIntoTheDatabaseFile()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        QSignalSpy checkpoints(writer->checkpointer(), &Checkpointer::checkpointed);
        const qint64 sizeBefore = QFileInfo(path).size();
        QList<WriteBatch> batches;
        for (int i = 0; i < 8; ++i)
            batches.append(RecordFactory::marketsBatch(i * 1000, 1000, i + 1));
        const QList<BatchResult> results = writeAll(*writer, batches);
        QCOMPARE(results.size(), batches.size());
        for (const BatchResult &result : results)
            QVERIFY2(result.ok, qPrintable(result.error));
        // The 8000 markets reach the database file itself while the writer is still open, and the
        // last checkpoint copied every frame. (The checkpoint at open copies only the new schema.)
        const auto caughtUp = [&] {
            if (checkpoints.isEmpty() || QFileInfo(path).size() <= sizeBefore + 200 * 1024)
                return false;
            const auto last = checkpoints.last().at(0).value<Checkpointer::Result>();
            return last.ok && last.walFrames > 0 && last.checkpointedFrames == last.walFrames;
        };
        // Requests that arrived within one interval of the last checkpoint are served by a timer.
        QTRY_VERIFY2_WITH_TIMEOUT(caughtUp(),
            qPrintable(QStringLiteral("%1 -> %2 bytes, %3 checkpoints")
                           .arg(sizeBefore)
                           .arg(QFileInfo(path).size())
                           .arg(checkpoints.size())),
            10000);
        for (const QList<QVariant> &arguments : std::as_const(checkpoints)) {
            const auto result = arguments.at(0).value<Checkpointer::Result>();
            QVERIFY2(result.ok, qPrintable(result.error));
        }
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 8000);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    // A WAL left long by someone else (a migration, a killed process) is checkpointed when the
    // writer opens, and the writer's first commit after that restarts it at 64 MiB at most.
    void longWalIsCheckpointedAtOpenAndTruncated()
    {
        const QString path = newDatabasePath();
        const QString walPath = path + QStringLiteral("-wal");
        QString error;
        QVERIFY2(Schema::openConnection(QStringLiteral("long-wal"), path, {}, &error), qPrintable(error));
        {
            QSqlQuery filler(QSqlDatabase::database(QStringLiteral("long-wal")));
            QVERIFY(filler.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0")));
            QVERIFY(filler.exec(QStringLiteral("CREATE TABLE filler(x)")));
            QVERIFY(filler.exec(QStringLiteral("INSERT INTO filler SELECT randomblob(1000) FROM "
                                               "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                               "FROM n WHERE i < 80000) SELECT i FROM n)")));
        }
        const qint64 longWal = QFileInfo(walPath).size();
        QVERIFY2(longWal > 72 * 1024 * 1024, qPrintable(QString::number(longWal)));

        // The filler connection stays open (its close would checkpoint and delete the WAL itself).
        auto writer = startWriter(path);
        QSignalSpy checkpoints(writer->checkpointer(), &Checkpointer::checkpointed);
        const auto copiedAll = [&] {
            for (const QList<QVariant> &arguments : std::as_const(checkpoints)) {
                const auto result = arguments.at(0).value<Checkpointer::Result>();
                if (result.ok && result.walFrames > 20000 && result.checkpointedFrames == result.walFrames)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(copiedAll(), 10000);
        const QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 10)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        const qint64 restartedWal = QFileInfo(walPath).size();
        QVERIFY2(restartedWal <= 64 * 1024 * 1024, qPrintable(QString::number(restartedWal)));
        writer->stop();
        Schema::closeConnection(QStringLiteral("long-wal"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("filler")), 80000);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 10);
    }

    void lockHeldPastDeadlineFailsCleanly()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path, 400);
        QVERIFY(writeAll(*writer, {RecordFactory::marketsBatch(0, 10)}).value(0).ok);
        KmTest::WriteLockThread holder(path, 2000);
        holder.start();
        QTRY_VERIFY(holder.locked.loadAcquire() == 1);
        const QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(10, 100)});
        QCOMPARE(results.size(), 1);
        QVERIFY(!results.at(0).ok);
        QVERIFY2(results.at(0).error.contains(QStringLiteral("locked")), qPrintable(results.at(0).error));
        QVERIFY(results.at(0).attempts > 1);
        holder.wait();
        // Nothing of the failed batch is stored, and the writer works again once the lock is gone.
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 10);
        QVERIFY(writeAll(*writer, {RecordFactory::marketsBatch(10, 100)}).value(0).ok);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 110);
    }

    // BUG-053 Repro A, reshaped: two writers, two threads, two connections, same keys, many rounds.
    void twoWritersUpsertSameKeysConcurrently()
    {
        const QString path = newDatabasePath();
        auto first = startWriter(path);
        auto second = startWriter(path);
        QSignalSpy firstSpy(first->writer(), &DatabaseWriter::batchWritten);
        QSignalSpy secondSpy(second->writer(), &DatabaseWriter::batchWritten);
        constexpr int rounds = 40;
        for (int round = 0; round < rounds; ++round) {
            submit(*first, RecordFactory::marketsBatch(0, 300, round));
            submit(*second, RecordFactory::marketsBatch(100, 300, round));
            WriteBatch snapshots;
            snapshots.kind = WriteBatch::Kind::Snapshots;
            for (int i = 0; i < 300; ++i)
                snapshots.snapshots.append(RecordFactory::snapshot(i, 1800000000 + round));
            snapshots.markets = RecordFactory::marketsBatch(0, 300, round).markets;
            submit(*second, snapshots);
            submit(*first, snapshots);
        }
        QTRY_COMPARE_WITH_TIMEOUT(firstSpy.size() + secondSpy.size(), 4 * rounds, 60000);
        int retriedBatches = 0;
        for (const QSignalSpy *spy : {&firstSpy, &secondSpy}) {
            for (const QList<QVariant> &arguments : *spy) {
                const BatchResult result = arguments.at(0).value<BatchResult>();
                QVERIFY2(result.ok, qPrintable(result.error));
                retriedBatches += result.attempts > 1 ? 1 : 0;
            }
        }
        first->stop();
        second->stop();
        qDebug("batches that met the other writer's lock and retried: %d", retriedBatches);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 400);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), 10);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 300 * rounds);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    void twoProcessesWriteOverlappingBatches()
    {
        const QString helper = KmTest::builtExecutable(QStringLiteral("km-write-stress"));
        QVERIFY2(!helper.isEmpty(), "km-write-stress was not built");
        const QString path = newDatabasePath();
        constexpr int rounds = 25;
        QProcess a;
        QProcess b;
        a.start(helper, {path, QString::number(rounds), QStringLiteral("0"), QStringLiteral("400")});
        b.start(helper, {path, QString::number(rounds), QStringLiteral("200"), QStringLiteral("400")});
        QVERIFY(a.waitForFinished(120000));
        QVERIFY(b.waitForFinished(120000));
        QVERIFY2(a.exitStatus() == QProcess::NormalExit && a.exitCode() == 0,
            a.readAllStandardError().constData());
        QVERIFY2(b.exitStatus() == QProcess::NormalExit && b.exitCode() == 0,
            b.readAllStandardError().constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 600);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), 10);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 1")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 600 * rounds);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    void stopCommitsEveryQueuedBatch()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        for (int i = 0; i < 30; ++i)
            submit(*writer, RecordFactory::marketsBatch(i * 100, 100));
        writer->stop(); // immediately: the queued batches still commit, then the connection closes
        QVERIFY(!writer->isRunning());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 3000);
    }

    void syncRunsAreRecorded()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        QSignalSpy started(writer->writer(), &DatabaseWriter::syncRunStarted);
        QSignalSpy finished(writer->writer(), &DatabaseWriter::syncRunFinished);
        DatabaseWriter *w = writer->writer();
        QMetaObject::invokeMethod(
            w, [w] { w->startSyncRun(77, SyncPhase::Markets); }, Qt::QueuedConnection);
        QTRY_COMPARE(started.size(), 1);
        QCOMPARE(started.at(0).at(0).toULongLong(), quint64(77));
        const qint64 runId = started.at(0).at(1).toLongLong();
        QVERIFY(runId > 0);
        QCOMPARE(
            KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs WHERE id = %1").arg(runId))
                .toString(),
            QStringLiteral("running"));
        SyncRunRecord run;
        run.id = runId;
        run.kind = SyncPhase::Markets;
        run.status = SyncStatus::Failed;
        run.pages = 3;
        run.rows = 2500;
        run.skipped = 2;
        run.retries = 4;
        run.error = QStringLiteral("GET /markets page 4: HTTP 500");
        QMetaObject::invokeMethod(
            w, [w, run] { w->finishSyncRun(run); }, Qt::QueuedConnection);
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(finished.at(0).at(1).toBool());
        writer->stop();
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT kind || '|' || status || '|' || pages || '|' || rows || '|' "
                                    "|| skipped || '|' || retries || '|' || error || '|' || "
                                    "(finished_at >= started_at) FROM sync_runs WHERE id = %1")
                         .arg(runId))
                     .toString(),
            QStringLiteral("markets|failed|3|2500|2|4|GET /markets page 4: HTTP 500|1"));
    }

    // Pages and rows are counted in each batch's own transaction, so a run whose process dies
    // still says what committed. A snapshot run counts the snapshot rows stored, not the markets
    // upserted with them nor the snapshots the database already held for that time.
    void syncRunsCountCommittedBatches()
    {
        const QString path = newDatabasePath();
        auto writer = startWriter(path);
        DatabaseWriter *w = writer->writer();
        QSignalSpy started(w, &DatabaseWriter::syncRunStarted);
        for (quint64 token : {1, 2, 3})
            QMetaObject::invokeMethod(
                w, [w, token] { w->startSyncRun(token, SyncPhase::Snapshot); }, Qt::QueuedConnection);
        QTRY_COMPARE(started.size(), 3);
        const qint64 snapshotRun = started.at(0).at(1).toLongLong();
        const qint64 marketsRun = started.at(1).at(1).toLongLong();
        const qint64 sharedSnapshotRun = started.at(2).at(1).toLongLong();

        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        snapshots.syncRunId = snapshotRun;
        for (int i = 0; i < 20; ++i) {
            snapshots.markets.append(RecordFactory::market(i));
            snapshots.snapshots.append(RecordFactory::snapshot(i, i < 5 ? 1800000000 : 1800000060));
        }
        WriteBatch earlier = snapshots; // 5 of its 20 snapshots are stored already
        earlier.syncRunId = 0;
        earlier.markets = earlier.markets.mid(0, 5);
        earlier.snapshots = earlier.snapshots.mid(0, 5);
        WriteBatch shared = snapshots; // a full sync's markets page that is its snapshot page too
        shared.syncRunId = marketsRun;
        shared.snapshotRunId = sharedSnapshotRun;
        for (SnapshotRecord &snapshot : shared.snapshots)
            snapshot.snapshotTime = 1800000120;
        const QList<BatchResult> results = writeAll(*writer, {earlier, snapshots, snapshots, shared});
        QCOMPARE(results.size(), 4);
        for (const BatchResult &result : results)
            QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(results.at(0).snapshotsStored, 5);
        QCOMPARE(results.at(1).snapshotsStored, 15);
        QCOMPARE(results.at(2).snapshotsStored, 0);
        QCOMPARE(results.at(3).snapshotsStored, 20);
        writer->stop();
        // No finishSyncRun: the rows say what a killed process left.
        const QString sql
            = QStringLiteral("SELECT status || '|' || pages || '|' || rows FROM sync_runs WHERE id = %1");
        QCOMPARE(KmTest::queryValue(path, sql.arg(snapshotRun)).toString(), QStringLiteral("running|2|15"));
        QCOMPARE(KmTest::queryValue(path, sql.arg(marketsRun)).toString(), QStringLiteral("running|1|20"));
        QCOMPARE(
            KmTest::queryValue(path, sql.arg(sharedSnapshotRun)).toString(), QStringLiteral("running|1|20"));
    }

    // A writer that opens the file marks the runs of processes that are gone as abandoned: the
    // pid runs nothing, or a process that started at another time. Runs of live processes, of
    // other hosts and without an owner stay as they are.
    void runsOfGoneOwnersAreAbandoned()
    {
        const QString path = newDatabasePath();
        startWriter(path)->stop();
        QProcess exited;
        exited.start(QStringLiteral("sleep"), {QStringLiteral("0.1")});
        QVERIFY(exited.waitForStarted(5000));
        const qint64 deadPid = exited.processId();
        QVERIFY(deadPid > 0);
        QVERIFY(exited.waitForFinished(5000));
        const SyncRunOwner self = SyncRunOwner::currentProcess();
        QVERIFY(self.startedAt.has_value());
        const QString host = self.host;
        const QString insert = QStringLiteral("INSERT INTO sync_runs(id, kind, started_at, status, pages, "
                                              "rows, owner_pid, owner_host, owner_started_at) "
                                              "VALUES (%1, 'markets', 100, '%2', 3, 3000, %3, '%4', %5)");
        QVERIFY(KmTest::execStatements(path,
            {insert.arg(1).arg(QStringLiteral("running")).arg(deadPid).arg(host).arg(*self.startedAt),
                insert.arg(2)
                    .arg(QStringLiteral("running"))
                    .arg(self.pid)
                    .arg(host)
                    .arg(*self.startedAt - 3600),
                insert.arg(3).arg(QStringLiteral("running")).arg(self.pid).arg(host).arg(*self.startedAt),
                insert.arg(4)
                    .arg(QStringLiteral("running"))
                    .arg(deadPid)
                    .arg(QStringLiteral("other-host"))
                    .arg(1),
                insert.arg(5).arg(QStringLiteral("ok")).arg(deadPid).arg(host).arg(1),
                QStringLiteral("INSERT INTO sync_runs(id, kind, started_at, status) VALUES (6, 'events', "
                               "100, 'running')")}));

        // A reader shows what the next writer will record, without writing.
        Schema::ConnectionOptions readOnly;
        readOnly.access = Schema::Access::ReadOnly;
        QString error;
        QVERIFY2(Schema::openConnection(QStringLiteral("abandoned-reader"), path, readOnly, &error),
            qPrintable(error));
        DatabaseStats stats;
        QVERIFY2(
            DatabaseStats::read(QStringLiteral("abandoned-reader"), path, &stats, &error), qPrintable(error));
        Schema::closeConnection(QStringLiteral("abandoned-reader"));
        QStringList shown;
        for (const SyncRunRecord &run : std::as_const(stats.recentRuns))
            shown.prepend(SyncState::toText(run.status));
        const QStringList expected
            = {QStringLiteral("abandoned"), QStringLiteral("abandoned"), QStringLiteral("running"),
                QStringLiteral("running"), QStringLiteral("ok"), QStringLiteral("running")};
        QCOMPARE(shown, expected);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'abandoned'")), 0);

        startWriter(path)->stop();
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("SELECT status FROM sync_runs ORDER BY id")),
            QVariantList(expected.cbegin(), expected.cend()));
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT pages || '|' || rows || '|' || (finished_at > 0) || '|' || error "
                                    "FROM sync_runs WHERE id = 1"))
                     .toString(),
            QStringLiteral("3|3000|1|its process (pid %1 on %2) ended without finishing it")
                .arg(deadPid)
                .arg(host));
    }

    void openFailureIsReported()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.db"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a database at all, just text");
        }
        DatabaseWriter::Options options;
        options.databasePath = path;
        WriterThread thread(options);
        QString error;
        QVERIFY(!thread.startAndWait(&error));
        QVERIFY2(error.contains(QStringLiteral("not an SQLite database")), qPrintable(error));
        // Batches sent to a writer that could not open fail with a message; nothing crashes.
        const QList<BatchResult> results = writeAll(thread, {RecordFactory::marketsBatch(0, 1)});
        QVERIFY(!results.value(0).ok);
        QVERIFY(results.value(0).error.contains(QStringLiteral("not open")));
        thread.stop();
    }

    void fileMissingADescribedColumnIsRefusedAtOpen()
    {
        const QString path = newDatabasePath();
        {
            auto writer = startWriter(path);
            QVERIFY(writeAll(*writer, {RecordFactory::marketsBatch(0, 3)}).value(0).ok);
            writer->stop();
        }
        // The file keeps its schema version, but a column the writer writes is gone.
        QString fixtureError;
        QVERIFY2(KmTest::execStatements(
                     path, {QStringLiteral("ALTER TABLE markets DROP COLUMN liquidity")}, &fixtureError),
            qPrintable(fixtureError));
        DatabaseWriter::Options options;
        options.databasePath = path;
        WriterThread thread(options);
        QString error;
        QVERIFY(!thread.startAndWait(&error));
        QCOMPARE(error,
            QStringLiteral(
                "the database file does not fit this build: table markets has no column liquidity"));
        const QList<BatchResult> results = writeAll(thread, {RecordFactory::marketsBatch(3, 1)});
        QVERIFY(!results.value(0).ok);
        thread.stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 3);
    }
};

KM_TEST_GUILESS_MAIN(TstDatabaseWriter)
#include "tst_databasewriter.moc"
