#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// What one sync should do; a value type for queued calls into the sync thread.
struct SyncRequest
{
    enum class Kind { Events, Markets, Settlements, Snapshot, Full };

    Kind kind = Kind::Full;
    QString marketStatus = QStringLiteral("open"); // markets: open|closed|settled|unopened|paused|all
    QString mveFilter = QStringLiteral("exclude"); // markets and snapshot: exclude|only|include
    int maxPages = 0; // per phase; 0 means no limit
    // settlements: also list /historical/markets (markets settled before Kalshi's cutoff, which
    // /markets no longer lists), multivariate excluded; only those settled since settledSince.
    bool historical = false;
    std::optional<qint64> settledSince; // Unix seconds
    // Snapshot: only these markets, listed by GET /markets?tickers=... in chunks (the watchlist).
    QStringList tickers;

    // The CLI command that runs this kind: sync-events, sync-markets, ..., full-sync.
    static QString commandName(Kind kind);
};

Q_DECLARE_METATYPE(SyncRequest)
