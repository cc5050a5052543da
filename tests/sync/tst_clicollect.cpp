// `kalshi-monitor-cli collect` as a real process against the simulator.
#include "collect/collectorlock.h"
#include "databasefolder.h"
#include "simulatorprocess.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
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
    KmTest::DatabaseFolder m_dir{QStringLiteral("collect")};
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
        collector.start(m_cli,
            {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                QStringLiteral("--snapshot-interval"), QStringLiteral("1s"),
                QStringLiteral("--market-interval"), QStringLiteral("3s"),
                QStringLiteral("--settlement-interval"), QStringLiteral("1h"), QStringLiteral("--json")});
        QVERIFY(collector.waitForStarted());
        // The initial full sync, then snapshots at distinct times.
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)"))
                >= 4,
            30000);

        // A second collector on the same database is refused and names the holder.
        QProcess second;
        second.start(m_cli,
            {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                simulator->baseUrlString()});
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitCode(), 1);
        const QByteArray refusal = second.readAllStandardError();
        QVERIFY2(refusal.contains("another collector")
                && refusal.contains(QByteArray::number(collector.processId())),
            refusal.constData());

        // One-shot syncs stay allowed beside the collector.
        QProcess oneShot;
        oneShot.start(m_cli,
            {QStringLiteral("sync-markets"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        QVERIFY(oneShot.waitForFinished(60000));
        QVERIFY2(oneShot.exitCode() == 0, oneShot.readAllStandardError().constData());

        terminate(collector);
        const QByteArray errors = collector.readAllStandardError();
        QCOMPARE(collector.exitStatus(), QProcess::NormalExit);
        QVERIFY2(collector.exitCode() == 0, errors.constData());
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(),
            errors.constData());
        const QJsonObject summary
            = QJsonDocument::fromJson(collector.readAllStandardOutput().trimmed().split('\n').last())
                  .object();
        QCOMPARE(summary.value(QStringLiteral("command")).toString(), QStringLiteral("collect"));
        QVERIFY(summary.value(QStringLiteral("jobs")).toInt() >= 4);

        const qint64 times
            = KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)"));
        const qint64 open = KmTest::countRows(path, QStringLiteral("markets WHERE status = 'active'"));
        QVERIFY(times >= 4);
        // Every completed snapshot run stored one row per open market; a run cut by SIGTERM stored whole
        // pages.
        QVERIFY(KmTest::countRows(path, QStringLiteral("snapshot_rows")) >= (times - 1) * open);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'failed'")), 0);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
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
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--latency-ms"),
                QStringLiteral("200"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        QProcess collector;
        collector.start(m_cli,
            {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        QVERIFY(collector.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(path, QStringLiteral("markets")) >= 2000, 30000);
        terminate(collector, signalNumber);
        QCOMPARE(collector.exitStatus(), QProcess::NormalExit);
        QCOMPARE(collector.exitCode(), 0);
        QCOMPARE(
            KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1"))
                .toString(),
            QStringLiteral("cancelled"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")) % 1000, 0); // whole pages only
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QVERIFY(!QFile::exists(CollectorLock::lockFilePath(path)));
    }

    // Regression: a failed --once printed "error": null beside "ok": false.
    void failedOnceSaysWhy()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("100")});
        const QString path = newDatabasePath();
        QProcess once;
        once.start(m_cli,
            {QStringLiteral("collect"), QStringLiteral("--once"), QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), simulator->baseUrlString() + QStringLiteral("/nowhere"),
                QStringLiteral("--json")});
        QVERIFY(once.waitForFinished(60000));
        QCOMPARE(once.exitCode(), 1);
        const QJsonObject summary
            = QJsonDocument::fromJson(once.readAllStandardOutput().trimmed().split('\n').last()).object();
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
        once.start(m_cli,
            {QStringLiteral("collect"), QStringLiteral("--once"), QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
                QStringLiteral("0")});
        QVERIFY(once.waitForFinished(60000));
        QVERIFY2(once.exitCode() == 0, once.readAllStandardError().constData());
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("SELECT kind FROM sync_runs ORDER BY id")),
            (QVariantList{QStringLiteral("events"), QStringLiteral("markets"), QStringLiteral("snapshot"),
                QStringLiteral("settlements")}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'ok'")), 4);
    }

private:
    // Starts a simulator with one open market at yes bid $0.40, a database with a rule "yes_bid above
    // 50c" on it, and a collector snapshotting every second; returns the market's ticker once the
    // collector stored two snapshots of it.
    QString startAlertScenario(std::unique_ptr<SimulatorProcess> *simulator, QProcess *collector,
        const QString &path, const QStringList &collectorOptions)
    {
        *simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("600"), QStringLiteral("--settled"),
                QStringLiteral("50"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QJsonArray open = (*simulator)
                                    ->get(QStringLiteral("/markets?status=open&limit=5"))
                                    .object()
                                    .value(QStringLiteral("markets"))
                                    .toArray();
        const QString ticker = open.at(0).toObject().value(QStringLiteral("ticker")).toString();
        if (ticker.isEmpty()
            || (*simulator)
                   ->moveMarket(ticker,
                       {{QStringLiteral("yes_bid_dollars"), QStringLiteral("0.4000")},
                           {QStringLiteral("yes_ask_dollars"), QStringLiteral("0.4200")}})
                   .isEmpty()) {
            qWarning("no open market to move");
            return QString();
        }
        QProcess add;
        add.start(m_cli,
            {QStringLiteral("alerts"), QStringLiteral("add"), QStringLiteral("--db"), path,
                QStringLiteral("--ticker"), ticker, QStringLiteral("--when"), QStringLiteral("yes_bid"),
                QStringLiteral("above"), QStringLiteral("50c"), QStringLiteral("--note"),
                QStringLiteral("collect test")});
        if (!add.waitForFinished(30000) || add.exitCode() != 0) {
            qWarning("alerts add failed: %s", add.readAllStandardError().constData());
            return QString();
        }
        collector->start(m_cli,
            QStringList{QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                (*simulator)->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                QStringLiteral("--snapshot-interval"), QStringLiteral("1s")}
                + collectorOptions);
        if (!QTest::qWaitFor([&] { return KmTest::countRows(path, snapshotsOf(ticker)) >= 2; }, 30000)) {
            qWarning(
                "the collector stored no two snapshots: %s", collector->readAllStandardError().constData());
            return QString();
        }
        return ticker;
    }

    static QString snapshotsOf(const QString &ticker)
    {
        return QStringLiteral("price_snapshots WHERE ticker = '%1'").arg(ticker);
    }

private Q_SLOTS:
    // A crossing during collect: one {"alert": ...} line on stdout and the --on-alert command run with
    // KM_ALERT_JSON; the command's failure is logged and collection goes on.
    void collectDeliversAlerts()
    {
        const QString path = newDatabasePath();
        const QString received = m_dir.filePath(QStringLiteral("received-alerts.jsonl"));
        std::unique_ptr<SimulatorProcess> simulator;
        QProcess collector;
        const QString ticker = startAlertScenario(&simulator, &collector, path,
            {QStringLiteral("--json"), QStringLiteral("--on-alert"),
                QStringLiteral("printf '%s\\n' \"$KM_ALERT_JSON\" >> '") + received
                    + QStringLiteral("'; exit 3")});
        QVERIFY(!ticker.isEmpty());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 0);
        QVERIFY(!simulator
                     ->moveMarket(ticker,
                         {{QStringLiteral("yes_bid_dollars"), QStringLiteral("0.6000")},
                             {QStringLiteral("yes_ask_dollars"), QStringLiteral("0.6200")}})
                     .isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(received), 30000);
        // Collection goes on after the firing.
        const qint64 snapshots = KmTest::countRows(path, snapshotsOf(ticker));
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(path, snapshotsOf(ticker)) >= snapshots + 2, 30000);
        terminate(collector);
        const QByteArray errors = collector.readAllStandardError();
        QVERIFY2(collector.exitCode() == 0, errors.constData());
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(),
            errors.constData());
        QVERIFY2(errors.contains("failed with exit code 3"), errors.constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 1);

        QFile file(received);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject viaCommand = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(viaCommand.value(QStringLiteral("rule_id")).toInt(), 1);
        QCOMPARE(viaCommand.value(QStringLiteral("ticker")).toString(), ticker);
        QCOMPARE(viaCommand.value(QStringLiteral("value")).toString(), QStringLiteral("0.6000"));
        QCOMPARE(viaCommand.value(QStringLiteral("value_before")).toString(), QStringLiteral("0.4000"));
        QVERIFY(
            viaCommand.value(QStringLiteral("message")).toString().contains(QStringLiteral("collect test")));
        QVERIFY(viaCommand.value(QStringLiteral("fired_at")).toInteger() > 0);
        QList<QJsonObject> alertLines;
        for (const QByteArray &line : collector.readAllStandardOutput().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.contains(QStringLiteral("alert")))
                alertLines.append(object.value(QStringLiteral("alert")).toObject());
        }
        QCOMPARE(alertLines, QList<QJsonObject>{viaCommand});
    }

    // The crossing seen by the collector and by two one-shot snapshots started at the same moment
    // is recorded once, by whichever process commits it first.
    void collectAndSnapshotsRecordACrossingOnce()
    {
        const QString path = newDatabasePath();
        std::unique_ptr<SimulatorProcess> simulator;
        QProcess collector;
        const QString ticker = startAlertScenario(&simulator, &collector, path, {});
        QVERIFY(!ticker.isEmpty());
        QVERIFY(!simulator
                     ->moveMarket(ticker,
                         {{QStringLiteral("yes_bid_dollars"), QStringLiteral("0.6000")},
                             {QStringLiteral("yes_ask_dollars"), QStringLiteral("0.6200")}})
                     .isEmpty());
        QProcess snapshotA;
        QProcess snapshotB;
        for (QProcess *snapshot : {&snapshotA, &snapshotB}) {
            snapshot->start(m_cli,
                {QStringLiteral("snapshot"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                    simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        }
        for (QProcess *snapshot : {&snapshotA, &snapshotB}) {
            QVERIFY(snapshot->waitForFinished(60000));
            QVERIFY2(snapshot->exitCode() == 0, snapshot->readAllStandardError().constData());
        }
        const qint64 snapshots = KmTest::countRows(path, snapshotsOf(ticker));
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(path, snapshotsOf(ticker)) >= snapshots + 2, 30000);
        terminate(collector);
        QVERIFY2(collector.exitCode() == 0, collector.readAllStandardError().constData());
        // Processes that snapshot in the same second share one row (ON CONFLICT DO NOTHING).
        QVERIFY(KmTest::countRows(path,
                    QStringLiteral("price_snapshots WHERE ticker = '%1' AND yes_bid = 600000").arg(ticker))
            >= 2);
        QStringList history;
        for (const QVariant &row : KmTest::queryColumn(path,
                 QStringLiteral(
                     "SELECT snapshot_time || ' ' || ifnull(value_before, '-') || ' ' || value_after || ' at "
                     "' || "
                     "fired_at || ': ' || (SELECT group_concat(snapshot_time || '=' || yes_bid, ', ') FROM "
                     "(SELECT * FROM price_snapshots WHERE ticker = '%1' ORDER BY snapshot_time)) FROM "
                     "alert_events")
                     .arg(ticker)))
            history.append(row.toString());
        QVERIFY2(history.size() == 1, qPrintable(history.join(u'\n')));
    }

    // The watchlist job snapshots only the watched markets, on its own interval, through the
    // collector's scheduler (here without the initial sync and with the full snapshot an hour away).
    void watchlistSnapshotsOnItsOwnInterval()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("600"), QStringLiteral("--settled"),
                QStringLiteral("50"), QStringLiteral("--tick-seconds"), QStringLiteral("1")});
        const QJsonArray open = simulator->get(QStringLiteral("/markets?status=open&limit=3"))
                                    .object()
                                    .value(QStringLiteral("markets"))
                                    .toArray();
        QCOMPARE(open.size(), 3);
        const QString path = newDatabasePath();
        QProcess watch;
        watch.start(m_cli,
            {QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("--db"), path,
                open.at(0).toObject().value(QStringLiteral("ticker")).toString(),
                open.at(2).toObject().value(QStringLiteral("ticker")).toString(),
                QStringLiteral("KX-NOT-LISTED")});
        QVERIFY(watch.waitForFinished(30000));
        QVERIFY2(watch.exitCode() == 0, watch.readAllStandardError().constData());
        QProcess collector;
        collector.start(m_cli,
            {QStringLiteral("collect"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0"),
                QStringLiteral("--no-initial-sync"), QStringLiteral("--snapshot-interval"),
                QStringLiteral("1h"), QStringLiteral("--market-interval"), QStringLiteral("1h"),
                QStringLiteral("--watch-interval"), QStringLiteral("1s")});
        QVERIFY(collector.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)"))
                >= 3,
            30000);
        terminate(collector);
        QVERIFY2(collector.exitCode() == 0, collector.readAllStandardError().constData());
        // Only the two listed watched markets, each once per run.
        QCOMPARE(KmTest::queryColumn(
                     path, QStringLiteral("SELECT DISTINCT ticker FROM price_snapshots ORDER BY ticker")),
            (QVariantList{open.at(0).toObject().value(QStringLiteral("ticker")).toString(),
                open.at(2).toObject().value(QStringLiteral("ticker")).toString()}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows")),
            2
                * KmTest::countRows(
                    path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)")));
        QVERIFY(
            KmTest::countRows(path, QStringLiteral("sync_runs WHERE kind = 'watchlist' AND status = 'ok'"))
            >= 3);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE kind <> 'watchlist'")), 0);
    }
};

KM_TEST_GUILESS_MAIN(TstCliCollect)
#include "tst_clicollect.moc"
