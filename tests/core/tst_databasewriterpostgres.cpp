// DatabaseWriter on PostgreSQL (a throwaway PgTestServer): the guarded update of the indexed
// market columns, which the writer always runs there (SqlDialect::idGrowthCountsInserts).
// Without the PostgreSQL server binaries the test FAILS (KmTest::startPostgres), never skips.
#include "pgtestserver.h"
#include "recordfactory.h"
#include "startwriter.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using KmTest::startWriter;

class TstDatabaseWriterPostgres : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgTestServer> m_server;

    QString newDatabaseUrl()
    {
        QString error;
        const QString url = m_server->newDatabaseUrl(&error);
        if (url.isEmpty())
            qFatal("cannot create a PostgreSQL database: %s", qPrintable(error));
        return url;
    }

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

    // tst_databasewriter::indexedColumnsFollowEveryUpdate on PostgreSQL.
    void indexedColumnsFollowEveryUpdate()
    {
        const QString url = newDatabaseUrl();
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
        const QString url = newDatabaseUrl();
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

    // One stored market whose status changed and one new market: PostgreSQL draws a sequence value
    // for the conflicting row too, so the largest id grows by exactly the batch's size although a
    // market was stored before. A shortcut on that growth (SQLite's) would lose the new status.
    void storedMarketBesideANewOneGetsItsNewStatus()
    {
        const QString url = newDatabaseUrl();
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
};

KM_TEST_GUILESS_MAIN(TstDatabaseWriterPostgres)
#include "tst_databasewriterpostgres.moc"
