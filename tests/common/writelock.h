#pragma once

#include <QAtomicInt>
#include <QString>
#include <QThread>

namespace KmTest {

// Holds SQLite's write lock (BEGIN IMMEDIATE) on a connection of its own in the calling thread,
// as another process's writer would, until release() or destruction.
class WriteLock final
{
public:
    explicit WriteLock(const QString &databasePath);
    ~WriteLock();
    WriteLock(const WriteLock &) = delete;
    WriteLock &operator=(const WriteLock &) = delete;

    bool isHeld() const { return m_held; }
    // Why the lock could not be taken (empty while held).
    const QString &error() const { return m_error; }
    // Rolls back and closes the connection; whether the rollback succeeded.
    bool release();

private:
    QString m_connectionName;
    QString m_error;
    bool m_held = false;
    bool m_open = false;
};

// Holds the write lock from a thread of its own for holdMs, so that the test's thread can meet it.
class WriteLockThread final : public QThread
{
public:
    WriteLockThread(QString databasePath, int holdMs)
        : m_path(std::move(databasePath))
        , m_holdMs(holdMs)
    {
    }
    ~WriteLockThread() override { wait(); }

    // 1 once the lock is held.
    QAtomicInt locked;

protected:
    void run() override;

private:
    QString m_path;
    int m_holdMs;
};

} // namespace KmTest
