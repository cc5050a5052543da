#include "network/marketparser.h"

#include "fixedpoint.h"
#include "network/fieldreading.h"
#include "network/jsonscanner.h"

#include <QDate>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>

#include <array>
#include <limits>

namespace MarketParser {

namespace {

constexpr qint64 unixEpochJulianDay = 2440588; // QDate(1970, 1, 1).toJulianDay()

using namespace FieldReading;

template <typename Record, typename Parse>
ParsedItems<Record> parseAll(const QJsonArray &items, QLatin1String tickerKey, Parse parse)
{
    ParsedItems<Record> parsed;
    parsed.records.reserve(items.size());
    for (const auto &value : items) {
        if (!value.isObject()) {
            parsed.skipped.append({QString(), QStringLiteral("item is not an object")});
            continue;
        }
        const QJsonObject object = value.toObject();
        QString whyNot;
        std::optional<Record> record = parse(object, &whyNot);
        if (record)
            parsed.records.append(std::move(*record));
        else
            parsed.skipped.append({object.value(tickerKey).toString(), whyNot});
    }
    return parsed;
}

// The fields parseMarket() reads, for the fast path over a scanned page.
enum Field : quint8 {
    Ticker,
    EventTicker,
    Title,
    Status,
    SeriesTicker,
    MarketType,
    Subtitle,
    YesSubTitle,
    NoSubTitle,
    Result,
    OpenTime,
    CloseTime,
    ExpirationTime,
    SettlementTs,
    YesBidDollars,
    YesBid,
    YesAskDollars,
    YesAsk,
    NoBidDollars,
    NoBid,
    NoAskDollars,
    NoAsk,
    LastPriceDollars,
    LastPrice,
    LiquidityDollars,
    Liquidity,
    SettlementValueDollars,
    SettlementValue,
    VolumeFp,
    Volume,
    Volume24hFp,
    Volume24h,
    OpenInterestFp,
    OpenInterest,
    FieldCount
};

constexpr std::array<const char *, FieldCount> fieldNames = {"ticker", "event_ticker", "title", "status",
    "series_ticker", "market_type", "subtitle", "yes_sub_title", "no_sub_title", "result", "open_time",
    "close_time", "expiration_time", "settlement_ts", "yes_bid_dollars", "yes_bid", "yes_ask_dollars",
    "yes_ask", "no_bid_dollars", "no_bid", "no_ask_dollars", "no_ask", "last_price_dollars", "last_price",
    "liquidity_dollars", "liquidity", "settlement_value_dollars", "settlement_value", "volume_fp", "volume",
    "volume_24h_fp", "volume_24h", "open_interest_fp", "open_interest"};

constexpr int longestFieldName = 24;

// Field indices by name length, so that a key is compared with the two or three names of its length.
struct FieldIndex
{
    std::array<std::array<qint8, 8>, longestFieldName + 1> byLength{};

    FieldIndex()
    {
        for (auto &bucket : byLength)
            bucket.fill(-1);
        for (int field = 0; field < FieldCount; ++field) {
            auto &bucket = byLength[std::size_t(qstrlen(fieldNames[std::size_t(field)]))];
            std::size_t slot = 0;
            while (bucket[slot] >= 0)
                ++slot;
            bucket[slot] = qint8(field);
        }
    }

    int find(QByteArrayView key) const
    {
        if (key.size() > longestFieldName)
            return -1;
        for (const qint8 field : byLength[std::size_t(key.size())]) {
            if (field < 0)
                return -1;
            const auto index = std::size_t(static_cast<unsigned char>(field)); // not negative: checked above
            if (std::memcmp(key.data(), fieldNames[index], std::size_t(key.size())) == 0)
                return field;
        }
        return -1;
    }
};

// parseMarket() over the bytes of one scanned item. Where parseMarket() would skip the item, or
// where its answer depends on how Qt reads a value (numbers with fractions, escaped or repeated
// keys), this gives up instead (ok() false) and the caller asks parseMarket() itself.
class FastMarketReader
{
public:
    explicit FastMarketReader(QByteArrayView object)
    {
        static const FieldIndex index;
        JsonScanner::MemberReader members(object);
        QByteArrayView key;
        QByteArrayView value;
        bool keyEscaped = false;
        JsonScanner::Kind kind;
        while (members.next(&key, &keyEscaped, &value, &kind)) {
            if (keyEscaped) {
                m_ok = false;
                return;
            }
            const int field = index.find(key);
            if (field < 0)
                continue;
            Value &slot = m_values[std::size_t(field)];
            if (slot.present) {
                m_ok = false;
                return;
            }
            slot = {value, kind, true};
        }
    }

