#include "network/candleparser.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace CandleParser;

namespace {

// The recorded responses live beside the checkout (../shared/real-kalshi), never inside it.
QString realKalshiDir()
{
    const QByteArray overridden = qgetenv("KM_REAL_KALSHI_DIR");
    return overridden.isEmpty() ? QStringLiteral(KM_REAL_KALSHI_DIR) : QString::fromLocal8Bit(overridden);
}

// The file's response object (the dual_ files wrap it in the recorder's {"_metadata", "response"}).
QJsonObject recordedResponse(const QString &name, QString *missing)
{
    QFile file(QDir(realKalshiDir()).filePath(name));
    if (!file.open(QIODevice::ReadOnly)) {
        *missing = QStringLiteral(
            "SKIP: recorded Kalshi response %1 not found (expected in %2, beside the checkout)")
                       .arg(name, realKalshiDir());
        return QJsonObject();
    }
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    return root.contains(QLatin1String("response")) ? root.value(QLatin1String("response")).toObject() : root;
}

// "0.6400" -> 640000 by plain digit arithmetic, independent of FixedPoint: the file's own text is
// the expectation.
std::optional<qint64> microsOf(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    const qsizetype point = text.indexOf(u'.');
    if (point < 0 || text.size() - point - 1 != 4)
        qFatal("unexpected dollar string %s", qPrintable(text));
    return QString(text).remove(u'.').toLongLong() * 100;
}

std::optional<qint64> centiOf(const QJsonObject &candle, QLatin1String modern, QLatin1String legacy)
{
    if (candle.value(modern).isString())
        return QString(candle.value(modern).toString()).remove(u'.').toLongLong();
    if (candle.value(legacy).isDouble())
        return candle.value(legacy).toInteger() * 100;
    return std::nullopt;
}

std::optional<qint64> priceField(const QJsonObject &candle, QLatin1String object, QLatin1String field)
{
    return microsOf(candle.value(object).toObject().value(field));
}

} // namespace

class TestCandleParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    // Every candle of every recorded file, field by field, against the file's own strings.
    void recordedFilesAreReadExactly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("period");
        QTest::addColumn<int>("withoutTrade"); // candles whose price has no close
        QTest::newRow("daily Jan 2026, close null")
            << "dual_2026-01_series_candlesticks_daily__kalshi-starter-golden.json" << 1440 << 22;
        QTest::newRow("hourly Jun 2026")
            << "current_2026-06_candlesticks_hourly__nba-market-engine.json" << 60 << 0;
        QTest::newRow("1 minute Sep 2026, sparse")
            << "current_2026-09_candlesticks_1min__cfb-canes-analytics.json" << 1 << 15;
    }

    void recordedFilesAreReadExactly()
    {
        QFETCH(QString, file);
        QFETCH(int, period);
        QFETCH(int, withoutTrade);
        QString missing;
        const QJsonObject response = recordedResponse(file, &missing);
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
        const QString ticker = response.value(QLatin1String("ticker")).toString();
        QVERIFY(!ticker.isEmpty());
        const QJsonArray items = response.value(QLatin1String("candlesticks")).toArray();
        QVERIFY(!items.isEmpty());

        const ParsedCandles parsed = parseResponse(response, ticker, period);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.skipped.size(), 0);
        QCOMPARE(parsed.candles.size(), items.size());
        int noTrade = 0;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonObject item = items.at(i).toObject();
            const CandleRecord &candle = parsed.candles.at(i);
            QCOMPARE(candle.ticker, ticker);
            QCOMPARE(candle.periodMinutes, period);
            QCOMPARE(candle.periodEnd, item.value(QLatin1String("end_period_ts")).toInteger());
            const QLatin1String bid("yes_bid");
            const QLatin1String ask("yes_ask");
            const QLatin1String price("price");
            QCOMPARE(candle.yesBidOpen, priceField(item, bid, QLatin1String("open_dollars")));
            QCOMPARE(candle.yesBidHigh, priceField(item, bid, QLatin1String("high_dollars")));
            QCOMPARE(candle.yesBidLow, priceField(item, bid, QLatin1String("low_dollars")));
            QCOMPARE(candle.yesBidClose, priceField(item, bid, QLatin1String("close_dollars")));
            QCOMPARE(candle.yesAskOpen, priceField(item, ask, QLatin1String("open_dollars")));
            QCOMPARE(candle.yesAskHigh, priceField(item, ask, QLatin1String("high_dollars")));
            QCOMPARE(candle.yesAskLow, priceField(item, ask, QLatin1String("low_dollars")));
            QCOMPARE(candle.yesAskClose, priceField(item, ask, QLatin1String("close_dollars")));
            QCOMPARE(candle.priceOpen, priceField(item, price, QLatin1String("open_dollars")));
            QCOMPARE(candle.priceHigh, priceField(item, price, QLatin1String("high_dollars")));
            QCOMPARE(candle.priceLow, priceField(item, price, QLatin1String("low_dollars")));
            QCOMPARE(candle.priceClose, priceField(item, price, QLatin1String("close_dollars")));
            QCOMPARE(candle.pricePrevious, priceField(item, price, QLatin1String("previous_dollars")));
            QVERIFY(candle.pricePrevious.has_value());
            QVERIFY(candle.yesBidClose.has_value() && candle.yesAskClose.has_value());
            QCOMPARE(candle.volume, centiOf(item, QLatin1String("volume_fp"), QLatin1String("volume")));
            QCOMPARE(candle.openInterest,
                centiOf(item, QLatin1String("open_interest_fp"), QLatin1String("open_interest")));
            QVERIFY(candle.volume.has_value() && candle.openInterest.has_value());
            if (!candle.priceClose) {
                ++noTrade;
                QVERIFY(!candle.priceOpen && !candle.priceHigh && !candle.priceLow);
                QCOMPARE(*candle.volume, 0);
            }
        }
        QCOMPARE(noTrade, withoutTrade);
    }

    // A few values read by eye from each file, in the stored units, beside the field-by-field check.
    void recordedSpotValues()
    {
        QString missing;
        const QJsonObject daily = recordedResponse(
            QStringLiteral("dual_2026-01_series_candlesticks_daily__kalshi-starter-golden.json"), &missing);
        const QJsonObject hourly = recordedResponse(
            QStringLiteral("current_2026-06_candlesticks_hourly__nba-market-engine.json"), &missing);
        const QJsonObject minute = recordedResponse(
            QStringLiteral("current_2026-09_candlesticks_1min__cfb-canes-analytics.json"), &missing);
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));

        // Daily, January 2026: the first period had no trade (close null), integer counts.
        const ParsedCandles d = parseResponse(daily, QStringLiteral("KXELONMARS-99"), 1440);
        QVERIFY(d.ok());
        QCOMPARE(d.candles.first().periodEnd, 1760500800);
        QVERIFY(!d.candles.first().priceClose);
        QCOMPARE(d.candles.first().pricePrevious, 110000);
        QCOMPARE(d.candles.first().yesBidClose, 80000);
        QCOMPARE(d.candles.first().openInterest, 1243200); // 12432 whole contracts
        QCOMPARE(d.candles.first().volume, 0);

        // Hourly, June 2026: traded periods, fractional contract counts.
        const ParsedCandles h = parseResponse(hourly, QStringLiteral("KXNBAGAME-26JUN13NYKSAS-SAS"), 60);
        QVERIFY(h.ok());
        QCOMPARE(h.candles.size(), 3);
        QCOMPARE(h.candles.first().periodEnd, 1781301600);
        QCOMPARE(h.candles.first().priceOpen, 650000);
        QCOMPARE(h.candles.first().priceClose, 640000);
        QCOMPARE(h.candles.first().volume, 7357084);
        QCOMPARE(h.candles.first().openInterest, 155891090);
        QCOMPARE(h.candles.at(1).periodEnd - h.candles.at(0).periodEnd, 3600);

        // One minute, September 2026: the third candle has only price.previous_dollars, and the
        // series skips minutes (1789387800 follows 1789387380).
        const QString ticker = minute.value(QLatin1String("ticker")).toString();
        const ParsedCandles m = parseResponse(minute, ticker, 1);
        QVERIFY(m.ok());
        QCOMPARE(m.candles.at(1).periodEnd - m.candles.at(0).periodEnd, 420);
        QCOMPARE(m.candles.at(2).periodEnd, 1789387920);
        QVERIFY(!m.candles.at(2).priceClose && !m.candles.at(2).priceOpen);
        QCOMPARE(m.candles.at(2).pricePrevious, 490000);
        QCOMPARE(m.candles.at(2).yesAskClose, 500000);
        QCOMPARE(m.candles.at(2).openInterest, 155627);
    }

    void malformedCandlesAreSkipped_data()
    {
        QTest::addColumn<QByteArray>("candle");
        QTest::addColumn<QString>("reason");
        QTest::newRow("price above 1 dollar")
            << QByteArray(R"({"end_period_ts": 60, "price": {"close_dollars": "1.0100"}})")
            << "a price outside 0 to 1 dollar";
        QTest::newRow("negative bid")
            << QByteArray(R"({"end_period_ts": 60, "yes_bid": {"open_dollars": "-0.0100"}})")
            << "a price outside";
        QTest::newRow("legacy cents above 100")
            << QByteArray(R"({"end_period_ts": 60, "price": {"close": 101}})") << "a price outside";
        QTest::newRow("more than 6 decimals")
            << QByteArray(R"({"end_period_ts": 60, "price": {"close_dollars": "0.1234567"}})")
            << "malformed close_dollars";
        QTest::newRow("number where a string belongs")
            << QByteArray(R"({"end_period_ts": 60, "yes_ask": {"close_dollars": 0.5}})")
            << "malformed close_dollars";
        QTest::newRow("negative volume")
            << QByteArray(R"({"end_period_ts": 60, "volume_fp": "-1.00"})") << "a negative count";
        QTest::newRow("count beyond 64 bits")
            << QByteArray(R"({"end_period_ts": 60, "open_interest_fp": "99999999999999999999.00"})")
            << "malformed open_interest_fp";
        QTest::newRow("price not an object")
            << QByteArray(R"({"end_period_ts": 60, "price": 5})") << "malformed price";
        QTest::newRow("no end") << QByteArray(R"({"price": {"close_dollars": "0.5000"}})")
                                << "missing end_period_ts";
        QTest::newRow("fractional end")
            << QByteArray(R"({"end_period_ts": 60.5})") << "malformed end_period_ts";
        QTest::newRow("end as a string")
            << QByteArray(R"({"end_period_ts": "60"})") << "malformed end_period_ts";
    }

    void malformedCandlesAreSkipped()
    {
        QFETCH(QByteArray, candle);
        QFETCH(QString, reason);
        const QByteArray body = R"({"ticker": "T", "candlesticks": [)" + candle
            + R"(, {"end_period_ts": 120, "price": {"previous_dollars": "0.5000"}}]})";
        const ParsedCandles parsed = parseResponse(body, QStringLiteral("T"), 1);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.skipped.size(), 1);
        QVERIFY2(parsed.skipped.first().reason.contains(reason), qPrintable(parsed.skipped.first().reason));
        QCOMPARE(parsed.candles.size(), 1);
        QCOMPARE(parsed.candles.first().periodEnd, 120);
        QCOMPARE(parsed.candles.first().pricePrevious, 500000);
    }

    void edgePricesAreKept()
    {
        const ParsedCandles parsed = parseResponse(
            QByteArray(R"({"candlesticks": [{"end_period_ts": 60, "yes_bid": {"low_dollars": "0.0000"},
                           "yes_ask": {"high_dollars": "1.0000"}, "price": {"close_dollars": "0.0010"}}]})"),
            QStringLiteral("T"), 1);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.candles.size(), 1);
        QCOMPARE(parsed.candles.first().yesBidLow, 0);
        QCOMPARE(parsed.candles.first().yesAskHigh, 1000000);
        QCOMPARE(parsed.candles.first().priceClose, 1000);
    }

    void responseLevelProblems()
    {
        QVERIFY(!parseResponse(QByteArray("not json"), QStringLiteral("T"), 60).ok());
        QVERIFY(!parseResponse(QByteArray(R"({"candlesticks": 5})"), QStringLiteral("T"), 60).ok());
        QVERIFY(
            !parseResponse(QByteArray(R"({"ticker": "OTHER", "candlesticks": []})"), QStringLiteral("T"), 60)
                 .ok());
        const ParsedCandles empty
            = parseResponse(QByteArray(R"({"ticker": "T", "candlesticks": null})"), QStringLiteral("T"), 60);
        QVERIFY(empty.ok());
        QVERIFY(empty.candles.isEmpty());
    }
};

KM_TEST_GUILESS_MAIN(TestCandleParser)
#include "tst_candleparser.moc"
