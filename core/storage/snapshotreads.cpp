#include "storage/snapshotreads.h"

#include <QtGlobal>

namespace SnapshotReads {

QString newestRows(const QString &select, const QString &from, const QString &marketId)
{
    // Why these runs suffice: the runs of one scope are disjoint and ordered, and each run starting
    // at or before the time covers that start. A row of a run with `count` newer-starting runs of
    // its scope has at least `count` newer rows, so it is not among the newest; the same holds for
    // a time of a run with `count` newer times of the run.
    //
    // Scopes 0 and 1 (the listing's and the watchlist's, SnapshotScope) come from a list of two
    // rows, so each one's bound on the runs is one index seek per scope, evaluated once where the
    // scan of the market's runs of that scope starts (snapshot_states' key is (market_id, scope,
    // first_time)). A time registered below the newest of its scope got a scope of its own (100
    // and up, one time each: resources/sql/007_snapshot_states.sql), so there every run holds one
    // time and the `count` newest-starting runs of all those scopes together suffice.
    const QString times = QStringLiteral(
        " JOIN snapshot_times AS t ON t.scope = r.scope AND t.snapshot_time >= r.first_time "
        "AND t.snapshot_time <= r.last_time AND t.snapshot_time <= ? "
        "AND t.snapshot_time >= coalesce((SELECT p.snapshot_time FROM snapshot_times AS p "
        "WHERE p.scope = r.scope AND p.snapshot_time <= r.last_time AND p.snapshot_time <= ? "
        "ORDER BY p.snapshot_time DESC LIMIT 1 OFFSET ?), 0)");
    const QString listed = QStringLiteral(
        "SELECT %1 FROM %2 JOIN (SELECT 0 AS scope UNION ALL SELECT 1 AS scope) AS sc ON 1 = 1 "
        "JOIN snapshot_states AS r ON r.market_id = %3 AND r.scope = sc.scope AND r.first_time <= ? "
        "AND r.first_time >= coalesce((SELECT q.first_time FROM snapshot_states AS q "
        "WHERE q.market_id = %3 AND q.scope = sc.scope AND q.first_time <= ? "
        "ORDER BY q.first_time DESC LIMIT 1 OFFSET ?), 0)")
                               .arg(select, from, marketId);
    const QString ownScopes = QStringLiteral(
        "SELECT %1 FROM %2 "
        "JOIN snapshot_states AS r ON r.market_id = %3 AND r.scope >= 100 AND r.first_time <= ? "
        "AND r.first_time >= coalesce((SELECT q.first_time FROM snapshot_states AS q "
        "WHERE q.market_id = %3 AND q.scope >= 100 AND q.first_time <= ? "
        "ORDER BY q.first_time DESC LIMIT 1 OFFSET ?), 0)")
                                  .arg(select, from, marketId);
    return listed + times + QStringLiteral(" UNION ALL ") + ownScopes + times;
}

void bindNewest(QSqlQuery &query, const QVariantList &fromValues, qint64 atOrBefore, int count)
{
    const qint64 skipped = qMax(1, count) - 1;
    for (int part = 0; part < 2; ++part) {
        for (const QVariant &value : fromValues)
            query.addBindValue(value);
        for (int bound = 0; bound < 2; ++bound) {
            query.addBindValue(atOrBefore);
            query.addBindValue(atOrBefore);
            query.addBindValue(skipped);
        }
    }
}

} // namespace SnapshotReads
