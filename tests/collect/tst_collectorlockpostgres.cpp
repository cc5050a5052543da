// CollectorLock on a PostgreSQL database (AdvisoryCollectorLock) against a throwaway server: a
// holder in another process refuses us by name, its SIGKILL frees the lock, a session the server
// ends makes the lock lost(), and CollectorLockKeeper takes a lost lock again by itself, in its own
// thread, waiting while another collector holds it. Without the PostgreSQL server binaries the test FAILS,
// never skips.
#include "collect/advisorycollectorlock.h"
#include "collect/collectorlock.h"
#include "collect/collectorlockkeeper.h"
#include "pgtestserver.h"
#include "silentserver.h"
#include "testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

// Sessions holding the collector's advisory lock, as the server sees them.
QString holdersSql()
{
    constexpr qint64 key = AdvisoryCollectorLock::advisoryKey;
    return u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %1 "
           u"AND objid = %2 AND objsubid = 1"_s.arg(key >> 32)
               .arg(key & 0xFFFFFFFF);
}

// A keeper on a database, with its statuses as they arrive.
struct WatchedKeeper
{
    explicit WatchedKeeper(const CollectorLockKeeper::Options &options)
        : keeper(options)
        , statuses(&keeper, &CollectorLockKeeper::statusChanged)
    {
    }
    CollectorLockStatus last() const
    {
        return statuses.isEmpty() ? CollectorLockStatus()
                                  : statuses.last().first().value<CollectorLockStatus>();
    }

    CollectorLockKeeper keeper;
    QSignalSpy statuses;
};

CollectorLockKeeper::Options keeperOptions(
    const QString &url, int firstRetryMs, int maxRetryMs, int checkIntervalMs)
{
    CollectorLockKeeper::Options options;
    options.databasePath = url;
    options.firstRetryMs = firstRetryMs;
    options.maxRetryMs = maxRetryMs;
    options.checkIntervalMs = checkIntervalMs;
    return options;
}

} // namespace

