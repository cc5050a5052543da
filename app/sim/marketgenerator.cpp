#include "marketgenerator.h"

#include "jsonwriter.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

constexpr qint64 kAnchorTime = 1793491200; // 2026-11-01T00:00:00Z: open and settled times hang off it
constexpr qint64 kDecember2026 = 1796083200; // 2026-12-01T00:00:00Z: the "26DEC<nn>" close dates
constexpr qint64 kDay = 86400;
constexpr qint64 kHour = 3600;
constexpr qint64 kMinutesPerDay = 24 * 60;
constexpr int kOnePips = 10000; // $1 in the API's 1/10000 dollar steps
constexpr int kNoiseSegment = 12; // buckets between two random price anchors

// Independent hash streams, one per property, so adding a property never shifts the others.
enum Salt : quint64 {
    SaltKind = 1,
    SaltStatus,
    SaltSettleKind,
    SaltResult,
    SaltLegacy,
    SaltTick,
    SaltTail,
    SaltFractional,
    SaltEmpty,
    SaltBase,
    SaltSpread,
    SaltVolume,
    SaltVolumeJitter,
    SaltNoise,
    SaltJitter,
    SaltLast,
    SaltSize,
    SaltInterest,
    SaltLiquidity,
    SaltTime,
    SaltStrike,
    SaltLegs,
    SaltDay,
    SaltCategory,
    SaltSubject,
    SaltEventFlags,
    SaltSettlementTimer,
};

constexpr std::array<const char *, 5> kCategories
    = {"Politics", "Economics", "Climate", "Sports", "Financials"};

constexpr std::array<std::array<const char *, 6>, 5> kSubjects = {{
    {"Senate control", "Governor race", "Presidential approval", "Cabinet confirmation",
        "Special election turnout", "Spending bill passage"},
    {"US CPI", "Unemployment rate", "GDP growth", "Fed funds rate", "Retail sales", "Initial jobless claims"},
    {"NYC high temperature", "Chicago snowfall", "LA rainfall", "Atlantic hurricane count",
        "Miami high temperature", "Denver low temperature"},
    {"Falcons points", "Lakers points", "Rangers goals", "Tigers runs", "Sharks goals", "Eagles points"},
    {"S&P 500 close", "Nasdaq close", "Gold price", "Bitcoin price", "EUR/USD rate", "10Y Treasury yield"},
}};

quint64 splitMix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

double unitInterval(quint64 hash)
{
    return double(hash >> 11) * (1.0 / 9007199254740992.0);
}

double signedUnit(quint64 hash)
{
    return 2.0 * unitInterval(hash) - 1.0;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void appendTwoDigits(QByteArray &out, int value)
{
    out.append(char('0' + value / 10 % 10)).append(char('0' + value % 10));
}

void appendDecemberDate(QByteArray &out, int day)
{
    out.append("Dec ");
    JsonWriter::appendInteger(out, day);
    out.append(", 2026");
}

} // namespace

struct MarketGenerator::Traits
{
    int tick = 100; // price step in 1/10000 dollar
    bool deciCent = false;
    bool tapered = false; // a tail market on tapered_deci_cent, priced in tenths of a cent
    bool fractional = false;
    bool emptyBook = false;
    int basePips = 5000;
    int amplitude = 0;
    int spreadTicks = 1;
    qint64 unit = 100; // smallest count step in centi-contracts
    qint64 volumeBase = 0; // in units
    qint64 volumeRate = 0; // units per bucket
    qint64 createdTime = 0;
    qint64 openTime = 0;
    qint64 closeTime = 0;
    qint64 settlementTime = 0;
    qint64 openBucket = 0;
    bool frozen = false; // prices stop moving at frozenBucket
    qint64 frozenBucket = 0;
    int strike = 0;
};

