#pragma once

#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

// The states and names of syncs and collection jobs. Inside the program they are these enums; they
// become text only where they meet the database (sync_runs.status, sync_runs.kind), the CLI's
// output, the settings keys and the translated UI, through the one pair of conversions below.

// How a sync phase stands. Running, Ok, Failed, Truncated and Cancelled are stored in
// sync_runs.status; Abandoned is what a reader shows for a running row whose process is gone (the
// next writer stores it). Waiting (planned, not started) and NotRun (the sync ended before it) are
// never stored: they describe the phases of a sync on screen.
enum class SyncStatus { Waiting, Running, Ok, Failed, Truncated, Cancelled, Abandoned, NotRun };

// The phases of a sync, each with its own sync_runs row (kind), and the candle backfill's progress.
enum class SyncPhase { Events, Markets, Settlements, HistoricalSettlements, Snapshot, Watchlist, Backfill };

// The jobs the collector schedules; the text is also their settings key (collection/<job>/...).
// Watchlist: a snapshot of the watched markets only (GET /markets?tickers=...), on its own shorter
// interval.
enum class CollectJob { FullSync, Markets, Snapshot, Settlements, Watchlist };

namespace SyncState {

// running, ok, ...; events, markets, historical-settlements, ...; full-sync, markets, ...
QString toText(SyncStatus status);
QString toText(SyncPhase phase);
QString toText(CollectJob job);

// The value whose toText() is text; std::nullopt when no value has that text (for instance a word
// written by another version of the program): callers decide what an unknown word means.
template <typename Enum> std::optional<Enum> fromText(QStringView text);
template <> std::optional<SyncStatus> fromText<SyncStatus>(QStringView text);
template <> std::optional<SyncPhase> fromText<SyncPhase>(QStringView text);
template <> std::optional<CollectJob> fromText<CollectJob>(QStringView text);

} // namespace SyncState

Q_DECLARE_METATYPE(SyncStatus)
Q_DECLARE_METATYPE(SyncPhase)
Q_DECLARE_METATYPE(CollectJob)
