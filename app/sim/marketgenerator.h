#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringView>

#include <vector>

// The simulator's deterministic universe of Kalshi series, events and markets. Everything follows
// from the options: the same seed gives the same tickers, shapes and statuses, and the same
// (market, time bucket) gives the same prices. Only a few bytes per market are kept; titles, times
// and quotes are derived on demand from hashes, so 100k markets are built in milliseconds.
// Immutable after construction except for quote overrides (POST /sim/markets/{ticker}), which only
// the simulator's main thread sets and reads.
class MarketGenerator final
{
public:
    struct Options
    {
        int markets = 2000;
        int events = 200; // events listed by GET /events (regular and multivariate)
        int settled = 300; // exactly this many markets are settled
        quint64 seed = 1;
        int tickSeconds = 5; // prices move once per bucket of this many wall-clock seconds
        int malformedEvery = 0; // every Nth market in listing order is malformed; 0 = none
    };

    enum class Status : quint8 { Initialized, Active, Inactive, Closed, Determined, Finalized };
    enum class Result : quint8 { None, Yes, No, Void };
    enum class EventKind : quint8 { Regular, Multivariate, Orphan };
    enum class Malformation : quint8 { None, MissingTicker, BadYesBid, MissingStatus };

    // Bits of the API's status filter (unopened|open|paused|closed|settled).
    enum StatusFilterBit : quint8 {
        FilterUnopened = 1,
        FilterOpen = 2,
        FilterPaused = 4,
        FilterClosed = 8,
        FilterSettled = 16,
    };

    // Prices in 1/10000 dollar (the API's 4 decimals, 10000 = $1); counts in centi-contracts.
    struct Quote
    {
        int yesBid = 0;
        int yesAsk = 10000;
        int noBid = 0;
        int noAsk = 10000;
        int lastPrice = 0;
        qint64 volume = 0;
        qint64 volume24h = 0;
        qint64 openInterest = 0;
        qint64 yesBidSize = 0;
        qint64 yesAskSize = 0;
    };

    // Prices (1/10000 dollar) and 24 h volume (centi-contracts) a test or the demo set for a market;
    // they replace the generated values at every time until changed. The no side follows the yes side.
    struct QuoteOverride
    {
        std::optional<int> yesBid;
        std::optional<int> yesAsk;
        std::optional<int> lastPrice;
        std::optional<qint64> volume24h;
    };

    explicit MarketGenerator(const Options &options);

    // Merges into the market's override (fields left empty keep their earlier override).
    void setQuoteOverride(int market, const QuoteOverride &values);

    const Options &options() const { return m_options; }

    int marketCount() const { return int(m_markets.size()); }
    int eventCount() const { return int(m_events.size()); } // listed and orphan events
    const std::vector<int> &listedEvents() const { return m_listedEvents; }
    const std::vector<int> &marketsOfEvent(int event) const { return m_events[size_t(event)].markets; }
    const std::vector<int> &eventsOfSeries(int series) const { return m_series[size_t(series)].events; }

    QString marketTicker(int market) const;
    QString eventTicker(int event) const { return QString::fromLatin1(m_events[size_t(event)].ticker); }
    QString seriesTicker(int series) const { return QString::fromLatin1(m_series[size_t(series)].ticker); }
    int marketIndex(QStringView ticker) const; // -1 when no market has this ticker
    int eventIndex(QStringView ticker) const { return m_eventByTicker.value(ticker.toString(), -1); }
    int seriesIndex(QStringView ticker) const { return m_seriesByTicker.value(ticker.toString(), -1); }

    int eventOf(int market) const { return m_markets[size_t(market)].event; }
    int seriesOf(int event) const { return m_events[size_t(event)].series; }
    EventKind eventKind(int event) const { return m_events[size_t(event)].kind; }
    quint8 eventStatusFilterBit(int event) const { return m_events[size_t(event)].statusBit; }

    Status status(int market) const { return m_markets[size_t(market)].status; }
    Result result(int market) const { return m_markets[size_t(market)].result; }
    bool isLegacy(int market) const { return m_markets[size_t(market)].flags & LegacyFlag; }
    bool isMultivariate(int market) const { return m_markets[size_t(market)].flags & MultivariateFlag; }
    bool isOrphan(int market) const { return eventKind(eventOf(market)) == EventKind::Orphan; }
    bool isSettled(int market) const { return statusFilterBit(status(market)) == FilterSettled; }
    Malformation malformation(int market) const;
    qint64 closeTime(int market) const; // Unix seconds, as close_time says
    qint64 openTime(int market) const;
    qint64 createdTime(int market) const; // as created_time says
    std::optional<qint64> settlementTime(int market) const; // settlement_ts, settled markets only

    qint64 bucketAt(qint64 unixSeconds) const;
    Quote quote(int market, qint64 bucket) const;
    // The quotes at count buckets from firstBucket on, step buckets apart (one traits computation).
    std::vector<Quote> quotes(int market, qint64 firstBucket, qint64 step, int count) const;

    // Appends the API object; bucket selects the prices of active markets.
    void appendMarketJson(QByteArray &out, int market, qint64 bucket) const;
    void appendEventJson(QByteArray &out, int event, qint64 bucket, bool withMarkets) const;

    static QByteArray statusName(Status status);
    static quint8 statusFilterBit(Status status);
    // 0 for a name that is not a status filter value.
    static quint8 parseStatusFilter(QStringView name);

private:
    enum MarketFlag : quint8 { LegacyFlag = 1, MultivariateFlag = 2 };

    struct MarketSpec
    {
        qint32 event = 0;
        Status status = Status::Active;
        Result result = Result::None;
        quint8 flags = 0;
    };

    struct EventSpec
    {
        EventKind kind = EventKind::Regular;
        int series = 0;
        int day = 1; // day of December 2026 the event's markets close on
        int category = 0;
        int subject = 0;
        quint8 statusBit = FilterUnopened;
        QByteArray ticker;
        std::vector<int> markets;
    };

    struct SeriesSpec
    {
        QByteArray ticker;
        std::vector<int> events;
    };

    struct Traits;
    class JsonContext;

    QHash<int, QuoteOverride> m_overrides;

    quint64 draw(quint64 salt, qint64 a, qint64 b = 0) const;
    Traits traits(int market) const;
    Quote quoteFor(int market, const Traits &traits, qint64 bucket) const;
    int midPips(int market, const Traits &traits, qint64 bucket) const;
    qint64 volumeAt(int market, const Traits &traits, qint64 bucket) const;
    void appendMarketTicker(QByteArray &out, int market) const;
    QByteArray subjectOf(int event) const;

    Options m_options;
    std::vector<MarketSpec> m_markets;
    std::vector<EventSpec> m_events;
    std::vector<SeriesSpec> m_series; // KXSIM series first, then KXMVESIM ones
    int m_plainSeriesCount = 0;
    std::vector<int> m_listedEvents;
    std::vector<int> m_regularMarkets; // candidates for multivariate legs
    QHash<QString, int> m_eventByTicker;
    QHash<QString, int> m_seriesByTicker;
};
