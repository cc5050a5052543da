#include "storage/databasestats.h"

#include "storage/databaselocation.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"
#include "storage/syncrunowner.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QSqlQuery>

namespace {

bool scalar(QSqlQuery &query, const QString &sql, qint64 *value, QString *error)
{
    if (!query.exec(sql) || !query.next()) {
        *error = Schema::describe(query.lastError());
        query.finish();
        return false;
    }
    *value = query.value(0).toLongLong();
    query.finish();
    return true;
}

// dbstat reads every page once (a scan of the file): for the Full figures only. A server has no
// pages of a file to count: its tables' sizes come from the catalog, cheaply.
bool readTableBytes(QSqlQuery &query, SqlDialect::Backend backend, DatabaseStats *stats, QString *error)
{
    stats->tableBytes.clear();
    if (backend == SqlDialect::Backend::Sqlite) {
        qint64 pageCount = 0;
        qint64 pageSize = 0;
        qint64 freePages = 0;
        if (!scalar(query, QStringLiteral("PRAGMA page_count"), &pageCount, error)
            || !scalar(query, QStringLiteral("PRAGMA page_size"), &pageSize, error)
            || !scalar(query, QStringLiteral("PRAGMA freelist_count"), &freePages, error))
            return false;
        stats->pageBytes = pageCount * pageSize;
        stats->freeBytes = freePages * pageSize;
    }
    if (!query.exec(SqlDialect::tableBytes(backend))) {
        query.finish();
        if (backend == SqlDialect::Backend::PostgreSql) {
            *error = Schema::describe(query.lastError());
            return false;
        }
        stats->tableBytesSource = DatabaseStats::TableBytesSource::PageCount;
        return true;
    }
    while (query.next())
        stats->tableBytes.append({query.value(0).toString(), query.value(1).toLongLong()});
    query.finish();
    stats->tableBytesSource = backend == SqlDialect::Backend::PostgreSql
        ? DatabaseStats::TableBytesSource::ServerCatalog
        : DatabaseStats::TableBytesSource::Dbstat;
    return true;
}

} // namespace

bool DatabaseStats::read(const QString &connectionName, const QString &path, DatabaseStats *stats,
    QString *error, int recentRunLimit, Scope scope)
{
    stats->path = path;
    const QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    const SqlDialect::Backend backend = SqlDialect::of(db);
    stats->fileBytes = DatabaseLocation::isServerUrl(path)
        ? 0
        : QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    qint64 version = 0;
    // One read transaction, so every count belongs to the same snapshot of the database.
    if (!query.exec(SqlDialect::beginSnapshotRead(backend))) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    const auto snapshotFigures = [&] {
        if (scope == Scope::Quick) {
            stats->snapshots = -1;
            stats->snapshotStates = -1;
            stats->snapshotTimes = -1;
            return scalar(query,
                // Newest first along the primary key: stops at the last snapshot run.
                QStringLiteral("SELECT coalesce((SELECT started_at FROM sync_runs "
                               "WHERE kind = 'snapshot' AND status IN ('ok', 'truncated') "
                               "ORDER BY id DESC LIMIT 1), 0)"),
                &stats->lastSnapshotTime, error);
        }
        return readTableBytes(query, backend, stats, error)
            // snapshot_rows is a view: a row per market and covered time, expanded from the runs of
            // unchanged values in snapshot_states (schema version 7), each ending at a covered time.
            && scalar(query, QStringLiteral("SELECT count(*) FROM snapshot_rows"), &stats->snapshots, error)
            && scalar(
                query, QStringLiteral("SELECT count(*) FROM snapshot_states"), &stats->snapshotStates, error)
            && scalar(query, QStringLiteral("SELECT count(DISTINCT snapshot_time) FROM snapshot_rows"),
                &stats->snapshotTimes, error)
            && scalar(query, QStringLiteral("SELECT coalesce(max(last_time), 0) FROM snapshot_states"),
                &stats->lastSnapshotTime, error);
    };
    const QString serverBytes = SqlDialect::databaseBytes(backend);
    const bool ok = scalar(query, SqlDialect::schemaVersion(backend), &version, error)
        && (serverBytes.isEmpty() || scalar(query, serverBytes, &stats->fileBytes, error))
        && scalar(query, QStringLiteral("SELECT count(*) FROM events"), &stats->events, error)
        && scalar(query, QStringLiteral("SELECT count(*) FROM events WHERE is_placeholder = 1"),
            &stats->placeholderEvents, error)
        && scalar(query, QStringLiteral("SELECT count(*) FROM markets"), &stats->markets, error)
        && scalar(query, QStringLiteral("SELECT count(*) FROM markets WHERE status IN ('active', 'open')"),
            &stats->openMarkets, error)
        && scalar(query, QStringLiteral("SELECT count(*) FROM settlements"), &stats->settlements, error)
        && snapshotFigures();
    bool runsOk = ok;
    if (ok) {
        stats->schemaVersion = int(version);
        runsOk = readRecentRuns(connectionName, recentRunLimit, &stats->recentRuns, error);
    }
    // A read transaction left open would pin this connection to the file as it is now.
    if (!query.exec(QStringLiteral("COMMIT"))) {
        query.finish();
        QSqlDatabase::database(connectionName, false).rollback();
    }
    query.finish();
    return ok && runsOk;
}

