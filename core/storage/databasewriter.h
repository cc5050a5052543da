#pragma once

#include "records.h"
#include "storage/schema.h"

#include <QAtomicInt>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class BulkStatementCache;
struct sqlite3;

// Lives in the writer thread (see WriterThread), the only thread that writes to the database.
// It owns the one write connection of its process, created in open() so that the connection
// belongs to the writer thread. Batches are applied with multi-row INSERT ... ON CONFLICT
// statements bound through the sqlite3 C API of that connection. Batches that queued up while the
// writer was busy share one BEGIN IMMEDIATE transaction (group commit, up to
// maxRowsPerTransaction rows): each page then costs a fraction of a commit. Every batch stays
// atomic: if one of a group fails, the group is rolled back and its batches are written again one
// transaction each, so a failed batch leaves the database exactly as it was before that batch and
// the others still commit. A busy database makes it retry the whole transaction with backoff until
// the deadline. batchWritten() comes once per batch, in submission order, after its commit.
class DatabaseWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseWriter)

public:
    struct Options
    {
        QString databasePath;
        int busyTimeoutMs = 250;     // SQLite's own wait inside one attempt
        int busyDeadlineMs = 30000;  // give a batch up after retrying this long
        QStringList extraPragmas;    // after connectionPragmas()
        int maxRowsPerTransaction = 16000;  // group commit limit; a single batch may exceed it
    };

    // The PRAGMAs the writer applies to its connection before extraPragmas: statement journals in
    // memory, a page cache that holds the hot index pages of a large sync, and fewer, larger WAL
    // checkpoints. Public so that benchmarks can give their baselines the same connection.
    static QStringList connectionPragmas();

    explicit DatabaseWriter(const Options &options, QObject *parent = nullptr);
    ~DatabaseWriter() override;

    // Thread-safe: makes a batch waiting on a busy database give up at its next backoff step.
    void abandonRetries();

    bool isOpen() const { return m_open; }

public Q_SLOTS:
    void open();
    void write(const WriteBatch &batch);
    void startSyncRun(quint64 token, const QString &kind);
    void finishSyncRun(const SyncRunRecord &run);
    void close();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void batchWritten(const BatchResult &result);
    void syncRunStarted(quint64 token, qint64 runId, const QString &error);
    void syncRunFinished(const SyncRunRecord &run, bool ok, const QString &error);
    void closed();

private:
    using TransactionBody = std::function<bool(QString *error)>;
    // Runs body inside BEGIN IMMEDIATE ... COMMIT, retrying the whole transaction while the
    // database is busy and the deadline allows.
    // *busyGaveUp tells a lock that outlasted the deadline (or abandonRetries()) from an error of
    // the body itself.
    bool runTransaction(const TransactionBody &body, int *attempts, QString *error, bool *busyGaveUp = nullptr);
    bool attemptTransaction(const TransactionBody &body, bool *busy, QString *error);
    bool execute(const char *sql, QString *error);
    QString lastError() const;

    void flushPending();
    void writeGroup(const QList<WriteBatch> &group);
    void writeOne(const WriteBatch &batch);
    BatchResult resultFor(const WriteBatch &batch) const;
    bool applyBatch(const WriteBatch &batch, QString *error);

    bool insertPlaceholderEvents(const QList<MarketRecord> &markets, QString *error);
    bool upsertEvents(const QList<EventRecord> &events, QString *error);
    bool upsertMarkets(const QList<MarketRecord> &markets, QString *error);
    bool upsertSettlements(const QList<SettlementRecord> &settlements, QString *error);
    bool insertSnapshots(const QList<SnapshotRecord> &snapshots, QString *error);

    const Options m_options;
    const QString m_connectionName;
    std::unique_ptr<BulkStatementCache> m_statements;
    sqlite3 *m_db = nullptr;   // the handle of m_connectionName, owned by Qt's driver
    QList<WriteBatch> m_pending;   // received, not yet written: the next group
    bool m_flushQueued = false;
    QAtomicInt m_abandon;
    qint64 m_batchTime = 0;
    qint64 m_lastInsertedRunId = 0;
    bool m_open = false;
};
