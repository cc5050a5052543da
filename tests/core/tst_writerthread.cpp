// WriterThread's lifecycle: never started, started twice, stopped without blocking.
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TstWriterThread : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    DatabaseWriter::Options newOptions()
    {
        DatabaseWriter::Options options;
        options.databasePath = m_dir.filePath(QStringLiteral("writer-%1.db").arg(++m_counter));
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void neverStartedDeletesWriterAndCheckpointer()
    {
        auto thread = std::make_unique<WriterThread>(newOptions());
        QPointer<DatabaseWriter> writer(thread->writer());
        QPointer<Checkpointer> checkpointer(thread->checkpointer());
        thread.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(!writer);
        QVERIFY(!checkpointer);
    }

    void startAndWaitOnARunningThreadReturns()
    {
        WriterThread thread(newOptions());
        QString error;
        QVERIFY2(thread.startAndWait(&error), qPrintable(error));
        // Already running and open: returns open()'s outcome instead of waiting for a second one.
        QVERIFY2(thread.startAndWait(&error), qPrintable(error));
        thread.stop();
        QVERIFY(!thread.startAndWait(&error));
        QVERIFY(!error.isEmpty());
    }

    void startThenStartAndWaitReturns()
    {
        WriterThread thread(newOptions());
        thread.start();
        QString error;
        QVERIFY2(thread.startAndWait(&error), qPrintable(error));
        thread.stop();
    }

    void stopAsyncSignalsOnceAndDeletesTheObjects()
    {
        WriterThread thread(newOptions());
        QString error;
        QVERIFY2(thread.startAndWait(&error), qPrintable(error));
        QPointer<DatabaseWriter> writer(thread.writer());
        QPointer<Checkpointer> checkpointer(thread.checkpointer());
        QSignalSpy stopped(&thread, &WriterThread::stopped);
        thread.stopAsync(false);
        thread.stopAsync(true);
        QVERIFY(stopped.wait(10000));
        QVERIFY(!thread.isRunning());
        QVERIFY(!writer);
        QVERIFY(!checkpointer);
        thread.stop(); // nothing left to stop
        QTest::qWait(50);
        QCOMPARE(stopped.size(), 1);
    }
};

KM_TEST_GUILESS_MAIN(TstWriterThread)
#include "tst_writerthread.moc"
