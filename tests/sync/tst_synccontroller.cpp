// SyncController's lifecycle outside the app window: an owner that does not delete it on stopped().
#include "simulatorprocess.h"
#include "storage/writerthread.h"
#include "sync/synccontroller.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TstSyncController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    // Shutting down while collecting and idle used to complete twice: the second completion ran
    // after the worker was deleted and crashed unless the owner deleted the controller at once.
    void shutdownWhileCollectingIdleStopsOnce()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("300"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        DatabaseWriter::Options writerOptions;
        writerOptions.databasePath = m_dir.filePath(QStringLiteral("controller.db"));
        WriterThread writer(writerOptions);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));

        auto *owner = new QObject;
        SyncWorker::Options options;
        options.apiBase = simulator->baseUrl();
        options.rateLimit = 0;
        auto *controller = new SyncController(options, writer.writer(), owner);
        QPointer<SyncController> guard(controller);
        QSignalSpy finished(controller, &SyncController::syncFinished);
        QSignalSpy stopped(controller, &SyncController::stopped);
        controller->start();
        controller->setCollecting(true);
        QTRY_VERIFY_WITH_TIMEOUT(controller->isCollecting(), 10000);
        QVERIFY(finished.wait(30000)); // the initial full sync
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isBusy(), 10000);
        QVERIFY(controller->isCollecting());

        controller->shutdown();
        QVERIFY(stopped.wait(10000));
        controller->shutdown(); // a second request changes nothing
        // Let any late completion arrive; it must neither crash nor signal again.
        QTest::qWait(300);
        QCOMPARE(stopped.size(), 1);
        QVERIFY(guard);
        delete owner;
        QVERIFY(!guard);
        writer.stop();
    }

    // The multivariate filter chosen in Settings reaches the app's syncs: the collector's jobs and
    // "Sync now", whether given at start or changed while the controller runs.
    void syncsFollowTheMveFilter_data()
    {
        QTest::addColumn<bool>("changedWhileRunning");
        QTest::addColumn<bool>("collect");
        QTest::newRow("collector, filter at start") << false << true;
        QTest::newRow("collector, filter changed") << true << true;
        QTest::newRow("sync now, filter at start") << false << false;
    }

    void syncsFollowTheMveFilter()
    {
        QFETCH(bool, changedWhileRunning);
        QFETCH(bool, collect);
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("1000"), QStringLiteral("--settled"),
                QStringLiteral("100"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        DatabaseWriter::Options writerOptions;
        writerOptions.databasePath
            = m_dir.filePath(QStringLiteral("mve-%1.db").arg(QString::fromLatin1(QTest::currentDataTag())));
        WriterThread writer(writerOptions);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));

        SyncWorker::Options options;
        options.apiBase = simulator->baseUrl();
        options.rateLimit = 0;
        options.collection.mveFilter
            = changedWhileRunning ? QStringLiteral("exclude") : QStringLiteral("only");
        auto controller = std::make_unique<SyncController>(options, writer.writer());
        QSignalSpy finished(controller.get(), &SyncController::syncFinished);
        QSignalSpy stopped(controller.get(), &SyncController::stopped);
        controller->start();
        if (changedWhileRunning)
            controller->setMveFilter(QStringLiteral("only"));
        if (collect)
            controller->setCollecting(true);
        else
            controller->syncNow();
        QVERIFY(finished.wait(30000)); // a full sync: its markets listing is also the snapshot
        QVERIFY(finished.first().first().value<SyncSummary>().ok);

        QStringList expected;
        for (const QJsonValue &market : simulator->listAll(QStringLiteral("/markets"),
                 QStringLiteral("markets"), QStringLiteral("status=open&mve_filter=only")))
            expected << market.toObject().value(QStringLiteral("ticker")).toString();
        QVERIFY(!expected.isEmpty());
        QStringList snapshotted;
        for (const QVariant &ticker : KmTest::queryColumn(
                 writerOptions.databasePath, QStringLiteral("SELECT DISTINCT ticker FROM price_snapshots")))
            snapshotted << ticker.toString();
        expected.sort();
        snapshotted.sort();
        QCOMPARE(snapshotted, expected);

        controller->shutdown();
        QVERIFY(stopped.size() == 1 || stopped.wait(10000));
        controller.reset();
        writer.stop();
    }

    void neverStartedControllerIsDestroyedCleanly()
    {
        DatabaseWriter::Options writerOptions;
        writerOptions.databasePath = m_dir.filePath(QStringLiteral("never.db"));
        WriterThread writer(writerOptions);
        SyncWorker::Options options;
        options.apiBase = QUrl(QStringLiteral("http://127.0.0.1:9"));
        auto controller = std::make_unique<SyncController>(options, writer.writer());
        QSignalSpy stopped(controller.get(), &SyncController::stopped);
        controller->shutdown();
        controller->shutdown();
        QCOMPARE(stopped.size(), 1);
        controller.reset();
    }
};

KM_TEST_GUILESS_MAIN(TstSyncController)
#include "tst_synccontroller.moc"
