#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

class QLockFile;

// One continuous collector per database, across processes: a QLockFile at
// "<canonical database path>.collector.lock" (symlinks and ".." resolved), and, once the file
// exists, a second one in the temp folder named after its device and inode, so that a hard link
// cannot start a second collector either. Not a QObject; used in the thread that creates it (the
// CLI's main thread or the GUI thread). A lock left by a crashed process on this host (its pid no
// longer runs that program) is removed by the next tryAcquire(); a live holder is never timed out
// (stale lock time 0), however long it has been collecting.
class CollectorLock final
{
    Q_DECLARE_TR_FUNCTIONS(CollectorLock)
    Q_DISABLE_COPY_MOVE(CollectorLock)

public:
    struct HolderInfo
    {
        qint64 pid = 0;
        QString appName; // executable name, as QLockFile records it
        QString hostName;
        QDateTime since; // when the lock file was written (local time)
        bool thisProcess = false;
    };

    explicit CollectorLock(const QString &databasePath);
    ~CollectorLock(); // releases

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

    // The live holder of the database's lock, from any process including this one; std::nullopt
    // when nobody holds it or the lock file is stale.
    static std::optional<HolderInfo> currentHolder(const QString &databasePath);
    static QString describeHolder(const HolderInfo &holder, const QString &databasePath);

    // "<temp folder>/kalshi-monitor-collector-<device>-<inode>.lock"; empty while the file does not exist.
    static QString identityLockFilePath(const QString &databasePath);

private:
    bool acquireIdentityLock();
    bool tryLock(QLockFile &lock, const QString &path);

    const QString m_databasePath;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<QLockFile> m_identityLock;
    QString m_error;
};
