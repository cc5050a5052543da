#include "collect/collectorlock.h"
#include "collect/collectorlockkeeper.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString helperPath()
{
    return KmTest::builtExecutable(u"km-collector-lock-holder"_s);
}

// Writes a lock file the way QLockFile does ("pid\nappname\nhostname\n"), as a crashed
// process would leave it.
bool writeLockFile(const QString &path, qint64 pid, const QString &appName, const QString &hostName)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray content
        = QByteArray::number(pid) + '\n' + appName.toUtf8() + '\n' + hostName.toUtf8() + '\n';
    return file.write(content) == content.size();
}

// The pid of a process that has exited and been reaped.
qint64 deadPid()
{
    QProcess process;
    process.start(helperPath(), {}); // no argument: prints its usage and exits
    if (!process.waitForStarted(5000))
        return 0;
    const qint64 pid = process.processId();
    process.waitForFinished(5000);
    return pid;
}

QString ownAppName()
{
    return QFileInfo(QCoreApplication::applicationFilePath()).fileName();
}

} // namespace

class TstCollectorLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY2(!helperPath().isEmpty(), "km-collector-lock-holder was not built");
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void acquireAndRelease()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        CollectorLock lock(db);
        QCOMPARE(lock.lockFilePath(), db + u".collector.lock"_s);
        QCOMPARE(CollectorLock::lockFilePath(db), db + u".collector.lock"_s);
        QVERIFY(!lock.isHeld());
        QVERIFY(!CollectorLock::currentHolder(db).has_value());

        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        QVERIFY(lock.isHeld());
        QVERIFY(lock.tryAcquire()); // already held by us
        QVERIFY(QFile::exists(lock.lockFilePath()));
        const std::optional<CollectorLock::HolderInfo> holder = CollectorLock::currentHolder(db);
        QVERIFY(holder.has_value());
        QCOMPARE(holder->pid, QCoreApplication::applicationPid());
        QCOMPARE(holder->appName, ownAppName());
        QCOMPARE(holder->hostName, QSysInfo::machineHostName());
        QVERIFY(holder->thisProcess);
        QVERIFY(qAbs(holder->since.secsTo(QDateTime::currentDateTime())) < 60);

        lock.release();
        QVERIFY(!lock.isHeld());
        QVERIFY(!QFile::exists(lock.lockFilePath()));
        QVERIFY(!CollectorLock::currentHolder(db).has_value());
    }

    // The app's keeper takes and releases the lock file from its own thread, in the order asked,
    // and a refusal names the holder and is not retried. (A lock file is never lost, so the
    // keeper's retries happen on PostgreSQL only: tst_collectorlockpostgres.)
    void keeperTakesAndReleasesInItsThread()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        CollectorLockKeeper::Options options;
        options.databasePath = db;
        options.firstRetryMs = 100;
        CollectorLockKeeper keeper(options);
        QSignalSpy statuses(&keeper, &CollectorLockKeeper::statusChanged);
        const auto status
            = [&statuses](int index) { return statuses.at(index).first().value<CollectorLockStatus>(); };
        const quint64 first = keeper.acquire();
        const quint64 released = keeper.release();
        const quint64 second = keeper.acquire();
        QTRY_COMPARE(statuses.size(), 3);
        QCOMPARE(status(0).state, CollectorLockStatus::State::Held);
        QCOMPARE(status(0).request, first);
        QCOMPARE(status(1).state, CollectorLockStatus::State::Released);
        QCOMPARE(status(1).request, released);
        QCOMPARE(status(2).state, CollectorLockStatus::State::Held);
        QCOMPARE(status(2).request, second);
        QVERIFY(QFile::exists(CollectorLock::lockFilePath(db)));
        CollectorLock other(db);
        QVERIFY(!other.tryAcquire());

        keeper.release();
        QTRY_COMPARE(statuses.size(), 4);
        QVERIFY(!QFile::exists(CollectorLock::lockFilePath(db)));
        QVERIFY(other.tryAcquire());
        const quint64 refused = keeper.acquire();
        QTRY_COMPARE(statuses.size(), 5);
        QCOMPARE(status(4).state, CollectorLockStatus::State::Refused);
        QCOMPARE(status(4).request, refused);
        QVERIFY(status(4).holder.has_value());
        QCOMPARE(status(4).holder->pid, QCoreApplication::applicationPid());
        QCOMPARE(status(4).error, CollectorLock::describeHolder(*status(4).holder, db));
        QTest::qWait(500); // a refusal is not retried
        QCOMPARE(statuses.size(), 5);

        QSignalSpy stopped(&keeper, &CollectorLockKeeper::stopped);
        keeper.stopAsync();
        QVERIFY(stopped.wait(10000));
        QVERIFY(!keeper.isRunning());
    }

    void secondInstanceIsRefused()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        CollectorLock first(db);
        QVERIFY(first.tryAcquire());
        CollectorLock second(db);
        QVERIFY(!second.tryAcquire());
        QVERIFY(!second.isHeld());
        const QRegularExpression expected(
            u"^another collector \\(pid %1, %2 on host %3\\) is collecting into %4 since \\d\\d:\\d\\d$"_s
                .arg(QCoreApplication::applicationPid())
                .arg(QRegularExpression::escape(ownAppName()),
                    QRegularExpression::escape(QSysInfo::machineHostName()),
                    QRegularExpression::escape(QFileInfo(db).absoluteFilePath())));
        QVERIFY2(expected.match(second.errorString()).hasMatch(), qPrintable(second.errorString()));

        // Released by the first: the second gets it.
        first.release();
        QVERIFY(second.tryAcquire());
        QVERIFY(second.errorString().isEmpty());
    }

    void otherProcessIsRefusedUntilItReleases()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        QProcess holder;
        holder.start(helperPath(), {db});
        QVERIFY(holder.waitForStarted(5000));
        QVERIFY(holder.waitForReadyRead(5000));
        const QString line = QString::fromUtf8(holder.readLine()).trimmed();
        QCOMPARE(line, u"locked %1"_s.arg(holder.processId()));

        CollectorLock lock(db);
        QVERIFY(!lock.tryAcquire());
        QVERIFY2(lock.errorString().contains(
                     u"(pid %1, km-collector-lock-holder on host "_s.arg(holder.processId())),
            qPrintable(lock.errorString()));
        QVERIFY(lock.errorString().contains(db));
        const std::optional<CollectorLock::HolderInfo> info = CollectorLock::currentHolder(db);
        QVERIFY(info.has_value());
        QCOMPARE(info->pid, holder.processId());
        QVERIFY(!info->thisProcess);

        holder.write("\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(5000));
        QCOMPARE(holder.exitCode(), 0);
        QVERIFY(!CollectorLock::currentHolder(db).has_value());
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));

        // And now the other process is the one refused.
        QProcess refused;
        refused.start(helperPath(), {db});
        QVERIFY(refused.waitForFinished(5000));
        QCOMPARE(refused.exitCode(), 1);
        const QString output = QString::fromUtf8(refused.readAllStandardOutput());
        QVERIFY2(
            output.contains(u"refused another collector (pid %1, "_s.arg(QCoreApplication::applicationPid())),
            qPrintable(output));
    }

    void otherNameOfTheSameFileIsRefused_data()
    {
        QTest::addColumn<QString>("alias");
        QTest::addColumn<bool>("fileExists");
        QTest::newRow("symlink") << u"link.db"_s << true;
        QTest::newRow("symlink, no file yet") << u"link.db"_s << false;
        QTest::newRow("dot-dot") << u"sub/../kalshi.db"_s << true;
        QTest::newRow("dot-dot, no file yet") << u"sub/../kalshi.db"_s << false;
        // ".." after a symlinked folder: lexically sub/kalshi.db, on disk the database itself.
        QTest::newRow("dot-dot after a symlink") << u"sub/up/../kalshi.db"_s << true;
        QTest::newRow("hard link") << u"other/hard.db"_s << true;
    }

    // Regression: a symlink, "a/../a.db" or a hard link to the database started a second collector.
    void otherNameOfTheSameFileIsRefused()
    {
        QFETCH(QString, alias);
        QFETCH(bool, fileExists);
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        const QString other = dir.filePath(alias);
        QVERIFY(QDir(dir.path()).mkpath(u"sub"_s));
        QVERIFY(QDir(dir.path()).mkpath(u"other"_s));
        if (fileExists) {
            QFile file(db);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        if (alias.startsWith(u"sub/up"))
            QVERIFY(QFile::link(dir.filePath(u"other"_s), dir.filePath(u"sub/up"_s)));
        if (alias.startsWith(u"link"))
            QVERIFY(QFile::link(db, other));
        else if (alias.startsWith(u"other"))
            QCOMPARE(::link(QFile::encodeName(db).constData(), QFile::encodeName(other).constData()), 0);

        QProcess holder;
        holder.start(helperPath(), {db});
        QVERIFY(holder.waitForStarted(5000));
        QVERIFY(holder.waitForReadyRead(5000));
        QCOMPARE(QString::fromUtf8(holder.readLine()).trimmed(), u"locked %1"_s.arg(holder.processId()));

        CollectorLock lock(other);
        QVERIFY(!lock.tryAcquire());
        QVERIFY2(lock.errorString().contains(
                     u"(pid %1, km-collector-lock-holder on host "_s.arg(holder.processId())),
            qPrintable(lock.errorString()));
        QVERIFY(!lock.isHeld());
        const std::optional<CollectorLock::HolderInfo> info = CollectorLock::currentHolder(other);
        QVERIFY(info.has_value());
        QCOMPARE(info->pid, holder.processId());
        // A refused attempt leaves no lock file of its own behind.
        QStringList lockFiles = QDir(dir.path()).entryList({u"*.lock"_s});
        lockFiles += QDir(dir.filePath(u"other"_s)).entryList({u"*.lock"_s});
        QCOMPARE(lockFiles, QStringList{u"kalshi.db.collector.lock"_s});

        holder.write("\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(5000));
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        CollectorLock original(db);
        QVERIFY(!original.tryAcquire());
    }

    // A collector that created the file takes the device-and-inode lock on its next tryAcquire(),
    // so a hard link made afterwards is refused too.
    void hardLinkToAFileCreatedLaterIsRefused()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        const QString other = dir.filePath(u"hard.db"_s);
        CollectorLock first(db);
        QVERIFY2(first.tryAcquire(), qPrintable(first.errorString()));
        {
            QFile file(db);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QVERIFY2(first.tryAcquire(), qPrintable(first.errorString()));
        QCOMPARE(::link(QFile::encodeName(db).constData(), QFile::encodeName(other).constData()), 0);
        CollectorLock second(other);
        QVERIFY(!second.tryAcquire());
        QVERIFY(first.isHeld());
        first.release();
        QVERIFY(!QFile::exists(CollectorLock::identityLockFilePath(db)));
        QVERIFY2(second.tryAcquire(), qPrintable(second.errorString()));
    }

    void crashedHolderIsRecovered()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        QProcess holder;
        holder.start(helperPath(), {db});
        QVERIFY(holder.waitForStarted(5000));
        QVERIFY(holder.waitForReadyRead(5000));
        QVERIFY(holder.readLine().startsWith("locked "));
        holder.kill(); // SIGKILL: no chance to remove its lock file
        QVERIFY(holder.waitForFinished(5000));
        QVERIFY(QFile::exists(CollectorLock::lockFilePath(db)));

        QVERIFY(!CollectorLock::currentHolder(db).has_value());
        CollectorLock lock(db);
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        QCOMPARE(CollectorLock::currentHolder(db)->pid, QCoreApplication::applicationPid());
    }

    void staleLockFileOfDeadPidIsRecovered()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        const qint64 pid = deadPid();
        QVERIFY(pid > 0);
        QVERIFY(writeLockFile(
            CollectorLock::lockFilePath(db), pid, u"kalshi-monitor-cli"_s, QSysInfo::machineHostName()));
        QVERIFY(!CollectorLock::currentHolder(db).has_value());

        CollectorLock lock(db);
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
        qint64 ownerPid = 0;
        QString host;
        QString app;
        QVERIFY(QLockFile(CollectorLock::lockFilePath(db)).getLockInfo(&ownerPid, &host, &app));
        QCOMPARE(ownerPid, QCoreApplication::applicationPid());
    }

    // A live pid that now runs another program (the pid was reused after a crash) is stale too.
    void reusedPidIsRecovered()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        QVERIFY(writeLockFile(CollectorLock::lockFilePath(db), QCoreApplication::applicationPid(),
            u"kalshi-monitor-cli"_s, QSysInfo::machineHostName()));
        QVERIFY(!CollectorLock::currentHolder(db).has_value());
        CollectorLock lock(db);
        QVERIFY2(lock.tryAcquire(), qPrintable(lock.errorString()));
    }

    // A lock from another host cannot be checked from here: it is never taken over.
    void lockOfAnotherHostIsRespected()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"kalshi.db"_s);
        QVERIFY(
            writeLockFile(CollectorLock::lockFilePath(db), 4242, u"kalshi-monitor-cli"_s, u"other-host"_s));
        CollectorLock lock(db);
        QVERIFY(!lock.tryAcquire());
        QVERIFY2(
            lock.errorString().startsWith(
                u"another collector (pid 4242, kalshi-monitor-cli on host other-host) is collecting into "_s),
            qPrintable(lock.errorString()));
        const std::optional<CollectorLock::HolderInfo> info = CollectorLock::currentHolder(db);
        QVERIFY(info.has_value());
        QCOMPARE(info->pid, qint64(4242));
        QCOMPARE(info->hostName, u"other-host"_s);
        QVERIFY(!info->thisProcess);
        QVERIFY(QFile::exists(CollectorLock::lockFilePath(db)));
    }

    void missingDirectoryIsAnError()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"no/such/dir/kalshi.db"_s);
        CollectorLock lock(db);
        QVERIFY(!lock.tryAcquire());
        QVERIFY2(lock.errorString().startsWith(u"cannot create the collector lock "_s),
            qPrintable(lock.errorString()));
    }

    void describeHolderFormatsOlderDates()
    {
        CollectorLock::HolderInfo holder;
        holder.pid = 1234;
        holder.appName = u"kalshi-monitor-cli"_s;
        holder.hostName = u"x"_s;
        holder.since = QDateTime(QDate(2026, 1, 10), QTime(14, 2));
        QCOMPARE(CollectorLock::describeHolder(holder, u"/path/db"_s),
            u"another collector (pid 1234, kalshi-monitor-cli on host x) is collecting into /path/db since 2026-01-10 14:02"_s);
        holder.since = QDateTime(QDate::currentDate(), QTime(14, 2));
        QCOMPARE(CollectorLock::describeHolder(holder, u"/path/db"_s),
            u"another collector (pid 1234, kalshi-monitor-cli on host x) is collecting into /path/db since 14:02"_s);
    }
};

KM_TEST_GUILESS_MAIN(TstCollectorLock)
#include "tst_collectorlock.moc"
