#include "storage/prunerequest.h"

#include <QJsonValue>

QString PruneRequest::keepName(Keep keep)
{
    switch (keep) {
    case Keep::Hourly:
        return QStringLiteral("hourly");
    case Keep::Daily:
        return QStringLiteral("daily");
    case Keep::None:
        return QStringLiteral("none");
    }
    return QString();
}

std::optional<PruneRequest::Keep> PruneRequest::keepFromName(const QString &name)
{
    for (const Keep keep : {Keep::Hourly, Keep::Daily, Keep::None}) {
        if (keepName(keep) == name)
            return keep;
    }
    return std::nullopt;
}

qint64 PruneRequest::bucketSeconds(Keep keep)
{
    return keep == Keep::Hourly ? 3600 : keep == Keep::Daily ? 86400 : 0;
}

QString PruneResult::autoVacuumName(AutoVacuum mode)
{
    switch (mode) {
    case AutoVacuum::None:
        return QStringLiteral("none");
    case AutoVacuum::Full:
        return QStringLiteral("full");
    case AutoVacuum::Incremental:
        return QStringLiteral("incremental");
    case AutoVacuum::Server:
        return QStringLiteral("server");
    }
    return QString();
}

QJsonObject PruneResult::toJson() const
{
    const auto orNull
        = [](const std::optional<qint64> &value) { return value ? QJsonValue(*value) : QJsonValue(); };
    return {{QStringLiteral("dry_run"), request.dryRun}, {QStringLiteral("older_than"), request.olderThan},
        {QStringLiteral("keep"), PruneRequest::keepName(request.keep)},
        {QStringLiteral("settled_before"), orNull(request.settledBefore)},
        {QStringLiteral("old_rows"), oldRows}, {QStringLiteral("old_rows_removed"), oldRowsRemoved},
        {QStringLiteral("old_rows_kept"), oldRowsKept()}, {QStringLiteral("settled_markets"), settledMarkets},
        {QStringLiteral("settled_rows_removed"), settledRowsRemoved},
        {QStringLiteral("rows_removed"), rowsRemoved()}, {QStringLiteral("batches"), batches},
        {QStringLiteral("elapsed_ms"), elapsedMs}, {QStringLiteral("longest_batch_ms"), longestBatchMs},
        {QStringLiteral("auto_vacuum"), autoVacuumName(autoVacuum)}, {QStringLiteral("page_size"), pageSize},
        {QStringLiteral("free_bytes_before"), freePagesBefore * pageSize},
        {QStringLiteral("free_bytes"), freePagesAfter * pageSize},
        {QStringLiteral("vacuumed_bytes"), vacuumedPages * pageSize},
        {QStringLiteral("vacuum_needed"), autoVacuum == AutoVacuum::None && freePagesAfter > 0}};
}
