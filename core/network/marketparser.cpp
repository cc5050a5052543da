#include "network/marketparser.h"

#include "fixedpoint.h"

#include <QDate>
#include <QJsonValue>
#include <QLocale>

namespace MarketParser {

namespace {

constexpr qint64 unixEpochJulianDay = 2440588;   // QDate(1970, 1, 1).toJulianDay()

QString describeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return u'"' + value.toString() + u'"';
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("null");
    }
}

// Reads fields of one item, remembering the first reason the item is malformed; the parse
// functions check ok() once at the end instead of after every field.
class ItemReader
{
public:
    explicit ItemReader(const QJsonObject &item)
        : m_item(item)
    {
    }

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    // A string that must be present; empty is refused unless allowEmpty.
    QString required(QLatin1String key, bool allowEmpty = false)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            fail(QStringLiteral("missing ") + key);
        else if (!value.isString())
            malformed(key, value);
        else if (!allowEmpty && value.toString().isEmpty())
            fail(QStringLiteral("empty ") + key);
        return value.toString();
    }

    // Absent, null and "" give a null QString.
    QString text(QLatin1String key)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            return QString();
        if (!value.isString()) {
            malformed(key, value);
            return QString();
        }
        const QString string = value.toString();
        return string.isEmpty() ? QString() : string;
    }

    std::optional<qint64> time(QLatin1String key)
    {
        const QString string = text(key);
        if (string.isNull())
            return std::nullopt;
        const std::optional<qint64> seconds = parseRfc3339(string);
        if (!seconds)
            malformed(key, m_item.value(key));
        return seconds;
    }

    std::optional<bool> flag(QLatin1String key)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isBool()) {
            malformed(key, value);
            return std::nullopt;
        }
        return value.toBool();
    }

    // Dollar string "0.4500" -> micro-dollars; legacy integer cents when the string is absent.
    std::optional<qint64> price(QLatin1String modernKey, QLatin1String legacyKey)
    {
        return fixedPoint(modernKey, legacyKey, FixedPoint::dollarsToMicros, FixedPoint::centsToMicros);
    }

    // Contract string "3877.56" -> centi-contracts; legacy whole contracts when the string is absent.
    std::optional<qint64> count(QLatin1String modernKey, QLatin1String legacyKey)
    {
        return fixedPoint(modernKey, legacyKey, FixedPoint::contractsToCenti, FixedPoint::wholeContractsToCenti);
    }

private:
    template<typename Modern, typename Legacy>
    std::optional<qint64> fixedPoint(QLatin1String modernKey, QLatin1String legacyKey, Modern modern,
                                     Legacy legacy)
    {
        const QJsonValue value = m_item.value(modernKey);
        if (value.isUndefined() || value.isNull())
            return legacyInteger(legacyKey, legacy);
        if (!value.isString()) {
            malformed(modernKey, value);
            return std::nullopt;
        }
        if (value.toString().isEmpty())
            return std::nullopt;
        const std::optional<qint64> parsed = modern(value.toString());
        if (!parsed)
            malformed(modernKey, value);
        return parsed;
    }

    template<typename Legacy>
    std::optional<qint64> legacyInteger(QLatin1String key, Legacy convert)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        // Legacy fields are whole numbers; 2^50 keeps the unit conversion far from overflow.
        constexpr double limit = 1125899906842624.0;
        const double number = value.toDouble();
        const qint64 integer = value.toInteger();
        if (!value.isDouble() || double(integer) != number || number > limit || number < -limit) {
            malformed(key, value);
            return std::nullopt;
        }
        return convert(integer);
    }

    void malformed(QLatin1String key, const QJsonValue &value)
    {
        fail(QStringLiteral("malformed ") + key + QStringLiteral(" (") + describeValue(value) + u')');
    }

    void fail(const QString &reason)
    {
        if (m_error.isEmpty())
            m_error = reason;
    }

    const QJsonObject &m_item;
    QString m_error;
};

template<typename Record, typename Parse>
ParsedItems<Record> parseAll(const QJsonArray &items, QLatin1String tickerKey, Parse parse)
{
    ParsedItems<Record> parsed;
    parsed.records.reserve(items.size());
    for (const QJsonValue &value : items) {
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
    market.liquidity = reader.price(QLatin1String("liquidity_dollars"), QLatin1String("liquidity"));
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

std::optional<SettlementRecord> settlementFromMarket(const MarketRecord &market, QString *whyNot)
{
    const auto refuse = [whyNot](const QString &reason) -> std::optional<SettlementRecord> {
        if (whyNot)
            *whyNot = reason;
        return std::nullopt;
    };
    static const QStringList knownResults = {QStringLiteral("yes"), QStringLiteral("no"),
                                             QStringLiteral("void"), QStringLiteral("scalar")};
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