MarketGenerator::MarketGenerator(const Options &options)
    : m_options(options)
{
    m_options.markets = qMax(0, m_options.markets);
    m_options.events = qMax(1, m_options.events);
    m_options.settled = qBound(0, m_options.settled, m_options.markets);
    m_options.tickSeconds = qMax(1, m_options.tickSeconds);
    m_options.malformedEvery = qMax(0, m_options.malformedEvery);

    const int listed = m_options.events;
    const int mveEvents = listed >= 2 ? qMax(1, (listed + 4) / 8) : 0;
    const int regularEvents = listed - mveEvents;
    const int orphanEvents = qMax(1, listed / 10);

    // Regular and orphan events share the KXSIM series, four events a series; multivariate ones get
    // their own KXMVESIM series. Orphan events are never listed by GET /events.
    const int plainSeries = (regularEvents + orphanEvents + 3) / 4;
    m_plainSeriesCount = plainSeries;
    const int mveSeries = (mveEvents + 3) / 4;
    m_series.resize(size_t(plainSeries) + size_t(mveSeries));
    for (int s = 0; s < plainSeries; ++s)
        m_series[size_t(s)].ticker = "KXSIM" + QByteArray::number(s + 1);
    for (int s = 0; s < mveSeries; ++s)
        m_series[size_t(plainSeries) + size_t(s)].ticker = "KXMVESIM" + QByteArray::number(s + 1);

    auto addEvent = [this](EventKind kind, int series, int slot) {
        const int index = int(m_events.size());
        EventSpec event;
        event.kind = kind;
        event.series = series;
        // Slots use disjoint weeks, so the four events of a series never share a date.
        event.day = slot * 7 + 1 + int(draw(SaltDay, index) % 7);
        event.category = int(draw(SaltCategory, index) % kCategories.size());
        event.subject = int(draw(SaltSubject, index) % kSubjects[0].size());
        event.ticker = m_series[size_t(series)].ticker + "-26DEC";
        appendTwoDigits(event.ticker, event.day);
        m_series[size_t(series)].events.push_back(index);
        m_eventByTicker.insert(QString::fromLatin1(event.ticker), index);
        m_events.push_back(std::move(event));
    };
    for (int k = 0; k < regularEvents; ++k)
        addEvent(EventKind::Regular, k / 4, k % 4);
    for (int k = 0; k < mveEvents; ++k)
        addEvent(EventKind::Multivariate, plainSeries + k / 4, k % 4);
    for (int k = regularEvents; k < regularEvents + orphanEvents; ++k)
        addEvent(EventKind::Orphan, k / 4, k % 4);
    for (int e = 0; e < regularEvents + mveEvents; ++e)
        m_listedEvents.push_back(e);
    for (int s = 0; s < int(m_series.size()); ++s)
        m_seriesByTicker.insert(QString::fromLatin1(m_series[size_t(s)].ticker), s);

    // Exactly `settled` markets settle: an affine permutation of the indices, so they are spread evenly.
    const quint64 count = quint64(m_options.markets);
    quint64 stride = 1;
    for (const quint64 prime : {7919ULL, 104729ULL, 1299709ULL, 15485863ULL}) {
        if (count % prime != 0) {
            stride = prime;
            break;
        }
    }
    const quint64 offset = count > 0 ? splitMix(m_options.seed) % count : 0;

    m_markets.resize(size_t(m_options.markets));
    std::array<int, 3> assigned{};
    for (int i = 0; i < m_options.markets; ++i) {
        MarketSpec &spec = m_markets[size_t(i)];
        const quint64 kind = draw(SaltKind, i) % 120;
        if (kind < 15 && mveEvents > 0) {
            spec.event = regularEvents + assigned[1]++ % mveEvents;
            spec.flags |= MultivariateFlag;
        } else if (kind < 23) {
            spec.event = regularEvents + mveEvents + assigned[2]++ % orphanEvents;
        } else {
            spec.event = assigned[0]++ % regularEvents;
            m_regularMarkets.push_back(i);
        }
        if (draw(SaltLegacy, i) % 10 == 0)
            spec.flags |= LegacyFlag;

        const bool settled = (quint64(i) * stride + offset) % count < quint64(m_options.settled);
        if (settled) {
            spec.status = draw(SaltSettleKind, i) % 5 == 0 ? Status::Determined : Status::Finalized;
            const quint64 outcome = draw(SaltResult, i) % 100;
            spec.result = outcome < 2 ? Result::Void : (outcome % 2 == 0 ? Result::Yes : Result::No);
        } else {
            const quint64 roll = draw(SaltStatus, i) % 100;
            spec.status = roll < 3 ? Status::Closed
                : roll < 6         ? Status::Initialized
                : roll < 8         ? Status::Inactive
                                   : Status::Active;
        }
        m_events[size_t(spec.event)].markets.push_back(i);
    }

    for (EventSpec &event : m_events) {
        bool anyActive = false;
        bool anyPaused = false;
        bool allSettled = true;
        bool allUnopened = true;
        for (const int market : event.markets) {
            const Status status = m_markets[size_t(market)].status;
            anyActive = anyActive || status == Status::Active;
            anyPaused = anyPaused || status == Status::Inactive;
            allSettled = allSettled && statusFilterBit(status) == FilterSettled;
            allUnopened = allUnopened && status == Status::Initialized;
        }
        event.statusBit = anyActive ? FilterOpen
            : allUnopened           ? FilterUnopened
            : allSettled            ? FilterSettled
            : anyPaused             ? FilterPaused
                                    : FilterClosed;
    }
}