    bool ok() const { return m_ok; }

    QString required(Field field, bool allowEmpty = false)
    {
        const Value &value = m_values[field];
        if (!value.present || value.kind != JsonScanner::Kind::String)
            return giveUp();
        QString text = decode(value);
        if (!allowEmpty && text.isEmpty())
            m_ok = false;
        return text;
    }

    QString text(Field field)
    {
        const Value &value = m_values[field];
        if (isAbsent(value))
            return QString();
        if (value.kind != JsonScanner::Kind::String)
            return giveUp();
        const QString text = decode(value);
        return text.isEmpty() ? QString() : text;
    }

    std::optional<qint64> time(Field field)
    {
        const Value &value = m_values[field];
        if (isAbsent(value))
            return std::nullopt;
        if (value.kind != JsonScanner::Kind::String) {
            m_ok = false;
            return std::nullopt;
        }
        if (value.text.size() == 2)
            return std::nullopt; // "" is unknown
        std::optional<qint64> seconds;
        withView(value, [&seconds](QStringView text) { seconds = parseRfc3339(text); });
        if (!seconds)
            m_ok = false;
        return seconds;
    }

    std::optional<qint64> price(Field modern, Field legacy)
    {
        return fixedPoint(modern, legacy, Quantity::Price);
    }
    std::optional<qint64> amount(Field modern, Field legacy)
    {
        return fixedPoint(modern, legacy, Quantity::Amount);
    }
    std::optional<qint64> count(Field modern, Field legacy)
    {
        return fixedPoint(modern, legacy, Quantity::Count);
    }

private:
    struct Value
    {
        QByteArrayView text;
        JsonScanner::Kind kind = JsonScanner::Kind::Null;
        bool present = false;
    };

    static bool isAbsent(const Value &value)
    {
        return !value.present || value.kind == JsonScanner::Kind::Null;
    }

    QString giveUp()
    {
        m_ok = false;
        return QString();
    }

    QString decode(const Value &value)
    {
        std::optional<QString> text = JsonScanner::decodeString(value.text);
        if (!text)
            return giveUp();
        return *text;
    }

    // Calls f with the string's text as a QStringView: short ASCII strings without escapes (every
    // number and time of the API) go through a stack buffer instead of a QString.
    template <typename F> void withView(const Value &value, F f)
    {
        const QByteArrayView inner = value.text.sliced(1, value.text.size() - 2);
        std::array<char16_t, 64> buffer;
        if (inner.size() <= qsizetype(buffer.size())) {
            bool plain = true;
            for (qsizetype i = 0; i < inner.size(); ++i) {
                const uchar c = uchar(inner.at(i));
                if (c >= 0x80 || c == '\\') {
                    plain = false;
                    break;
                }
                buffer[std::size_t(i)] = c;
            }
            if (plain) {
                f(QStringView(buffer.data(), inner.size()));
                return;
            }
        }
        const QString text = decode(value);
        if (m_ok)
            f(QStringView(text));
    }

    // Anything out of range gives up: parseMarket() says why.
    std::optional<qint64> checked(Quantity quantity, std::optional<qint64> parsed)
    {
        if (!parsed || rangeProblem(quantity, *parsed)) {
            m_ok = false;
            return std::nullopt;
        }
        return parsed;
    }

    std::optional<qint64> fixedPoint(Field modernField, Field legacyField, Quantity quantity)
    {
        const Value &value = m_values[modernField];
        if (isAbsent(value))
            return legacyInteger(legacyField, quantity);
        if (value.kind != JsonScanner::Kind::String) {
            m_ok = false;
            return std::nullopt;
        }
        if (value.text.size() == 2)
            return std::nullopt;
        std::optional<qint64> parsed;
        withView(value, [&parsed, quantity](QStringView text) { parsed = parseModern(quantity, text); });
        return checked(quantity, parsed);
    }

