#pragma once

#include "recordfactory.h"

// Snapshot batches with chosen prices, for the alert tests and their second process.
namespace AlertBatches {

struct Prices
{
    qint64 yesBid = 400000;
    qint64 yesAsk = 420000;
    qint64 lastPrice = 410000;
    qint64 volume24h = 10000;
    QString status = QStringLiteral("active");
    QString result;
};

// Markets first..first+count-1 of RecordFactory, all at the same prices, snapshotted at `time`.
inline WriteBatch snapshots(int first, int count, qint64 time, const Prices &prices)
{
    WriteBatch batch;
    batch.kind = WriteBatch::Kind::Snapshots;
    for (int i = first; i < first + count; ++i) {
        MarketRecord market = RecordFactory::market(i);
        market.yesBid = prices.yesBid;
        market.yesAsk = prices.yesAsk;
        market.noBid = 1000000 - prices.yesAsk;
        market.noAsk = 1000000 - prices.yesBid;
        market.lastPrice = prices.lastPrice;
        market.volume24h = prices.volume24h;
        market.status = prices.status;
        market.result = prices.result;
        SnapshotRecord snapshot;
        snapshot.ticker = market.ticker;
        snapshot.snapshotTime = time;
        snapshot.yesBid = market.yesBid;
        snapshot.yesAsk = market.yesAsk;
        snapshot.noBid = market.noBid;
        snapshot.noAsk = market.noAsk;
        snapshot.lastPrice = market.lastPrice;
        snapshot.volume24h = market.volume24h;
        batch.markets.append(market);
        batch.snapshots.append(snapshot);
    }
    return batch;
}

inline Prices bid(qint64 yesBid)
{
    Prices prices;
    prices.yesBid = yesBid;
    prices.yesAsk = yesBid + 20000;
    prices.lastPrice = yesBid + 10000;
    return prices;
}

} // namespace AlertBatches
