#include "storage/syncrunowner.h"

#include <QCoreApplication>
#include <QFile>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace {

// The start time read twice for the same process may differ by a second (the kernel's boot time
// is derived from the clock); a reused pid started long after the old process.
constexpr qint64 startTimeToleranceSeconds = 2;

#ifdef Q_OS_LINUX
std::optional<qint64> bootTime()
{
    QFile file(QStringLiteral("/proc/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("btime ")) {
            bool ok = false;
            const qint64 value = line.mid(6).trimmed().toLongLong(&ok);
            return ok ? std::optional<qint64>(value) : std::nullopt;
        }
    }
    return std::nullopt;
}
#endif

struct ProcessStat
{
    bool exists = false;
    bool zombie = false;
    std::optional<qint64> startedAt;
};

ProcessStat readProcessStat(qint64 pid)
{
    ProcessStat result;
#ifdef Q_OS_LINUX
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QByteArray stat = file.readAll();
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields count from the
    // last ')'. After it, field 3 (state) is index 0 and field 22 (starttime) index 19.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return result;
    result.exists = true;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.isEmpty())
        return result;
    result.zombie = fields.at(0) == "Z" || fields.at(0) == "X";
    bool ok = false;
    const qint64 ticks = fields.value(19).toLongLong(&ok);
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    const std::optional<qint64> boot = bootTime();
    if (ok && ticksPerSecond > 0 && boot)
        result.startedAt = *boot + ticks / ticksPerSecond;
#else
    Q_UNUSED(pid);
#endif
    return result;
}

} // namespace

SyncRunOwner SyncRunOwner::currentProcess()
{
    SyncRunOwner owner;
    owner.pid = QCoreApplication::applicationPid();
    owner.host = QSysInfo::machineHostName();
    owner.startedAt = processStartTime(owner.pid);
    return owner;
}

std::optional<qint64> SyncRunOwner::processStartTime(qint64 pid)
{
    const ProcessStat stat = readProcessStat(pid);
    return stat.exists && !stat.zombie ? stat.startedAt : std::nullopt;
}

bool SyncRunOwner::isGone() const
{
    if (pid <= 0 || host.isEmpty() || host != QSysInfo::machineHostName())
        return false;
#ifdef Q_OS_UNIX
    // EPERM means the pid runs, as another user.
    if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH)
        return true;
#endif
#ifdef Q_OS_LINUX
    const ProcessStat stat = readProcessStat(pid);
    if (!stat.exists || stat.zombie)
        return true;
    if (startedAt && stat.startedAt && qAbs(*stat.startedAt - *startedAt) > startTimeToleranceSeconds)
        return true;
#endif
    return false;
}
