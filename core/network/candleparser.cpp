#include "network/candleparser.h"

#include "network/fieldreading.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace CandleParser {

namespace {

using FieldReading::ItemReader;

// The four prices of one sub-object ("yes_bid", "yes_ask" or "price"); absent or null gives none.
struct Ohlc
{
    std::optional<qint64> open;
    std::optional<qint64> high;
    std::optional<qint64> low;
    std::optional<qint64> close;
    std::optional<qint64> previous;
};

bool readOhlc(const QJsonObject &item, QLatin1String key, Ohlc *ohlc, QString *whyNot)
{
    const QJsonValue value = item.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject()) {
        *whyNot = QStringLiteral("malformed ") + key + QStringLiteral(" (")
            + FieldReading::describeValue(value) + u')';
        return false;
    }
    const QJsonObject object = value.toObject();
    ItemReader reader(object);
    ohlc->open = reader.price(QLatin1String("open_dollars"), QLatin1String("open"));
    ohlc->high = reader.price(QLatin1String("high_dollars"), QLatin1String("high"));
    ohlc->low = reader.price(QLatin1String("low_dollars"), QLatin1String("low"));
    ohlc->close = reader.price(QLatin1String("close_dollars"), QLatin1String("close"));
    ohlc->previous = reader.price(QLatin1String("previous_dollars"), QLatin1String("previous"));
    if (!reader.ok()) {
        *whyNot = key + u'.' + reader.error();
        return false;
    }
    return true;
}

std::optional<qint64> periodEndOf(const QJsonObject &item, QString *whyNot)
{
    const QJsonValue value = item.value(QLatin1String("end_period_ts"));
    if (value.isUndefined() || value.isNull()) {
        *whyNot = QStringLiteral("missing end_period_ts");
        return std::nullopt;
    }
    // Whole seconds inside 2^50, where a double still says which integer it is.
    constexpr double limit = 1125899906842624.0;
    const double number = value.toDouble();
    if (!value.isDouble() || double(value.toInteger()) != number || number <= 0 || number > limit) {
        *whyNot = QStringLiteral("malformed end_period_ts (") + FieldReading::describeValue(value) + u')';
        return std::nullopt;
    }
    return value.toInteger();
}

} // namespace

std::optional<CandleRecord> parseCandle(
    const QJsonObject &item, const QString &ticker, int periodMinutes, QString *whyNot)
{
    QString reason;
    CandleRecord candle;
    candle.ticker = ticker;
    candle.periodMinutes = periodMinutes;
    const std::optional<qint64> periodEnd = periodEndOf(item, &reason);
    Ohlc bid;
    Ohlc ask;
    Ohlc price;
    bool ok = periodEnd && readOhlc(item, QLatin1String("yes_bid"), &bid, &reason)
        && readOhlc(item, QLatin1String("yes_ask"), &ask, &reason)
        && readOhlc(item, QLatin1String("price"), &price, &reason);
    if (ok) {
        ItemReader reader(item);
        candle.volume = reader.count(QLatin1String("volume_fp"), QLatin1String("volume"));
        candle.openInterest = reader.count(QLatin1String("open_interest_fp"), QLatin1String("open_interest"));
        ok = reader.ok();
        if (!ok)
            reason = reader.error();
    }
    if (!ok) {
        if (whyNot)
            *whyNot = reason;
        return std::nullopt;
    }
    candle.periodEnd = *periodEnd;
    candle.yesBidOpen = bid.open;
    candle.yesBidHigh = bid.high;
    candle.yesBidLow = bid.low;
    candle.yesBidClose = bid.close;
    candle.yesAskOpen = ask.open;
    candle.yesAskHigh = ask.high;
    candle.yesAskLow = ask.low;
    candle.yesAskClose = ask.close;
    candle.priceOpen = price.open;
    candle.priceHigh = price.high;
    candle.priceLow = price.low;
    candle.priceClose = price.close;
    candle.pricePrevious = price.previous;
    return candle;
}

ParsedCandles parseResponse(const QJsonObject &response, const QString &ticker, int periodMinutes)
{
    ParsedCandles parsed;
    const QJsonValue named = response.value(QLatin1String("ticker"));
    if (named.isString() && !named.toString().isEmpty() && named.toString() != ticker) {
        parsed.error
            = QStringLiteral("candlesticks of %1 where %2 was asked for").arg(named.toString(), ticker);
        return parsed;
    }
    const QJsonValue list = response.value(QLatin1String("candlesticks"));
    if (list.isNull() || list.isUndefined())
        return parsed; // no candle in the range
    if (!list.isArray()) {
        parsed.error = QStringLiteral("malformed candlesticks (") + FieldReading::describeValue(list) + u')';
        return parsed;
    }
    const QJsonArray items = list.toArray();
    parsed.candles.reserve(items.size());
    for (const auto &value : items) {
        if (!value.isObject()) {
            parsed.skipped.append({0, QStringLiteral("candle is not an object")});
            continue;
        }
        const QJsonObject object = value.toObject();
        QString whyNot;
        if (std::optional<CandleRecord> candle = parseCandle(object, ticker, periodMinutes, &whyNot))
            parsed.candles.append(std::move(*candle));
        else
            parsed.skipped.append({object.value(QLatin1String("end_period_ts")).toInteger(), whyNot});
    }
    return parsed;
}

ParsedCandles parseResponse(const QByteArray &body, const QString &ticker, int periodMinutes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        ParsedCandles parsed;
        parsed.error = error.error != QJsonParseError::NoError
            ? QStringLiteral("not JSON: ") + error.errorString()
            : QStringLiteral("not a JSON object");
        return parsed;
    }
    return parseResponse(document.object(), ticker, periodMinutes);
}

} // namespace CandleParser
