#pragma once

#include "records.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// A read-only summary of a database for `kalshi-monitor-cli stats` and the GUI's status bar.
// read() runs on a connection of the calling thread and leaves no statement open.
struct DatabaseStats
{
    QString path;
    qint64 fileBytes = 0; // database plus its -wal file; on PostgreSQL pg_database_size()
    int schemaVersion = 0;
    qint64 events = 0;
    qint64 placeholderEvents = 0;
    qint64 markets = 0;
    qint64 openMarkets = 0;
    qint64 settlements = 0;
    qint64 snapshots = 0; // rows of the snapshot_rows view: markets x the times that covered them
    qint64 snapshotStates = 0; // runs of unchanged values stored for them (snapshot_states)
    qint64 snapshotTimes = 0;
    qint64 lastSnapshotTime = 0;
    QList<SyncRunRecord> recentRuns; // newest first

    // Bytes per table (its indexes included), largest first, from SQLite's dbstat virtual table
    // where the library has it (Debian's does), else only the whole file from page_count; on
    // PostgreSQL from the server's catalog (pg_total_relation_size); Full only.
    enum class TableBytesSource { None, Dbstat, PageCount, ServerCatalog };
    struct TableBytes
    {
        QString table;
        qint64 bytes = 0;
    };
    TableBytesSource tableBytesSource = TableBytesSource::None;
    QList<TableBytes> tableBytes;
    qint64 pageBytes = 0; // page_count * page_size: the database file without its WAL; 0 on PostgreSQL
    qint64 freeBytes = 0; // freelist_count * page_size: pages free for reuse inside the file; 0 on PostgreSQL

    // Full counts every snapshot row (a scan: ~0.3 s at 2M rows). Quick leaves snapshots,
    // snapshotStates and snapshotTimes at -1 and takes lastSnapshotTime from the last successful snapshot
    // sync run, so that it costs milliseconds on any size: what the GUI's status bar can afford.
    enum class Scope { Full, Quick };

    static bool read(const QString &connectionName, const QString &path, DatabaseStats *stats, QString *error,
        int recentRunLimit = 10, Scope scope = Scope::Full);

    // The newest sync_runs rows, newest first: a primary-key range, cheap at any size. No
    // transaction is left open.
    static bool readRecentRuns(
        const QString &connectionName, int limit, QList<SyncRunRecord> *runs, QString *error);

    QJsonObject toJson() const;
    QString toText() const;
};
