#include "collect/collectorlock.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#endif

namespace {

// The same test QLockFile applies before it removes a lock file: on this host, the pid must
// still run a program of the recorded name.
bool holderIsAlive(qint64 pid, const QString &appName)
{
#ifdef Q_OS_UNIX
    if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH)
        return false;
#endif
#ifdef Q_OS_LINUX
    QString target = QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget();
    const QLatin1String deleted(" (deleted)");
    if (target.endsWith(deleted))
        target.chop(deleted.size());
    if (!target.isEmpty() && !appName.isEmpty() && QFileInfo(target).fileName() != appName)
        return false;
#else
    Q_UNUSED(appName);
#endif
    return true;
}

std::optional<CollectorLock::HolderInfo> readHolder(const QLockFile &lock, const QString &path)
{
    CollectorLock::HolderInfo info;
    if (!lock.getLockInfo(&info.pid, &info.hostName, &info.appName))
        return std::nullopt;
    info.since = QFileInfo(path).lastModified();
    info.thisProcess = info.pid == QCoreApplication::applicationPid()
        && (info.hostName.isEmpty() || info.hostName == QSysInfo::machineHostName());
    return info;
}

} // namespace

CollectorLock::CollectorLock(const QString &databasePath)
    : m_databasePath(QFileInfo(databasePath).absoluteFilePath())
    , m_lock(std::make_unique<QLockFile>(lockFilePath(databasePath)))
{
    // Only a dead holder makes the lock stale: a collector legitimately holds it for days.
    m_lock->setStaleLockTime(0);
}

CollectorLock::~CollectorLock()
{
    release();
}

QString CollectorLock::lockFilePath(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QLatin1String(".collector.lock");
}

QString CollectorLock::lockFilePath() const
{
    return lockFilePath(m_databasePath);
}

bool CollectorLock::isHeld() const
{
    return m_lock->isLocked();
}

bool CollectorLock::tryAcquire()
{
    if (m_lock->isLocked())
        return true;
    m_error.clear();
    // Two rounds: the holder may release between our failed attempt and reading its details.
    for (int round = 0; round < 2; ++round) {
        if (m_lock->tryLock(0))
            return true;
        switch (m_lock->error()) {
        case QLockFile::LockFailedError:
            if (const std::optional<HolderInfo> holder = readHolder(*m_lock, lockFilePath())) {
                m_error = describeHolder(*holder, m_databasePath);
                return false;
            }
            break;
        case QLockFile::PermissionError:
            m_error = tr("cannot create the collector lock %1: permission denied")
                          .arg(QDir::toNativeSeparators(lockFilePath()));
            return false;
        case QLockFile::NoError:
        case QLockFile::UnknownError:
            m_error = tr("cannot create the collector lock %1").arg(QDir::toNativeSeparators(lockFilePath()));
            return false;
        }
    }
    m_error = tr("another collector is collecting into %1").arg(QDir::toNativeSeparators(m_databasePath));
    return false;
}

void CollectorLock::release()
{
    m_lock->unlock();
}

std::optional<CollectorLock::HolderInfo> CollectorLock::currentHolder(const QString &databasePath)
{
    const QString path = lockFilePath(databasePath);
    const QLockFile probe(path);
    std::optional<HolderInfo> holder = readHolder(probe, path);
    if (!holder)
        return std::nullopt;
    const bool sameHost = holder->hostName.isEmpty() || holder->hostName == QSysInfo::machineHostName();
    if (sameHost && !holderIsAlive(holder->pid, holder->appName))
        return std::nullopt;
    return holder;
}

QString CollectorLock::describeHolder(const HolderInfo &holder, const QString &databasePath)
{
    const QString since = holder.since.date() == QDate::currentDate()
        ? holder.since.toString(QStringLiteral("HH:mm"))
        : holder.since.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    const QString app = holder.appName.isEmpty() ? tr("unknown program") : holder.appName;
    const QString host = holder.hostName.isEmpty() ? tr("an unknown host") : holder.hostName;
    return tr("another collector (pid %1, %2 on host %3) is collecting into %4 since %5")
        .arg(holder.pid)
        .arg(app, host, QDir::toNativeSeparators(QFileInfo(databasePath).absoluteFilePath()), since);
}
