#pragma once

#include "marketgenerator.h"

#include <QByteArray>
#include <QString>

// Kalshi-shaped candlesticks of one simulated market, derived from the generator's price path, so
// that they agree with what /markets showed at every moment. A value computation for the thread
// serving the request.
//
// Periods end on multiples of the period (UTC), inside the market's life: from its open time to its
// close (or now, for a market still trading). Within a period the quote is sampled at the
// generator's ticks (1 minute), at each minute (1 hour) or every 30 minutes (1 day); yes_bid and
// yes_ask OHLC come from those samples. A period whose volume did not grow had no trade: its
// price is {"previous_dollars"} only, the 2026 shape. 1-minute series are sparse like Kalshi's: a
// minute without a trade whose quotes did not move is left out.
namespace CandleBuilder {

constexpr int maxCandles = 5000;

// Number of period ends in [startTs, endTs]: what Kalshi compares with maxCandles.
qint64 requestedCandles(qint64 startTs, qint64 endTs, int periodMinutes);

// Appends {"ticker": ..., "candlesticks": [...]} to out. now: the simulator's clock.
void appendCandlesJson(QByteArray &out, const MarketGenerator &generator, int market, qint64 startTs,
    qint64 endTs, int periodMinutes, qint64 now);

} // namespace CandleBuilder
