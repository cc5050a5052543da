#include "network/marketparser.h"
#include "scannerequivalence.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace MarketParser;

Q_DECLARE_METATYPE(MarketRecord)
Q_DECLARE_METATYPE(EventRecord)
Q_DECLARE_METATYPE(std::optional<qint64>)

namespace {

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("test fixture is not a JSON object: %s", qPrintable(error.errorString()));
    return document.object();
}

// A /markets item as the API sends it in 2026 (fixed-point strings only).
const char modernMarketJson[] = R"({
    "ticker": "KXHIGHNY-26JAN10-B45.5",
    "event_ticker": "KXHIGHNY-26JAN10",
    "market_type": "binary",
    "title": "Will the high temp in NYC be 45-46° on Jan 10, 2026?",
    "subtitle": "45° to 46°",
    "yes_sub_title": "45° to 46°",
    "no_sub_title": "45° to 46°",
    "created_time": "2026-01-08T12:00:00.123456Z",
    "updated_time": "2026-01-10T18:22:31.5Z",
    "open_time": "2026-01-09T15:00:00Z",
    "close_time": "2026-01-11T04:59:00Z",
    "expiration_time": "2026-01-18T15:00:00Z",
    "latest_expiration_time": "2026-01-18T15:00:00Z",
    "expected_expiration_time": "2026-01-11T15:00:00Z",
    "settlement_timer_seconds": 1800,
    "status": "active",
    "yes_bid_dollars": "0.4500",
    "yes_ask_dollars": "0.4700",
    "no_bid_dollars": "0.5300",
    "no_ask_dollars": "0.5500",
    "last_price_dollars": "0.4600",
    "previous_price_dollars": "0.4500",
    "previous_yes_bid_dollars": "0.4400",
    "previous_yes_ask_dollars": "0.4800",
    "volume_fp": "3877.56",
    "volume_24h_fp": "1204.00",
    "open_interest_fp": "2500.00",
    "yes_bid_size_fp": "150.00",
    "yes_ask_size_fp": "75.00",
    "liquidity_dollars": "12345.6700",
    "notional_value_dollars": "1.0000",
    "result": "",
    "can_close_early": true,
    "fractional_trading_enabled": false,
    "expiration_value": "",
    "rules_primary": "If the highest temperature recorded in Central Park...",
    "rules_secondary": "",
    "early_close_condition": "",
    "price_level_structure": "linear_cent",
    "price_ranges": [{"start": "0.0100", "end": "0.9900", "step": "0.0100"}],
    "strike_type": "between",
    "floor_strike": 45,
    "cap_strike": 46.99
})";

MarketRecord modernMarket()
{
    MarketRecord m;
    m.ticker = QStringLiteral("KXHIGHNY-26JAN10-B45.5");
    m.eventTicker = QStringLiteral("KXHIGHNY-26JAN10");
    m.seriesTicker = QStringLiteral("KXHIGHNY");
    m.marketType = QStringLiteral("binary");
    m.title = QStringLiteral("Will the high temp in NYC be 45-46° on Jan 10, 2026?");
    m.subtitle = QStringLiteral("45° to 46°");
    m.yesSubTitle = QStringLiteral("45° to 46°");
    m.noSubTitle = QStringLiteral("45° to 46°");
    m.status = QStringLiteral("active");
    m.openTime = 1767970800; // 2026-01-09T15:00:00Z
    m.closeTime = 1768107540; // 2026-01-11T04:59:00Z
    m.expirationTime = 1768748400; // 2026-01-18T15:00:00Z
    m.yesBid = 450000;
    m.yesAsk = 470000;
    m.noBid = 530000;
    m.noAsk = 550000;
    m.lastPrice = 460000;
    m.volume = 387756;
    m.volume24h = 120400;
    m.openInterest = 250000;
    m.liquidity = 12345670000;
    return m;
}

// The same market in the pre-March-2026 shape: integer cents and whole counts.
const char legacyMarketJson[] = R"({
    "ticker": "KXHIGHNY-26JAN10-B45.5",
    "event_ticker": "KXHIGHNY-26JAN10",
    "market_type": "binary",
    "title": "Will the high temp in NYC be 45-46° on Jan 10, 2026?",
    "subtitle": "45° to 46°",
    "yes_sub_title": "45° to 46°",
    "no_sub_title": "45° to 46°",
    "open_time": "2026-01-09T15:00:00Z",
    "close_time": "2026-01-11T04:59:00Z",
    "expiration_time": "2026-01-18T15:00:00Z",
    "status": "active",
    "response_price_units": "usd_cent",
    "yes_bid": 45,
    "yes_ask": 47,
    "no_bid": 53,
    "no_ask": 55,
    "last_price": 46,
    "previous_price": 45,
    "volume": 3877,
    "volume_24h": 1204,
    "open_interest": 2500,
    "liquidity": 1234567,
    "result": ""
})";

