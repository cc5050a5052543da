#include "storage/databaselocks.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringList>

#include <limits>

#ifdef Q_OS_LINUX
#include <sys/stat.h>
#include <sys/sysmacros.h>
#endif

namespace DatabaseLocks {

namespace {

#ifdef Q_OS_LINUX
// SQLite's lock bytes (os_unix.c): WAL_WRITE_LOCK is byte 120 of the -shm file; in rollback mode
// PENDING_BYTE is 0x40000000, RESERVED the byte after it, SHARED the 510 bytes after that.
constexpr qint64 walWriteLockByte = 120;
constexpr qint64 pendingByte = 0x40000000;
constexpr qint64 sharedRangeEnd = pendingByte + 2 + 510;

// "08:01:1234567" as /proc/locks prints a file's device and inode.
QByteArray lockKey(const QString &path)
{
    struct stat status = {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return QByteArray();
    return QByteArray::number(major(status.st_dev), 16).rightJustified(2, '0') + ':'
        + QByteArray::number(minor(status.st_dev), 16).rightJustified(2, '0') + ':'
        + QByteArray::number(quint64(status.st_ino));
}
#endif

} // namespace

QList<qint64> writerPids(const QString &databasePath)
{
    QList<qint64> pids;
#ifdef Q_OS_LINUX
    const QByteArray shmKey = lockKey(databasePath + QStringLiteral("-shm"));
    const QByteArray fileKey = lockKey(databasePath);
    QFile locks(QStringLiteral("/proc/locks"));
    if (fileKey.isEmpty() || !locks.open(QIODevice::ReadOnly))
        return pids;
    // "1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 120 120"; waiters are listed with "->".
    const QList<QByteArray> lines = locks.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 8 || fields.at(1) != "POSIX" || fields.at(3) != "WRITE")
            continue;
        bool ok = false;
        const qint64 pid = fields.at(4).toLongLong(&ok);
        const qint64 start = fields.at(6).toLongLong();
        const qint64 end
            = fields.at(7) == "EOF" ? std::numeric_limits<qint64>::max() : fields.at(7).toLongLong();
        if (!ok || pid <= 0 || pid == QCoreApplication::applicationPid() || pids.contains(pid))
            continue;
        const bool walWriter = !shmKey.isEmpty() && fields.at(5) == shmKey && start <= walWriteLockByte
            && walWriteLockByte <= end;
        const bool rollbackWriter = fields.at(5) == fileKey && start <= sharedRangeEnd && pendingByte <= end;
        if (walWriter || rollbackWriter)
            pids.append(pid);
    }
#else
    Q_UNUSED(databasePath);
#endif
    return pids;
}

QString describeWriters(const QString &databasePath)
{
    QStringList writers;
    for (qint64 pid : writerPids(databasePath)) {
        QString name;
        QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
        if (comm.open(QIODevice::ReadOnly))
            name = QString::fromUtf8(comm.readAll()).trimmed();
        writers << (name.isEmpty() ? QStringLiteral("pid %1").arg(pid)
                                   : QStringLiteral("pid %1 (%2)").arg(pid).arg(name));
    }
    return writers.join(QStringLiteral(", "));
}

} // namespace DatabaseLocks