class TstCollectorLockPostgres : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgTestServer> m_server;

    QString psql(const QString &url, const QString &sql) const
    {
        return m_server->psql(url.section(u'/', -1), sql).trimmed();
    }

    // Starts km-collector-lock-holder on `url`; returns its first output line.
    static QByteArray startHolder(QProcess &holder, const QString &url)
    {
        holder.start(KmTest::builtExecutable(u"km-collector-lock-holder"_s), {url});
        if (!holder.waitForStarted(10000))
            return QByteArray();
        QByteArray line;
        (void)QTest::qWaitFor(
            [&] {
                line = holder.readLine();
                return !line.isEmpty() || holder.state() == QProcess::NotRunning;
            },
            30000);
        return line.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(!KmTest::builtExecutable(u"km-collector-lock-holder"_s).isEmpty());
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    // The holder's name survives the 63 bytes of application_name; a long host is cut, not the rest.
    void holderNameRoundTrips()
    {
        const QDateTime since = QDateTime::fromSecsSinceEpoch(1765049690);
        const QString name = AdvisoryCollectorLock::holderName(4242, u"kalshi-monitor-cli"_s,
            u"a-very-long-host-name.in.a.very.long.domain.example.org"_s, since);
        QVERIFY(name.size() <= 63);
        const std::optional<CollectorLock::HolderInfo> info = AdvisoryCollectorLock::parseHolderName(name);
        QVERIFY(info.has_value());
        QCOMPARE(info->pid, qint64(4242));
        QCOMPARE(info->appName, u"kalshi-monitor-cli"_s);
        QVERIFY(u"a-very-long-host-name.in.a.very.long.domain.example.org"_s.startsWith(info->hostName));
        QVERIFY(info->hostName.size() >= 10);
        QCOMPARE(info->since, since);
        QVERIFY(!info->thisProcess);
        QVERIFY(!AdvisoryCollectorLock::parseHolderName(u"psql"_s).has_value());
    }

    // A holder in another process refuses us naming its pid, program and host; while it lives the
    // refusal stands; after SIGKILL the server ends its session and the lock is ours.
    void anotherProcessHoldsUntilKilled()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        QProcess holder;
        const QByteArray first = startHolder(holder, url);
        QCOMPARE(first, "locked " + QByteArray::number(holder.processId()));
        QCOMPARE(psql(url, holdersSql()), u"1"_s);

        const std::optional<CollectorLock::HolderInfo> info = CollectorLock::currentHolder(url);
        QVERIFY(info.has_value());
        QCOMPARE(info->pid, holder.processId());
        QCOMPARE(info->appName, u"km-collector-lock-holder"_s);
        QVERIFY(!info->thisProcess);
        QVERIFY(info->serverPid > 0);
        QVERIFY(info->since.isValid());

        CollectorLock lock(url);
        QVERIFY(!lock.tryAcquire());
        QVERIFY(!lock.isHeld());
        QCOMPARE(lock.errorString(), CollectorLock::describeHolder(*info, url));
        QVERIFY2(lock.errorString().contains(
                     u"pid %1, km-collector-lock-holder on host "_s.arg(holder.processId())),
            qPrintable(lock.errorString()));
        QVERIFY(lock.errorString().contains(QSysInfo::machineHostName().left(8)));
        QVERIFY(lock.errorString().contains(u"collecting into postgresql://km@127.0.0.1:"_s));

        ::kill(pid_t(holder.processId()), SIGKILL);
        QVERIFY(holder.waitForFinished(10000));
        // The server notices the closed connection on its own; nothing of the dead holder remains.
        QTRY_COMPARE_WITH_TIMEOUT(psql(url, holdersSql()), u"0"_s, 20000);
        QVERIFY(!CollectorLock::currentHolder(url).has_value());
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        QVERIFY(lock.isHeld());
        QVERIFY(CollectorLock::currentHolder(url)->thisProcess);

        // Now another process is refused, naming this one.
        QProcess second;
        const QByteArray refused = startHolder(second, url);
        QVERIFY(second.state() == QProcess::NotRunning || second.waitForFinished(10000));
        QCOMPARE(second.exitCode(), 1);
        QVERIFY2(refused.startsWith(QByteArray("refused another collector (pid "
                     + QByteArray::number(QCoreApplication::applicationPid()) + ", ")),
            refused.constData());

        lock.release();
        QVERIFY(!lock.isHeld());
        QCOMPARE(psql(url, holdersSql()), u"0"_s);
    }

    // A session that merely looks like a holder (its application_name in the holder's form, as a
    // killed collector's would be) holds nothing, so it blocks nobody.
    void aHolderNameWithoutTheLockBlocksNobody()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        QString error;
        const QString binDir = PgTestServer::findBinDir(&error);
        QVERIFY2(!binDir.isEmpty(), qPrintable(error));
        QProcess lookalike;
        lookalike.setProcessEnvironment([] {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(u"PGAPPNAME"_s, u"kalshi-monitor-cli/1/1765049690@elsewhere"_s);
            return environment;
        }());
        lookalike.start(binDir + u"/psql"_s,
            {u"-h"_s, m_server->socketDirectory(), u"-p"_s, QString::number(m_server->port()), u"-U"_s,
                m_server->userName(), u"-d"_s, url.section(u'/', -1), u"-c"_s, u"SELECT pg_sleep(3)"_s});
        QVERIFY(lookalike.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(
            psql(url, u"SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '%@elsewhere'"_s),
            u"1"_s, 5000);
        QVERIFY(!CollectorLock::currentHolder(url).has_value());
        CollectorLock lock(url);
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        QVERIFY(lookalike.waitForFinished(10000));
    }

    // The lock belongs to the database, whatever URL names it (TCP or the Unix socket), and one
    // database's collector does not hold another's on the same server.
    void oneLockPerDatabase()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        const QString other = m_server->newDatabaseUrlOrAbort();
        const QString viaSocket = u"postgresql://%1@/%2?host=%3&port=%4"_s.arg(m_server->userName(),
            url.section(u'/', -1), m_server->socketDirectory(), QString::number(m_server->port()));
        CollectorLock overSocket(viaSocket);
        QVERIFY2(overSocket.tryAcquire(), qPrintable(overSocket.errorString()));
        CollectorLock overTcp(url);
        QVERIFY(!overTcp.tryAcquire());
        QVERIFY2(overTcp.errorString().contains(u"(pid %1, "_s.arg(QCoreApplication::applicationPid())),
            qPrintable(overTcp.errorString()));
        CollectorLock otherDatabase(other);
        QVERIFY2(otherDatabase.tryAcquire(), qPrintable(otherDatabase.errorString()));
        QCOMPARE(psql(url, holdersSql()), u"2"_s); // pg_locks spans the server's databases
        overSocket.release();
        QVERIFY2(overTcp.tryAcquire(), qPrintable(overTcp.errorString()));
    }

    // The server ends the lock's session (an administrator, a restart, a network cut): the held
    // lock notices at its next check, says so, and is no longer held.
    void aSessionEndedByTheServerIsLost()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        CollectorLock lock(url);
        lock.setCheckInterval(100);
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        QSignalSpy lost(&lock, &CollectorLock::lost);
        QTest::qWait(300); // checks that find the lock in place stay quiet
        QCOMPARE(lost.count(), 0);
        const qint64 serverPid = CollectorLock::currentHolder(url)->serverPid;
        QCOMPARE(psql(url, u"SELECT pg_terminate_backend(%1)"_s.arg(serverPid)), u"t"_s);
        QVERIFY(lost.wait(10000));
        QCOMPARE(lost.count(), 1);
        const QString error = lost.first().first().toString();
        QVERIFY2(
            error.startsWith(u"lost the collector lock of postgresql://km@127.0.0.1:"_s), qPrintable(error));
        QVERIFY2(error.contains(u"another collector may take over"_s), qPrintable(error));
        QCOMPARE(lock.errorString(), error);
        QVERIFY(!lock.isHeld());
        // It can be taken again while nobody else holds it.
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        QCOMPARE(psql(url, holdersSql()), u"1"_s);
    }
    // The keeper's lock lives in a thread of its own; when the server ends the lock's session the
    // keeper says so (Waiting, the next attempt scheduled), takes the lock again by itself, and
    // reports it Held. While another collector took it meanwhile, it names that one and keeps
    // waiting; once that one ends, the lock is the keeper's again. stopAsync() lets it go.
    void aKeeperTakesALostLockAgain()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        WatchedKeeper watched(keeperOptions(url, 300, 1000, 200));
        CollectorLockKeeper &keeper = watched.keeper;
        QSignalSpy &statuses = watched.statuses;
        const auto last = [&watched] { return watched.last(); };
        const quint64 request = keeper.acquire();
        QVERIFY(statuses.wait(20000));
        QCOMPARE(last().state, CollectorLockStatus::State::Held);
        QCOMPARE(last().request, request);
        std::optional<CollectorLock::HolderInfo> holder = CollectorLock::currentHolder(url);
        QVERIFY(holder.has_value());
        QVERIFY(holder->thisProcess);

        // Ended by the server: lost, then taken again without being asked.
        statuses.clear();
        QCOMPARE(psql(url, u"SELECT pg_terminate_backend(%1)"_s.arg(holder->serverPid)), u"t"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!statuses.isEmpty(), 10000);
        CollectorLockStatus waiting = statuses.first().first().value<CollectorLockStatus>();
        QCOMPARE(waiting.state, CollectorLockStatus::State::Waiting);
        QVERIFY(waiting.lostJustNow);
        QCOMPARE(waiting.request, request);
        QVERIFY2(waiting.error.startsWith(u"lost the collector lock of postgresql://"_s),
            qPrintable(waiting.error));
        QVERIFY(waiting.retryAt.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Held, 20000);
        QCOMPARE(last().request, request);
        QCOMPARE(psql(url, holdersSql()), u"1"_s);
        holder = CollectorLock::currentHolder(url);
        QVERIFY(holder.has_value());
        QVERIFY(holder->thisProcess);

        // Ended again, and another process takes it before the keeper's next attempt.
        statuses.clear();
        QCOMPARE(psql(url, u"SELECT pg_terminate_backend(%1)"_s.arg(holder->serverPid)), u"t"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!statuses.isEmpty(), 10000);
        QVERIFY(statuses.first().first().value<CollectorLockStatus>().lostJustNow);
        QProcess other;
        QByteArray first;
        // The keeper may win the race for the free lock; then it is ended once more.
        for (int round = 0; round < 5 && !first.startsWith("locked "); ++round) {
            if (other.state() != QProcess::NotRunning)
                other.waitForFinished(10000);
            first = startHolder(other, url);
            if (!first.startsWith("locked ")) {
                QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Held, 20000);
                statuses.clear();
                QCOMPARE(psql(url,
                             u"SELECT pg_terminate_backend(%1)"_s.arg(
                                 CollectorLock::currentHolder(url)->serverPid)),
                    u"t"_s);
                QTRY_VERIFY_WITH_TIMEOUT(!statuses.isEmpty(), 10000);
            }
        }
        QCOMPARE(first, "locked " + QByteArray::number(other.processId()));
        // Named while it holds the lock, and waited for: the keeper never takes it meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Waiting && last().holder
                && last().holder->pid == other.processId(),
            20000);
        waiting = last();
        QVERIFY(!waiting.lostJustNow);
        QVERIFY(waiting.attempts >= 1);
        QVERIFY2(waiting.error.contains(
                     u"another collector (pid %1, km-collector-lock-holder"_s.arg(other.processId())),
            qPrintable(waiting.error));
        const qsizetype seen = statuses.size();
        QTRY_VERIFY_WITH_TIMEOUT(statuses.size() >= seen + 2, 10000); // it keeps trying
        QCOMPARE(last().state, CollectorLockStatus::State::Waiting);
        QCOMPARE(CollectorLock::currentHolder(url)->pid, other.processId());

        other.write("\n");
        other.closeWriteChannel();
        QVERIFY(other.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Held, 20000);
        QVERIFY(CollectorLock::currentHolder(url)->thisProcess);

        // Released on request, and not retried afterwards.
        statuses.clear();
        const quint64 released = keeper.release();
        QVERIFY(statuses.wait(10000));
        QCOMPARE(last().state, CollectorLockStatus::State::Released);
        QCOMPARE(last().request, released);
        QCOMPARE(psql(url, holdersSql()), u"0"_s);
        QTest::qWait(1500);
        QCOMPARE(statuses.size(), 1);
        QCOMPARE(psql(url, holdersSql()), u"0"_s);

        // Taken once more, then let go by stopping the thread.
        keeper.acquire();
        QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Held, 20000);
        QSignalSpy stopped(&keeper, &CollectorLockKeeper::stopped);
        keeper.stopAsync();
        QVERIFY(stopped.wait(20000));
        QVERIFY(!keeper.isRunning());
        QCOMPARE(psql(url, holdersSql()), u"0"_s);
    }

    // The server may end the lock's session at any moment of a check, also between a statement's
    // preparation and its execution; a check must then leave nothing QPSQL fails to free (it warned
    // "Unable to free statement"). Checks every millisecond, ended twenty times.
    void aSessionEndedDuringACheckLeavesNothingBehind()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        WatchedKeeper watched(keeperOptions(url, 1, 5, 1));
        CollectorLockKeeper &keeper = watched.keeper;
        QSignalSpy &statuses = watched.statuses;
        const auto last = [&watched] { return watched.last(); };
        keeper.acquire();
        for (int round = 0; round < 20; ++round) {
            QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Held, 20000);
            const std::optional<CollectorLock::HolderInfo> holder = CollectorLock::currentHolder(url);
            QVERIFY(holder.has_value());
            QVERIFY(holder->thisProcess);
            statuses.clear();
            QCOMPARE(psql(url, u"SELECT pg_terminate_backend(%1)"_s.arg(holder->serverPid)), u"t"_s);
            QTRY_VERIFY_WITH_TIMEOUT(!statuses.isEmpty(), 10000);
            QVERIFY(statuses.first().first().value<CollectorLockStatus>().lostJustNow);
        }
        QTRY_VERIFY_WITH_TIMEOUT(last().state == CollectorLockStatus::State::Held, 20000);
        QSignalSpy stopped(&keeper, &CollectorLockKeeper::stopped);
        keeper.stopAsync();
        QVERIFY(stopped.wait(20000));
        QCOMPARE(psql(url, holdersSql()), u"0"_s);
    }

    // The holder is read in the keeper's thread and answered by a signal: never on the caller's
    // thread, so a server that does not answer cannot stall a window. Asks that come while a
    // lookup runs are answered by one more lookup after it.
    void aKeeperLooksUpTheHolderInItsThread()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        CollectorLockKeeper::Options options;
        options.databasePath = url;
        CollectorLockKeeper keeper(options);
        QSignalSpy found(&keeper, &CollectorLockKeeper::holderFound);
        const auto holderAt = [&found](qsizetype index) {
            return found.at(index).at(1).value<std::optional<CollectorLock::HolderInfo>>();
        };
        keeper.lookUpHolder();
        QCOMPARE(found.count(), 0);
        QVERIFY(found.wait(20000));
        QCOMPARE(found.first().first().toString(), url);
        QVERIFY(!holderAt(0).has_value());

        CollectorLock other(url);
        QVERIFY2(other.tryAcquire(), qPrintable(other.errorString()));
        keeper.lookUpHolder();
        keeper.lookUpHolder();
        keeper.lookUpHolder();
        QTRY_COMPARE_WITH_TIMEOUT(found.count(), 3, 20000);
        QTest::qWait(200);
        QCOMPARE(found.count(), 3); // the two asks during the first lookup made one more
        QVERIFY(holderAt(2).has_value());
        QVERIFY(holderAt(2)->thisProcess);
        QCOMPARE(holderAt(2)->pid, QCoreApplication::applicationPid());
        other.release();

        // Listening, never accepting: the lookup gives up after the connect timeout, off this thread.
        const KmTest::SilentServer silentServer;
        QVERIFY(silentServer.isListening());
        CollectorLockKeeper::Options silentOptions;
        silentOptions.databasePath = silentServer.postgresUrl(u"connect_timeout=2"_s);
        CollectorLockKeeper silent(silentOptions);
        QSignalSpy silentFound(&silent, &CollectorLockKeeper::holderFound);
        silent.lookUpHolder();
        QCOMPARE(silentFound.count(), 0);
        QVERIFY(silentFound.wait(20000));
        QVERIFY(!silentFound.first().at(1).value<std::optional<CollectorLock::HolderInfo>>().has_value());
    }

    // Backoff: the first delay, doubled after each failed attempt, never above the maximum.
    void retryDelaysGrowToTheMaximum()
    {
        QCOMPARE(CollectorLockKeeper::retryDelayMs(0, 5000, 60000), 5000);
        QCOMPARE(CollectorLockKeeper::retryDelayMs(1, 5000, 60000), 10000);
        QCOMPARE(CollectorLockKeeper::retryDelayMs(3, 5000, 60000), 40000);
        QCOMPARE(CollectorLockKeeper::retryDelayMs(4, 5000, 60000), 60000);
        QCOMPARE(CollectorLockKeeper::retryDelayMs(1000, 5000, 60000), 60000);
    }
};

KM_TEST_GUILESS_MAIN(TstCollectorLockPostgres)
#include "tst_collectorlockpostgres.moc"
