#pragma once

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

// Reads of "a market's newest snapshots" on the layout of schema version 7 (snapshot_states runs
// over snapshot_times), written against the tables instead of the snapshot_rows view: the view
// expands every run of the market over all the times it covers before ORDER BY ... LIMIT can cut,
// so its cost grew with the market's history. Pure functions; the same SQL on SQLite and
// PostgreSQL; any thread (the caller's query and connection).
namespace SnapshotReads {

// A query (a UNION ALL of two SELECTs) of `select` over `from` joined with the runs `r`
// (snapshot_states) and the times `t` (snapshot_times) of the market whose id is the SQL
// expression `marketId` (a column of `from`), limited to what can be among the market's `count`
// newest covered times at or before a time: per scope the `count` newest runs starting at or
// before it, and of each run its `count` newest times at or before it. Every one of the newest
// `count` rows is in the result, more may be: the caller orders by t.snapshot_time DESC and keeps
// `count` (wrap it: SELECT * FROM (...) AS n ORDER BY ... LIMIT, or cut in its code). `select`
// names t.snapshot_time and r's value columns (yes_bid, ..., open_interest), with aliases.
QString newestRows(const QString &select, const QString &from, const QString &marketId);
// Adds the query's values in their order: `fromValues` (the placeholders of `from`, which appears
// in both SELECTs) and the bounds, once per SELECT (count >= 1).
void bindNewest(QSqlQuery &query, const QVariantList &fromValues, qint64 atOrBefore, int count);

} // namespace SnapshotReads
