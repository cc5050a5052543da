#pragma once

#include "storage/prunerequest.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"

#include <QSet>
#include <QSqlQuery>
#include <QString>

#include <memory>

// Lives in the writer thread, on the writer's connection, for one prune (see DatabaseWriter::prune).
// The work is cut into units of one market and one week of its snapshot rows (weeks start at a UTC
// day boundary, so no hour or day bucket spans two units); rows are counted on the snapshot_rows
// view (a row per covered time), and a unit rewrites the market's runs in snapshot_states that hold
// a time of its week (schema version 7); a batch runs units inside the caller's
// transaction until PruneRequest's row or time budget is spent. The position advances only when
// the caller reports the commit, so a batch retried after a busy database redoes exactly its units.
// A dry run counts with the same predicates the real run deletes with. On PostgreSQL each batch
// first takes the snapshot writers' lock (SqlDialect::snapshotWriteLock) and nothing is vacuumed:
// the server's VACUUM makes the space reusable (never VACUUM FULL, which locks out the collector).
class SnapshotPruner final
{
    Q_DISABLE_COPY_MOVE(SnapshotPruner)

public:
    SnapshotPruner(const QString &connectionName, const PruneRequest &request);
    ~SnapshotPruner();

    // Inside a transaction, once before the first batch: the settled markets and the free pages.
    bool prepare(Schema::Failure *failure);
    // Inside a transaction: the next units (deleting, or counting on a dry run), then, when every
    // unit is done and the file uses incremental vacuum, one bounded step of PRAGMA incremental_vacuum.
    bool runBatch(Schema::Failure *failure);
    // The transaction of the last runBatch() committed.
    void batchCommitted();
    // The connection was lost and its driver is gone: the statements are prepared again when next used.
    void dropStatements();
    // A dry run on a connection of the calling thread that may be read-only: prepare() and every
    // batch, each in its own read transaction. The counts are the writer's dry run's.
    bool countAll(Schema::Failure *failure);
    bool isDone() const { return m_position.phase == Phase::Done; }
    // The counts of the committed batches.
    const PruneResult &result() const { return m_result; }
    PruneResult &result() { return m_result; }

private:
    enum class Phase { Rows, Vacuum, Done };
    struct Position
    {
        Phase phase = Phase::Rows;
        qint64 lastMarket = -1; // every unit of markets up to this id is done
        qint64 market = -1; // the market in progress, -1 if none
        bool marketSettled = false;
        qint64 windowStart = 0;
        qint64 limit = 0; // the market's rows before this time are its work
    };
    struct Counts
    {
        qint64 oldRows = 0;
        qint64 oldRowsRemoved = 0;
        qint64 settledMarkets = 0;
        qint64 settledRowsRemoved = 0;
        qint64 vacuumedPages = 0;
        qint64 freePages = -1;
    };

    bool readSettledMarkets(QSqlQuery &query, Schema::Failure *failure);
    bool startNextMarket(Position *position, bool *found, Schema::Failure *failure);
    bool runUnit(const Position &position, qint64 windowEnd, Counts *counts, Schema::Failure *failure);
    // Prepares (once) and runs a statement that returns no rows.
    bool run(std::unique_ptr<QSqlQuery> &slot, const QString &sql, const QVariantList &values,
        Schema::Failure *failure);
    bool vacuumStep(Position *position, Counts *counts, Schema::Failure *failure);
    QSqlQuery &statement(std::unique_ptr<QSqlQuery> &slot, const QString &sql);
    static bool fail(QSqlQuery &query, Schema::Failure *failure);

    const QString m_connectionName;
    SqlDialect::Backend m_backend = SqlDialect::Backend::Sqlite;
    QSet<qint64> m_settledMarkets;
    Position m_position;
    Position m_pendingPosition;
    Counts m_pendingCounts;
    PruneResult m_result;
    std::unique_ptr<QSqlQuery> m_nextMarket;
    std::unique_ptr<QSqlQuery> m_timeRange;
    std::unique_ptr<QSqlQuery> m_countUnit;
    std::unique_ptr<QSqlQuery> m_collectKept;
    std::unique_ptr<QSqlQuery> m_keepTails;
    std::unique_ptr<QSqlQuery> m_cutHeads;
    std::unique_ptr<QSqlQuery> m_deleteRuns;
    std::unique_ptr<QSqlQuery> m_insertKept;
};
