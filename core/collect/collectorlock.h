#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

class AdvisoryCollectorLock;
class QLockFile;

// One continuous collector per database, across processes (and, on PostgreSQL, machines). For a
// postgresql:// location the lock is a session-level advisory lock on a connection of its own
// (AdvisoryCollectorLock): the server releases it when the holder's session ends, and while it is
// held the session is checked every checkInterval(); if the server ended it, lost() is emitted and
// the lock is no longer held (another collector may take it). Callers use the same interface for
// both kinds. For an SQLite file it is a QLockFile at
// "<canonical database path>.collector.lock" (symlinks and ".." resolved), and, once the file
// exists, a second one in the temp folder named after its device and inode, so that a hard link
// cannot start a second collector either (never lost()). Lives in the thread that creates it (the
// CLI's main thread or the GUI thread), with its connection and timer. A lock left by a crashed process on
// this host (its pid no longer runs that program) is removed by the next tryAcquire(); a live holder is never
// timed out (stale lock time 0), however long it has been collecting.
class CollectorLock final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectorLock)

public:
    struct HolderInfo
    {
        qint64 pid = 0;
        QString appName; // executable name, as QLockFile records it
        QString hostName;
        QDateTime since; // when the lock file was written / the advisory lock taken (local time)
        bool thisProcess = false;
        qint64 serverPid = 0; // PostgreSQL: the holding session's backend pid; 0 for a lock file
    };

    // `databasePath`: an SQLite file path or a postgresql:// URL.
    explicit CollectorLock(const QString &databasePath, QObject *parent = nullptr);
    ~CollectorLock() override; // releases

    // SQLite files only.
    static QString lockFilePath(const QString &databasePath);
    QString lockFilePath() const;
    QString databasePath() const { return m_databasePath; }

    // True when this object holds the lock (also if it already did). False when another live
    // collector holds it, or the file cannot be created: errorString() says which, e.g.
    // "another collector (pid 1234, kalshi-monitor-cli on host x) is collecting into /path/db since 14:02".
    // Call it again once the database file exists (after the writer created it): that takes the
    // device-and-inode lock too, or gives the whole lock up and returns false.
    bool tryAcquire();
    void release();
    bool isHeld() const;
    QString errorString() const { return m_error; }

    // How often a held server lock checks its session (default 5 s).
    void setCheckInterval(int ms) { m_check.setInterval(ms); }
    int checkInterval() const { return m_check.interval(); }

    // The live holder of the database's lock, from any process including this one; std::nullopt
    // when nobody holds it or the lock file is stale.
    static std::optional<HolderInfo> currentHolder(const QString &databasePath);
    static QString describeHolder(const HolderInfo &holder, const QString &databasePath);

    // "<temp folder>/kalshi-monitor-collector-<device>-<inode>.lock"; empty while the file does not exist.
    static QString identityLockFilePath(const QString &databasePath);

Q_SIGNALS:
    // A held lock is gone (the server ended the lock's session, or its connection broke): stop
    // collecting. `error` says so and why; errorString() returns it too.
    void lost(const QString &error);

private:
    bool acquireIdentityLock();
    bool tryLock(QLockFile &lock, const QString &path);
    void checkServerLock();

    const QString m_databasePath;
    std::unique_ptr<QLockFile> m_lock; // SQLite
    std::unique_ptr<QLockFile> m_identityLock; // SQLite
    std::unique_ptr<AdvisoryCollectorLock> m_server; // PostgreSQL
    QTimer m_check;
    QString m_error;
};

// For queued signals (CollectorLockKeeper::holderFound).
Q_DECLARE_METATYPE(std::optional<CollectorLock::HolderInfo>)
