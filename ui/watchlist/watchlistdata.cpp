#include "watchlist/watchlistdata.h"

#include "storage/schema.h"
#include "storage/snapshotreads.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace {

constexpr qint64 secondsPerDay = 24 * 60 * 60;

struct SnapshotPrice
{
    qint64 time = 0;
    std::optional<qint64> lastPrice, yesBid, yesAsk, volume24h;
};

std::optional<qint64> optionalValue(const QSqlQuery &query, int column)
{
    return query.isNull(column) ? std::nullopt : std::optional<qint64>(query.value(column).toLongLong());
}

bool execute(QSqlQuery &query, const QVariantList &values, QString *error)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec()) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    return true;
}

} // namespace

namespace WatchlistData {

bool read(const QString &connectionName, int sparklinePoints, QList<WatchlistRow> *rows, QString *error)
{
    const QSqlDatabase database = QSqlDatabase::database(connectionName, false);
    QSqlQuery markets(database);
    markets.setForwardOnly(true);
    if (!markets.exec(
            QStringLiteral("SELECT w.ticker, m.title, m.status, m.yes_bid, m.yes_ask, m.last_price, "
                           "m.volume_24h, m.close_time, m.updated_at, m.id FROM watchlist AS w "
                           "LEFT JOIN markets AS m ON m.ticker = w.ticker ORDER BY w.ticker"))) {
        *error = Schema::describe(markets.lastError());
        return false;
    }
    struct Market
    {
        WatchlistRow row;
        qint64 updatedAt = 0;
        std::optional<qint64> id;
    };
    QList<Market> watched;
    while (markets.next()) {
        Market market;
        market.row.ticker = markets.value(0).toString();
        market.row.title = markets.value(1).toString();
        market.row.status = markets.value(2).toString();
        market.row.yesBid = optionalValue(markets, 3);
        market.row.yesAsk = optionalValue(markets, 4);
        market.row.lastPrice = optionalValue(markets, 5);
        market.row.volume24h = optionalValue(markets, 6);
        market.row.closeTime = optionalValue(markets, 7);
        market.updatedAt = markets.value(8).toLongLong();
        market.id = optionalValue(markets, 9);
        watched.append(market);
    }
    markets.finish();

    // The newest snapshots (at least two, for the change since the previous one), by primary key.
    QSqlQuery recent(database);
    recent.setForwardOnly(true);
    QSqlQuery dayAgo(database);
    dayAgo.setForwardOnly(true);
    // On the runs and times themselves (SnapshotReads): the snapshot_rows view would expand all of
    // the market's history before ORDER BY ... LIMIT.
    const auto newest = [](const QString &select) -> QString {
        return QStringLiteral("SELECT * FROM (")
            + SnapshotReads::newestRows(
                select, QStringLiteral("(SELECT CAST(? AS BIGINT) AS id) AS m"), QStringLiteral("m.id"))
            + QStringLiteral(") AS n ORDER BY n.snapshot_time DESC LIMIT ?");
    };
    if (!recent.prepare(
            newest(QStringLiteral("t.snapshot_time AS snapshot_time, r.last_price AS last_price, "
                                  "r.yes_bid AS yes_bid, r.yes_ask AS yes_ask, r.volume_24h AS volume_24h")))
        || !dayAgo.prepare(
            newest(QStringLiteral("r.last_price AS last_price, t.snapshot_time AS snapshot_time")))) {
        *error = Schema::describe(recent.lastError().isValid() ? recent.lastError() : dayAgo.lastError());
        return false;
    }
    rows->clear();
    for (Market &market : watched) {
        WatchlistRow &row = market.row;
        if (!market.id) {
            rows->append(row);
            continue;
        }
        const int newestCount = std::max(sparklinePoints, 2);
        SnapshotReads::bindNewest(recent, {*market.id}, std::numeric_limits<qint64>::max(), newestCount);
        recent.addBindValue(newestCount);
        if (!execute(recent, {}, error))
            return false;
        QList<SnapshotPrice> newestFirst;
        while (recent.next()) {
            newestFirst.append({recent.value(0).toLongLong(), optionalValue(recent, 1),
                optionalValue(recent, 2), optionalValue(recent, 3), optionalValue(recent, 4)});
        }
        recent.finish();
        // The watchlist job stores snapshots only: a snapshot newer than the market row is the quote.
        if (!newestFirst.isEmpty() && newestFirst.constFirst().time >= market.updatedAt) {
            const SnapshotPrice &newest = newestFirst.constFirst();
            row.lastPrice = newest.lastPrice;
            row.yesBid = newest.yesBid;
            row.yesAsk = newest.yesAsk;
            row.volume24h = newest.volume24h;
        }
        for (qsizetype i = std::min<qsizetype>(newestFirst.size(), sparklinePoints) - 1; i >= 0; --i) {
            if (newestFirst.at(i).lastPrice)
                row.recentPrices.append(*newestFirst.at(i).lastPrice);
        }
        if (newestFirst.size() >= 2 && newestFirst.at(0).lastPrice && newestFirst.at(1).lastPrice)
            row.changeSincePrevious = *newestFirst.at(0).lastPrice - *newestFirst.at(1).lastPrice;
        if (!newestFirst.isEmpty() && newestFirst.at(0).lastPrice) {
            SnapshotReads::bindNewest(dayAgo, {*market.id}, newestFirst.at(0).time - secondsPerDay, 1);
            dayAgo.addBindValue(1);
            if (!execute(dayAgo, {}, error))
                return false;
            if (dayAgo.next() && !dayAgo.isNull(0))
                row.change24h = *newestFirst.at(0).lastPrice - dayAgo.value(0).toLongLong();
            dayAgo.finish();
        }
        rows->append(row);
    }
    return true;
}

} // namespace WatchlistData
