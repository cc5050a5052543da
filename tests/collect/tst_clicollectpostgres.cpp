// `kalshi-monitor-cli collect` on a PostgreSQL database (throwaway PgTestServer) as real processes
// against the simulator: one collector per database through the server's advisory lock, one-shot
// syncs beside it exact, SIGTERM ends it cleanly, a lost lock stops it. The SQLite counterpart is
// tests/sync/tst_clicollect. Without the PostgreSQL server binaries the test FAILS, never skips.
#include "collect/advisorycollectorlock.h"
#include "pgtestserver.h"
#include "simulatorprocess.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

const QString frozenPrices = QString::number(std::numeric_limits<int>::max());

// For countRows(): the sessions holding the collector's advisory lock.
QString lockHolders()
{
    constexpr qint64 key = AdvisoryCollectorLock::advisoryKey;
    return u"pg_locks WHERE locktype = 'advisory' AND granted AND classid = %1 AND objid = %2 "
           u"AND objsubid = 1"_s.arg(key >> 32)
               .arg(key & 0xFFFFFFFF);
}

const QString distinctTimes = u"(SELECT DISTINCT snapshot_time FROM price_snapshots) AS t"_s;

} // namespace

class TstCliCollectPostgres : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgTestServer> m_server;
    QString m_cli;

    static void terminate(QProcess &process, int signalNumber = SIGTERM)
    {
        ::kill(pid_t(process.processId()), signalNumber);
        QVERIFY(process.waitForFinished(30000));
    }

    static void verifyNoForbiddenWarnings(const QByteArray &errors)
    {
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(),
            errors.constData());
    }

    QStringList collectArguments(const QString &url, const SimulatorProcess &simulator) const
    {
        return {u"collect"_s, u"--db"_s, url, u"--api-base"_s, simulator.baseUrlString(), u"--rate-limit"_s,
            u"0"_s, u"--snapshot-interval"_s, u"1s"_s, u"--market-interval"_s, u"2s"_s,
            u"--settlement-interval"_s, u"3s"_s, u"--json"_s};
    }

    // Creates the schema, so that the test's polls never ask a database without tables.
    bool initialize(const QString &url) const
    {
        QProcess init;
        init.start(m_cli, {u"init"_s, u"--db"_s, url});
        if (init.waitForFinished(30000) && init.exitStatus() == QProcess::NormalExit && init.exitCode() == 0)
            return true;
        qWarning("init failed: %s", init.readAllStandardError().constData());
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_cli = KmTest::builtExecutable(u"kalshi-monitor-cli"_s);
        QVERIFY2(!m_cli.isEmpty(), "kalshi-monitor-cli was not built");
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    // A collector holds the database: a second one is refused naming it, one-shot syncs run beside
    // it; after it is killed (SIGKILL, no cleanup) the server frees the lock and a new collector is
    // accepted, which a SIGTERM then ends cleanly. The stored data is exact throughout.
    void oneCollectorPerDatabaseUntilKilled()
    {
        auto simulator = KmTest::startSimulator({u"--markets"_s, u"3000"_s, u"--events"_s, u"150"_s,
            u"--settled"_s, u"500"_s, u"--seed"_s, u"3"_s, u"--tick-seconds"_s, frozenPrices});
        const QJsonArray open
            = simulator->listAll(u"/markets"_s, u"markets"_s, u"status=open&mve_filter=exclude"_s);
        const QJsonArray settled = simulator->listAll(u"/markets"_s, u"markets"_s, u"status=settled"_s);
        QVERIFY(open.size() > 1000);
        QVariantList tickers;
        for (const QJsonArray &list : {open, settled}) {
            for (const QJsonValue &market : list)
                tickers.append(market.toObject().value(u"ticker"_s).toString());
        }
        std::sort(tickers.begin(), tickers.end(),
            [](const QVariant &a, const QVariant &b) { return a.toString() < b.toString(); });
        const QString url = m_server->newDatabaseUrlOrAbort();

        QProcess first;
        first.start(m_cli, collectArguments(url, *simulator));
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(url, distinctTimes) >= 3, 60000);
        QCOMPARE(KmTest::countRows(url, lockHolders()), 1);

        // A second collector on the same database is refused and names the holder.
        QProcess second;
        second.start(m_cli, collectArguments(url, *simulator));
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitCode(), 1);
        const QByteArray refusal = second.readAllStandardError();
        QVERIFY2(refusal.contains(QByteArray("another collector (pid " + QByteArray::number(first.processId())
                     + ", kalshi-monitor-cli on host "))
                && refusal.contains(" is collecting into postgresql://km@127.0.0.1:"),
            refusal.constData());

        // One-shot syncs beside the collector, all at once, all succeed.
        QList<QProcess *> oneShots;
        QObject owner;
        for (const QString &command : {u"sync-markets"_s, u"snapshot"_s, u"sync-settlements"_s}) {
            auto *process = new QProcess(&owner);
            process->start(m_cli,
                {command, u"--db"_s, url, u"--api-base"_s, simulator->baseUrlString(), u"--rate-limit"_s,
                    u"0"_s, u"--json"_s});
            oneShots.append(process);
        }
        for (QProcess *process : std::as_const(oneShots)) {
            QVERIFY(process->waitForFinished(120000));
            const QByteArray errors = process->readAllStandardError();
            QVERIFY2(process->exitCode() == 0, errors.constData());
            QVERIFY2(!errors.contains("error") && !errors.contains("constraint"), errors.constData());
        }

        // SIGKILL: no release, no cleanup; the server ends the session and with it the lock.
        terminate(first, SIGKILL);
        QTRY_COMPARE_WITH_TIMEOUT(KmTest::countRows(url, lockHolders()), 0, 20000);

        QProcess third;
        third.start(m_cli, collectArguments(url, *simulator));
        QVERIFY(third.waitForStarted());
        const qint64 timesBefore = KmTest::countRows(url, distinctTimes);
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(url, distinctTimes) >= timesBefore + 2, 60000);
        QCOMPARE(KmTest::countRows(url, lockHolders()), 1);
        terminate(third);
        const QByteArray errors = third.readAllStandardError();
        QCOMPARE(third.exitStatus(), QProcess::NormalExit);
        QVERIFY2(third.exitCode() == 0, errors.constData());
        verifyNoForbiddenWarnings(errors);
        const QJsonObject summary
            = QJsonDocument::fromJson(third.readAllStandardOutput().trimmed().split('\n').last()).object();
        QCOMPARE(summary.value(u"command"_s).toString(), u"collect"_s);
        QCOMPARE(summary.value(u"ok"_s).toBool(), true);
        QVERIFY(summary.value(u"jobs"_s).toInt() >= 2);
        QCOMPARE(KmTest::countRows(url, lockHolders()), 0);

        // Exact: every market once with its (frozen) values, every snapshot row the market's
        // prices, no snapshot time with more rows than open markets, and every time but those of
        // runs cut short (the killed collector's, the terminated one's) complete.
        QCOMPARE(
            KmTest::queryColumn(url, u"SELECT ticker FROM markets ORDER BY ticker COLLATE \"C\""_s), tickers);
        QCOMPARE(KmTest::countRows(url, u"markets WHERE status = 'active'"_s), open.size());
        QCOMPARE(KmTest::countRows(url, u"settlements"_s), settled.size());
        QCOMPARE(KmTest::countRows(url,
                     u"price_snapshots p JOIN markets m ON m.ticker = p.ticker WHERE p.yes_bid IS DISTINCT "
                     u"FROM m.yes_bid OR p.yes_ask IS DISTINCT FROM m.yes_ask OR p.last_price IS DISTINCT "
                     u"FROM m.last_price"_s),
            0);
        const QString perTime = u"(SELECT snapshot_time, count(*) AS n FROM price_snapshots GROUP BY "
                                u"snapshot_time) AS t"_s;
        QCOMPARE(KmTest::countRows(url, perTime + u" WHERE n > %1"_s.arg(open.size())), 0);
        const qint64 times = KmTest::countRows(url, distinctTimes);
        QVERIFY(times >= 5);
        QVERIFY(KmTest::countRows(url, perTime + u" WHERE n = %1"_s.arg(open.size())) >= times - 2);
        QCOMPARE(KmTest::countRows(url, u"sync_runs WHERE status = 'running'"_s), 0);
        QCOMPARE(KmTest::countRows(url, u"sync_runs WHERE status = 'failed'"_s), 0);
        QVERIFY(KmTest::countRows(url, u"sync_runs WHERE kind = 'snapshot' AND status = 'ok'"_s) >= 4);
    }

    // SIGTERM while the initial full sync is still fetching: the run is recorded cancelled, whole
    // pages only, the lock is released and the process exits 0.
    void terminatedDuringTheInitialSyncEndsCleanly()
    {
        auto simulator = KmTest::startSimulator(
            {u"--markets"_s, u"20000"_s, u"--latency-ms"_s, u"200"_s, u"--tick-seconds"_s, frozenPrices});
        const QString url = m_server->newDatabaseUrlOrAbort();
        QVERIFY(initialize(url));
        QProcess collector;
        collector.start(m_cli, collectArguments(url, *simulator));
        QVERIFY(collector.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(url, u"markets"_s) >= 2000, 60000);
        terminate(collector);
        const QByteArray errors = collector.readAllStandardError();
        QCOMPARE(collector.exitStatus(), QProcess::NormalExit);
        QVERIFY2(collector.exitCode() == 0, errors.constData());
        verifyNoForbiddenWarnings(errors);
        QCOMPARE(
            KmTest::queryValue(url, u"SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1"_s).toString(),
            u"cancelled"_s);
        QCOMPARE(KmTest::countRows(url, u"sync_runs WHERE status = 'running'"_s), 0);
        QCOMPARE(KmTest::countRows(url, u"markets"_s) % 1000, 0); // whole pages only
        QCOMPARE(KmTest::countRows(url, lockHolders()), 0);
    }

    // The server ends the lock's session (here pg_terminate_backend): the collector stops with an
    // error that says why, instead of collecting on beside a collector that may take over.
    void aLostLockStopsTheCollector()
    {
        auto simulator = KmTest::startSimulator(
            {u"--markets"_s, u"1500"_s, u"--seed"_s, u"4"_s, u"--tick-seconds"_s, frozenPrices});
        const QString url = m_server->newDatabaseUrlOrAbort();
        QVERIFY(initialize(url));
        QProcess collector;
        collector.start(m_cli, collectArguments(url, *simulator));
        QVERIFY(collector.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(KmTest::countRows(url, distinctTimes) >= 2, 60000);
        const QString lockSession
            = u"(SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'kalshi-monitor-cli/%1/%')"_s
                  .arg(collector.processId());
        QCOMPARE(KmTest::queryValue(url, u"SELECT count(*) FROM "_s + lockSession + u" AS s"_s).toInt(), 1);
        QCOMPARE(
            KmTest::queryValue(url, u"SELECT pg_terminate_backend(pid) FROM "_s + lockSession + u" AS s"_s)
                .toBool(),
            true);
        QVERIFY(collector.waitForFinished(60000));
        const QByteArray errors = collector.readAllStandardError();
        QCOMPARE(collector.exitStatus(), QProcess::NormalExit);
        QCOMPARE(collector.exitCode(), 1);
        QVERIFY2(errors.contains("error: lost the collector lock of postgresql://km@127.0.0.1:")
                && errors.contains("another collector may take over"),
            errors.constData());
        verifyNoForbiddenWarnings(errors);
        const QJsonObject summary
            = QJsonDocument::fromJson(collector.readAllStandardOutput().trimmed().split('\n').last())
                  .object();
        QCOMPARE(summary.value(u"ok"_s).toBool(true), false);
        QVERIFY(summary.value(u"error"_s).toString().startsWith(u"lost the collector lock"_s));
        QCOMPARE(KmTest::countRows(url, u"sync_runs WHERE status = 'running'"_s), 0);
        QCOMPARE(KmTest::countRows(url, lockHolders()), 0);
    }
};

KM_TEST_GUILESS_MAIN(TstCliCollectPostgres)
#include "tst_clicollectpostgres.moc"