bool DatabaseStats::readRecentRuns(
    const QString &connectionName, int limit, QList<SyncRunRecord> *runs, QString *error)
{
    runs->clear();
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT id, kind, started_at, coalesce(finished_at, 0), status, pages, rows, "
                       "skipped, retries, coalesce(error, ''), owner_pid, owner_host, owner_started_at "
                       "FROM sync_runs ORDER BY id DESC LIMIT ?"));
    query.addBindValue(limit);
    if (!query.exec()) {
        *error = Schema::describe(query.lastError());
        query.finish();
        return false;
    }
    while (query.next()) {
        const auto kind = SyncState::fromText<SyncPhase>(query.value(1).toString());
        const auto status = SyncState::fromText<SyncStatus>(query.value(4).toString());
        if (!kind || !status)
            continue; // written by another version, with a word this one cannot show
        SyncRunRecord run;
        run.id = query.value(0).toLongLong();
        run.kind = *kind;
        run.startedAt = query.value(2).toLongLong();
        run.finishedAt = query.value(3).toLongLong();
        run.status = *status;
        run.pages = query.value(5).toInt();
        run.rows = query.value(6).toLongLong();
        run.skipped = query.value(7).toInt();
        run.retries = query.value(8).toInt();
        run.error = query.value(9).toString();
        if (!query.isNull(10))
            run.owner = query.value(10).toString() + u'@' + query.value(11).toString() + u'@'
                + query.value(12).toString();
        // What the next writer will record; a reader never writes.
        if (run.status == SyncStatus::Running && !query.isNull(10)) {
            SyncRunOwner owner;
            owner.pid = query.value(10).toLongLong();
            owner.host = query.value(11).toString();
            if (!query.isNull(12))
                owner.startedAt = query.value(12).toLongLong();
            if (owner.isGone())
                run.status = SyncStatus::Abandoned;
        }
        runs->append(run);
    }
    query.finish();
    return true;
}