quint64 MarketGenerator::draw(quint64 salt, qint64 a, qint64 b) const
{
    return splitMix(
        splitMix(splitMix(m_options.seed ^ (salt * 0xd1b54a32d192ed03ULL)) ^ quint64(a)) ^ quint64(b));
}

QString MarketGenerator::marketTicker(int market) const
{
    QByteArray ticker;
    appendMarketTicker(ticker, market);
    return QString::fromLatin1(ticker);
}

void MarketGenerator::appendMarketTicker(QByteArray &out, int market) const
{
    out.append(m_events[size_t(eventOf(market))].ticker).append("-M");
    JsonWriter::appendInteger(out, market);
}

int MarketGenerator::marketIndex(QStringView ticker) const
{
    const qsizetype marker = ticker.lastIndexOf(u"-M");
    if (marker < 0)
        return -1;
    bool ok = false;
    const int index = ticker.mid(marker + 2).toInt(&ok);
    if (!ok || index < 0 || index >= marketCount())
        return -1;
    return marketTicker(index) == ticker ? index : -1;
}

MarketGenerator::Malformation MarketGenerator::malformation(int market) const
{
    const int every = m_options.malformedEvery;
    if (every <= 0 || (market + 1) % every != 0)
        return Malformation::None;
    switch (((market + 1) / every - 1) % 3) {
    case 0:
        return Malformation::MissingTicker;
    case 1:
        return Malformation::BadYesBid;
    default:
        return Malformation::MissingStatus;
    }
}

qint64 MarketGenerator::bucketAt(qint64 unixSeconds) const
{
    return floorDiv(unixSeconds, m_options.tickSeconds);
}

QByteArray MarketGenerator::statusName(Status status)
{
    switch (status) {
    case Status::Initialized:
        return QByteArrayLiteral("initialized");
    case Status::Active:
        return QByteArrayLiteral("active");
    case Status::Inactive:
        return QByteArrayLiteral("inactive");
    case Status::Closed:
        return QByteArrayLiteral("closed");
    case Status::Determined:
        return QByteArrayLiteral("determined");
    case Status::Finalized:
        return QByteArrayLiteral("finalized");
    }
    return QByteArray();
}

quint8 MarketGenerator::statusFilterBit(Status status)
{
    switch (status) {
    case Status::Initialized:
        return FilterUnopened;
    case Status::Active:
        return FilterOpen;
    case Status::Inactive:
        return FilterPaused;
    case Status::Closed:
        return FilterClosed;
    case Status::Determined:
    case Status::Finalized:
        return FilterSettled;
    }
    return 0;
}

quint8 MarketGenerator::parseStatusFilter(QStringView name)
{
    if (name == u"unopened")
        return FilterUnopened;
    if (name == u"open")
        return FilterOpen;
    if (name == u"paused")
        return FilterPaused;
    if (name == u"closed")
        return FilterClosed;
    if (name == u"settled")
        return FilterSettled;
    return 0;
}

