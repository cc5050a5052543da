#pragma once

#include "syncstate.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// Plain value types that travel between threads through queued signals.
// Units follow the database contract: times are Unix seconds UTC, prices are micro-dollars,
// contract counts are centi-contracts; std::nullopt is stored as NULL.

struct EventRecord
{
    QString ticker;
    QString seriesTicker;
    QString title;
    QString subTitle;
    QString category;
    std::optional<bool> mutuallyExclusive;
};

struct MarketRecord
{
    QString ticker;
    QString eventTicker;
    QString seriesTicker;
    QString marketType;
    QString title;
    QString subtitle;
    QString yesSubTitle;
    QString noSubTitle;
    QString status;
    QString result;
    std::optional<qint64> openTime;
    std::optional<qint64> closeTime;
    std::optional<qint64> expirationTime;
    std::optional<qint64> settlementTs;
    std::optional<qint64> yesBid;
    std::optional<qint64> yesAsk;
    std::optional<qint64> noBid;
    std::optional<qint64> noAsk;
    std::optional<qint64> lastPrice;
    std::optional<qint64> volume;
    std::optional<qint64> volume24h;
    std::optional<qint64> openInterest;
    std::optional<qint64> liquidity;
    std::optional<qint64> settlementValue;
};

struct SettlementRecord
{
    QString ticker;
    QString eventTicker;
    QString result;
    qint64 settledAt = 0;
    std::optional<qint64> settlementValue;
};

struct SnapshotRecord
{
    QString ticker;
    qint64 snapshotTime = 0;
    std::optional<qint64> yesBid;
    std::optional<qint64> yesAsk;
    std::optional<qint64> noBid;
    std::optional<qint64> noAsk;
    std::optional<qint64> lastPrice;
    std::optional<qint64> volume;
    std::optional<qint64> volume24h;
    std::optional<qint64> openInterest;
};

// Which series of snapshot times a snapshot belongs to (snapshot_times.scope, schema version 7):
// a market's unchanged values are stored once per run of consecutive times of one scope, so the
// listing's snapshots and the watchlist's more frequent ones keep runs of their own.
enum class SnapshotScope { Listing = 0, Watchlist = 1 };

// A snapshot time as the writer registers it before the batch's rows.
struct SnapshotTimeRecord
{
    qint64 snapshotTime = 0;
    SnapshotScope scope = SnapshotScope::Listing;
};

// One candlestick of Kalshi's history for a market: the period (1, 60 or 1440 minutes) that ends at
// periodEnd. The trade price's open/high/low/close are empty for a period without a trade, whose
// price is only pricePrevious (the last trade before it).
struct CandleRecord
{
    QString ticker;
    int periodMinutes = 60;
    qint64 periodEnd = 0;
    std::optional<qint64> yesBidOpen;
    std::optional<qint64> yesBidHigh;
    std::optional<qint64> yesBidLow;
    std::optional<qint64> yesBidClose;
    std::optional<qint64> yesAskOpen;
    std::optional<qint64> yesAskHigh;
    std::optional<qint64> yesAskLow;
    std::optional<qint64> yesAskClose;
    std::optional<qint64> priceOpen;
    std::optional<qint64> priceHigh;
    std::optional<qint64> priceLow;
    std::optional<qint64> priceClose;
    std::optional<qint64> pricePrevious;
    std::optional<qint64> volume;
    std::optional<qint64> openInterest;
};

// A time range of a market's candles that has been fetched completely: every candle Kalshi has in
// it is stored (1-minute history is sparse, so stored candles alone cannot tell). Ends inclusive.
struct CandleRangeRecord
{
    QString ticker;
    int periodMinutes = 60;
    qint64 rangeStart = 0; // end_period_ts values from rangeStart ...
    qint64 rangeEnd = 0; // ... to rangeEnd, both included
};

// One unit of work for the writer: everything in it commits in a single transaction.
// Markets are written before settlements and snapshots so their foreign keys hold.
struct WriteBatch
{
    enum class Kind { Events, Markets, Settlements, Snapshots, Candles };

    Kind kind = Kind::Markets;
    qint64 syncRunId = 0; // 0 when the batch belongs to no sync run
    // The snapshot phase's run when it shares the markets phase's listing (syncRunId is the markets
    // run then); the writer counts the page and its stored snapshot rows there.
    qint64 snapshotRunId = 0;
    int page = 0;
    // For Snapshots: the series of snapshot times the batch's time belongs to.
    SnapshotScope snapshotScope = SnapshotScope::Listing;
    QList<EventRecord> events;
    QList<MarketRecord> markets;
    QList<SettlementRecord> settlements;
    QList<SnapshotRecord> snapshots;
    QList<CandleRecord> candles;
    QList<CandleRangeRecord> candleRanges; // marked fetched in the same transaction as candles

    int rowCount() const
    {
        return int(events.size() + markets.size() + settlements.size() + snapshots.size() + candles.size());
    }
};

struct BatchResult
{
    WriteBatch::Kind kind = WriteBatch::Kind::Markets;
    qint64 syncRunId = 0;
    int page = 0;
    bool ok = false;
    int rows = 0; // rows handed in, all of which are now stored when ok
    int snapshotsStored = 0; // snapshot rows new to the database (a stored market and time is kept)
    int attempts = 0; // 1 unless the database was busy
    qint64 durationMs = 0;
    QString error;
};

struct SyncRunRecord
{
    qint64 id = 0;
    SyncPhase kind = SyncPhase::Events;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    SyncStatus status = SyncStatus::Running; // Abandoned: its process died
    int pages = 0;
    qint64 rows = 0;
    int skipped = 0;
    int retries = 0;
    QString error;
    QString owner; // the process that ran it, "pid@host@start"; empty for runs before storage 003
};

// A market on the watchlist (the watchlist table); added_at is the time of the writer's transaction.
struct WatchlistEntry
{
    QString ticker;
};

QString batchKindName(WriteBatch::Kind kind);

Q_DECLARE_METATYPE(WriteBatch)
Q_DECLARE_METATYPE(BatchResult)
Q_DECLARE_METATYPE(SyncRunRecord)
