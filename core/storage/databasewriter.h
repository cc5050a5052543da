#pragma once

#include "alerts/alertrule.h"
#include "records.h"
#include "storage/prunerequest.h"
#include "storage/schema.h"
#include "storage/syncrunowner.h"

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class AlertEvaluator;
class BulkStatementCache;
class SnapshotPruner;

// Lives in the writer thread (see WriterThread), the only thread that writes to the database.
// It owns the one write connection of its process, created in open() so that the connection
// belongs to the writer thread. Every batch commits in one BEGIN IMMEDIATE transaction of
// INSERT ... ON CONFLICT statements; a busy database makes it retry the whole batch with backoff
// until the deadline, so a failed batch leaves the database exactly as it was before the batch.
// Alert rules are evaluated inside the transaction of every batch that writes markets or snapshots
// (AlertEvaluator), their firings recorded in it and announced by alertsFired() once it committed.
class DatabaseWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseWriter)

public:
    struct Options
    {
        QString databasePath;
        int busyTimeoutMs = 250; // SQLite's own wait inside one attempt
        int busyDeadlineMs = 30000; // give a batch up after retrying this long
        QStringList extraPragmas;
    };

    // Applied to the write connection before Options::extraPragmas.
    static QStringList connectionPragmas();

    explicit DatabaseWriter(const Options &options, QObject *parent = nullptr);
    ~DatabaseWriter() override;

    // Thread-safe: makes a batch waiting on a busy database give up at its next backoff step.
    void abandonRetries();

    bool isOpen() const { return m_open; }

public Q_SLOTS:
    void open();
    void write(const WriteBatch &batch);
    void startSyncRun(quint64 token, SyncPhase kind);
    void finishSyncRun(const SyncRunRecord &run);
    // Watchlist and rules, for the CLI and the app; each answers with the signal of its name.
    void changeWatchlist(quint64 token, const QStringList &add, const QStringList &remove);
    void addAlertRule(quint64 token, const AlertRule &rule);
    void removeAlertRule(quint64 token, qint64 ruleId);
    // Thins or drops old snapshot rows in batches, each its own transaction (a dry run's read-only),
    // with PruneRequest::pauseMs between them, in which this thread's queue runs too: other batches
    // (and another process's writer) wait for one prune batch at most. pruneProgress() follows every
    // batch, pruned() the last; one prune at a time.
    void prune(quint64 token, const PruneRequest &request);
    // Ends a running prune after its current batch; pruned() reports what committed.
    void stopPrune();
    void close();

Q_SIGNALS:
    // Before opened(), when the file needs migrating: its version (0 for a new file) and the target.
    void migrating(int fromVersion, int toVersion);
    void opened(bool ok, const QString &error);
    void batchWritten(const BatchResult &result);
    void syncRunStarted(quint64 token, qint64 runId, const QString &error);
    void syncRunFinished(const SyncRunRecord &run, bool ok, const QString &error);
    // Rows added or removed; error empty on success.
    void watchlistChanged(quint64 token, int changed, const QString &error);
    void alertRuleAdded(quint64 token, qint64 ruleId, const QString &error);
    void alertRuleRemoved(quint64 token, bool found, const QString &error);
    // After the commit of a batch whose rows crossed a rule, before its batchWritten: the firings
    // this process recorded.
    void alertsFired(const QList<AlertFiring> &firings);
    // Once per transaction (or opening) that has waited for another process's lock for a second:
    // how long it waited and how long it will keep trying.
    void busyWaiting(qint64 waitedMs, qint64 deadlineMs);
    void pruneProgress(quint64 token, const PruneResult &soFar);
    void pruned(quint64 token, const PruneResult &result);
    void closed();

private:
    using TransactionBody = std::function<bool(Schema::Failure *failure)>;
    enum class TransactionKind { Write, Read };
    // Runs body inside BEGIN IMMEDIATE ... COMMIT (a plain BEGIN for Read; SqlDialect::beginWrite
    // on PostgreSQL), retrying the whole
    // transaction while the database is busy and the deadline allows.
    bool runTransaction(const TransactionBody &body, int *attempts, QString *error,
        TransactionKind kind = TransactionKind::Write);
    bool attemptTransaction(const TransactionBody &body, Schema::Failure *failure, TransactionKind kind);
    Schema::ConnectionOptions connectionOptions();
    // PostgreSQL: whether QPSQL reports the writer's connection as no longer open (the server ended
    // its session). Then dropLostConnection() removes it with every statement prepared in it, and
    // connectAgain() opens a new one, as open() does (a transaction calls it when there is none).
    bool connectionLost() const;
    void dropLostConnection();
    bool connectAgain(Schema::Failure *failure);
    bool sendCommitNotice(QSqlDatabase &db, Schema::Failure *failure);
    static QString defaultCommitNotice() { return QStringLiteral("change"); }
    void continuePrune();
    void finishPrune(const QString &error);

    bool applyBatch(const WriteBatch &batch, Schema::Failure *failure);
    bool countInSyncRuns(const WriteBatch &batch, Schema::Failure *failure);
    // Runs left 'running' by a process of this host that is gone become 'abandoned'.
    void markAbandonedRuns();
    void primeAlerts();

    bool insertPlaceholderEvents(const QList<MarketRecord> &markets, Schema::Failure *failure);
    bool upsertEvents(const QList<EventRecord> &events, Schema::Failure *failure);
    bool upsertMarkets(const QList<MarketRecord> &markets, Schema::Failure *failure);
    bool upsertMarketRows(const QList<MarketRecord> &markets, Schema::Failure *failure);
    bool lastMarketRowid(qint64 *rowid, Schema::Failure *failure);
    bool upsertSettlements(const QList<SettlementRecord> &settlements, Schema::Failure *failure);
    // The batch's snapshot times into snapshot_times with its scope, before its rows.
    bool registerSnapshotTimes(const WriteBatch &batch, Schema::Failure *failure);
    bool insertSnapshots(const QList<SnapshotRecord> &snapshots, Schema::Failure *failure);
    bool insertSnapshotRows(const QList<SnapshotRecord> &snapshots, qint64 *stored, Schema::Failure *failure);
    // The id the connection's last INSERT generated (SqlDialect::lastInsertedId).
    bool lastInsertedId(qint64 *id, Schema::Failure *failure);
    // Inserts the evaluator's crossings one by one; those the UNIQUE key kept out are dropped.
    bool recordFirings(QList<AlertFiring> *firings, Schema::Failure *failure);

    const Options m_options;
    const QString m_connectionName;
    std::unique_ptr<BulkStatementCache> m_statements;
    std::unique_ptr<AlertEvaluator> m_alerts;
    std::unique_ptr<SnapshotPruner> m_pruner;
    quint64 m_pruneToken = 0;
    bool m_pruneStopRequested = false;
    QElapsedTimer m_pruneTimer;
    QAtomicInt m_abandon;
    static constexpr qint64 busyNoticeMs = 1000;
    const SyncRunOwner m_owner;
    qint64 m_batchTime = 0;
    QString m_commitNotice = defaultCommitNotice(); // the payload of the next commit's notification
    int m_snapshotsStored = 0; // by the last insertSnapshots()
    bool m_open = false;
};
