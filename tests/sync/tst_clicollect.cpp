// `kalshi-monitor-cli collect` as a real process against the simulator.
#include "collect/collectorlock.h"
#include "simulatorprocess.h"
#include "databasefolder.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TstCliCollect : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir {QStringLiteral("collect")};
    QString m_cli;

    QString newDatabasePath() { return m_dir.newDatabasePath(); }

    static void terminate(QProcess &process, int signalNumber = SIGTERM)
    {
        ::kill(pid_t(process.processId()), signalNumber);
        QVERIFY(process.waitForFinished(30000));
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

    void collectsSnapshotsUntilTerminated()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1500"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("1")});
        const QString path = newDatabasePath();
        QProcess collector;
        collector.start(m_cli, {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                                QStringLiteral("--snapshot-interval"), QStringLiteral("1s"), QStringLiteral("--market-interval"),
                                QStringLiteral("3s"), QStringLiteral("--settlement-interval"), QStringLiteral("1h"),
                                QStringLiteral("--json")});
        QVERIFY(collector.waitForStarted());
        // The initial full sync, then snapshots at distinct times.
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)")) >= 4, 30000);

        // A second collector on the same database is refused and names the holder.
        QProcess second;
        second.start(m_cli, {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                             simulator->baseUrlString()});
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitCode(), 1);
        const QByteArray refusal = second.readAllStandardError();
        QVERIFY2(refusal.contains("another collector") && refusal.contains(QByteArray::number(collector.processId())),
                 refusal.constData());

        // One-shot syncs stay allowed beside the collector.
        QProcess oneShot;
        oneShot.start(m_cli, {QStringLiteral("sync-markets"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                              simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        QVERIFY(oneShot.waitForFinished(60000));
        QVERIFY2(oneShot.exitCode() == 0, oneShot.readAllStandardError().constData());

        terminate(collector);
        const QByteArray errors = collector.readAllStandardError();
        QCOMPARE(collector.exitStatus(), QProcess::NormalExit);
        QVERIFY2(collector.exitCode() == 0, errors.constData());
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(), errors.constData());
        const QJsonObject summary = QJsonDocument::fromJson(collector.readAllStandardOutput().trimmed().split('\n').last()).object();
        QCOMPARE(summary.value(QStringLiteral("command")).toString(), QStringLiteral("collect"));
        QVERIFY(summary.value(QStringLiteral("jobs")).toInt() >= 4);

        const qint64 times
            = KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)"));
        const qint64 open = KmTest::countRows(path, QStringLiteral("markets WHERE status = 'active'"));
        QVERIFY(times >= 4);
        // Every completed snapshot run stored one row per open market; a run cut by SIGTERM stored whole pages.
        QVERIFY(KmTest::countRows(path, QStringLiteral("snapshot_rows")) >= (times - 1) * open);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'failed'")), 0);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".collector.lock")));
    }

    void terminatedDuringAJobRecordsCancelled_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGINT") << int(SIGINT);
        // Regression: SIGHUP (a closed terminal) killed the collector, leaving its lock and a
        // 'running' row; it is treated like SIGTERM.
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }

    void terminatedDuringAJobRecordsCancelled()
    {
        QFETCH(int, signalNumber);
        // Slow pages: SIGINT arrives while the initial full sync is still fetching.
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("20000"),
                                                 QStringLiteral("--latency-ms"), QStringLiteral("200"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        QProcess collector;
        collector.start(m_cli, {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        QVERIFY(collector.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(path, QStringLiteral("markets")) >= 2000, 30000);
        terminate(collector, signalNumber);
        QCOMPARE(collector.exitStatus(), QProcess::NormalExit);
        QCOMPARE(collector.exitCode(), 0);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")).toString(),
                 QStringLiteral("cancelled"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")) % 1000, 0);   // whole pages only
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QVERIFY(!QFile::exists(CollectorLock::lockFilePath(path)));
    }

    // Regression: a failed --once printed "error": null beside "ok": false.
    void failedOnceSaysWhy()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("100")});
        const QString path = newDatabasePath();
        QProcess once;
        once.start(m_cli, {QStringLiteral("collect"), QStringLiteral("--once"), QStringLiteral("--db"), path,
                           QStringLiteral("--api-base"), simulator->baseUrlString() + QStringLiteral("/nowhere"),
                           QStringLiteral("--json")});
        QVERIFY(once.waitForFinished(60000));
        QCOMPARE(once.exitCode(), 1);
        const QJsonObject summary = QJsonDocument::fromJson(once.readAllStandardOutput().trimmed().split('\n').last()).object();
        QCOMPARE(summary.value(QStringLiteral("ok")).toBool(true), false);
        const QString error = summary.value(QStringLiteral("error")).toString();
        QVERIFY2(error.contains(QStringLiteral("404")), qPrintable(error));
        QVERIFY(once.readAllStandardError().contains("error: "));
    }

    void onceRunsTheFullSyncAndExits()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1200"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        QProcess once;
        once.start(m_cli, {QStringLiteral("collect"), QStringLiteral("--once"), QStringLiteral("--db"), path,
                           QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
                           QStringLiteral("0")});
        QVERIFY(once.waitForFinished(60000));
        QVERIFY2(once.exitCode() == 0, once.readAllStandardError().constData());
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("SELECT kind FROM sync_runs ORDER BY id")),
                 (QVariantList{QStringLiteral("events"), QStringLiteral("markets"), QStringLiteral("snapshot"),
                               QStringLiteral("settlements")}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'ok'")), 4);
    }
};

KM_TEST_GUILESS_MAIN(TstCliCollect)
#include "tst_clicollect.moc"
