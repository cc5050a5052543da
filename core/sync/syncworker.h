#pragma once

#include "collect/collectionscheduler.h"
#include "collect/collectionsettings.h"
#include "collect/jobrunner.h"
#include "sync/backfill.h"
#include "sync/syncrequest.h"
#include "sync/syncsummary.h"

#include <QObject>
#include <QUrl>

#include <optional>

class Collector;
class DatabaseWriter;
class KalshiClient;
class SyncJobRunner;
class SyncSession;

// Lives in the sync thread (see SyncController). Owns everything that fetches: the KalshiClient
// with its QNetworkAccessManager, the SyncSession, and the Collector with its scheduler; all of
// them are created in initialize(), in this thread. It decides what runs: one sync at a time, be it
// a manual "Sync now" or a collection job, so no two writers of this process ever overlap.
class SyncWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncWorker)

public:
    struct Options
    {
        QUrl apiBase;
        double rateLimit = 15.0;
        CollectionSettings collection;
        QString databasePath; // where the watchlist job reads the watched markets
    };

    SyncWorker(const Options &options, DatabaseWriter *writer);
    ~SyncWorker() override;

public Q_SLOTS:
    void initialize();
    // A full sync now: through the collector's queue while collecting, else directly.
    void syncNow();
    // Cancels the running sync between pages; collection stays on.
    void cancelSync();
    void setCollecting(bool collecting);
    void setJobInterval(const QString &job, qint64 intervalMs);
    void setJobEnabled(const QString &job, bool enabled);
    // The multivariate filter of the syncs that start from now on (see CollectionSettings).
    void setMveFilter(const QString &filter);
    // API base and rate limit for the next sync (a running one finishes with the old client).
    void setApi(const QUrl &apiBase, double rateLimit);
    // Kalshi's candlestick history of markets (the chart asks for the market it opens), fetched
    // beside any sync through the same client and rate limiter. One at a time: a request made while
    // one runs replaces the one waiting. historyFetched() follows once its candles are committed.
    void fetchHistory(const BackfillRequest &request);
    // Stops collection and cancels any sync; shutdownComplete() follows once, when nothing runs.
    void shutdown();

Q_SIGNALS:
    void syncStarted(const QString &command);
    void progress(const SyncProgress &progress);
    void syncFinished(const SyncSummary &summary);
    void logMessage(SyncLogLevel level, const QString &message);
    void retrying(const SyncRetry &retry);
    void busyChanged(bool busy);
    void collectingChanged(bool collecting);
    void initialSyncRunningChanged(bool running);
    void jobStateChanged(const JobState &state);
    void jobStatesReset(const QList<JobState> &states);
    void historyFetched(const BackfillRequest &request, const SyncSummary &summary);
    // A candlestick request of `request` failed and is tried again.
    void historyRetrying(const BackfillRequest &request, const SyncRetry &retry);
    void shutdownComplete();

private:
    void setBusy(bool busy);
    void onSessionStarted(const SyncRequest &request);
    void onSessionFinished(const SyncSummary &summary);
    void onCollectorStopped();
    void maybeCompleteShutdown();
    void rebuildClientIfIdle();
    void startHistory(const BackfillRequest &request);
    void onHistoryFinished(const SyncSummary &summary);

    Options m_options;
    DatabaseWriter *m_writer;
    KalshiClient *m_client = nullptr;
    SyncSession *m_session = nullptr;
    SyncJobRunner *m_runner = nullptr;
    Collector *m_collector = nullptr;
    Backfill *m_history = nullptr; // the history fetch running, if any
    BackfillRequest m_historyRequest;
    std::optional<BackfillRequest> m_nextHistory;
    bool m_busy = false;
    bool m_wantCollecting = false;
    bool m_shuttingDown = false;
    bool m_shutdownCompleted = false;
    bool m_clientOutdated = false;
};
