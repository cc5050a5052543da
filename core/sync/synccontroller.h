#pragma once

#include "sync/syncworker.h"

#include <QObject>
#include <QThread>

// Lives in the GUI thread and owns the sync thread with its SyncWorker. Its methods queue calls
// into the sync thread; the worker's signals arrive here queued and are re-emitted, so widgets
// connect to this object only. shutdown() is asynchronous: stopped() comes exactly once, after the
// running page has been handed to the writer and the thread has ended; the GUI thread never waits.
class SyncController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncController)

public:
    SyncController(const SyncWorker::Options &options, DatabaseWriter *writer, QObject *parent = nullptr);
    ~SyncController() override;

    void start();
    bool isBusy() const { return m_busy; }
    bool isCollecting() const { return m_collecting; }

public Q_SLOTS:
    void syncNow();
    void cancelSync();
    void setCollecting(bool collecting);
    void setJobInterval(const QString &job, qint64 intervalMs);
    void setJobEnabled(const QString &job, bool enabled);
    void setMveFilter(const QString &filter);
    void setApi(const QUrl &apiBase, double rateLimit);
    // See SyncWorker::fetchHistory; historyFetched() follows once the candles are committed.
    void fetchHistory(const BackfillRequest &request);
    void shutdown();

Q_SIGNALS:
    void syncStarted(const QString &command);
    void progress(const SyncProgress &progress);
    void syncFinished(const SyncSummary &summary);
    void logMessage(SyncLogLevel level, const QString &message);
    // A request failed and is tried again (the dashboard says what is wrong and what happens next).
    void retrying(const SyncRetry &retry);
    void busyChanged(bool busy);
    void collectingChanged(bool collecting);
    void initialSyncRunningChanged(bool running);
    void jobStateChanged(const JobState &state);
    void jobStatesReset(const QList<JobState> &states);
    void historyFetched(const BackfillRequest &request, const SyncSummary &summary);
    void historyRetrying(const BackfillRequest &request, const SyncRetry &retry);
    void stopped();

private:
    void onShutdownComplete();
    void onThreadFinished();

    QThread m_thread;
    SyncWorker *m_worker;
    bool m_busy = false;
    bool m_collecting = false;
    bool m_shutdownRequested = false;
    bool m_stoppedEmitted = false;
};
