// SyncController's lifecycle outside the app window: an owner that does not delete it on stopped().
#include "simulatorprocess.h"
#include "storage/writerthread.h"
#include "sync/synccontroller.h"
#include "testsupport.h"

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
        QVERIFY(finished.wait(30000));   // the initial full sync
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isBusy(), 10000);
        QVERIFY(controller->isCollecting());

        controller->shutdown();
        QVERIFY(stopped.wait(10000));
        controller->shutdown();   // a second request changes nothing
        // Let any late completion arrive; it must neither crash nor signal again.
        QTest::qWait(300);
        QCOMPARE(stopped.size(), 1);
        QVERIFY(guard);
        delete owner;
        QVERIFY(!guard);
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