MarketRecord legacyMarket()
{
    MarketRecord m = modernMarket();
    m.volume = 387700;
    m.liquidity = 12345670000;
    return m;
}

QJsonObject patched(QJsonObject item, const QJsonObject &changes, const QStringList &removed = {})
{
    for (const QString &key : removed)
        item.remove(key);
    for (auto it = changes.begin(); it != changes.end(); ++it)
        item.insert(it.key(), it.value());
    return item;
}

QString optionalText(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QStringLiteral("null");
}

QString nullableText(const QString &value)
{
    return value.isNull() ? QStringLiteral("<null>") : u'"' + value + u'"';
}

// Every field that differs, by name, so a failing row says exactly what went wrong.
QStringList differences(const MarketRecord &actual, const MarketRecord &expected)
{
    QStringList out;
    const auto text = [&out](const char *name, const QString &a, const QString &e) {
        // Null and empty differ on purpose: empty optional strings must arrive as NULL.
        if (a != e || a.isNull() != e.isNull())
            out << QStringLiteral("%1: %2, expected %3")
                       .arg(QLatin1String(name), nullableText(a), nullableText(e));
    };
    const auto number
        = [&out](const char *name, const std::optional<qint64> &a, const std::optional<qint64> &e) {
              if (a != e)
                  out << QStringLiteral("%1: %2, expected %3")
                             .arg(QLatin1String(name), optionalText(a), optionalText(e));
          };
    text("ticker", actual.ticker, expected.ticker);
    text("eventTicker", actual.eventTicker, expected.eventTicker);
    text("seriesTicker", actual.seriesTicker, expected.seriesTicker);
    text("marketType", actual.marketType, expected.marketType);
    text("title", actual.title, expected.title);
    text("subtitle", actual.subtitle, expected.subtitle);
    text("yesSubTitle", actual.yesSubTitle, expected.yesSubTitle);
    text("noSubTitle", actual.noSubTitle, expected.noSubTitle);
    text("status", actual.status, expected.status);
    text("result", actual.result, expected.result);
    number("openTime", actual.openTime, expected.openTime);
    number("closeTime", actual.closeTime, expected.closeTime);
    number("expirationTime", actual.expirationTime, expected.expirationTime);
    number("settlementTs", actual.settlementTs, expected.settlementTs);
    number("yesBid", actual.yesBid, expected.yesBid);
    number("yesAsk", actual.yesAsk, expected.yesAsk);
    number("noBid", actual.noBid, expected.noBid);
    number("noAsk", actual.noAsk, expected.noAsk);
    number("lastPrice", actual.lastPrice, expected.lastPrice);
    number("volume", actual.volume, expected.volume);
    number("volume24h", actual.volume24h, expected.volume24h);
    number("openInterest", actual.openInterest, expected.openInterest);
    number("liquidity", actual.liquidity, expected.liquidity);
    number("settlementValue", actual.settlementValue, expected.settlementValue);
    return out;
}

} // namespace

class TstMarketParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void parseMarket_data()
    {
        QTest::addColumn<QJsonObject>("item");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<MarketRecord>("expected");

        const QJsonObject modern = object(modernMarketJson);
        const QJsonObject legacy = object(legacyMarketJson);
        const QString none;

        QTest::newRow("modern") << modern << true << none << modernMarket();
        QTest::newRow("legacy") << legacy << true << none << legacyMarket();
        {
            // Both shapes present and disagreeing: the fixed-point strings win, field by field.
            const QJsonObject mixed = patched(modern, object(R"({"yes_bid": 12, "yes_ask": 13, "no_bid": 87,
                "no_ask": 88, "last_price": 12, "volume": 1, "volume_24h": 1, "open_interest": 1,
                "liquidity": 5, "settlement_value": 0, "settlement_value_dollars": "1.0000"})"));
            MarketRecord expected = modernMarket();
            expected.settlementValue = 1000000;
            QTest::newRow("mixed: dollars win") << mixed << true << none << expected;
        }
        {
            // Half-migrated: only some fixed-point fields present; the others fall back to legacy.
            const QJsonObject half
                = patched(legacy, object(R"({"yes_bid_dollars": "0.4512", "volume_fp": "3877.56"})"));
            MarketRecord expected = legacyMarket();
            expected.yesBid = 451200;
            expected.volume = 387756;
            QTest::newRow("mixed: per-field fallback") << half << true << none << expected;
        }
        {
            const QJsonObject item
                = patched(modern, object(R"({"yes_bid_dollars": "0.0010", "yes_ask_dollars": "0.0015",
                "no_bid_dollars": "0.9985", "no_ask_dollars": "0.9990", "last_price_dollars": "0.0012",
                "price_level_structure": "tapered_deci_cent"})"));
            MarketRecord expected = modernMarket();
            expected.yesBid = 1000;
            expected.yesAsk = 1500;
            expected.noBid = 998500;
            expected.noAsk = 999000;
            expected.lastPrice = 1200;
            QTest::newRow("sub-penny") << item << true << none << expected;
        }
        {
            const QJsonObject item = patched(modern, object(R"({"volume_fp": "0.01", "volume_24h_fp": "12.5",
                "open_interest_fp": "7.99"})"));
            MarketRecord expected = modernMarket();
            expected.volume = 1;
            expected.volume24h = 1250;
            expected.openInterest = 799;
            QTest::newRow("fractional counts") << item << true << none << expected;
        }
        {
            // An empty book is stored as sent (bid 0, ask 1.00): never turned into a 50% price.
            const QJsonObject item
                = patched(modern, object(R"({"yes_bid_dollars": "0.0000", "yes_ask_dollars": "1.0000",
                "no_bid_dollars": "0.0000", "no_ask_dollars": "1.0000", "last_price_dollars": "0.0000",
                "volume_fp": "0.00", "volume_24h_fp": "0.00", "open_interest_fp": "0.00",
                "liquidity_dollars": "0.0000"})"));
            MarketRecord expected = modernMarket();
            expected.yesBid = 0;
            expected.yesAsk = 1000000;
            expected.noBid = 0;
            expected.noAsk = 1000000;
            expected.lastPrice = 0;
            expected.volume = 0;
            expected.volume24h = 0;
            expected.openInterest = 0;
            expected.liquidity = 0;
            QTest::newRow("empty book") << item << true << none << expected;
        }
        {
            MarketRecord expected = legacyMarket();
            expected.liquidity.reset();
            QTest::newRow("negative legacy liquidity")
                << patched(legacy, object(R"({"liquidity": -4216})")) << true << none << expected;
        }
        {
            MarketRecord expected = modernMarket();
            expected.lastPrice.reset();
            expected.volume24h.reset();
            QTest::newRow("null fields are unknown")
                << patched(modern, object(R"({"last_price_dollars": null, "volume_24h_fp": null})")) << true
                << none << expected;
            QTest::newRow("absent fields are unknown") << patched(
                modern, {}, {QStringLiteral("last_price_dollars"), QStringLiteral("volume_24h_fp")})
                                                       << true << none << expected;
            QTest::newRow("empty price string is unknown")
                << patched(modern, object(R"({"last_price_dollars": "", "volume_24h_fp": ""})")) << true
                << none << expected;
        }
        {
            MarketRecord expected = modernMarket();
            expected.subtitle = QString();
            expected.noSubTitle = QString();
            expected.marketType = QString();
            QTest::newRow("empty optional text is null") << patched(
                modern, object(R"({"subtitle": "", "no_sub_title": null})"), {QStringLiteral("market_type")})
                                                         << true << none << expected;
        }
        {
            MarketRecord expected = modernMarket();
            expected.title = expected.ticker;
            QTest::newRow("empty title: ticker stands in")
                << patched(modern, object(R"({"title": ""})")) << true << none << expected;
        }
        {
            MarketRecord expected = modernMarket();
            expected.seriesTicker = QStringLiteral("KXHIGHNYC");
            QTest::newRow("series_ticker sent")
                << patched(modern, object(R"({"series_ticker": "KXHIGHNYC"})")) << true << none << expected;
            expected.eventTicker = QStringLiteral("NODASHEVENT");
            expected.seriesTicker = QStringLiteral("NODASHEVENT");
            QTest::newRow("event ticker without dash")
                << patched(modern, object(R"({"event_ticker": "NODASHEVENT", "series_ticker": ""})")) << true
                << none << expected;
        }
        {
            // Offsets, fractional seconds and lower-case separators are all RFC 3339.
            const QJsonObject item = patched(modern, object(R"({"open_time": "2026-01-09T10:00:00-05:00",
                "close_time": "2026-01-11T05:59:00.999999+01:00", "expiration_time": "2026-01-18t15:00:00.5z"})"));
            QTest::newRow("time zones and fractions") << item << true << none << modernMarket();
        }
        {
            const QJsonObject item = patched(modern, object(R"({"status": "finalized", "result": "yes",
                "settlement_ts": "2026-01-17T21:07:00Z", "settlement_value_dollars": "1.0000",
                "last_price_dollars": "0.9900"})"));
            MarketRecord expected = modernMarket();
            expected.status = QStringLiteral("finalized");
            expected.result = QStringLiteral("yes");
            expected.settlementTs = 1768684020;
            expected.settlementValue = 1000000;
            expected.lastPrice = 990000;
            QTest::newRow("settled (modern)") << item << true << none << expected;
        }
        {
            const QJsonObject item = patched(legacy, object(R"({"status": "finalized", "result": "no",
                "settlement_value": 0})"));
            MarketRecord expected = legacyMarket();
            expected.status = QStringLiteral("finalized");
            expected.result = QStringLiteral("no");
            expected.settlementValue = 0;
            QTest::newRow("settled (legacy)") << item << true << none << expected;
        }

        {
            // A scalar market settles anywhere within 0 to 1 dollar, edges included.
            const QJsonObject item = patched(modern, object(R"({"market_type": "scalar", "result": "scalar",
                "settlement_value_dollars": "0.5000", "yes_bid_dollars": "0.0000", "yes_ask_dollars": "1.0000"})"));
            MarketRecord expected = modernMarket();
            expected.marketType = QStringLiteral("scalar");
            expected.result = QStringLiteral("scalar");
            expected.settlementValue = 500000;
            expected.yesBid = 0;
            expected.yesAsk = 1000000;
            QTest::newRow("scalar settlement within range") << item << true << none << expected;
        }

        const MarketRecord skipped;
        QTest::newRow("malformed price")
            << patched(modern, object(R"({"yes_ask_dollars": "0.45.1"})")) << false
            << QStringLiteral("malformed yes_ask_dollars (\"0.45.1\")") << skipped;
        QTest::newRow("price past micro-dollars")
            << patched(modern, object(R"({"no_bid_dollars": "0.1234567"})")) << false
            << QStringLiteral("malformed no_bid_dollars (\"0.1234567\")") << skipped;
        QTest::newRow("price as a JSON number")
            << patched(modern, object(R"({"yes_bid_dollars": 0.45})")) << false
            << QStringLiteral("malformed yes_bid_dollars (0.45)") << skipped;
        QTest::newRow("malformed count") << patched(modern, object(R"({"volume_fp": "12.345"})")) << false
                                         << QStringLiteral("malformed volume_fp (\"12.345\")") << skipped;
        QTest::newRow("fractional legacy count") << patched(legacy, object(R"({"volume": 12.5})")) << false
                                                 << QStringLiteral("malformed volume (12.5)") << skipped;
        QTest::newRow("legacy price as string") << patched(legacy, object(R"({"yes_bid": "45"})")) << false
                                                << QStringLiteral("malformed yes_bid (\"45\")") << skipped;
        QTest::newRow("missing ticker") << patched(modern, {}, {QStringLiteral("ticker")}) << false
                                        << QStringLiteral("missing ticker") << skipped;
        QTest::newRow("empty ticker") << patched(modern, object(R"({"ticker": ""})")) << false
                                      << QStringLiteral("empty ticker") << skipped;
        QTest::newRow("missing event_ticker") << patched(modern, {}, {QStringLiteral("event_ticker")})
                                              << false << QStringLiteral("missing event_ticker") << skipped;
        QTest::newRow("missing status") << patched(modern, {}, {QStringLiteral("status")}) << false
                                        << QStringLiteral("missing status") << skipped;
        QTest::newRow("null status") << patched(modern, object(R"({"status": null})")) << false
                                     << QStringLiteral("missing status") << skipped;
        QTest::newRow("missing title") << patched(modern, {}, {QStringLiteral("title")}) << false
                                       << QStringLiteral("missing title") << skipped;
        QTest::newRow("ticker not a string") << patched(modern, object(R"({"ticker": 42})")) << false
                                             << QStringLiteral("malformed ticker (42)") << skipped;
        QTest::newRow("bad month") << patched(modern, object(R"({"close_time": "2026-13-01T00:00:00Z"})"))
                                   << false
                                   << QStringLiteral("malformed close_time (\"2026-13-01T00:00:00Z\")")
                                   << skipped;
        QTest::newRow("time without zone")
            << patched(modern, object(R"({"open_time": "2026-01-09T15:00:00"})")) << false
            << QStringLiteral("malformed open_time (\"2026-01-09T15:00:00\")") << skipped;
        QTest::newRow("time as number")
            << patched(modern, object(R"({"expiration_time": 1768748400})")) << false
            << QStringLiteral("malformed expiration_time (1768748400)") << skipped;
        // Issue 12: values out of range or beyond qint64 were stored (the first as -9223372036854775807).
        QTest::newRow("price overflow")
            << patched(modern, object(R"({"yes_bid_dollars": "9223372036854.775809"})")) << false
            << QStringLiteral("malformed yes_bid_dollars (\"9223372036854.775809\")") << skipped;
        QTest::newRow("count overflow")
            << patched(modern, object(R"({"volume_fp": "92233720368547758.09"})")) << false
            << QStringLiteral("malformed volume_fp (\"92233720368547758.09\")") << skipped;
        QTest::newRow("price above 1 dollar")
            << patched(modern, object(R"({"yes_ask_dollars": "1.5000"})")) << false
            << QStringLiteral("malformed yes_ask_dollars (\"1.5000\"): a price outside 0 to 1 dollar")
            << skipped;
        QTest::newRow("negative price")
            << patched(modern, object(R"({"last_price_dollars": "-0.01"})")) << false
            << QStringLiteral("malformed last_price_dollars (\"-0.01\"): a price outside 0 to 1 dollar")
            << skipped;
        QTest::newRow("legacy price above 100 cents")
            << patched(legacy, object(R"({"no_bid": 150})")) << false
            << QStringLiteral("malformed no_bid (150): a price outside 0 to 1 dollar") << skipped;
        QTest::newRow("negative legacy price")
            << patched(legacy, object(R"({"no_ask": -5})")) << false
            << QStringLiteral("malformed no_ask (-5): a price outside 0 to 1 dollar") << skipped;
        QTest::newRow("settlement value above 1 dollar")
            << patched(modern, object(R"({"market_type": "scalar", "result": "scalar",
                "settlement_value_dollars": "1.0001"})"))
            << false
            << QStringLiteral(
                   "malformed settlement_value_dollars (\"1.0001\"): a price outside 0 to 1 dollar")
            << skipped;
        QTest::newRow("negative legacy settlement value")
            << patched(legacy, object(R"({"settlement_value": -1})")) << false
            << QStringLiteral("malformed settlement_value (-1): a price outside 0 to 1 dollar") << skipped;
        QTest::newRow("negative count")
            << patched(modern, object(R"({"open_interest_fp": "-1.00"})")) << false
            << QStringLiteral("malformed open_interest_fp (\"-1.00\"): a negative count") << skipped;
        QTest::newRow("negative legacy count")
            << patched(legacy, object(R"({"volume_24h": -3})")) << false
            << QStringLiteral("malformed volume_24h (-3): a negative count") << skipped;
        QTest::newRow("legacy liquidity beyond qint64 micro-dollars")
            << patched(legacy, object(R"({"liquidity": 999999999999999})")) << false
            << QStringLiteral("malformed liquidity (999999999999999)") << skipped;
        QTest::newRow("first reason wins") << patched(
            modern, object(R"({"status": "", "yes_bid_dollars": "x"})"), {QStringLiteral("ticker")})
                                           << false << QStringLiteral("missing ticker") << skipped;
    }

    void parseMarket()
    {
        QFETCH(QJsonObject, item);
        QFETCH(bool, valid);
        QFETCH(QString, reason);
        QFETCH(MarketRecord, expected);

        QString whyNot;
        const std::optional<MarketRecord> market = MarketParser::parseMarket(item, &whyNot);
        QCOMPARE(market.has_value(), valid);

        // The same item in a page read the way the sync reads it (JsonScanner's fast path first).
        const QByteArray body
            = R"({"markets":[)" + QJsonDocument(item).toJson(QJsonDocument::Compact) + R"(],"cursor":""})";
        ListPage page;
        QVERIFY(ScannerEquivalence::scan(body, &page));
        const ParsedPage scanned = MarketParser::parseMarketsPage(page);
        QCOMPARE(scanned.records.size(), valid ? 1 : 0);

        if (!valid) {
            QCOMPARE(whyNot, reason);
            QCOMPARE(scanned.skipped.value(0).reason, reason);
            return;
        }
        QVERIFY2(whyNot.isEmpty(), qPrintable(whyNot));
        const QStringList diff = differences(*market, expected);
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QStringLiteral("; "))));
        const QStringList scannedDiff = differences(scanned.records.constFirst(), expected);
        QVERIFY2(scannedDiff.isEmpty(), qPrintable(scannedDiff.join(QStringLiteral("; "))));
    }

    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<std::optional<qint64>>("seconds");

        const std::optional<qint64> invalid;
        QTest::newRow("epoch") << QStringLiteral("1970-01-01T00:00:00Z") << std::optional<qint64>(0);
        QTest::newRow("zulu") << QStringLiteral("2026-01-10T12:00:00Z") << std::optional<qint64>(1768046400);
        QTest::newRow("millis") << QStringLiteral("2026-01-10T12:00:00.123Z")
                                << std::optional<qint64>(1768046400);
        QTest::newRow("nanos") << QStringLiteral("2026-01-10T12:00:00.123456789Z")
                               << std::optional<qint64>(1768046400);
        QTest::newRow("negative offset")
            << QStringLiteral("2026-01-10T07:00:00-05:00") << std::optional<qint64>(1768046400);
        QTest::newRow("positive offset")
            << QStringLiteral("2026-01-10T17:30:00+05:30") << std::optional<qint64>(1768046400);
        QTest::newRow("offset crosses the date")
            << QStringLiteral("2026-01-09T23:00:00-13:00") << std::optional<qint64>(1768046400);
        QTest::newRow("leap day") << QStringLiteral("2000-02-29T23:59:59Z")
                                  << std::optional<qint64>(951868799);
        QTest::newRow("space separator")
            << QStringLiteral("2025-12-01 00:00:00Z") << std::optional<qint64>(1764547200);
        QTest::newRow("leap second") << QStringLiteral("2025-12-01T23:59:60Z")
                                     << std::optional<qint64>(1764633600);
        QTest::newRow("no zone") << QStringLiteral("2026-01-10T12:00:00") << invalid;
        QTest::newRow("date only") << QStringLiteral("2026-01-10") << invalid;
        QTest::newRow("not a leap year") << QStringLiteral("2026-02-29T00:00:00Z") << invalid;
        QTest::newRow("hour 24") << QStringLiteral("2026-01-10T24:00:00Z") << invalid;
        QTest::newRow("empty fraction") << QStringLiteral("2026-01-10T12:00:00.Z") << invalid;
        QTest::newRow("trailing text") << QStringLiteral("2026-01-10T12:00:00Zjunk") << invalid;
        QTest::newRow("short offset") << QStringLiteral("2026-01-10T12:00:00+05") << invalid;
        QTest::newRow("letters") << QStringLiteral("2026-0a-10T12:00:00Z") << invalid;
        QTest::newRow("empty") << QString() << invalid;
    }

    void rfc3339()
    {
        QFETCH(QString, text);
        QFETCH(std::optional<qint64>, seconds);
        QCOMPARE(MarketParser::parseRfc3339(text), seconds);
    }

    void parseMarketsPage()
    {
        QJsonArray items;
        const QJsonObject modern = object(modernMarketJson);
        items.append(modern);
        items.append(
            patched(modern, object(R"({"ticker": "KXHIGHNY-26JAN10-B47.5", "yes_bid_dollars": "bad"})")));
        items.append(patched(modern, object(R"({"ticker": "KXHIGHNY-26JAN10-B49.5"})")));
        items.append(QJsonValue(42));
        items.append(patched(modern, {}, {QStringLiteral("ticker")}));
        items.append(object(legacyMarketJson));

        const ParsedPage page = MarketParser::parseMarketsPage(items);
        QCOMPARE(page.records.size(), 3);
        QCOMPARE(page.records.at(0).ticker, QStringLiteral("KXHIGHNY-26JAN10-B45.5"));
        QCOMPARE(page.records.at(1).ticker, QStringLiteral("KXHIGHNY-26JAN10-B49.5"));
        QCOMPARE(page.records.at(2).volume, std::optional<qint64>(387700));
        QCOMPARE(page.skippedCount(), 3);
        QCOMPARE(page.skipped.at(0).ticker, QStringLiteral("KXHIGHNY-26JAN10-B47.5"));
        QCOMPARE(page.skipped.at(0).reason, QStringLiteral("malformed yes_bid_dollars (\"bad\")"));
        QCOMPARE(page.skipped.at(1).ticker, QString());
        QCOMPARE(page.skipped.at(1).reason, QStringLiteral("item is not an object"));
        QCOMPARE(page.skipped.at(2).ticker, QString());
        QCOMPARE(page.skipped.at(2).reason, QStringLiteral("missing ticker"));

        QCOMPARE(MarketParser::parseMarketsPage(QJsonArray()).records.size(), 0);
    }

    void settlementFromMarket_data()
    {
        QTest::addColumn<QString>("result");
        QTest::addColumn<std::optional<qint64>>("settlementTs");
        QTest::addColumn<std::optional<qint64>>("expirationTime");
        QTest::addColumn<std::optional<qint64>>("settlementValue");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("settledAt");
        QTest::addColumn<QString>("reason");

        const std::optional<qint64> none;
        const std::optional<qint64> ts(1768684020);
        const std::optional<qint64> expiry(1768748400);
        QTest::newRow("settlement_ts preferred")
            << QStringLiteral("yes") << ts << expiry << std::optional<qint64>(1000000) << true
            << qint64(1768684020) << QString();
        QTest::newRow("expiration fallback")
            << QStringLiteral("no") << none << expiry << std::optional<qint64>(0) << true
            << qint64(1768748400) << QString();
        QTest::newRow("void") << QStringLiteral("void") << ts << none << none << true << qint64(1768684020)
                              << QString();
        QTest::newRow("scalar") << QStringLiteral("scalar") << ts << expiry << std::optional<qint64>(372500)
                                << true << qint64(1768684020) << QString();
        QTest::newRow("no result yet")
            << QString() << ts << expiry << none << false << qint64(0) << QStringLiteral("no result yet");
        QTest::newRow("unknown result") << QStringLiteral("maybe") << ts << expiry << none << false
                                        << qint64(0) << QStringLiteral("unknown result \"maybe\"");
        QTest::newRow("no time") << QStringLiteral("yes") << none << none << none << false << qint64(0)
                                 << QStringLiteral("neither settlement_ts nor expiration_time");
    }

    void settlementFromMarket()
    {
        QFETCH(QString, result);
        QFETCH(std::optional<qint64>, settlementTs);
        QFETCH(std::optional<qint64>, expirationTime);
        QFETCH(std::optional<qint64>, settlementValue);
        QFETCH(bool, valid);
        QFETCH(qint64, settledAt);
        QFETCH(QString, reason);

        MarketRecord market = modernMarket();
        market.result = result;
        market.settlementTs = settlementTs;
        market.expirationTime = expirationTime;
        market.settlementValue = settlementValue;
        QString whyNot;
        const std::optional<SettlementRecord> settlement
            = MarketParser::settlementFromMarket(market, &whyNot);
        QCOMPARE(settlement.has_value(), valid);
        QCOMPARE(whyNot, reason);
        if (!valid)
            return;
        QCOMPARE(settlement->ticker, market.ticker);
        QCOMPARE(settlement->eventTicker, market.eventTicker);
        QCOMPARE(settlement->result, result);
        QCOMPARE(settlement->settledAt, settledAt);
        QCOMPARE(settlement->settlementValue, settlementValue);
    }

    void settlementFromParsedJson()
    {
        // The whole path: a settled item from the API to the row for the settlements table.
        const QJsonObject item
            = patched(object(modernMarketJson), object(R"({"status": "finalized", "result": "no",
            "settlement_ts": "2026-01-17T21:07:00Z", "settlement_value_dollars": "0.0000"})"));
        const std::optional<MarketRecord> market = MarketParser::parseMarket(item);
        QVERIFY(market);
        const std::optional<SettlementRecord> settlement = MarketParser::settlementFromMarket(*market);
        QVERIFY(settlement);
        QCOMPARE(settlement->result, QStringLiteral("no"));
        QCOMPARE(settlement->settledAt, qint64(1768684020));
        QCOMPARE(settlement->settlementValue, std::optional<qint64>(0));

        // An open market (result "") is no settlement.
        const std::optional<MarketRecord> open = MarketParser::parseMarket(object(modernMarketJson));
        QVERIFY(open);
        QVERIFY(open->result.isNull());
        QVERIFY(!MarketParser::settlementFromMarket(*open));
    }

    void snapshotFromMarket()
    {
        MarketRecord market = modernMarket();
        market.volume24h.reset();
        const SnapshotRecord snapshot = MarketParser::snapshotFromMarket(market, 1768046400);
        QCOMPARE(snapshot.ticker, market.ticker);
        QCOMPARE(snapshot.snapshotTime, qint64(1768046400));
        QCOMPARE(snapshot.yesBid, std::optional<qint64>(450000));
        QCOMPARE(snapshot.yesAsk, std::optional<qint64>(470000));
        QCOMPARE(snapshot.noBid, std::optional<qint64>(530000));
        QCOMPARE(snapshot.noAsk, std::optional<qint64>(550000));
        QCOMPARE(snapshot.lastPrice, std::optional<qint64>(460000));
        QCOMPARE(snapshot.volume, std::optional<qint64>(387756));
        QCOMPARE(snapshot.volume24h, std::optional<qint64>());
        QCOMPARE(snapshot.openInterest, std::optional<qint64>(250000));
    }

    void parseEvent_data()
    {
        QTest::addColumn<QJsonObject>("item");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<EventRecord>("expected");

        const QJsonObject event = object(R"({
            "event_ticker": "KXHIGHNY-26JAN10",
            "series_ticker": "KXHIGHNY",
            "title": "Highest temperature in NYC on Jan 10, 2026?",
            "sub_title": "On Jan 10, 2026",
            "category": "Climate and Weather",
            "collateral_return_type": "",
            "mutually_exclusive": true,
            "available_on_brokers": true,
            "strike_date": "2026-01-11T04:59:00Z",
            "strike_period": "",
            "product_metadata": {}
        })");
        EventRecord expected;
        expected.ticker = QStringLiteral("KXHIGHNY-26JAN10");
        expected.seriesTicker = QStringLiteral("KXHIGHNY");
        expected.title = QStringLiteral("Highest temperature in NYC on Jan 10, 2026?");
        expected.subTitle = QStringLiteral("On Jan 10, 2026");
        expected.category = QStringLiteral("Climate and Weather");
        expected.mutuallyExclusive = true;
        QTest::newRow("typical") << event << true << QString() << expected;

        EventRecord derived = expected;
        derived.subTitle = QString();
        derived.mutuallyExclusive.reset();
        QTest::newRow("series derived, empty sub_title, null flag") << patched(event,
            object(R"({"sub_title": "", "mutually_exclusive": null})"), {QStringLiteral("series_ticker")})
                                                                    << true << QString() << derived;

        EventRecord untitled = expected;
        untitled.title = untitled.ticker;
        QTest::newRow("empty title") << patched(event, object(R"({"title": ""})")) << true << QString()
                                     << untitled;

        QTest::newRow("missing event_ticker") << patched(event, {}, {QStringLiteral("event_ticker")}) << false
                                              << QStringLiteral("missing event_ticker") << EventRecord();
        QTest::newRow("flag not a bool")
            << patched(event, object(R"({"mutually_exclusive": "yes"})")) << false
            << QStringLiteral("malformed mutually_exclusive (\"yes\")") << EventRecord();
    }

    void parseEvent()
    {
        QFETCH(QJsonObject, item);
        QFETCH(bool, valid);
        QFETCH(QString, reason);
        QFETCH(EventRecord, expected);

        QString whyNot;
        const std::optional<EventRecord> event = MarketParser::parseEvent(item, &whyNot);
        QCOMPARE(event.has_value(), valid);
        QCOMPARE(whyNot, reason);
        if (!valid)
            return;
        QCOMPARE(event->ticker, expected.ticker);
        QCOMPARE(event->seriesTicker, expected.seriesTicker);
        QCOMPARE(event->title, expected.title);
        QCOMPARE(event->subTitle, expected.subTitle);
        QCOMPARE(event->subTitle.isNull(), expected.subTitle.isNull());
        QCOMPARE(event->category, expected.category);
        QCOMPARE(event->mutuallyExclusive, expected.mutuallyExclusive);
    }

    void parseEventsPage()
    {
        QJsonArray items;
        items.append(object(R"({"event_ticker": "A-1", "title": "A"})"));
        items.append(object(R"({"title": "no ticker"})"));
        const ParsedEventPage page = MarketParser::parseEventsPage(items);
        QCOMPARE(page.records.size(), 1);
        QCOMPARE(page.records.first().seriesTicker, QStringLiteral("A"));
        QCOMPARE(page.skippedCount(), 1);
        QCOMPARE(page.skipped.first().reason, QStringLiteral("missing event_ticker"));
    }
};

KM_TEST_GUILESS_MAIN(TstMarketParser)
#include "tst_marketparser.moc"
