#pragma once

#include "collect/collectorlock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

// The collector lock of a PostgreSQL database (CollectorLock's server backend): the session-level
// advisory lock `pg_try_advisory_lock(advisoryKey)` on a connection of its own, which this object
// opens in tryAcquire() and closes in release(). The server releases the lock when the session
// ends, so a collector that crashed or was killed never blocks the next one. The holder is named in
// the session's application_name ("<program>/<pid>/<since, epoch seconds>@<host>", at most 63
// bytes, the host cut first), which every role may read in pg_stat_activity; the holder is found
// through pg_locks, so nothing written by a dead collector is ever read. Not a QObject; lives in the
// thread that creates it, where its connection is created, used and removed.
class AdvisoryCollectorLock final
{
    Q_DECLARE_TR_FUNCTIONS(CollectorLock)
    Q_DISABLE_COPY_MOVE(AdvisoryCollectorLock)

public:
    // "kmcollec" in ASCII: both halves (pg_locks.classid and objid) are below 2^31. Distinct from
    // the migrations' transaction-scoped key (SqlDialect).
    static constexpr qint64 advisoryKey = 0x6B6D636F6C6C6563;

    explicit AdvisoryCollectorLock(const QString &databaseUrl);
    ~AdvisoryCollectorLock(); // releases

    bool tryAcquire(QString *error);
    void release();
    bool isHeld() const { return m_held; }

    // For a held lock: whether its session still exists and holds the lock. False (and released)
    // when the server ended the session or the connection broke, with the reason in `error`.
    bool verify(QString *error);

    // The live holder from pg_locks joined with pg_stat_activity, through a short-lived connection
    // of the calling thread; std::nullopt when nobody holds it or the server cannot be reached.
    static std::optional<CollectorLock::HolderInfo> currentHolder(const QString &databaseUrl);

    // The application_name that names this process as the holder since `since`.
    static QString holderName(
        qint64 pid, const QString &program, const QString &host, const QDateTime &since);
    // The holder named by an application_name; std::nullopt when it is not in holderName()'s form.
    static std::optional<CollectorLock::HolderInfo> parseHolderName(const QString &applicationName);

private:
    // Reads the holder on connection `connectionName`.
    static std::optional<CollectorLock::HolderInfo> readHolder(const QString &connectionName);
    void closeConnection();

    const QString m_databaseUrl;
    const QString m_connectionName;
    bool m_open = false;
    bool m_held = false;
};
