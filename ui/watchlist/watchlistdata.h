#pragma once

#include <QList>
#include <QString>

#include <optional>

// One watched market as the watchlist view shows it: the market's stored quote and the moves of
// its recent snapshots. Units as in the database (micro-dollars, centi-contracts, Unix seconds).
struct WatchlistRow
{
    QString ticker;
    QString title; // empty while the market is not stored yet
    QString status;
    std::optional<qint64> yesBid, yesAsk, lastPrice, volume24h, closeTime;
    // last_price of the newest snapshot minus that of the one before it, and minus that of the
    // newest snapshot at least 24 hours older than the newest; none without such a snapshot.
    std::optional<qint64> changeSincePrevious, change24h;
    // last_price of the newest snapshots, oldest first (snapshots without a last price left out).
    QList<qint64> recentPrices;
};

namespace WatchlistData {

// Reads every watched market on the caller's connection `connectionName` (the GUI's read-only
// one): one join for the quotes, then per market two reads of snapshot_rows by its primary key, so
// the cost follows the size of the watchlist, never that of the snapshot table. A snapshot newer
// than the market row gives the quote: the watchlist job stores snapshots only.
bool read(const QString &connectionName, int sparklinePoints, QList<WatchlistRow> *rows, QString *error);

} // namespace WatchlistData
