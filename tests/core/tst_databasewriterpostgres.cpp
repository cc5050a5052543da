// DatabaseWriter on PostgreSQL (a throwaway PgTestServer): the indexed market columns, which the
// upsert sets there (SqlDialect::guardsIndexedColumns), and the batches bound as one array per
// column (SqlDialect::bindsColumnArrays) storing what SQLite stores.
// Without the PostgreSQL server binaries the test FAILS (KmTest::startPostgres), never skips.
#include "pgtestserver.h"
#include "recordfactory.h"
#include "startwriter.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

#include <memory>

using KmTest::startWriter;

class TstDatabaseWriterPostgres : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgTestServer> m_server;

    static QList<BatchResult> writeAll(WriterThread &thread, const QList<WriteBatch> &batches)
    {
        QSignalSpy spy(thread.writer(), &DatabaseWriter::batchWritten);
        DatabaseWriter *writer = thread.writer();
        for (const WriteBatch &batch : batches)
            QMetaObject::invokeMethod(
                writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return spy.size() >= batches.size(); }, 30000))
            qWarning("writeAll: %d of %d batch results", int(spy.size()), int(batches.size()));
        QList<BatchResult> results;
        for (const QList<QVariant> &arguments : std::as_const(spy))
            results.append(arguments.at(0).value<BatchResult>());
        return results;
    }

    // Every row of `from` as text, column values joined by '|', NULL as <null>; ordered by `order`.
    static QStringList rowsOf(
        const QString &location, const QStringList &columns, const QString &from, const QString &order)
    {
        QStringList values;
        for (const QString &column : columns)
            values.append(QStringLiteral("coalesce(CAST(%1 AS TEXT), '<null>')").arg(column));
        QStringList rows;
        const QVariantList column = KmTest::queryColumn(location,
            u"SELECT " + values.join(QStringLiteral(" || '|' || ")) + u" FROM " + from + u" ORDER BY "
                + order);
        for (const QVariant &row : column)
            rows.append(row.toString());
        return rows;
    }

    // What a batch test compares: every column the writer writes except ids and times of writing.
    static QList<QStringList> storedRows(const QString &location)
    {
        return {rowsOf(location,
                    {QStringLiteral("ticker"), QStringLiteral("series_ticker"), QStringLiteral("title"),
                        QStringLiteral("sub_title"), QStringLiteral("category"),
                        QStringLiteral("mutually_exclusive"), QStringLiteral("is_placeholder")},
                    QStringLiteral("events"), QStringLiteral("ticker")),
            rowsOf(location,
                {QStringLiteral("ticker"), QStringLiteral("event_ticker"), QStringLiteral("series_ticker"),
                    QStringLiteral("market_type"), QStringLiteral("title"), QStringLiteral("subtitle"),
                    QStringLiteral("yes_sub_title"), QStringLiteral("no_sub_title"), QStringLiteral("status"),
                    QStringLiteral("result"), QStringLiteral("open_time"), QStringLiteral("close_time"),
                    QStringLiteral("expiration_time"), QStringLiteral("settlement_ts"),
                    QStringLiteral("yes_bid"), QStringLiteral("yes_ask"), QStringLiteral("no_bid"),
                    QStringLiteral("no_ask"), QStringLiteral("last_price"), QStringLiteral("volume"),
                    QStringLiteral("volume_24h"), QStringLiteral("open_interest"),
                    QStringLiteral("liquidity")},
                QStringLiteral("markets"), QStringLiteral("ticker")),
            rowsOf(location, {QStringLiteral("snapshot_time"), QStringLiteral("scope")},
                QStringLiteral("snapshot_times"), QStringLiteral("snapshot_time")),
            rowsOf(location,
                {QStringLiteral("m.ticker"), QStringLiteral("s.scope"), QStringLiteral("s.first_time"),
                    QStringLiteral("s.last_time"), QStringLiteral("s.yes_bid"), QStringLiteral("s.yes_ask"),
                    QStringLiteral("s.no_bid"), QStringLiteral("s.no_ask"), QStringLiteral("s.last_price"),
                    QStringLiteral("s.volume"), QStringLiteral("s.volume_24h"),
                    QStringLiteral("s.open_interest")},
                QStringLiteral("snapshot_states AS s JOIN markets AS m ON m.id = s.market_id"),
                QStringLiteral("m.ticker, s.scope, s.first_time")),
            rowsOf(location,
                {QStringLiteral("m.ticker"), QStringLiteral("c.period_minutes"),
                    QStringLiteral("c.period_end"), QStringLiteral("c.yes_bid_open"),
                    QStringLiteral("c.price_close"), QStringLiteral("c.price_previous"),
                    QStringLiteral("c.volume")},
                QStringLiteral("candles AS c JOIN markets AS m ON m.id = c.market_id"),
                QStringLiteral("m.ticker, c.period_minutes, c.period_end")),
            rowsOf(location,
                {QStringLiteral("ticker"), QStringLiteral("event_ticker"), QStringLiteral("result"),
                    QStringLiteral("settled_at"), QStringLiteral("settlement_value")},
                QStringLiteral("settlements"), QStringLiteral("ticker"))};
    }

    // Batches with every kind of value and listing the writer meets: NULLs, empty and unusual text
    // (quotes, backslashes, braces, commas, the word NULL, spaces, non-ASCII), the extreme integers,
    // a ticker listed twice in a row, a market with two snapshot times in one batch, a time stored
    // already, an earlier time (a scope of its own), runs to extend, an unknown ticker.
    static QList<WriteBatch> awkwardBatches()
    {
        WriteBatch events;
        events.kind = WriteBatch::Kind::Events;
        EventRecord event = RecordFactory::event(0);
        event.title = QStringLiteral("Zürich – 東京 🚀 \"quoted\" back\\slash {a,b} 'single'");
        event.subTitle = QString();
        event.category = QStringLiteral("NULL");
        event.mutuallyExclusive.reset();
        events.events = {event, RecordFactory::event(1)};

        WriteBatch markets = RecordFactory::marketsBatch(0, 8);
        MarketRecord &odd = markets.markets[0];
        odd.title = event.title + QStringLiteral("\ttab\nnewline");
        odd.subtitle = QStringLiteral("NULL");
        odd.yesSubTitle = QStringLiteral("  spaces  ");
        odd.noSubTitle = QString();
        odd.seriesTicker = QStringLiteral("");
        MarketRecord &extreme = markets.markets[1];
        extreme.volume = std::numeric_limits<qint64>::max();
        extreme.openInterest = std::numeric_limits<qint64>::min();
        extreme.yesBid = 0;
        extreme.liquidity.reset();
        extreme.closeTime.reset();
        extreme.title = QStringLiteral("");
        MarketRecord twice = markets.markets.at(2);
        twice.status = QStringLiteral("paused");
        twice.title = QStringLiteral("listed again");
        twice.closeTime = 5;
        markets.markets.insert(3, twice);

        const qint64 t1 = 1770000000;
        const auto snapshotBatch = [](const QList<int> &indexes, const QList<qint64> &times) {
            WriteBatch batch;
            batch.kind = WriteBatch::Kind::Snapshots;
            for (qsizetype i = 0; i < indexes.size(); ++i) {
                if (indexes.at(i) > 2) // the awkward markets stay as the markets batch left them
                    batch.markets.append(RecordFactory::market(indexes.at(i)));
                batch.snapshots.append(RecordFactory::snapshot(indexes.at(i), times.at(i)));
            }
            return batch;
        };
        WriteBatch first = snapshotBatch({0, 1, 2, 3, 4, 5}, {t1, t1, t1, t1, t1, t1});
        first.snapshots[1].volume = std::numeric_limits<qint64>::max();
        first.snapshots[1].lastPrice.reset();
        WriteBatch second
            = snapshotBatch({0, 1, 2, 2, 3, 6}, {t1 + 60, t1 + 60, t1 + 60, t1 + 120, t1, t1 + 60});
        second.snapshots[1].volume = std::numeric_limits<qint64>::max();
        second.snapshots[1].lastPrice.reset();
        second.snapshots[3].yesBid = 1;
        WriteBatch earlier = snapshotBatch({0, 1}, {t1 - 60, t1 - 60});
        WriteBatch third = snapshotBatch({0, 1, 2, 3, 4}, {t1 + 120, t1 + 120, t1 + 180, t1 + 120, t1 + 120});
        third.snapshots[1].volume = std::numeric_limits<qint64>::max();
        third.snapshots[1].lastPrice.reset();
        WriteBatch watchlist = snapshotBatch({5, 6}, {t1 + 150, t1 + 150});
        watchlist.snapshotScope = SnapshotScope::Watchlist;
        WriteBatch unknown = snapshotBatch({7}, {t1 + 240});
        unknown.snapshots[0].ticker = QStringLiteral("KXTEST-UNKNOWN");

        WriteBatch candles;
        candles.kind = WriteBatch::Kind::Candles;
        CandleRecord candle;
        candle.ticker = RecordFactory::marketTicker(0);
        candle.periodEnd = t1;
        candle.yesBidOpen = 10;
        candle.pricePrevious = std::numeric_limits<qint64>::max();
        CandleRecord again = candle;
        again.yesBidOpen = 20;
        again.volume = 7;
        CandleRecord other = candle;
        other.periodMinutes = 1;
        candles.candles = {candle, again, other};
        candles.candleRanges = {{candle.ticker, 60, t1 - 3600, t1}, {candle.ticker, 60, t1 - 3600, t1}};

        WriteBatch settlements;
        settlements.kind = WriteBatch::Kind::Settlements;
        settlements.settlements = {{RecordFactory::marketTicker(4), RecordFactory::eventTicker(4),
                                       QStringLiteral("yes"), t1, std::nullopt},
            {RecordFactory::marketTicker(5), RecordFactory::eventTicker(5), QStringLiteral("no"), t1, 0}};
        return {events, markets, first, second, earlier, third, watchlist, unknown, candles, settlements};
    }

    static QString tickersWhere(const QString &url, const QString &where)
    {
        return KmTest::queryValue(url,
            QStringLiteral("SELECT string_agg(ticker, ' ' ORDER BY ticker) FROM markets WHERE %1").arg(where))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    // The same batches through the SQLite writer (row-by-row VALUES, the view's trigger) and the
    // PostgreSQL one (column arrays, the set-based snapshot statement): the same results and rows.
    void batchesStoreWhatSqliteStores()
    {
        const QList<WriteBatch> batches = awkwardBatches();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("reference.db"));
        const QString url = m_server->newDatabaseUrlOrAbort();
        QList<QList<BatchResult>> results;
        for (const QString &location : {file, url}) {
            auto writer = startWriter(location);
            results.append(writeAll(*writer, batches));
            writer->stop();
        }
        QCOMPARE(results.at(1).size(), batches.size());
        QCOMPARE(results.at(0).size(), batches.size());
        for (qsizetype i = 0; i < batches.size(); ++i) {
            const BatchResult &sqlite = results.at(0).at(i);
            const BatchResult &postgres = results.at(1).at(i);
            QVERIFY2(postgres.ok == sqlite.ok,
                qPrintable(QStringLiteral("batch %1: %2 / %3").arg(i).arg(sqlite.error, postgres.error)));
            QCOMPARE(postgres.snapshotsStored, sqlite.snapshotsStored);
        }
        QVERIFY(results.at(1).at(1).ok); // the twice-listed ticker
        QVERIFY(!results.at(1).at(7).ok); // the unknown ticker
        QCOMPARE(results.at(1).at(3).snapshotsStored, 5); // the time stored already is not
        const QList<QStringList> expected = storedRows(file);
        const QList<QStringList> stored = storedRows(url);
        QCOMPARE(stored.size(), expected.size());
        for (qsizetype table = 0; table < expected.size(); ++table) {
            QVERIFY(!expected.at(table).isEmpty());
            QCOMPARE(stored.at(table), expected.at(table));
        }
        const QString markets = stored.at(1).join(u'\n');
        QVERIFY(markets.contains(u"|listed again|"));
        QVERIFY(
            markets.contains(u"\"quoted\" back\\slash {a,b} 'single'\ttab\nnewline|NULL|  spaces  |<null>|"));
        QVERIFY(markets.contains(QString::number(std::numeric_limits<qint64>::min())));
    }

    // Exactly one notification per committed batch, named by its kind, and none for the batch that
    // failed (the writer's pg_notify runs inside each transaction from one statement prepared once).
    void oneNotificationPerCommittedBatch()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        const QString listenerName = QStringLiteral("tst-listener");
        QString error;
        Schema::ConnectionOptions options;
        options.access = Schema::Access::ReadOnly;
        {
            auto writer = startWriter(url); // migrates the new database
            writer->stop();
        }
        QVERIFY2(Schema::openConnection(listenerName, url, options, &error), qPrintable(error));
        QStringList payloads;
        {
            QSqlDatabase listener = QSqlDatabase::database(listenerName, false);
            QVERIFY(listener.driver()->subscribeToNotification(SqlDialect::notifyChannel()));
            connect(listener.driver(), &QSqlDriver::notification, this,
                [&payloads](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                    payloads.append(payload.toString());
                });
            const QList<WriteBatch> batches = awkwardBatches();
            auto writer = startWriter(url);
            const QList<BatchResult> results = writeAll(*writer, batches);
            writer->stop();
            QCOMPARE(results.size(), batches.size());
            QStringList expected;
            for (qsizetype i = 0; i < batches.size(); ++i) {
                if (results.at(i).ok)
                    expected.append(batchKindName(batches.at(i).kind));
            }
            QCOMPARE(expected.size(), batches.size() - 1); // the unknown ticker's batch rolled back
            QTRY_COMPARE_WITH_TIMEOUT(payloads.size(), expected.size(), 10000);
            QTest::qWait(300); // nothing more arrives
            QCOMPARE(payloads, expected);
            listener.driver()->unsubscribeFromNotification(SqlDialect::notifyChannel());
        }
        Schema::closeConnection(listenerName);
    }

    // Two unknown tickers in one snapshot batch (each listed once, so the writer runs only the
    // set-based statement) fail the batch as one does, as on SQLite; nothing of it is stored.
    void unknownTickersFailTheBatch()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        WriteBatch markets = RecordFactory::marketsBatch(0, 2);
        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        snapshots.snapshots = {RecordFactory::snapshot(0, 1770000000), RecordFactory::snapshot(1, 1770000000),
            RecordFactory::snapshot(1, 1770000000), RecordFactory::snapshot(1, 1770000000)};
        snapshots.snapshots[1].ticker = QStringLiteral("KXTEST-UNKNOWN-A");
        snapshots.snapshots[2].ticker = QStringLiteral("KXTEST-UNKNOWN-B");
        snapshots.snapshots.removeLast();
        auto writer = startWriter(url);
        const QList<BatchResult> results = writeAll(*writer, {markets, snapshots});
        writer->stop();
        QCOMPARE(results.size(), 2);
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        QVERIFY(!results.at(1).ok);
        QVERIFY2(results.at(1).error.contains(QLatin1String("23502")), qPrintable(results.at(1).error));
        QCOMPARE(
            KmTest::queryValue(url, QStringLiteral("SELECT count(*) FROM snapshot_states")).toLongLong(), 0);
        QCOMPARE(
            KmTest::queryValue(url, QStringLiteral("SELECT count(*) FROM snapshot_times")).toLongLong(), 0);
    }

    // tst_databasewriter::indexedColumnsFollowEveryUpdate on PostgreSQL.
    void indexedColumnsFollowEveryUpdate()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        auto writer = startWriter(url);
        QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 10)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));

        WriteBatch mixed = RecordFactory::marketsBatch(5, 10); // 5..9 stored, 10..14 new
        mixed.markets[0].eventTicker = QStringLiteral("KXTEST-MOVED");
        mixed.markets[1].status = QStringLiteral("paused");
        mixed.markets[2].closeTime.reset();
        mixed.markets[3].yesBid = 990000;
        MarketRecord listedTwice = RecordFactory::market(12);
        listedTwice.status = QStringLiteral("paused");
        listedTwice.closeTime = 1;
        mixed.markets.append(listedTwice);

        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        MarketRecord reopened = RecordFactory::market(6);
        reopened.closeTime = 2;
        snapshots.markets = {reopened, RecordFactory::market(9)};
        snapshots.snapshots
            = {RecordFactory::snapshot(6, 1770000000), RecordFactory::snapshot(9, 1770000000)};

        results = writeAll(*writer, {mixed, snapshots});
        QCOMPARE(results.size(), 2);
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        QVERIFY2(results.at(1).ok, qPrintable(results.at(1).error));
        QCOMPARE(results.at(1).snapshotsStored, 2);
        writer->stop();

        const auto ticker = [](int index) { return RecordFactory::marketTicker(index); };
        QCOMPARE(tickersWhere(url, QStringLiteral("event_ticker = 'KXTEST-MOVED'")), ticker(5));
        QCOMPARE(tickersWhere(url, QStringLiteral("status = 'paused'")), ticker(12));
        QCOMPARE(tickersWhere(url, QStringLiteral("close_time IS NULL")), ticker(7));
        QCOMPARE(tickersWhere(url, QStringLiteral("close_time < 10")).split(u' ').size(), 2);
        QVERIFY(tickersWhere(url, QStringLiteral("close_time < 10")).contains(ticker(6)));
        QCOMPARE(tickersWhere(url, QStringLiteral("status = 'active'")).split(u' ').size(), 14);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), 15);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("price_snapshots")), 2);
    }

    // Schema 8 on PostgreSQL: the browser's volume order has its index, NULL volumes last as the
    // browser's ORDER BY volume_24h DESC NULLS LAST (PostgreSQL's DESC alone would put them first).
    void volumeOrderIndexExists()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        auto writer = startWriter(url);
        const QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 3)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        writer->stop();
        const QString definition = KmTest::queryValue(url,
            QStringLiteral("SELECT indexdef FROM pg_indexes WHERE tablename = 'markets' "
                           "AND indexname = 'markets_status_volume_24h'"))
                                       .toString()
                                       .simplified();
        QVERIFY2(definition.contains(QLatin1String("CASE status WHEN 'initialized'::text THEN 1 WHEN "
                                                   "'unopened'::text THEN 1 WHEN 'active'::text THEN 2 ")),
            qPrintable(definition));
        QVERIFY2(definition.endsWith(QLatin1String("volume_24h DESC NULLS LAST, ticker)")),
            qPrintable(definition));
    }

    // Schema 10 on PostgreSQL: markets.event_ticker no longer references events (its per-row check
    // was a third of the server's upsert of new markets); the writer alone keeps every market's
    // event stored, for new markets, for a market moved to an event never seen, and in a snapshot
    // batch. The other foreign keys stay.
    void marketsKeepTheirEventsWithoutTheForeignKey()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        auto writer = startWriter(url);
        WriteBatch moved = RecordFactory::marketsBatch(5, 10); // 5..9 stored, 10..14 new
        moved.markets[0].eventTicker = QStringLiteral("KXTEST-MOVED");
        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        MarketRecord elsewhere = RecordFactory::market(20);
        elsewhere.eventTicker = QStringLiteral("KXTEST-SNAPSHOT");
        snapshots.markets = {elsewhere};
        snapshots.snapshots = {RecordFactory::snapshot(20, 1770000000)};
        const QList<BatchResult> results
            = writeAll(*writer, {RecordFactory::marketsBatch(0, 10), moved, snapshots});
        QCOMPARE(results.size(), 3);
        for (const BatchResult &result : results)
            QVERIFY2(result.ok, qPrintable(result.error));
        writer->stop();

        const auto foreignKeys = [&url](const QString &from, const QString &to) {
            return KmTest::queryValue(url,
                QStringLiteral(
                    "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = '%1'::regclass "
                    "AND confrelid = '%2'::regclass")
                    .arg(from, to))
                .toInt();
        };
        QCOMPARE(foreignKeys(QStringLiteral("markets"), QStringLiteral("events")), 0);
        QCOMPARE(foreignKeys(QStringLiteral("settlements"), QStringLiteral("markets")), 1);
        QCOMPARE(foreignKeys(QStringLiteral("snapshot_states"), QStringLiteral("markets")), 1);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), 16);
        QCOMPARE(KmTest::countRows(url,
                     QStringLiteral("markets AS m WHERE NOT EXISTS "
                                    "(SELECT 1 FROM events AS e WHERE e.ticker = m.event_ticker)")),
            0);
        QCOMPARE(KmTest::countRows(url,
                     QStringLiteral("events WHERE ticker IN ('KXTEST-MOVED', 'KXTEST-SNAPSHOT') "
                                    "AND is_placeholder = 1")),
            2);
    }

    // One stored market whose status changed and one new market: PostgreSQL draws a sequence value
    // for the conflicting row too, so the largest id grows by exactly the batch's size although a
    // market was stored before. A shortcut on that growth (SQLite's) would lose the new status.
    void storedMarketBesideANewOneGetsItsNewStatus()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        auto writer = startWriter(url);
        QList<BatchResult> results = writeAll(*writer, {RecordFactory::marketsBatch(0, 3)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        WriteBatch mixed = RecordFactory::marketsBatch(2, 2); // 2 stored, 3 new
        mixed.markets[0].status = QStringLiteral("closed");
        const qint64 idsBefore
            = KmTest::queryValue(url, QStringLiteral("SELECT max(id) FROM markets")).toLongLong();
        results = writeAll(*writer, {mixed});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        writer->stop();
        QCOMPARE(
            KmTest::queryValue(url, QStringLiteral("SELECT max(id) FROM markets")).toLongLong() - idsBefore,
            qint64(mixed.markets.size()));
        QCOMPARE(tickersWhere(url, QStringLiteral("status = 'closed'")), RecordFactory::marketTicker(2));
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), 4);
    }

    // A server restarted under an open writer (every session ended, as by an upgrade or a reboot):
    // the next batch connects again and is stored, and so is every one after it. A batch that
    // arrives while the server is down fails with words a user understands, and the writer still
    // connects again afterwards. Last: it restarts the test server.
    void aRestartedServerIsConnectedToAgain()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        DatabaseWriter::Options options;
        options.databasePath = url;
        options.busyDeadlineMs = 3000;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        QList<BatchResult> results = writeAll(writer, {RecordFactory::marketsBatch(0, 3)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));

        QVERIFY2(m_server->restart(&error), qPrintable(error));
        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        snapshots.snapshots
            = {RecordFactory::snapshot(0, 1770000000), RecordFactory::snapshot(1, 1770000000)};
        results = writeAll(writer, {RecordFactory::marketsBatch(3, 2), snapshots});
        QCOMPARE(results.size(), 2);
        QVERIFY2(results.at(0).ok, qPrintable(results.at(0).error));
        QVERIFY2(results.at(1).ok, qPrintable(results.at(1).error));
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), 5);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("price_snapshots")), 2);

        m_server->stop(PgTestServer::StopMode::Fast);
        results = writeAll(writer, {RecordFactory::marketsBatch(5, 1)});
        QCOMPARE(results.size(), 1);
        QVERIFY(!results.at(0).ok);
        QVERIFY2(results.at(0).error.startsWith(QLatin1String("lost the connection to the database server")),
            qPrintable(results.at(0).error));
        QVERIFY2(m_server->restart(&error), qPrintable(error));
        results = writeAll(writer, {RecordFactory::marketsBatch(5, 1)});
        QVERIFY2(results.value(0).ok, qPrintable(results.value(0).error));
        writer.stop();
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), 6);
    }
};

KM_TEST_GUILESS_MAIN(TstDatabaseWriterPostgres)
#include "tst_databasewriterpostgres.moc"
