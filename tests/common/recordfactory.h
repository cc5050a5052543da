#pragma once

#include "records.h"

// Deterministic records for storage tests: values depend on (index, round) only, so a test can
// predict every stored column.
namespace RecordFactory {

inline QString eventTicker(int event)
{
    return QStringLiteral("KXTEST-E%1").arg(event);
}
inline QString marketTicker(int market)
{
    return QStringLiteral("KXTEST-E%1-M%2").arg(market % 10).arg(market);
}

inline MarketRecord market(int index, int round = 0)
{
    MarketRecord m;
    m.ticker = marketTicker(index);
    m.eventTicker = eventTicker(index % 10);
    m.seriesTicker = QStringLiteral("KXTEST");
    m.marketType = QStringLiteral("binary");
    m.title = QStringLiteral("Market %1 round %2").arg(index).arg(round);
    m.subtitle = QStringLiteral("sub %1").arg(round);
    m.yesSubTitle = QStringLiteral("yes %1").arg(round);
    m.noSubTitle = QStringLiteral("no %1").arg(round);
    m.status = round % 2 ? QStringLiteral("closed") : QStringLiteral("active");
    m.result = round % 2 ? QStringLiteral("yes") : QString();
    m.openTime = 1760000000 + index;
    m.closeTime = 1770000000 + index + round;
    m.expirationTime = 1770000100 + index + round;
    m.settlementTs = round % 2 ? std::optional<qint64>(1770000200 + round) : std::nullopt;
    m.yesBid = 10000 * ((index + round) % 90);
    m.yesAsk = 10000 * ((index + round) % 90 + 1);
    m.noBid = 1000000 - *m.yesAsk;
    m.noAsk = 1000000 - *m.yesBid;
    m.lastPrice = *m.yesBid + 5000;
    m.volume = 100 * index + round;
    m.volume24h = 10 * index + round;
    m.openInterest = 50 * index + round;
    m.liquidity = 1000000 * round;
    return m;
}

inline EventRecord event(int index, int round = 0)
{
    EventRecord e;
    e.ticker = eventTicker(index);
    e.seriesTicker = QStringLiteral("KXTEST");
    e.title = QStringLiteral("Event %1 round %2").arg(index).arg(round);
    e.subTitle = QStringLiteral("Event subtitle %1").arg(round);
    e.category = QStringLiteral("Economics");
    e.mutuallyExclusive = (index % 2) == 0;
    return e;
}

inline SnapshotRecord snapshot(int index, qint64 time)
{
    const MarketRecord m = market(index);
    SnapshotRecord s;
    s.ticker = m.ticker;
    s.snapshotTime = time;
    s.yesBid = m.yesBid;
    s.yesAsk = m.yesAsk;
    s.noBid = m.noBid;
    s.noAsk = m.noAsk;
    s.lastPrice = m.lastPrice;
    s.volume = m.volume;
    s.volume24h = m.volume24h;
    s.openInterest = m.openInterest;
    return s;
}

inline WriteBatch marketsBatch(int first, int count, int round = 0)
{
    WriteBatch batch;
    batch.kind = WriteBatch::Kind::Markets;
    for (int i = first; i < first + count; ++i)
        batch.markets.append(market(i, round));
    return batch;
}

} // namespace RecordFactory