qint64 MarketGenerator::closeTime(int market) const
{
    const MarketSpec &spec = m_markets[size_t(market)];
    const quint64 timeHash = draw(SaltTime, market);
    switch (spec.status) {
    case Status::Closed:
        return kAnchorTime + 20 * kDay + qint64(timeHash % (5 * kMinutesPerDay)) * 60;
    case Status::Determined:
    case Status::Finalized:
        return kAnchorTime - kDay - qint64(timeHash % (40 * kMinutesPerDay)) * 60;
    case Status::Initialized:
    case Status::Active:
    case Status::Inactive:
        break;
    }
    return kDecember2026 + (m_events[size_t(spec.event)].day - 1) * kDay + 21 * kHour;
}

qint64 MarketGenerator::openTime(int market) const
{
    const MarketSpec &spec = m_markets[size_t(market)];
    const quint64 timeHash = draw(SaltTime, market);
    switch (spec.status) {
    case Status::Initialized:
        return closeTime(market) - 2 * kDay;
    case Status::Active:
    case Status::Inactive:
    case Status::Closed:
        break;
    case Status::Determined:
    case Status::Finalized:
        return closeTime(market) - (3 + qint64(timeHash % 27)) * kDay;
    }
    return kAnchorTime - (5 + qint64(timeHash % 55)) * kDay;
}

qint64 MarketGenerator::createdTime(int market) const
{
    return openTime(market) - kHour - qint64(draw(SaltTime, market, 2) % (3 * kMinutesPerDay)) * 60;
}

std::optional<qint64> MarketGenerator::settlementTime(int market) const
{
    if (!isSettled(market))
        return std::nullopt;
    return closeTime(market) + 300 + qint64(draw(SaltTime, market, 1) % 10500);
}

MarketGenerator::Traits MarketGenerator::traits(int market) const
{
    const MarketSpec &spec = m_markets[size_t(market)];
    const bool legacy = spec.flags & LegacyFlag;
    const bool settled = statusFilterBit(spec.status) == FilterSettled;

    Traits t;
    t.deciCent = !legacy && draw(SaltTick, market) % 7 == 0;
    t.tapered = t.deciCent && draw(SaltTail, market) % 2 == 0;
    t.tick = t.deciCent ? 10 : 100;
    t.fractional = !legacy && draw(SaltFractional, market) % 5 == 0;
    t.unit = t.fractional ? 1 : 100;
    t.emptyBook = spec.status == Status::Initialized || draw(SaltEmpty, market) % 40 == 0;

    const double u = unitInterval(draw(SaltBase, market));
    if (settled && spec.result == Result::Yes) {
        t.basePips = 9000 + int(u * 900);
    } else if (settled && spec.result == Result::No) {
        t.basePips = 100 + int(u * 900);
    } else if (t.tapered) {
        t.basePips = 10 + int(u * 290);
        if (draw(SaltTail, market) & 2)
            t.basePips = kOnePips - t.basePips;
    } else {
        t.basePips = 300 + int(u * 9400);
    }
    t.amplitude = qMin(800, qMin(t.basePips, kOnePips - t.basePips) / 2);
    t.spreadTicks = 1 + int(draw(SaltSpread, market) % 4);

    const bool trades = spec.status != Status::Initialized && draw(SaltVolume, market) % 10 != 0;
    if (trades) {
        t.volumeBase = qint64(draw(SaltVolume, market, 1) % (t.fractional ? 500000 : 5000));
        t.volumeRate = qint64(draw(SaltVolume, market, 2) % (t.fractional ? 150 : 3));
    }

    t.closeTime = closeTime(market);
    t.openTime = openTime(market);
    t.settlementTime = settlementTime(market).value_or(0);
    t.createdTime = createdTime(market);
    t.openBucket = bucketAt(t.openTime);
    switch (spec.status) {
    case Status::Active:
        t.frozen = false;
        break;
    case Status::Inactive:
        t.frozen = true;
        t.frozenBucket = bucketAt(kAnchorTime + 10 * kDay + qint64(draw(SaltTime, market, 3) % kDay));
        break;
    case Status::Initialized:
        t.frozen = true;
        t.frozenBucket = t.openBucket - 1;
        break;
    default:
        t.frozen = true;
        t.frozenBucket = bucketAt(t.closeTime);
        break;
    }
    t.strike = 10 + int(draw(SaltStrike, market) % 190) * 5;
    return t;
}

