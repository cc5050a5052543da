#pragma once

#include "records.h"

#include <QList>
#include <QString>

// Deterministic records shaped like the simulator's (and Kalshi's) markets: about eight markets per
// event, titles of 40-60 characters, every price and count present. Shared by the benchmarks.
namespace BenchRecords {

inline MarketRecord market(int index, int round)
{
    const int event = index / 8;
    MarketRecord m;
    m.eventTicker = QStringLiteral("KXSIM%1-26DEC%2-E%3")
                        .arg(event % 97)
                        .arg(1 + event % 28, 2, 10, QLatin1Char('0'))
                        .arg(event);
    m.ticker = m.eventTicker + QStringLiteral("-M") + QString::number(index);
    m.marketType = QStringLiteral("binary");
    m.title = QStringLiteral("Will Initial jobless claims be above %1 on Dec %2, 2026?")
                  .arg(200 + index % 700)
                  .arg(1 + event % 28);
    m.subtitle = QStringLiteral("Above %1").arg(200 + index % 700);
    m.yesSubTitle = m.subtitle;
    m.noSubTitle = QStringLiteral("Not above %1").arg(200 + index % 700);
    m.status = index % 23 == 0 ? QStringLiteral("closed") : QStringLiteral("active");
    m.openTime = 1790000000 + (index % 5000) * 60;
    m.closeTime = 1798000000 + (index % 9000) * 60;
    m.expirationTime = *m.closeTime + 3600;
    const qint64 bid = 10000 * ((index * 7 + round * 3) % 97 + 1);
    m.yesBid = bid;
    m.yesAsk = bid + 30000;
    m.noBid = 1000000 - *m.yesAsk;
    m.noAsk = 1000000 - bid;
    m.lastPrice = bid + 10000;
    m.volume = qint64(index % 1000) * 38470 + round * 100;
    m.volume24h = qint64(index % 300) * 611 + round;
    m.openInterest = qint64(index % 700) * 13080 + round;
    m.liquidity = qint64(index % 400) * 176078400;
    return m;
}

// A round of a market whose texts are shared with `base` (implicit sharing): only numbers change.
inline MarketRecord nextRound(const MarketRecord &base, int index, int round)
{
    MarketRecord m = base;
    const qint64 bid = 10000 * ((index * 7 + round * 3) % 97 + 1);
    m.yesBid = bid;
    m.yesAsk = bid + 30000;
    m.noBid = 1000000 - *m.yesAsk;
    m.noAsk = 1000000 - bid;
    m.lastPrice = bid + 10000;
    m.volume = *base.volume + round * 100;
    m.volume24h = *base.volume24h + round;
    m.openInterest = *base.openInterest + round;
    if (index % 100 == round % 100) { // one market in a hundred closes between two rounds
        m.status = QStringLiteral("closed");
        m.closeTime = 1700000000 + index;
    }
    return m;
}

inline SnapshotRecord snapshot(const MarketRecord &m, qint64 time)
{
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

} // namespace BenchRecords
