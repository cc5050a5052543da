#include "storagecontroller.h"

#include "dashboard/syncformat.h"

#include "storage/databaselocation.h"
#include "storage/databasestats.h"
#include "storage/databasewriter.h"
#include "storage/schema.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

namespace {

// Runs in a loader thread on a read-only connection of its own (opened and closed here).
StorageSizes readStorageSizes(const QString &path, const QString &connection)
{
    StorageSizes sizes;
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    options.busyTimeoutMs = 1000;
    if (!Schema::openConnection(connection, path, options, &sizes.error))
        return sizes;
    DatabaseStats stats;
    sizes.ok = DatabaseStats::read(connection, path, &stats, &sizes.error, 1, DatabaseStats::Scope::Full);
    if (sizes.ok) {
        sizes.fileBytes = stats.fileBytes;
        sizes.freeBytes = stats.freeBytes;
        sizes.onServer = DatabaseLocation::isServerUrl(path);
        sizes.bytesPerTable = stats.tableBytesSource == DatabaseStats::TableBytesSource::Dbstat
            || stats.tableBytesSource == DatabaseStats::TableBytesSource::ServerCatalog;
        QSqlQuery query(QSqlDatabase::database(connection, false));
        query.setForwardOnly(true);
        // One read transaction for the counts: every row count belongs to the same state of the file.
        query.exec(QStringLiteral("BEGIN"));
        for (const DatabaseStats::TableBytes &table : std::as_const(stats.tableBytes)) {
            StorageSizes::Table row{table.table, table.bytes, -1};
            QString quoted = table.table;
            quoted.replace(u'"', QStringLiteral("\"\""));
            if (query.exec(QStringLiteral("SELECT count(*) FROM \"") + quoted + u'"') && query.next())
                row.rows = query.value(0).toLongLong();
            query.finish();
            if (table.table.startsWith(QLatin1String("snapshot")))
                sizes.snapshotBytes += table.bytes;
            sizes.tables.append(row);
        }
        if (query.exec(QStringLiteral("SELECT count(*) FROM price_snapshots")) && query.next())
            sizes.snapshotRows = query.value(0).toLongLong();
        query.finish();
        query.exec(QStringLiteral("COMMIT"));
        query.finish();
    }
    Schema::closeConnection(connection);
    return sizes;
}

QString megabytes(double bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1);
}

} // namespace

double StorageSizes::bytesPerSnapshotRow() const
{
    return snapshotRows > 0 ? double(snapshotBytes) / double(snapshotRows) : 0.0;
}

StorageController::StorageController(QObject *parent)
    : QObject(parent)
    , m_dailyTimer(new QTimer(this))
{
    qRegisterMetaType<PruneResult>();
    qRegisterMetaType<PruneRequest>();
    m_dailyTimer->setInterval(10 * 60 * 1000);
    connect(
        m_dailyTimer, &QTimer::timeout, this, [this] { runDailyIfDue(QDateTime::currentSecsSinceEpoch()); });
}

StorageController::~StorageController()
{
    for (QThread *loader : findChildren<QThread *>(Qt::FindDirectChildrenOnly))
        loader->wait();
}

void StorageController::attach(DatabaseWriter *writer, const QString &databasePath)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    // A shared PostgreSQL database is pruned on demand only: a daily prune from every analyst's
    // window would thin the team's data on whichever schedule opened it last.
    m_dailyUnavailableReason = writer && DatabaseLocation::isServerUrl(databasePath)
        // Two lines of their own: a wrapped label's height squeezes the choices above it.
        ? tr("Daily pruning is for SQLite files. This database is shared on a PostgreSQL server:\n"
             "prune it on demand here, or where its collector runs (kalshi-monitor-cli prune --db URL).")
        : QString();
    m_writer = writer;
    m_databasePath = writer ? databasePath : QString();
    if (m_running && !writer) {
        // The writer's close() already reported the prune, or never will: say so once.
        PruneResult closed;
        closed.request = m_request;
        closed.finished = true;
        closed.error = tr("the database was closed before the prune finished");
        onPruned(m_token, closed);
    }
    if (writer) {
        m_connections << connect(
            writer, &DatabaseWriter::pruneProgress, this, &StorageController::onPruneProgress)
                      << connect(writer, &DatabaseWriter::pruned, this, &StorageController::onPruned);
        if (m_dailyUnavailableReason.isEmpty()) {
            m_dailyTimer->start();
            // Not at once: the window's first sync and reads come first.
            QTimer::singleShot(
                60 * 1000, this, [this] { runDailyIfDue(QDateTime::currentSecsSinceEpoch()); });
        } else {
            m_dailyTimer->stop();
        }
    } else {
        m_dailyTimer->stop();
        m_sizes = StorageSizes();
    }
    Q_EMIT attachedChanged(writer != nullptr);
}

bool StorageController::startPrune(const PruneRequest &request, Origin origin)
{
    if (!m_writer || m_running)
        return false;
    m_running = true;
    m_origin = origin;
    m_request = request;
    const quint64 token = ++m_token;
    DatabaseWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer, [writer, token, request] { writer->prune(token, request); }, Qt::QueuedConnection);
    Q_EMIT pruneStarted(request, origin);
    // The words at the end estimate bytes from the sizes.
    if (!m_sizes.ok && m_sizesPending == 0)
        readSizes();
    return true;
}