int MarketGenerator::midPips(int market, const Traits &traits, qint64 bucket) const
{
    // Value noise: random anchors every kNoiseSegment buckets, linear in between, plus a small jitter.
    const qint64 segment = floorDiv(bucket, kNoiseSegment);
    const double fraction = double(bucket - segment * kNoiseSegment) / kNoiseSegment;
    const double from = signedUnit(draw(SaltNoise, market, segment));
    const double to = signedUnit(draw(SaltNoise, market, segment + 1));
    const double noise = from + (to - from) * fraction + 0.15 * signedUnit(draw(SaltJitter, market, bucket));
    return int(std::lround(traits.basePips + traits.amplitude * noise));
}

qint64 MarketGenerator::volumeAt(int market, const Traits &traits, qint64 bucket) const
{
    if (bucket < traits.openBucket)
        return 0;
    // rate * b + floor(jitter * rate) never decreases from one bucket to the next.
    const qint64 jitter
        = qint64(unitInterval(draw(SaltVolumeJitter, market, bucket)) * double(traits.volumeRate));
    return traits.unit * (traits.volumeBase + traits.volumeRate * (bucket - traits.openBucket) + jitter);
}

MarketGenerator::Quote MarketGenerator::quote(int market, qint64 bucket) const
{
    return quoteFor(market, traits(market), bucket);
}

std::vector<MarketGenerator::Quote> MarketGenerator::quotes(
    int market, qint64 firstBucket, qint64 step, int count) const
{
    const Traits t = traits(market);
    std::vector<Quote> result;
    result.reserve(size_t(qMax(0, count)));
    for (int i = 0; i < count; ++i)
        result.push_back(quoteFor(market, t, firstBucket + i * step));
    return result;
}

MarketGenerator::Quote MarketGenerator::quoteFor(int market, const Traits &traits, qint64 bucket) const
{
    const qint64 perDay = qMax<qint64>(1, kDay / m_options.tickSeconds);
    const qint64 at = traits.frozen ? qMin(bucket, traits.frozenBucket) : bucket;
    const qint64 dayBefore = traits.frozen ? qMin(bucket - perDay, traits.frozenBucket) : bucket - perDay;

    Quote q;
    q.volume = volumeAt(market, traits, at);
    q.volume24h = q.volume - volumeAt(market, traits, dayBefore);
    const qint64 interestPercent = 20 + qint64(draw(SaltInterest, market) % 40);
    q.openInterest = q.volume * interestPercent / 100 / traits.unit * traits.unit;

    const int tick = traits.tick;
    if (!traits.emptyBook) {
        const int spread = traits.spreadTicks * tick;
        const int mid = midPips(market, traits, at);
        int bid = int(floorDiv(mid - spread / 2, tick)) * tick;
        bid = qBound(tick, bid, kOnePips - 2 * tick);
        q.yesBid = bid;
        q.yesAsk = qMin(bid + spread, kOnePips - tick);
        q.yesBidSize = traits.unit * qint64(1 + draw(SaltSize, market, at) % 2000);
        q.yesAskSize = traits.unit * qint64(1 + draw(SaltSize, ~market, at) % 2000);
    }
    q.noBid = kOnePips - q.yesAsk;
    q.noAsk = kOnePips - q.yesBid;

    if (q.volume > 0) {
        if (traits.emptyBook) {
            q.lastPrice = qBound(tick, (traits.basePips + tick / 2) / tick * tick, kOnePips - tick);
        } else {
            const int steps = (q.yesAsk - q.yesBid) / tick + 1;
            q.lastPrice = q.yesBid + tick * int(draw(SaltLast, market, at) % quint64(steps));
        }
    }
    if (const auto set = m_overrides.constFind(market); set != m_overrides.constEnd()) {
        q.yesBid = set->yesBid.value_or(q.yesBid);
        q.yesAsk = set->yesAsk.value_or(q.yesAsk);
        q.lastPrice = set->lastPrice.value_or(q.lastPrice);
        q.volume24h = set->volume24h.value_or(q.volume24h);
        q.noBid = kOnePips - q.yesAsk;
        q.noAsk = kOnePips - q.yesBid;
    }
    return q;
}