    // Whole-number literals only (the scanner passes at most 15 digits, inside 2^50); anything
    // else is Qt's to read.
    std::optional<qint64> legacyInteger(Field field, Quantity quantity)
    {
        const Value &value = m_values[field];
        if (isAbsent(value))
            return std::nullopt;
        if (value.kind != JsonScanner::Kind::Number) {
            m_ok = false;
            return std::nullopt;
        }
        const QByteArrayView text = value.text;
        const bool negative = text.startsWith('-');
        qint64 number = 0;
        for (qsizetype i = negative ? 1 : 0; i < text.size(); ++i) {
            if (text.at(i) < '0' || text.at(i) > '9') {
                m_ok = false;
                return std::nullopt;
            }
            number = number * 10 + (text.at(i) - '0');
        }
        return checked(quantity, convertLegacy(quantity, negative ? -number : number));
    }

    std::array<Value, FieldCount> m_values{};
    bool m_ok = true;
};

std::optional<MarketRecord> parseMarketFast(QByteArrayView object)
{
    FastMarketReader reader(object);
    if (!reader.ok())
        return std::nullopt;
    MarketRecord market;
    market.ticker = reader.required(Ticker);
    market.eventTicker = reader.required(EventTicker);
    market.title = reader.required(Title, true);
    market.status = reader.required(Status);
    market.seriesTicker = reader.text(SeriesTicker);
    market.marketType = reader.text(MarketType);
    market.subtitle = reader.text(Subtitle);
    market.yesSubTitle = reader.text(YesSubTitle);
    market.noSubTitle = reader.text(NoSubTitle);
    market.result = reader.text(Result);
    market.openTime = reader.time(OpenTime);
    market.closeTime = reader.time(CloseTime);
    market.expirationTime = reader.time(ExpirationTime);
    market.settlementTs = reader.time(SettlementTs);
    market.yesBid = reader.price(YesBidDollars, YesBid);
    market.yesAsk = reader.price(YesAskDollars, YesAsk);
    market.noBid = reader.price(NoBidDollars, NoBid);
    market.noAsk = reader.price(NoAskDollars, NoAsk);
    market.lastPrice = reader.price(LastPriceDollars, LastPrice);
    market.liquidity = reader.amount(LiquidityDollars, Liquidity);
    market.settlementValue = reader.price(SettlementValueDollars, SettlementValue);
    market.volume = reader.count(VolumeFp, Volume);
    market.volume24h = reader.count(Volume24hFp, Volume24h);
    market.openInterest = reader.count(OpenInterestFp, OpenInterest);
    if (!reader.ok())
        return std::nullopt;
    if (market.title.isEmpty())
        market.title = market.ticker;
    if (market.seriesTicker.isEmpty())
        market.seriesTicker = seriesFromEventTicker(market.eventTicker);
    if (market.liquidity && *market.liquidity < 0)
        market.liquidity.reset();
    return market;
}

QJsonObject objectOf(QByteArrayView text)
{
    return QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), text.size())).object();
}

template <typename Record, typename Fast, typename Parse>
ParsedItems<Record> parseScanned(const ListPage &page, QLatin1String tickerKey, Fast fast, Parse parse)
{
    ParsedItems<Record> parsed;
    parsed.records.reserve(page.size());
    for (qsizetype i = 0; i < page.elements.size(); ++i) {
        if (page.elements.at(i).kind != JsonScanner::Kind::Object) {
            parsed.skipped.append({QString(), QStringLiteral("item is not an object")});
            continue;
        }
        const QByteArrayView text = page.elementText(i);
        if (std::optional<Record> record = fast(text)) {
            parsed.records.append(std::move(*record));
            continue;
        }
        const QJsonObject object = objectOf(text);
        QString whyNot;
        std::optional<Record> record = parse(object, &whyNot);
        if (record)
            parsed.records.append(std::move(*record));
        else
            parsed.skipped.append({object.value(tickerKey).toString(), whyNot});
    }
    return parsed;
}

