#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

// What `kalshi-monitor-cli prune` asks of the writer (DatabaseWriter::prune), and what it did.
// Plain values, copied across threads. Times are Unix seconds UTC.
struct PruneRequest
{
    enum class Keep { Hourly, Daily, None };

    // Snapshot rows with snapshot_time < olderThan are thinned (Keep::Hourly, Daily: the last stored
    // state of each market in each UTC hour or day stays) or dropped (Keep::None); newer rows stay.
    qint64 olderThan = 0;
    Keep keep = Keep::Hourly;
    // Markets settled before this (settlements.settled_at) lose every snapshot row, whatever its time.
    std::optional<qint64> settledBefore;
    bool dryRun = false;
    // One batch, one transaction: it ends after this many rows removed (or counted) or this long,
    // whichever comes first, so that another writer never waits longer than one batch.
    int maxRowsPerBatch = 20000;
    int maxBatchMs = 200;
    // Between two batches (not of a dry run) the write lock is free this long, long enough for another
    // process's busy handler (polling every 50 ms at most) to take it.
    int pauseMs = 100;

    static QString keepName(Keep keep);
    static std::optional<Keep> keepFromName(const QString &name);
    // Seconds per bucket: 3600, 86400, or 0 for Keep::None.
    static qint64 bucketSeconds(Keep keep);
};

struct PruneResult
{
    // Server: a PostgreSQL database, whose VACUUM (autovacuum) makes removed rows' space reusable.
    enum class AutoVacuum { None, Full, Incremental, Server };

    PruneRequest request;
    bool ok = false;
    bool finished = false; // false in the progress reports before the last
    QString error;
    qint64 oldRows = 0; // rows older than request.olderThan, of markets not settled before
    qint64 oldRowsRemoved = 0; // of which removed (all with Keep::None)
    qint64 settledMarkets = 0; // markets settled before request.settledBefore that had rows
    qint64 settledRowsRemoved = 0;
    int batches = 0;
    qint64 elapsedMs = 0;
    qint64 longestBatchMs = 0; // the longest a batch held its transaction open
    AutoVacuum autoVacuum = AutoVacuum::None;
    qint64 pageSize = 0;
    qint64 freePagesBefore = 0; // SQLite's freelist before the first batch (0 on PostgreSQL)
    qint64 freePagesAfter = 0; // and after the last (after incremental vacuum, if any)
    qint64 vacuumedPages = 0; // given back to the file system by incremental vacuum

    qint64 oldRowsKept() const { return oldRows - oldRowsRemoved; }
    qint64 rowsRemoved() const { return oldRowsRemoved + settledRowsRemoved; }
    static QString autoVacuumName(AutoVacuum mode);
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(PruneRequest)
Q_DECLARE_METATYPE(PruneResult)
