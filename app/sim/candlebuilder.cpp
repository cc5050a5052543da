#include "candlebuilder.h"

#include "jsonwriter.h"

#include <algorithm>

namespace CandleBuilder {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

qint64 ceilDiv(qint64 a, qint64 b)
{
    return -floorDiv(-a, b);
}

struct Ohlc
{
    int open = 0;
    int high = 0;
    int low = 0;
    int close = 0;
    bool any = false;

    void add(int value)
    {
        if (!any) {
            open = high = low = value;
            any = true;
        }
        high = std::max(high, value);
        low = std::min(low, value);
        close = value;
    }
    bool flatAt(int value) const
    {
        return !any || (open == value && high == value && low == value && close == value);
    }
};

void writeOhlc(JsonWriter &w, const char *name, const Ohlc &ohlc)
{
    w.key(name);
    w.beginObject();
    w.key("close_dollars");
    w.fixed(ohlc.close, 4);
    w.key("high_dollars");
    w.fixed(ohlc.high, 4);
    w.key("low_dollars");
    w.fixed(ohlc.low, 4);
    w.key("open_dollars");
    w.fixed(ohlc.open, 4);
    w.endObject();
}

} // namespace

qint64 requestedCandles(qint64 startTs, qint64 endTs, int periodMinutes)
{
    const qint64 period = qint64(periodMinutes) * 60;
    if (endTs < startTs)
        return 0;
    return floorDiv(endTs, period) - ceilDiv(startTs, period) + 1;
}

void appendCandlesJson(QByteArray &out, const MarketGenerator &generator, int market, qint64 startTs,
    qint64 endTs, int periodMinutes, qint64 now)
{
    const qint64 period = qint64(periodMinutes) * 60;
    const int tick = generator.options().tickSeconds;
    const qint64 stride = periodMinutes == 1 ? std::min<qint64>(tick, 60) : (periodMinutes == 60 ? 60 : 1800);
    const bool settledOrClosed
        = generator.status(market) == MarketGenerator::Status::Closed || generator.isSettled(market);
    const qint64 lifeStart = generator.openTime(market);
    const qint64 lifeEnd
        = settledOrClosed ? generator.closeTime(market) : std::min(now, generator.closeTime(market));

    JsonWriter w(out);
    w.beginObject();
    w.key("candlesticks");
    w.beginArray();
    const qint64 first = std::max(ceilDiv(startTs, period), ceilDiv(lifeStart + 1, period)) * period;
    const qint64 last = std::min(floorDiv(endTs, period), ceilDiv(lifeEnd, period)) * period;
    for (qint64 end = first; end <= last; end += period) {
        // The quote just before the period, then every sample inside it up to the end of life.
        const qint64 begin = end - period;
        const qint64 sampleEnd = std::min(end, lifeEnd);
        const int samples = int(std::max<qint64>(0, (sampleEnd - begin) / stride));
        const std::vector<MarketGenerator::Quote> quotes = generator.quotes(
            market, generator.bucketAt(begin), std::max<qint64>(1, stride / tick), samples + 1);
        const MarketGenerator::Quote &before = quotes.front();
        Ohlc bid;
        Ohlc ask;
        Ohlc trade;
        qint64 volume = before.volume;
        for (size_t i = 1; i < quotes.size(); ++i) {
            const MarketGenerator::Quote &q = quotes[i];
            bid.add(q.yesBid);
            ask.add(q.yesAsk);
            if (q.volume > volume)
                trade.add(q.lastPrice);
            volume = q.volume;
        }
        if (!bid.any)
            continue;
        const MarketGenerator::Quote &after = quotes.back();
        if (periodMinutes == 1 && !trade.any && bid.flatAt(before.yesBid) && ask.flatAt(before.yesAsk))
            continue; // sparse: nothing changed in this minute
        w.beginObject();
        w.key("end_period_ts");
        w.integer(end);
        w.key("open_interest_fp");
        w.fixed(after.openInterest, 2);
        w.key("price");
        w.beginObject();
        if (trade.any) {
            w.key("close_dollars");
            w.fixed(trade.close, 4);
            w.key("high_dollars");
            w.fixed(trade.high, 4);
            w.key("low_dollars");
            w.fixed(trade.low, 4);
            w.key("open_dollars");
            w.fixed(trade.open, 4);
        }
        if (before.volume > 0) {
            w.key("previous_dollars");
            w.fixed(before.lastPrice, 4);
        }
        w.endObject();
        w.key("volume_fp");
        w.fixed(after.volume - before.volume, 2);
        writeOhlc(w, "yes_ask", ask);
        writeOhlc(w, "yes_bid", bid);
        w.endObject();
    }
    w.endArray();
    w.key("ticker");
    w.string(generator.marketTicker(market).toUtf8());
    w.endObject();
}

} // namespace CandleBuilder