void MarketGenerator::setQuoteOverride(int market, const QuoteOverride &values)
{
    QuoteOverride &set = m_overrides[market];
    if (values.yesBid)
        set.yesBid = values.yesBid;
    if (values.yesAsk)
        set.yesAsk = values.yesAsk;
    if (values.lastPrice)
        set.lastPrice = values.lastPrice;
    if (values.volume24h)
        set.volume24h = values.volume24h;
}

QByteArray MarketGenerator::subjectOf(int event) const
{
    const EventSpec &spec = m_events[size_t(event)];
    return QByteArray(kSubjects[size_t(spec.category)][size_t(spec.subject)]);
}

void MarketGenerator::appendMarketJson(QByteArray &out, int market, qint64 bucket) const
{
    const MarketSpec &spec = m_markets[size_t(market)];
    const EventSpec &event = m_events[size_t(spec.event)];
    const Traits t = traits(market);
    const Quote q = quoteFor(market, t, bucket);
    const Quote previous = quoteFor(market, t, bucket - qMax<qint64>(1, kDay / m_options.tickSeconds));
    const bool legacy = spec.flags & LegacyFlag;
    const bool multivariate = spec.flags & MultivariateFlag;
    const bool settled = statusFilterBit(spec.status) == FilterSettled;
    const Malformation broken = malformation(market);
    const QByteArray subject = subjectOf(spec.event);
    const QByteArray strike = QByteArray::number(t.strike);

    struct Leg
    {
        int market;
        bool yes;
    };
    std::vector<Leg> legs;
    if (multivariate && !m_regularMarkets.empty()) {
        const int count = 2 + int(draw(SaltLegs, market) % 3);
        for (int j = 0; j < count; ++j) {
            const quint64 pick = draw(SaltLegs, market, j + 1);
            legs.push_back({m_regularMarkets[size_t(pick % m_regularMarkets.size())], (pick >> 32) % 2 == 0});
        }
    }

    JsonWriter w(out);
    w.beginObject();
    if (broken != Malformation::MissingTicker) {
        w.key("ticker");
        w.beginRawString();
        appendMarketTicker(out, market);
        w.endRawString();
    }
    w.key("event_ticker");
    w.string(event.ticker);
    w.key("market_type");
    w.string("binary");

    w.key("title");
    w.beginRawString();
    if (multivariate) {
        for (size_t j = 0; j < legs.size(); ++j) {
            out.append(j == 0 ? "" : ",").append(legs[j].yes ? "yes " : "no ");
            out.append(subjectOf(eventOf(legs[j].market))).append(" above ");
            out.append(QByteArray::number(traits(legs[j].market).strike));
        }
    } else {
        out.append("Will ").append(subject).append(" be above ").append(strike).append(" on ");
        appendDecemberDate(out, event.day);
        out.append('?');
    }
    w.endRawString();
    w.key("subtitle");
    w.string(QByteArray("Above " + strike));
    w.key("yes_sub_title");
    w.string(QByteArray("Above " + strike));
    w.key("no_sub_title");
    w.string(QByteArray("Not above " + strike));

    w.key("created_time");
    w.time(t.createdTime);
    w.key("updated_time");
    switch (spec.status) {
    case Status::Active:
        w.time(qMax(t.openTime, bucket * m_options.tickSeconds));
        break;
    case Status::Inactive:
        w.time(t.frozenBucket * m_options.tickSeconds);
        break;
    case Status::Initialized:
        w.time(t.createdTime);
        break;
    case Status::Closed:
        w.time(t.closeTime);
        break;
    case Status::Determined:
    case Status::Finalized:
        w.time(t.settlementTime);
        break;
    }
    w.key("open_time");
    w.time(t.openTime);
    w.key("close_time");
    w.time(t.closeTime);
    w.key("expected_expiration_time");
    w.time(t.closeTime + kHour);
    w.key("expiration_time");
    w.time(t.closeTime + kHour);
    w.key("latest_expiration_time");
    w.time(t.closeTime + 7 * kDay);
    w.key("settlement_timer_seconds");
    w.integer(draw(SaltSettlementTimer, market) % 2 == 0 ? 300 : 3600);
    if (broken != Malformation::MissingStatus) {
        w.key("status");
        w.string(statusName(spec.status));
    }
    if (settled) {
        w.key("settlement_ts");
        w.time(t.settlementTime);
    }
    w.key("result");
    switch (spec.result) {
    case Result::None:
        w.string("");
        break;
    case Result::Yes:
        w.string("yes");
        break;
    case Result::No:
        w.string("no");
        break;
    case Result::Void:
        w.string("void");
        break;
    }
    w.key("can_close_early");
    w.boolean(draw(SaltSettlementTimer, market, 1) % 3 != 0);
    w.key("expiration_value");
    w.string("");

    const quint64 liquidityHash = draw(SaltLiquidity, market);
    const qint64 liquidityCents = qint64(liquidityHash % 5000000);
    if (legacy) {
        w.key("response_price_units");
        w.string("usd_cent");
        w.key("yes_bid");
        if (broken == Malformation::BadYesBid)
            w.string("abc");
        else
            w.integer(q.yesBid / 100);
        w.key("yes_ask");
        w.integer(q.yesAsk / 100);
        w.key("no_bid");
        w.integer(q.noBid / 100);
        w.key("no_ask");
        w.integer(q.noAsk / 100);
        w.key("last_price");
        w.integer(q.lastPrice / 100);
        w.key("previous_yes_bid");
        w.integer(previous.yesBid / 100);
        w.key("previous_yes_ask");
        w.integer(previous.yesAsk / 100);
        w.key("previous_price");
        w.integer(previous.lastPrice / 100);
        w.key("volume");
        w.integer(q.volume / 100);
        w.key("volume_24h");
        w.integer(q.volume24h / 100);
        w.key("open_interest");
        w.integer(q.openInterest / 100);
        w.key("liquidity");
        // Old data holds the occasional negative liquidity; clients must treat it as unknown.
        w.integer((liquidityHash >> 40) % 25 == 0 ? -liquidityCents : liquidityCents);
        w.key("notional_value");
        w.integer(100);
        if (settled) {
            w.key("settlement_value");
            w.integer(spec.result == Result::Yes ? 100 : 0);
        }
    } else {
        w.key("yes_bid_dollars");
        if (broken == Malformation::BadYesBid)
            w.string("abc");
        else
            w.fixed(q.yesBid, 4);
        w.key("yes_ask_dollars");
        w.fixed(q.yesAsk, 4);
        w.key("no_bid_dollars");
        w.fixed(q.noBid, 4);
        w.key("no_ask_dollars");
        w.fixed(q.noAsk, 4);
        w.key("last_price_dollars");
        w.fixed(q.lastPrice, 4);
        w.key("previous_yes_bid_dollars");
        w.fixed(previous.yesBid, 4);
        w.key("previous_yes_ask_dollars");
        w.fixed(previous.yesAsk, 4);
        w.key("previous_price_dollars");
        w.fixed(previous.lastPrice, 4);
        w.key("volume_fp");
        w.fixed(q.volume, 2);
        w.key("volume_24h_fp");
        w.fixed(q.volume24h, 2);
        w.key("open_interest_fp");
        w.fixed(q.openInterest, 2);
        w.key("yes_bid_size_fp");
        w.fixed(q.yesBidSize, 2);
        w.key("yes_ask_size_fp");
        w.fixed(q.yesAskSize, 2);
        w.key("liquidity_dollars");
        w.fixed(liquidityCents * 100, 4);
        w.key("notional_value_dollars");
        w.fixed(kOnePips, 4);
        if (settled) {
            w.key("settlement_value_dollars");
            w.fixed(spec.result == Result::Yes ? kOnePips : 0, 4);
        }
        w.key("fractional_trading_enabled");
        w.boolean(t.fractional);
        w.key("price_level_structure");
        w.string(t.tapered ? "tapered_deci_cent" : t.deciCent ? "deci_cent" : "linear_cent");
        w.key("price_ranges");
        w.beginArray();
        auto range = [&w](int start, int end, int step) {
            w.beginObject();
            w.key("start");
            w.fixed(start, 4);
            w.key("end");
            w.fixed(end, 4);
            w.key("step");
            w.fixed(step, 4);
            w.endObject();
        };
        if (t.tapered) {
            range(0, 1000, 10);
            range(1000, 9000, 100);
            range(9000, kOnePips, 10);
        } else {
            range(0, kOnePips, t.tick);
        }
        w.endArray();
    }

    w.key("strike_type");
    w.string("greater");
    w.key("floor_strike");
    w.integer(t.strike);
    w.key("rules_primary");
    w.beginRawString();
    out.append("If ").append(subject).append(" is above ").append(strike).append(" on ");
    appendDecemberDate(out, event.day);
    out.append(", then the market resolves to Yes.");
    w.endRawString();
    w.key("rules_secondary");
    w.string("");

    if (multivariate) {
        w.key("mve_collection_ticker");
        w.beginRawString();
        out.append("KXMVESIMCOLL");
        JsonWriter::appendInteger(out, event.series - m_plainSeriesCount + 1); // one collection per series
        w.endRawString();
        w.key("mve_selected_legs");
        w.beginArray();
        for (const Leg &leg : legs) {
            w.beginObject();
            w.key("event_ticker");
            w.string(m_events[size_t(eventOf(leg.market))].ticker);
            w.key("market_ticker");
            w.beginRawString();
            appendMarketTicker(out, leg.market);
            w.endRawString();
            w.key("side");
            w.string(leg.yes ? "yes" : "no");
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
}

void MarketGenerator::appendEventJson(QByteArray &out, int event, qint64 bucket, bool withMarkets) const
{
    const EventSpec &spec = m_events[size_t(event)];
    const quint64 flags = draw(SaltEventFlags, event);
    const bool mutuallyExclusive = spec.kind != EventKind::Multivariate && flags % 2 == 0;

    JsonWriter w(out);
    w.beginObject();
    w.key("event_ticker");
    w.string(spec.ticker);
    w.key("series_ticker");
    w.string(m_series[size_t(spec.series)].ticker);
    w.key("title");
    w.beginRawString();
    out.append(subjectOf(event)).append(" on ");
    appendDecemberDate(out, spec.day);
    w.endRawString();
    w.key("sub_title");
    w.beginRawString();
    out.append("On ");
    appendDecemberDate(out, spec.day);
    w.endRawString();
    w.key("category");
    w.string(kCategories[size_t(spec.category)]);
    w.key("mutually_exclusive");
    w.boolean(mutuallyExclusive);
    w.key("collateral_return_type");
    w.string(mutuallyExclusive ? "MECNET" : "");
    w.key("strike_period");
    w.string((flags >> 8) % 3 == 0 ? "day" : "");
    w.key("strike_date");
    w.time(kDecember2026 + (spec.day - 1) * kDay + 21 * kHour);
    w.key("available_on_brokers");
    w.boolean((flags >> 16) % 2 == 0);
    w.key("product_metadata");
    w.beginObject();
    w.endObject();
    if (withMarkets) {
        w.key("markets");
        w.beginArray();
        for (const int market : spec.markets) {
            w.rawValue();
            appendMarketJson(out, market, bucket);
        }
        w.endArray();
    }
    w.endObject();
}