QJsonObject DatabaseStats::toJson() const
{
    QJsonArray runs;
    for (const SyncRunRecord &run : recentRuns) {
        runs.append(QJsonObject{{QStringLiteral("id"), run.id},
            {QStringLiteral("kind"), SyncState::toText(run.kind)},
            {QStringLiteral("started_at"), run.startedAt}, {QStringLiteral("finished_at"), run.finishedAt},
            {QStringLiteral("status"), SyncState::toText(run.status)}, {QStringLiteral("pages"), run.pages},
            {QStringLiteral("rows"), run.rows}, {QStringLiteral("skipped"), run.skipped},
            {QStringLiteral("retries"), run.retries}, {QStringLiteral("error"), run.error}});
    }
    QJsonObject tables;
    for (const TableBytes &table : tableBytes)
        tables.insert(table.table, table.bytes);
    const QString source = tableBytesSource == TableBytesSource::Dbstat ? QStringLiteral("dbstat")
        : tableBytesSource == TableBytesSource::PageCount               ? QStringLiteral("page_count")
        : tableBytesSource == TableBytesSource::ServerCatalog ? QStringLiteral("pg_total_relation_size")
                                                              : QString();
    return {{QStringLiteral("path"), path}, {QStringLiteral("table_bytes"), tables},
        {QStringLiteral("table_bytes_source"), source.isEmpty() ? QJsonValue() : QJsonValue(source)},
        {QStringLiteral("page_bytes"), pageBytes}, {QStringLiteral("free_bytes"), freeBytes},
        {QStringLiteral("file_bytes"), fileBytes}, {QStringLiteral("schema_version"), schemaVersion},
        {QStringLiteral("events"), events}, {QStringLiteral("placeholder_events"), placeholderEvents},
        {QStringLiteral("markets"), markets}, {QStringLiteral("open_markets"), openMarkets},
        {QStringLiteral("settlements"), settlements}, {QStringLiteral("snapshots"), snapshots},
        {QStringLiteral("snapshot_states"), snapshotStates},
        {QStringLiteral("snapshot_times"), snapshotTimes},
        {QStringLiteral("last_snapshot_time"), lastSnapshotTime}, {QStringLiteral("recent_runs"), runs}};
}

QString DatabaseStats::toText() const
{
    const QLocale c = QLocale::c();
    QString text;
    text += QStringLiteral("database:     %1 (%2 bytes, schema v%3)\n")
                .arg(QDir::toNativeSeparators(path), c.toString(fileBytes))
                .arg(schemaVersion);
    text += QStringLiteral("events:       %1 (%2 placeholders)\n")
                .arg(c.toString(events), c.toString(placeholderEvents));
    text += QStringLiteral("markets:      %1 (%2 open)\n").arg(c.toString(markets), c.toString(openMarkets));
    text += QStringLiteral("settlements:  %1\n").arg(c.toString(settlements));
    text += QStringLiteral("snapshots:    %1 rows at %2 times (%3 states stored)")
                .arg(c.toString(snapshots), c.toString(snapshotTimes), c.toString(snapshotStates));
    if (lastSnapshotTime > 0)
        text += QStringLiteral(", last %1")
                    .arg(QDateTime::fromSecsSinceEpoch(lastSnapshotTime).toString(Qt::ISODate));
    text += u'\n';
    if (tableBytesSource == TableBytesSource::Dbstat) {
        text += QStringLiteral("bytes per table (with its indexes; SQLite dbstat):\n");
        for (const TableBytes &table : tableBytes)
            text += QStringLiteral("  %1 %2\n").arg(table.table, -22).arg(c.toString(table.bytes), 15);
        text += QStringLiteral("  %1 %2\n")
                    .arg(QStringLiteral("(free pages)"), -22)
                    .arg(c.toString(freeBytes), 15);
    } else if (tableBytesSource == TableBytesSource::ServerCatalog) {
        text += QStringLiteral("bytes per table (with its indexes and TOAST; PostgreSQL "
                               "pg_total_relation_size):\n");
        for (const TableBytes &table : tableBytes)
            text += QStringLiteral("  %1 %2\n").arg(table.table, -22).arg(c.toString(table.bytes), 15);
    } else if (tableBytesSource == TableBytesSource::PageCount) {
        text += QStringLiteral(
            "pages:        %1 bytes, %2 of them free (page_count; this SQLite has no dbstat for "
            "bytes per table)\n")
                    .arg(c.toString(pageBytes), c.toString(freeBytes));
    }
    if (!recentRuns.isEmpty())
        text += QStringLiteral("recent syncs:\n");
    for (const SyncRunRecord &run : recentRuns) {
        text += QStringLiteral("  #%1 %2 %3 %4: %5 pages, %6 rows, %7 skipped, %8 retries%9\n")
                    .arg(run.id)
                    .arg(QDateTime::fromSecsSinceEpoch(run.startedAt).toString(Qt::ISODate),
                        SyncState::toText(run.kind), SyncState::toText(run.status))
                    .arg(run.pages)
                    .arg(run.rows)
                    .arg(run.skipped)
                    .arg(run.retries)
                    .arg(run.error.isEmpty() ? QString() : QStringLiteral(" (") + run.error + u')');
    }
    return text;
}
