#pragma once

#include <QSqlQuery>
#include <QString>

// Reads of "a market's newest snapshots" on the layout of schema version 7 (snapshot_states runs
// over snapshot_times), written against the tables instead of the snapshot_rows view: the view
// expands every run of the market over all the times it covers before ORDER BY ... LIMIT can cut,
// so its cost grew with the market's history. Pure functions; the same SQL on SQLite and
// PostgreSQL; any thread (the caller's query and connection).
namespace SnapshotReads {

// A FROM-clause continuation that joins, for the market whose id is the SQL expression `marketId`,
// the runs `r` (snapshot_states) and the times `t` (snapshot_times) they cover, limited to those
// that can be among the market's `count` newest covered times at or before a time: per scope the
// `count` newest runs starting at or before it, and of each run its `count` newest times at or
// before it. Every one of the newest `count` rows is in the result, more may be: the caller orders
// by t.snapshot_time DESC and keeps `count` (ORDER BY ... LIMIT for one market, or in its code).
// Selectable: t.snapshot_time and r's value columns (yes_bid, yes_ask, no_bid, no_ask, last_price,
// volume, volume_24h, open_interest). Bind with bindNewest, at the fragment's place.
QString newestJoin(const QString &marketId);
// Adds the fragment's values in their order (count >= 1).
void bindNewest(QSqlQuery &query, qint64 atOrBefore, int count);

} // namespace SnapshotReads