void StorageController::stopPrune()
{
    if (!m_running || !m_writer)
        return;
    QMetaObject::invokeMethod(m_writer.data(), &DatabaseWriter::stopPrune, Qt::QueuedConnection);
}

bool StorageController::runDailyIfDue(qint64 now)
{
    if (!m_dailyUnavailableReason.isEmpty() || !m_settings.dailyPruneDue(now))
        return false;
    return startPrune(m_settings.pruneRequest(now, false), Origin::Daily);
}

void StorageController::onPruneProgress(quint64 token, const PruneResult &soFar)
{
    if (m_running && token == m_token)
        Q_EMIT pruneProgress(soFar);
}

void StorageController::onPruned(quint64 token, const PruneResult &result)
{
    if (!m_running || token != m_token)
        return;
    m_running = false;
    const Origin origin = m_origin;
    if (origin == Origin::Daily && result.ok) {
        m_settings.lastDailyPrune = QDateTime::currentSecsSinceEpoch();
        Q_EMIT dailyPruneFinished(m_settings.lastDailyPrune);
    }
    Q_EMIT pruneFinished(result, origin);
    // What was removed shows in the sizes.
    if (!result.request.dryRun && m_writer)
        readSizes();
}

void StorageController::readSizes()
{
    if (m_databasePath.isEmpty())
        return;
    const quint64 generation = ++m_sizesGeneration;
    ++m_sizesPending;
    const QString path = m_databasePath;
    const QString connection
        = QStringLiteral("km-storage-sizes-%1-%2").arg(quintptr(this), 0, 16).arg(generation);
    QThread *loader = QThread::create([this, path, connection, generation] {
        StorageSizes sizes = readStorageSizes(path, connection);
        // Queued to the controller, which waits for its loaders before it goes.
        QMetaObject::invokeMethod(
            this,
            [this, generation, sizes = std::move(sizes)] {
                --m_sizesPending;
                if (generation != m_sizesGeneration)
                    return;
                m_sizes = sizes;
                Q_EMIT sizesRead(m_sizes);
            },
            Qt::QueuedConnection);
    });
    loader->setObjectName(QStringLiteral("km-storage-sizes"));
    loader->setParent(this);
    connect(loader, &QThread::finished, loader, &QObject::deleteLater);
    loader->start();
}

QString StorageController::describeProgress(const PruneResult &soFar)
{
    const int rows = SyncFormat::pluralCount(soFar.rowsRemoved());
    return soFar.request.dryRun ? tr("Counting: %Ln snapshot row(s) would go so far\u2026", nullptr, rows)
                                : tr("Pruning: %Ln snapshot row(s) removed so far\u2026", nullptr, rows);
}

QString StorageController::describe(const PruneResult &result, const StorageSizes &sizes)
{
    const qint64 removed = result.rowsRemoved();
    const int rows = SyncFormat::pluralCount(removed);
    QString text;
    if (result.request.dryRun) {
        const double perRow = sizes.bytesPerSnapshotRow();
        const QString about = perRow > 0 ? megabytes(perRow * double(removed)) : QString();
        if (!result.ok)
            return tr("The preview failed: %1. Nothing was changed.").arg(result.error);
        text = removed == 0   ? tr("Nothing to remove: no snapshot row matches these choices.")
            : about.isEmpty() ? tr("Would remove %Ln snapshot row(s).", nullptr, rows)
                              : tr("Would remove %Ln snapshot row(s), about %1.", nullptr, rows).arg(about);
        if (removed > 0 && result.oldRowsKept() > 0 && result.request.keep != PruneRequest::Keep::None)
            text += u' '
                + (result.request.keep == PruneRequest::Keep::Hourly
                        ? tr("%Ln older row(s) stay: the last of each market in each hour.", nullptr,
                            SyncFormat::pluralCount(result.oldRowsKept()))
                        : tr("%Ln older row(s) stay: the last of each market in each day.", nullptr,
                            SyncFormat::pluralCount(result.oldRowsKept())));
        return text;
    }
    if (!result.ok) {
        // Each batch is its own transaction: what committed is removed, the rest is untouched.
        return removed > 0 ? tr("The prune stopped: %1. %Ln snapshot row(s) were removed before that; "
                                "nothing else was changed or lost.",
                   nullptr, rows)
                                 .arg(result.error)
                           : tr("The prune stopped: %1. Nothing was changed.").arg(result.error);
    }
    // After a real prune the space is known, not estimated: what the free list and vacuum say.
    text = removed == 0 ? tr("Nothing was removed: no snapshot row matched these choices.")
                        : tr("Removed %Ln snapshot row(s).", nullptr, rows);
    switch (result.autoVacuum) {
    case PruneResult::AutoVacuum::Incremental:
        text += u' '
            + tr("%1 were given back to the file system.")
                  .arg(megabytes(double(result.vacuumedPages * result.pageSize)));
        break;
    case PruneResult::AutoVacuum::Full:
        text += u' ' + tr("The file shrank accordingly.");
        break;
    case PruneResult::AutoVacuum::Server:
        if (removed > 0)
            text += u' '
                + tr("The server's VACUUM (autovacuum) makes their space reusable by new snapshots; the "
                     "tables keep their size on disk.");
        break;
    case PruneResult::AutoVacuum::None:
        if (removed > 0)
            text += u' '
                + tr("The file keeps its size: the %1 freed inside it are reused by new snapshots.")
                      .arg(megabytes(double(result.freePagesAfter * result.pageSize)));
        break;
    }
    return text;
}