std::optional<int> digits(QStringView text, qsizetype position, int count)
{
    if (position + count > text.size())
        return std::nullopt;
    int value = 0;
    for (qsizetype i = position; i < position + count; ++i) {
        const QChar c = text[i];
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

} // namespace

std::optional<qint64> parseRfc3339(QStringView text)
{
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second || text.size() < 20)
        return std::nullopt;
    const QChar separator = text[10];
    if (text[4] != u'-' || text[7] != u'-' || text[13] != u':' || text[16] != u':'
        || (separator != u'T' && separator != u't' && separator != u' '))
        return std::nullopt;

    qsizetype position = 19;
    if (text[position] == u'.') {
        const qsizetype fractionStart = ++position;
        while (position < text.size() && text[position] >= u'0' && text[position] <= u'9')
            ++position;
        if (position == fractionStart)
            return std::nullopt;
    }
    if (position >= text.size())
        return std::nullopt;

    int offsetSeconds = 0;
    const QChar zone = text[position];
    if (zone == u'Z' || zone == u'z') {
        if (position + 1 != text.size())
            return std::nullopt;
    } else if (zone == u'+' || zone == u'-') {
        const auto offsetHour = digits(text, position + 1, 2);
        const auto offsetMinute = digits(text, position + 4, 2);
        if (!offsetHour || !offsetMinute || text[position + 3] != u':' || position + 6 != text.size()
            || *offsetHour > 23 || *offsetMinute > 59)
            return std::nullopt;
        offsetSeconds = (*offsetHour * 3600 + *offsetMinute * 60) * (zone == u'-' ? -1 : 1);
    } else {
        return std::nullopt;
    }

    const QDate date(*year, *month, *day);
    // Second 60 is a leap second, which RFC 3339 allows; Unix time folds it into the next minute.
    if (!date.isValid() || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    return (date.toJulianDay() - unixEpochJulianDay) * 86400 + *hour * 3600 + *minute * 60 + *second
        - offsetSeconds;
}

QString seriesFromEventTicker(const QString &eventTicker)
{
    const qsizetype dash = eventTicker.indexOf(u'-');
    return dash < 0 ? eventTicker : eventTicker.left(dash);
}

std::optional<MarketRecord> parseMarket(const QJsonObject &item, QString *whyNot)
{
    ItemReader reader(item);
    MarketRecord market;
    market.ticker = reader.required(QLatin1String("ticker"));
    market.eventTicker = reader.required(QLatin1String("event_ticker"));
    market.title = reader.required(QLatin1String("title"), true);
    market.status = reader.required(QLatin1String("status"));
    market.seriesTicker = reader.text(QLatin1String("series_ticker"));
    market.marketType = reader.text(QLatin1String("market_type"));
    market.subtitle = reader.text(QLatin1String("subtitle"));
    market.yesSubTitle = reader.text(QLatin1String("yes_sub_title"));
    market.noSubTitle = reader.text(QLatin1String("no_sub_title"));
    market.result = reader.text(QLatin1String("result"));
    market.openTime = reader.time(QLatin1String("open_time"));
    market.closeTime = reader.time(QLatin1String("close_time"));
    market.expirationTime = reader.time(QLatin1String("expiration_time"));
    market.settlementTs = reader.time(QLatin1String("settlement_ts"));
    market.yesBid = reader.price(QLatin1String("yes_bid_dollars"), QLatin1String("yes_bid"));
    market.yesAsk = reader.price(QLatin1String("yes_ask_dollars"), QLatin1String("yes_ask"));
    market.noBid = reader.price(QLatin1String("no_bid_dollars"), QLatin1String("no_bid"));
    market.noAsk = reader.price(QLatin1String("no_ask_dollars"), QLatin1String("no_ask"));
    market.lastPrice = reader.price(QLatin1String("last_price_dollars"), QLatin1String("last_price"));
    market.liquidity = reader.amount(QLatin1String("liquidity_dollars"), QLatin1String("liquidity"));
    market.settlementValue
        = reader.price(QLatin1String("settlement_value_dollars"), QLatin1String("settlement_value"));
    market.volume = reader.count(QLatin1String("volume_fp"), QLatin1String("volume"));
    market.volume24h = reader.count(QLatin1String("volume_24h_fp"), QLatin1String("volume_24h"));
    market.openInterest = reader.count(QLatin1String("open_interest_fp"), QLatin1String("open_interest"));

    if (!reader.ok()) {
        if (whyNot)
            *whyNot = reader.error();
        return std::nullopt;
    }
    if (market.title.isEmpty())
        market.title = market.ticker;
    if (market.seriesTicker.isEmpty())
        market.seriesTicker = seriesFromEventTicker(market.eventTicker);
    if (market.liquidity && *market.liquidity < 0)
        market.liquidity.reset();
    return market;
}

std::optional<EventRecord> parseEvent(const QJsonObject &item, QString *whyNot)
{
    ItemReader reader(item);
    EventRecord event;
    event.ticker = reader.required(QLatin1String("event_ticker"));
    event.title = reader.required(QLatin1String("title"), true);
    event.seriesTicker = reader.text(QLatin1String("series_ticker"));
    event.subTitle = reader.text(QLatin1String("sub_title"));
    event.category = reader.text(QLatin1String("category"));
    event.mutuallyExclusive = reader.flag(QLatin1String("mutually_exclusive"));

    if (!reader.ok()) {
        if (whyNot)
            *whyNot = reader.error();
        return std::nullopt;
    }
    if (event.title.isEmpty())
        event.title = event.ticker;
    if (event.seriesTicker.isEmpty())
        event.seriesTicker = seriesFromEventTicker(event.ticker);
    return event;
}

ParsedPage parseMarketsPage(const QJsonArray &items)
{
    return parseAll<MarketRecord>(items, QLatin1String("ticker"), parseMarket);
}

ParsedEventPage parseEventsPage(const QJsonArray &items)
{
    return parseAll<EventRecord>(items, QLatin1String("event_ticker"), parseEvent);
}

ParsedPage parseMarketsPage(const ListPage &page)
{
    if (!page.scanned)
        return parseMarketsPage(page.parsedItems);
    return parseScanned<MarketRecord>(page, QLatin1String("ticker"), parseMarketFast, parseMarket);
}

ParsedEventPage parseEventsPage(const ListPage &page)
{
    if (!page.scanned)
        return parseEventsPage(page.parsedItems);
    // Event pages are small (200 items): each item through QJsonDocument.
    return parseScanned<EventRecord>(
        page, QLatin1String("event_ticker"), [](QByteArrayView) { return std::optional<EventRecord>(); },
        parseEvent);
}

std::optional<SettlementRecord> settlementFromMarket(const MarketRecord &market, QString *whyNot)
{
    const auto refuse = [whyNot](const QString &reason) -> std::optional<SettlementRecord> {
        if (whyNot)
            *whyNot = reason;
        return std::nullopt;
    };
    static const QStringList knownResults
        = {QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("void"), QStringLiteral("scalar")};
    if (market.result.isEmpty())
        return refuse(QStringLiteral("no result yet"));
    if (!knownResults.contains(market.result))
        return refuse(QStringLiteral("unknown result \"") + market.result + u'"');
    const std::optional<qint64> settledAt = market.settlementTs ? market.settlementTs : market.expirationTime;
    if (!settledAt)
        return refuse(QStringLiteral("neither settlement_ts nor expiration_time"));

    SettlementRecord settlement;
    settlement.ticker = market.ticker;
    settlement.eventTicker = market.eventTicker;
    settlement.result = market.result;
    settlement.settledAt = *settledAt;
    settlement.settlementValue = market.settlementValue;
    return settlement;
}

SnapshotRecord snapshotFromMarket(const MarketRecord &market, qint64 snapshotTime)
{
    SnapshotRecord snapshot;
    snapshot.ticker = market.ticker;
    snapshot.snapshotTime = snapshotTime;
    snapshot.yesBid = market.yesBid;
    snapshot.yesAsk = market.yesAsk;
    snapshot.noBid = market.noBid;
    snapshot.noAsk = market.noAsk;
    snapshot.lastPrice = market.lastPrice;
    snapshot.volume = market.volume;
    snapshot.volume24h = market.volume24h;
    snapshot.openInterest = market.openInterest;
    return snapshot;
}

} // namespace MarketParser
