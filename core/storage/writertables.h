#pragma once

#include "alerts/alertrule.h"
#include "records.h"
#include "storage/tablestatement.h"

#include <QList>

// The tables DatabaseWriter writes, each described once (see TableStatement). A new column of a
// table is one line here plus a migration; DatabaseWriter::open() refuses a file that lacks it.
namespace WriterTables {

// Events named only by their markets: written where the event is not stored yet.
const TableDescription<MarketRecord> &placeholderEvents();
const TableDescription<EventRecord> &events();
// Upserted without its indexed columns, which the guarded updates write where they changed: one for
// event_ticker, status and close_time, one for volume_24h.
const TableDescription<MarketRecord> &markets();
const TableDescription<SettlementRecord> &settlements();
// Registered before a batch's snapshots, with the batch's scope (ON CONFLICT DO NOTHING).
const TableDescription<SnapshotTimeRecord> &snapshotTimes();
// Into the view snapshot_rows, whose trigger stores only change (resources/sql/007_*.sql).
const TableDescription<SnapshotRecord> &snapshots();
// Upserted: a period fetched again replaces its candle (with equal values when Kalshi's are final).
const TableDescription<CandleRecord> &candles();
const TableDescription<CandleRangeRecord> &candleRanges();
const TableDescription<WatchlistEntry> &watchlist();
// Inserted with a NULL id: SQLite assigns the next one.
const TableDescription<AlertRule> &alertRules();
// ON CONFLICT DO NOTHING on (rule_id, ticker, snapshot_time): a crossing is recorded once.
const TableDescription<AlertFiring> &alertEvents();

// Every statement above, for the checks at open.
QList<const TableStatement *> all();
// The first description problem of any of them (TableStatement::problem()), else empty.
QString problem();

} // namespace WriterTables
