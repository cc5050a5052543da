// DatabaseWriter::prune in its thread, as the app would call it: many small batches with progress
// after each, a write queued meanwhile runs between two batches and is kept, and the writer's dry
// run counts exactly what its real run then removes.
#include "recordfactory.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TstWriterPrune : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void prunesInBatchesBesideQueuedWrites()
    {
        const QString path = m_dir.filePath(QStringLiteral("writer-prune.db"));
        DatabaseWriter::Options options;
        options.databasePath = path;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        DatabaseWriter *w = writer.writer();
        QSignalSpy written(w, &DatabaseWriter::batchWritten);
        // 10 markets, a snapshot every 10 minutes for 2 days: 288 rows each, 48 hours.
        const qint64 start = 1800000000 - 1800000000 % 86400;
        QList<WriteBatch> batches = {RecordFactory::marketsBatch(0, 10)};
        for (qint64 time = start; time < start + 2 * 86400; time += 600) {
            WriteBatch snapshots;
            snapshots.kind = WriteBatch::Kind::Snapshots;
            for (int i = 0; i < 10; ++i) {
                snapshots.markets.append(RecordFactory::market(i));
                snapshots.snapshots.append(RecordFactory::snapshot(i, time));
            }
            batches.append(snapshots);
        }
        for (const WriteBatch &batch : std::as_const(batches))
            QMetaObject::invokeMethod(
                w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(written.size(), batches.size(), 60000);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows")), 2880);

        PruneRequest request;
        request.olderThan = start + 86400; // the first day thinned to hours: 240 of 1,440 rows stay
        request.maxRowsPerBatch = 100;
        request.pauseMs = 10;
        request.dryRun = true;
        QSignalSpy pruned(w, &DatabaseWriter::pruned);
        QSignalSpy progress(w, &DatabaseWriter::pruneProgress);
        QMetaObject::invokeMethod(
            w, [w, request] { w->prune(7, request); }, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(pruned.size(), 1, 60000);
        const PruneResult counted = pruned.at(0).at(1).value<PruneResult>();
        QVERIFY2(counted.ok, qPrintable(counted.error));
        QCOMPARE(counted.oldRows, 1440);
        QCOMPARE(counted.oldRowsRemoved, 1200);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows")), 2880);

        pruned.clear();
        progress.clear();
        request.dryRun = false;
        // The order the writer emitted in (both queued to this thread, so kept).
        QStringList order;
        connect(
            w, &DatabaseWriter::batchWritten, this, [&order] { order.append(QStringLiteral("written")); });
        connect(w, &DatabaseWriter::pruned, this, [&order] { order.append(QStringLiteral("pruned")); });
        QMetaObject::invokeMethod(
            w, [w, request] { w->prune(8, request); }, Qt::QueuedConnection);
        // Queued behind the prune's first batch: it runs in one of the pauses and stays.
        WriteBatch later;
        later.kind = WriteBatch::Kind::Snapshots;
        later.markets.append(RecordFactory::market(3));
        later.snapshots.append(RecordFactory::snapshot(3, start + 3 * 86400));
        QMetaObject::invokeMethod(
            w, [w, later] { w->write(later); }, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(pruned.size(), 1, 60000);
        const PruneResult removed = pruned.at(0).at(1).value<PruneResult>();
        QVERIFY2(removed.ok, qPrintable(removed.error));
        QCOMPARE(pruned.at(0).at(0).toULongLong(), quint64(8));
        QCOMPARE(removed.oldRowsRemoved, counted.oldRowsRemoved);
        QVERIFY(removed.batches > 10);
        QCOMPARE(progress.size(), removed.batches - 1);
        QVERIFY(written.size() == batches.size() + 1 && written.last().at(0).value<BatchResult>().ok);
        QCOMPARE(order, QStringList({QStringLiteral("written"), QStringLiteral("pruned")}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows")), 2880 - 1200 + 1);
        QCOMPARE(KmTest::countRows(
                     path, QStringLiteral("snapshot_rows WHERE snapshot_time < %1").arg(start + 86400)),
            240);
        // Each kept row is the last of its hour: minute 50 of every hour.
        QCOMPARE(KmTest::countRows(path,
                     QStringLiteral("snapshot_rows WHERE snapshot_time < %1 AND snapshot_time % 3600 <> 3000")
                         .arg(start + 86400)),
            0);
        writer.stop();
    }
};

KM_TEST_GUILESS_MAIN(TstWriterPrune)
#include "tst_writerprune.moc"
