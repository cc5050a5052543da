#include "storage/snapshotreads.h"

#include <QtGlobal>

namespace SnapshotReads {

QString newestJoin(const QString &marketId)
{
    // Why these runs suffice: the runs of one scope are disjoint and ordered, and each run starting
    // at or before the time covers that start. A row of a run with `count` newer-starting runs of
    // its scope before it has at least `count` newer rows, so it is not among the newest; the
    // same holds for a time of a run with `count` newer times of the run. The bounds are one index
    // seek each: snapshot_states(market_id, scope, first_time), snapshot_times_scope(scope, time).
    return QStringLiteral(
        " JOIN snapshot_states AS r ON r.market_id = %1 AND r.first_time <= ? "
        "AND r.first_time >= coalesce((SELECT q.first_time FROM snapshot_states AS q "
        "WHERE q.market_id = r.market_id AND q.scope = r.scope AND q.first_time <= ? "
        "ORDER BY q.first_time DESC LIMIT 1 OFFSET ?), 0) "
        "JOIN snapshot_times AS t ON t.scope = r.scope AND t.snapshot_time >= r.first_time "
        "AND t.snapshot_time <= r.last_time AND t.snapshot_time <= ? "
        "AND t.snapshot_time >= coalesce((SELECT p.snapshot_time FROM snapshot_times AS p "
        "WHERE p.scope = r.scope AND p.snapshot_time <= r.last_time AND p.snapshot_time <= ? "
        "ORDER BY p.snapshot_time DESC LIMIT 1 OFFSET ?), 0)")
        .arg(marketId);
}

void bindNewest(QSqlQuery &query, qint64 atOrBefore, int count)
{
    const qint64 skipped = qMax(1, count) - 1;
    for (int pass = 0; pass < 2; ++pass) {
        query.addBindValue(atOrBefore);
        query.addBindValue(atOrBefore);
        query.addBindValue(skipped);
    }
}

} // namespace SnapshotReads
