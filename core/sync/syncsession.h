#pragma once

#include "network/pagefetcher.h"
#include "network/partitionedlisting.h"
#include "records.h"
#include "sync/syncrequest.h"
#include "sync/syncsummary.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

class DatabaseWriter;
class KalshiClient;

// Lives in the sync thread (the CLI's main thread, or the GUI's sync thread). Runs one
// SyncRequest at a time, phase after phase: fetches pages through its KalshiClient, parses each
// page here (never in the GUI thread) and hands it to the writer as one WriteBatch through a queued
// signal, so each page commits in its own transaction. The markets and snapshot listings run as
// PartitionedListing (several close-time windows at once when one cursor chain is latency-bound).
// A failure on page k keeps pages 1..k-1; every phase records one sync_runs row. The session never
// touches the database itself.
//
// When a request's markets phase lists exactly the snapshot phase's markets (sharesMarketsListing:
// status=open and the same mve filter), the markets phase is the snapshot phase too: the listing
// runs once, each page goes to the writer as one Snapshots batch (its markets and one snapshot row
// each, one transaction), and the snapshot phase's own listing is dropped. Both phases keep their
// sync_runs rows (markets, then snapshot, both started before the first page) and end with the same
// status, error, pages, skipped and retries; rows counts what each phase would record on its own:
// the markets row its markets, the snapshot row its snapshot rows stored (not those the database
// already held for that market and time). A failed page, a cancel
// or the page limit ends both. progress() reports both phases; the SyncSummary counts each shared
// page and row once, as fetched and written.
class SyncSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncSession)

public:
    explicit SyncSession(KalshiClient *client, QObject *parent = nullptr);
    ~SyncSession() override;

    // Connects this session to the writer (which lives in the writer thread) with queued signals.
    void attachWriter(DatabaseWriter *writer);

    bool isRunning() const { return m_running; }

    // Whether a request with both a markets and a snapshot phase lists the open markets only once.
    static bool sharesMarketsListing(const SyncRequest &request);

    // Replaces the client for the next request; only while no request runs.
    void setClient(KalshiClient *client);

public Q_SLOTS:
    void start(const SyncRequest &request);
    // Stops between pages: pages already handed to the writer still commit; the phase's sync_runs
    // row says cancelled.
    void cancel();

Q_SIGNALS:
    void started(const SyncRequest &request);
    void progress(const SyncProgress &progress);
    void finished(const SyncSummary &summary);
    void logMessage(SyncLogLevel level, const QString &message);
    void retrying(const SyncRetry &retry);

    // To the writer (queued).
    void batchReady(const WriteBatch &batch);
    void syncRunRequested(quint64 token, SyncPhase kind);
    void syncRunFinishRequested(const SyncRunRecord &run);

private:
    // Watchlist: a snapshot of the request's tickers, one phase per chunk of them.
    using Phase = SyncPhase;
    static QUrlQuery listingQuery(Phase phase, const SyncRequest &request);

    void startNextPhase();
    void onSyncRunStarted(quint64 token, qint64 runId, const QString &error);
    void beginFetching();
    void onPage(int page, const ListPage &items);
    void onFetchFinished(const PageFetcher::Outcome &outcome);
    void onBatchWritten(const BatchResult &result);
    void maybeFinishPhase();
    void onSyncRunFinished(const SyncRunRecord &run, bool ok, const QString &error);
    void finishRequest();
    void emitProgress();
    SyncProgress progressOf(Phase phase) const;

    WriteBatch buildBatch(int page, const ListPage &items, RowCounts *rows);

    KalshiClient *m_client;
    QPointer<PartitionedListing> m_fetcher;
    QList<QMetaObject::Connection> m_writerConnections;

    bool m_running = false;
    bool m_cancelRequested = false;
    SyncRequest m_request;
    QStringList m_tickerChunks; // Watchlist phases still to run, comma-separated tickers each
    QList<Phase> m_phases;
    SyncSummary m_summary;
    QElapsedTimer m_requestTimer;

    // State of the current phase.
    Phase m_phase = Phase::Events;
    quint64 m_runToken = 0;
    qint64 m_runId = 0;
    qint64 m_snapshotTime = 0;
    SyncProgress m_progress;
    QElapsedTimer m_phaseTimer;
    QHash<int, RowCounts> m_pendingPages; // handed to the writer, not yet committed
    bool m_fetchDone = false;
    PageFetcher::Outcome m_fetchOutcome;
    QString m_writeError;
    bool m_finishingPhase = false;
    int m_runsFinishing = 0;
    // The markets phase that is also the snapshot phase, and the snapshot's sync_runs row.
    bool m_snapshotShared = false;
    quint64 m_snapshotRunToken = 0;
    qint64 m_snapshotRunId = 0;
};
