#include "collect/collectorlock.h"

#include "collect/advisorycollectorlock.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <sys/stat.h>
#include <sys/types.h>
#endif

namespace {

// Symlinks and ".." resolved, also for a file that does not exist yet (through its folder).
QString canonicalDatabasePath(const QString &databasePath)
{
    QFileInfo info(databasePath);
    // A symlink to a file not created yet names its target's lock, as the target will.
    for (int depth = 0; depth < 16 && info.isSymLink() && !info.exists(); ++depth)
        info = QFileInfo(info.symLinkTarget());
    QString canonical = info.canonicalFilePath();
    if (!canonical.isEmpty())
        return canonical;
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    if (folder.isEmpty())
        return QDir::cleanPath(info.absoluteFilePath());
    return QDir(folder).filePath(info.fileName());
}

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

CollectorLock::CollectorLock(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(DatabaseLocation::isServerUrl(databasePath) ? databasePath
                                                                 : QFileInfo(databasePath).absoluteFilePath())
{
    m_check.setInterval(5000);
    if (DatabaseLocation::isServerUrl(databasePath)) {
        m_server = std::make_unique<AdvisoryCollectorLock>(databasePath);
        connect(&m_check, &QTimer::timeout, this, &CollectorLock::checkServerLock);
        return;
    }
    m_lock = std::make_unique<QLockFile>(lockFilePath(databasePath));
    // Only a dead holder makes the lock stale: a collector legitimately holds it for days.
    m_lock->setStaleLockTime(0);
}

CollectorLock::~CollectorLock()
{
    release();
}

QString CollectorLock::lockFilePath(const QString &databasePath)
{
    return canonicalDatabasePath(databasePath) + QLatin1String(".collector.lock");
}

QString CollectorLock::identityLockFilePath(const QString &databasePath)
{
#ifdef Q_OS_UNIX
    struct stat status = {};
    if (::stat(QFile::encodeName(databasePath).constData(), &status) != 0)
        return QString();
    return QDir(QDir::tempPath())
        .filePath(QStringLiteral("kalshi-monitor-collector-%1-%2.lock")
                      .arg(quint64(status.st_dev))
                      .arg(quint64(status.st_ino)));
#else
    Q_UNUSED(databasePath);
    return QString();
#endif
}

QString CollectorLock::lockFilePath() const
{
    return m_server ? QString() : lockFilePath(m_databasePath);
}

bool CollectorLock::isHeld() const
{
    return m_server ? m_server->isHeld() : m_lock->isLocked();
}

bool CollectorLock::tryAcquire()
{
    if (m_server) {
        if (m_server->isHeld())
            return true;
        m_error.clear();
        if (!m_server->tryAcquire(&m_error))
            return false;
        m_check.start();
        return true;
    }
    if (m_lock->isLocked())
        return acquireIdentityLock();
    m_error.clear();
    return tryLock(*m_lock, lockFilePath()) && acquireIdentityLock();
}

bool CollectorLock::acquireIdentityLock()
{
    if (m_identityLock && m_identityLock->isLocked())
        return true;
    const QString path = identityLockFilePath(m_databasePath);
    if (path.isEmpty())
        return true; // no file yet, so no other name of it either; checked again on the next call
    m_identityLock = std::make_unique<QLockFile>(path);
    m_identityLock->setStaleLockTime(0);
    if (tryLock(*m_identityLock, path))
        return true;
    m_lock->unlock();
    return false;
}

bool CollectorLock::tryLock(QLockFile &lock, const QString &path)
{
    // Two rounds: the holder may release between our failed attempt and reading its details.
    for (int round = 0; round < 2; ++round) {
        if (lock.tryLock(0))
            return true;
        switch (lock.error()) {
        case QLockFile::LockFailedError:
            if (const std::optional<HolderInfo> holder = readHolder(lock, path)) {
                m_error = describeHolder(*holder, m_databasePath);
                return false;
            }
            break;
        case QLockFile::PermissionError:
            m_error = tr("cannot create the collector lock %1: permission denied")
                          .arg(QDir::toNativeSeparators(path));
            return false;
        case QLockFile::NoError:
        case QLockFile::UnknownError:
            m_error = tr("cannot create the collector lock %1").arg(QDir::toNativeSeparators(path));
            return false;
        }
    }
    m_error = tr("another collector is collecting into %1").arg(QDir::toNativeSeparators(m_databasePath));
    return false;
}

void CollectorLock::checkServerLock()
{
    QString error;
    if (!m_server || !m_server->isHeld() || m_server->verify(&error))
        return;
    m_check.stop();
    m_error = error;
    Q_EMIT lost(error);
}

void CollectorLock::release()
{
    if (m_server) {
        m_check.stop();
        m_server->release();
        return;
    }
    if (m_identityLock)
        m_identityLock->unlock();
    m_lock->unlock();
}

std::optional<CollectorLock::HolderInfo> CollectorLock::currentHolder(const QString &databasePath)
{
    if (DatabaseLocation::isServerUrl(databasePath))
        return AdvisoryCollectorLock::currentHolder(databasePath);
    // The path's own lock first; a collector writing through another hard link holds only the other.
    for (const QString &path : {lockFilePath(databasePath), identityLockFilePath(databasePath)}) {
        if (path.isEmpty())
            continue;
        const QLockFile probe(path);
        std::optional<HolderInfo> holder = readHolder(probe, path);
        if (!holder)
            continue;
        const bool sameHost = holder->hostName.isEmpty() || holder->hostName == QSysInfo::machineHostName();
        if (sameHost && !holderIsAlive(holder->pid, holder->appName))
            continue;
        return holder;
    }
    return std::nullopt;
}

QString CollectorLock::describeHolder(const HolderInfo &holder, const QString &databasePath)
{
    const QString since = !holder.since.isValid() ? tr("an unknown time")
        : holder.since.date() == QDate::currentDate()
        ? holder.since.toString(QStringLiteral("HH:mm"))
        : holder.since.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    const QString app = holder.appName.isEmpty() ? tr("unknown program") : holder.appName;
    const QString host = holder.hostName.isEmpty() ? tr("an unknown host") : holder.hostName;
    const QString where = DatabaseLocation::isServerUrl(databasePath)
        ? Schema::displayName(databasePath)
        : QDir::toNativeSeparators(QFileInfo(databasePath).absoluteFilePath());
    return tr("another collector (pid %1, %2 on host %3) is collecting into %4 since %5")
        .arg(holder.pid)
        .arg(app, host, where, since);
}
