#pragma once

#include "collect/collectorlock.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QThread>

#include <optional>

// What the collector lock is doing, as CollectorLockKeeper reports it. Plain value for queued signals.
struct CollectorLockStatus
{
    enum class State {
        Released, // not held, not wanted
        Held,
        Refused, // the first attempt failed: another collector holds it, or it cannot be taken
        Waiting, // it was held and lost; the keeper tries again at retryAt
    };
    State state = State::Released;
    quint64 request = 0; // the acquire() or release() this answers; a Waiting status keeps its acquire's
    QString error; // Refused, Waiting: why the lock is not held (names the holder when one is known)
    std::optional<CollectorLock::HolderInfo> holder; // Refused, Waiting: the other collector, if known
    QDateTime retryAt; // Waiting: the next attempt
    int attempts = 0; // Waiting: attempts since the loss
    bool lostJustNow = false; // Waiting: the lock was held until now (the first Waiting after a loss)
};

// Lives in the thread that creates it (the GUI thread) and keeps a CollectorLock in a thread of its
// own ("km-collector-lock"), where the lock, its PostgreSQL connection and its timers are created,
// used and removed: taking a server lock connects synchronously, which must never stall the GUI.
// acquire() and release() are queued to that thread in order and answered by statusChanged().
// A held lock that is lost (the server ended its session) is taken again in the background, after
// firstRetryMs and then twice as long each time up to maxRetryMs, however long that takes, until
// release(); a lock refused at the first attempt is not retried (the caller decides). Who holds the
// lock is looked up there too (lookUpHolder(), answered by holderFound()), for the same reason.
// stopAsync() releases and ends the thread without blocking; stopped() follows.
class CollectorLockKeeper final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectorLockKeeper)

public:
    struct Options
    {
        QString databasePath;
        int firstRetryMs = 5000;
        int maxRetryMs = 60000;
        int checkIntervalMs = 5000; // how often a held server lock checks its session
    };

    explicit CollectorLockKeeper(const Options &options, QObject *parent = nullptr);
    ~CollectorLockKeeper() override; // waits for the thread if stopAsync() did not end it yet

    // Each returns the request number its statusChanged() answers carry.
    quint64 acquire();
    quint64 release();
    // Reads who holds the lock (CollectorLock::currentHolder) in the lock's thread. A lookup asked
    // for while one runs is made once more after it, so the last answer is never older than the ask.
    void lookUpHolder();
    void stopAsync();
    bool isRunning() const { return m_thread.isRunning(); }

    // The retry delay after `attempts` failed attempts: first, doubled each time, at most max.
    static int retryDelayMs(int attempts, int firstMs, int maxMs);

Q_SIGNALS:
    void statusChanged(const CollectorLockStatus &status);
    void holderFound(const QString &databasePath, const std::optional<CollectorLock::HolderInfo> &holder);
    void stopped();

private:
    void onHolderLookedUp(const std::optional<CollectorLock::HolderInfo> &holder);

    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread
    const QString m_databasePath;
    quint64 m_lastRequest = 0;
    bool m_lookupRunning = false;
    bool m_lookupAgain = false;
    bool m_stopping = false;
    bool m_stoppedEmitted = false;
};

Q_DECLARE_METATYPE(CollectorLockStatus)
