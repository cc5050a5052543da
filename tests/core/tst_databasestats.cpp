#include "recordfactory.h"
#include "storage/databasestats.h"
#include "storage/schema.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TstDatabaseStats : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("stats.db"));
        DatabaseWriter::Options options;
        options.databasePath = m_path;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        DatabaseWriter *w = writer.writer();
        QSignalSpy written(w, &DatabaseWriter::batchWritten);
        QSignalSpy runs(w, &DatabaseWriter::syncRunStarted);
        QMetaObject::invokeMethod(
            w, [w] { w->startSyncRun(1, SyncPhase::Snapshot); }, Qt::QueuedConnection);
        QTRY_COMPARE(runs.size(), 1);
        const qint64 runId = runs.at(0).at(1).toLongLong();
        // 30 markets (even ones active), 3 snapshot times for the first 20, one settlement.
        QList<WriteBatch> batches = {RecordFactory::marketsBatch(0, 30)};
        for (qint64 time : {1800000000, 1800000060, 1800000120}) {
            WriteBatch snapshots;
            snapshots.kind = WriteBatch::Kind::Snapshots;
            for (int i = 0; i < 20; ++i) {
                snapshots.markets.append(RecordFactory::market(i));
                snapshots.snapshots.append(RecordFactory::snapshot(i, time));
            }
            batches.append(snapshots);
        }
        WriteBatch settlement;
        settlement.kind = WriteBatch::Kind::Settlements;
        settlement.markets = {RecordFactory::market(29, 1)};
        settlement.settlements = {{settlement.markets.first().ticker, settlement.markets.first().eventTicker,
            QStringLiteral("yes"), 1770000300, 1000000}};
        batches.append(settlement);
        for (const WriteBatch &batch : std::as_const(batches))
            QMetaObject::invokeMethod(
                w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
        QTRY_COMPARE(written.size(), batches.size());
        SyncRunRecord run;
        run.id = runId;
        run.kind = SyncPhase::Snapshot;
        run.status = SyncStatus::Ok;
        QSignalSpy finished(w, &DatabaseWriter::syncRunFinished);
        QMetaObject::invokeMethod(
            w, [w, run] { w->finishSyncRun(run); }, Qt::QueuedConnection);
        QTRY_COMPARE(finished.size(), 1);
        writer.stop();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void fullAndQuickCounts()
    {
        Schema::ConnectionOptions readOnly;
        readOnly.access = Schema::Access::ReadOnly;
        QString error;
        QVERIFY2(Schema::openConnection(QStringLiteral("stats-reader"), m_path, readOnly, &error),
            qPrintable(error));
        DatabaseStats full;
        DatabaseStats quick;
        QVERIFY2(
            DatabaseStats::read(QStringLiteral("stats-reader"), m_path, &full, &error), qPrintable(error));
        QVERIFY2(DatabaseStats::read(
                     QStringLiteral("stats-reader"), m_path, &quick, &error, 10, DatabaseStats::Scope::Quick),
            qPrintable(error));
        Schema::closeConnection(QStringLiteral("stats-reader"));

        for (const DatabaseStats *stats : {&full, &quick}) {
            QCOMPARE(stats->schemaVersion, Schema::currentVersion());
            QCOMPARE(stats->markets, 30);
            QCOMPARE(stats->openMarkets, 29); // round 0 markets are active; market 29 was settled
            QCOMPARE(stats->events, 10);
            QCOMPARE(stats->placeholderEvents, 10);
            QCOMPARE(stats->settlements, 1);
            QCOMPARE(stats->recentRuns.size(), 1);
            QCOMPARE(stats->recentRuns.first().status, SyncStatus::Ok);
            QVERIFY(stats->fileBytes > 0);
        }
        QCOMPARE(full.snapshots, 60);
        // A market's snapshot values are the same at the three times: one state each.
        QCOMPARE(full.snapshotStates, 20);
        QCOMPARE(full.toJson().value(QStringLiteral("snapshot_states")).toInteger(), 20);
        QVERIFY(full.toText().contains(QStringLiteral("60 rows at 3 times (20 states stored)")));
        QCOMPARE(full.snapshotTimes, 3);
        QCOMPARE(full.lastSnapshotTime, 1800000120);
        // Quick counts no snapshot rows; its last snapshot is the last successful snapshot run.
        QCOMPARE(quick.snapshots, -1);
        QCOMPARE(quick.snapshotTimes, -1);
        QCOMPARE(quick.lastSnapshotTime, full.recentRuns.first().startedAt);
        QVERIFY(full.toText().contains(QStringLiteral("60 rows at 3 times")));
        QCOMPARE(full.toJson().value(QStringLiteral("snapshots")).toInteger(), 60);

        // Bytes per table from dbstat (Debian's SQLite has it): every page of the file is a table's
        // (its indexes counted with it) or free. Quick reads none of it.
        QCOMPARE(full.tableBytesSource, DatabaseStats::TableBytesSource::Dbstat);
        QCOMPARE(quick.tableBytesSource, DatabaseStats::TableBytesSource::None);
        qint64 sum = 0;
        QHash<QString, qint64> byTable;
        for (const DatabaseStats::TableBytes &table : std::as_const(full.tableBytes)) {
            sum += table.bytes;
            byTable.insert(table.table, table.bytes);
        }
        const qint64 pageSize = KmTest::queryValue(m_path, QStringLiteral("PRAGMA page_size")).toLongLong();
        const qint64 pageCount = KmTest::queryValue(m_path, QStringLiteral("PRAGMA page_count")).toLongLong();
        QCOMPARE(full.pageBytes, pageSize * pageCount);
        QCOMPARE(sum + full.freeBytes, full.pageBytes);
        QVERIFY(byTable.value(QStringLiteral("snapshot_states")) >= pageSize);
        // markets: its table and its three indexes, at least a page each.
        QVERIFY(byTable.value(QStringLiteral("markets")) >= 4 * pageSize);
        QVERIFY(!byTable.contains(QStringLiteral("markets_event")));
        const QJsonObject json = full.toJson();
        QCOMPARE(json.value(QStringLiteral("table_bytes_source")).toString(), QStringLiteral("dbstat"));
        QCOMPARE(json.value(QStringLiteral("table_bytes"))
                     .toObject()
                     .value(QStringLiteral("snapshot_states"))
                     .toInteger(),
            byTable.value(QStringLiteral("snapshot_states")));
        QVERIFY(full.toText().contains(QStringLiteral("bytes per table")));
        QVERIFY(full.toText().contains(QStringLiteral("  snapshot_states ")));
    }

    // A kind or status word this version does not know (another version wrote it) is no run it
    // can show: the row is left out, the others are read.
    void runsWithUnknownWordsAreLeftOut()
    {
        const QString path = m_dir.filePath(QStringLiteral("unknown-words.db"));
        {
            DatabaseWriter::Options options;
            options.databasePath = path;
            WriterThread writer(options);
            QString error;
            QVERIFY2(writer.startAndWait(&error), qPrintable(error));
            writer.stop();
        }
        QVERIFY(KmTest::execStatements(path,
            {QStringLiteral(
                 "INSERT INTO sync_runs(id, kind, started_at, status) VALUES (1, 'markets', 100, 'ok')"),
                QStringLiteral(
                    "INSERT INTO sync_runs(id, kind, started_at, status) VALUES (2, 'full', 100, 'ok')"),
                QStringLiteral("INSERT INTO sync_runs(id, kind, started_at, status) VALUES (3, 'events', "
                               "100, 'paused')"),
                QStringLiteral("INSERT INTO sync_runs(id, kind, started_at, status) VALUES (4, "
                               "'historical-settlements', 100, 'truncated')")}));
        Schema::ConnectionOptions readOnly;
        readOnly.access = Schema::Access::ReadOnly;
        QString error;
        QVERIFY2(Schema::openConnection(QStringLiteral("unknown-reader"), path, readOnly, &error),
            qPrintable(error));
        DatabaseStats stats;
        QVERIFY2(
            DatabaseStats::read(QStringLiteral("unknown-reader"), path, &stats, &error), qPrintable(error));
        Schema::closeConnection(QStringLiteral("unknown-reader"));
        QCOMPARE(stats.recentRuns.size(), 2);
        QCOMPARE(stats.recentRuns.at(0).id, 4);
        QCOMPARE(stats.recentRuns.at(0).kind, SyncPhase::HistoricalSettlements);
        QCOMPARE(stats.recentRuns.at(0).status, SyncStatus::Truncated);
        QCOMPARE(stats.recentRuns.at(1).id, 1);
        QCOMPARE(stats.recentRuns.at(1).kind, SyncPhase::Markets);
        const QJsonObject newest
            = stats.toJson().value(QStringLiteral("recent_runs")).toArray().first().toObject();
        QCOMPARE(newest.value(QStringLiteral("kind")).toString(), QStringLiteral("historical-settlements"));
        QCOMPARE(newest.value(QStringLiteral("status")).toString(), QStringLiteral("truncated"));
    }
};

KM_TEST_GUILESS_MAIN(TstDatabaseStats)
#include "tst_databasestats.moc"
