#include "fixedpoint.h"
#include "marketgenerator.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

namespace {

constexpr qint64 kTestTime = 1795000000; // 2026-11-18, fixed so that no test depends on the wall clock

QJsonObject parseMarket(const MarketGenerator &generator, int market, qint64 bucket)
{
    QByteArray json;
    generator.appendMarketJson(json, market, bucket);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qWarning("market %d is not a JSON object: %s", market, qPrintable(error.errorString()));
    return document.object();
}

qint64 pips(const QJsonValue &value)
{
    const std::optional<qint64> micros = FixedPoint::dollarsToMicros(value.toString());
    return micros ? *micros / 100 : -1;
}

bool isRfc3339Utc(const QJsonValue &value)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$)"));
    return value.isString() && pattern.match(value.toString()).hasMatch()
        && QDateTime::fromString(value.toString(), Qt::ISODate).isValid();
}

qint64 unixTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate).toSecsSinceEpoch();
}

} // namespace

class TstMarketGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void sameSeedSameUniverse()
    {
        const MarketGenerator first({});
        const MarketGenerator second({});
        MarketGenerator::Options otherSeed;
        otherSeed.seed = 2;
        const MarketGenerator third(otherSeed);
        const qint64 bucket = first.bucketAt(kTestTime);

        QByteArray a;
        QByteArray b;
        QByteArray c;
        for (int i = 0; i < first.marketCount(); ++i) {
            first.appendMarketJson(a, i, bucket);
            second.appendMarketJson(b, i, bucket);
            third.appendMarketJson(c, i, bucket);
        }
        for (int e = 0; e < first.eventCount(); ++e) {
            first.appendEventJson(a, e, bucket, true);
            second.appendEventJson(b, e, bucket, true);
        }
        QCOMPARE(first.marketCount(), 2000);
        QVERIFY(a.size() > qsizetype(2000) * 500);
        QVERIFY(a == b);
        QVERIFY(a != c);
    }

    void tickerScheme()
    {
        const MarketGenerator generator({});
        static const QRegularExpression eventPattern(QStringLiteral(R"(^(KX(MVE)?SIM\d+)-26DEC(\d\d)$)"));
        QSet<QString> eventTickers;
        for (int e = 0; e < generator.eventCount(); ++e) {
            const QString ticker = generator.eventTicker(e);
            const QRegularExpressionMatch match = eventPattern.match(ticker);
            QVERIFY2(match.hasMatch(), qPrintable(ticker));
            QCOMPARE(match.captured(1), generator.seriesTicker(generator.seriesOf(e)));
            QCOMPARE(
                match.hasCaptured(2), generator.eventKind(e) == MarketGenerator::EventKind::Multivariate);
            QVERIFY(match.captured(3).toInt() >= 1 && match.captured(3).toInt() <= 31);
            QCOMPARE(generator.eventIndex(ticker), e);
            eventTickers.insert(ticker);
        }
        QCOMPARE(eventTickers.size(), generator.eventCount());

        QSet<QString> marketTickers;
        for (int i = 0; i < generator.marketCount(); ++i) {
            const QString ticker = generator.marketTicker(i);
            QCOMPARE(ticker, generator.eventTicker(generator.eventOf(i)) + u"-M" + QString::number(i));
            QCOMPARE(generator.marketIndex(ticker), i);
            marketTickers.insert(ticker);
        }
        QCOMPARE(marketTickers.size(), generator.marketCount());
        QCOMPARE(generator.marketIndex(u"KXSIM1-26DEC05-M999999"), -1);
        QCOMPARE(generator.marketIndex(u"nonsense"), -1);
        // The right index under the wrong event is not a ticker of ours.
        const int other = generator.eventOf(0) == 0 ? 1 : 0;
        QCOMPARE(generator.marketIndex(QString(generator.eventTicker(other) + u"-M0")), -1);
    }

    void ratios()
    {
        const MarketGenerator generator({});
        const std::vector<int> &listed = generator.listedEvents();
        const QSet<int> listedSet(listed.begin(), listed.end());
        QCOMPARE(int(listed.size()), 200);

        int legacy = 0;
        int mve = 0;
        int orphan = 0;
        int settled = 0;
        QHash<MarketGenerator::Status, int> statuses;
        QHash<MarketGenerator::Result, int> results;
        for (int i = 0; i < generator.marketCount(); ++i) {
            legacy += generator.isLegacy(i);
            mve += generator.isMultivariate(i);
            orphan += generator.isOrphan(i);
            settled += generator.isSettled(i);
            ++statuses[generator.status(i)];
            ++results[generator.result(i)];
            QCOMPARE(listedSet.contains(generator.eventOf(i)), !generator.isOrphan(i));
            QCOMPARE(generator.isMultivariate(i),
                generator.eventKind(generator.eventOf(i)) == MarketGenerator::EventKind::Multivariate);
            QCOMPARE(generator.result(i) == MarketGenerator::Result::None, !generator.isSettled(i));
        }
        // About 1 in 10, 1 in 8 and 1 in 15 of 2000; settled is exact.
        QVERIFY2(legacy >= 150 && legacy <= 250, qPrintable(QString::number(legacy)));
        QVERIFY2(mve >= 190 && mve <= 310, qPrintable(QString::number(mve)));
        QVERIFY2(orphan >= 90 && orphan <= 180, qPrintable(QString::number(orphan)));
        QCOMPARE(settled, 300);
        for (const auto status : {MarketGenerator::Status::Initialized, MarketGenerator::Status::Active,
                 MarketGenerator::Status::Inactive, MarketGenerator::Status::Closed,
                 MarketGenerator::Status::Determined, MarketGenerator::Status::Finalized})
            QVERIFY2(statuses.value(status) > 0, MarketGenerator::statusName(status).constData());
        QVERIFY(statuses.value(MarketGenerator::Status::Active) > generator.marketCount() * 7 / 10);
        QVERIFY(results.value(MarketGenerator::Result::Yes) > 100);
        QVERIFY(results.value(MarketGenerator::Result::No) > 100);
        QVERIFY(results.value(MarketGenerator::Result::Void) < 30);
    }

    void settledCountIsExact_data()
    {
        QTest::addColumn<int>("markets");
        QTest::addColumn<int>("settled");
        QTest::newRow("defaults") << 2000 << 300;
        QTest::newRow("all") << 50 << 50;
        QTest::newRow("none") << 50 << 0;
        QTest::newRow("more than markets") << 40 << 300;
        QTest::newRow("multiple of the first stride") << 7919 * 2 << 1234;
        QTest::newRow("100k") << 100000 << 300;
    }

    void settledCountIsExact()
    {
        QFETCH(int, markets);
        QFETCH(int, settled);
        MarketGenerator::Options options;
        options.markets = markets;
        options.settled = settled;
        const MarketGenerator generator(options);
        int count = 0;
        for (int i = 0; i < generator.marketCount(); ++i)
            count += generator.isSettled(i);
        QCOMPARE(count, qMin(settled, markets));
    }

    void shapes()
    {
        const MarketGenerator generator({});
        const qint64 bucket = generator.bucketAt(kTestTime);
        static const QRegularExpression dollars(QStringLiteral(R"(^\d+\.\d{4}$)"));
        static const QRegularExpression counts(QStringLiteral(R"(^\d+\.\d{2}$)"));
        const QStringList modernPrices = {
            QStringLiteral("yes_bid_dollars"),
            QStringLiteral("yes_ask_dollars"),
            QStringLiteral("no_bid_dollars"),
            QStringLiteral("no_ask_dollars"),
            QStringLiteral("last_price_dollars"),
            QStringLiteral("liquidity_dollars"),
        };
        const QStringList modernCounts = {
            QStringLiteral("volume_fp"), QStringLiteral("volume_24h_fp"), QStringLiteral("open_interest_fp")};
        const QStringList legacyFields
            = {QStringLiteral("yes_bid"), QStringLiteral("yes_ask"), QStringLiteral("no_bid"),
                QStringLiteral("no_ask"), QStringLiteral("last_price"), QStringLiteral("liquidity"),
                QStringLiteral("volume"), QStringLiteral("volume_24h"), QStringLiteral("open_interest")};
        const QStringList times
            = {QStringLiteral("open_time"), QStringLiteral("close_time"), QStringLiteral("expiration_time"),
                QStringLiteral("created_time"), QStringLiteral("updated_time")};

        int subPenny = 0;
        int fractional = 0;
        int emptyBooks = 0;
        int negativeLegacyLiquidity = 0;
        for (int i = 0; i < generator.marketCount(); ++i) {
            const QJsonObject market = parseMarket(generator, i, bucket);
            const QByteArray where = generator.marketTicker(i).toLatin1();
            QCOMPARE(market.value(u"ticker").toString(), generator.marketTicker(i));
            QCOMPARE(market.value(u"event_ticker").toString(), generator.eventTicker(generator.eventOf(i)));
            QCOMPARE(market.value(u"market_type").toString(), QStringLiteral("binary"));
            QVERIFY(!market.value(u"title").toString().isEmpty());
            QCOMPARE(market.value(u"status").toString(),
                QString::fromLatin1(MarketGenerator::statusName(generator.status(i))));
            for (const QString &field : times)
                QVERIFY2(isRfc3339Utc(market.value(field)),
                    QByteArray(where + ' ' + field.toLatin1()).constData());
            QVERIFY(unixTime(market.value(u"created_time")) <= unixTime(market.value(u"open_time")));
            QVERIFY(unixTime(market.value(u"open_time")) < unixTime(market.value(u"close_time")));

            if (generator.isSettled(i)) {
                QVERIFY(isRfc3339Utc(market.value(u"settlement_ts")));
                QVERIFY(unixTime(market.value(u"settlement_ts")) > unixTime(market.value(u"close_time")));
                QVERIFY(
                    unixTime(market.value(u"settlement_ts")) != unixTime(market.value(u"expiration_time")));
                const QString result = market.value(u"result").toString();
                QVERIFY2(result == u"yes" || result == u"no" || result == u"void", where.constData());
            } else {
                QVERIFY(!market.contains(u"settlement_ts"));
                QCOMPARE(market.value(u"result").toString(), QString());
            }

            if (generator.isMultivariate(i)) {
                QVERIFY(market.value(u"event_ticker").toString().startsWith(u"KXMVE"));
                // One collection per multivariate series: KXMVESIM7 -> KXMVESIMCOLL7.
                const QString series = generator.seriesTicker(generator.seriesOf(generator.eventOf(i)));
                QCOMPARE(market.value(u"mve_collection_ticker").toString(),
                    QString(u"KXMVESIMCOLL" + series.mid(QStringLiteral("KXMVESIM").size())));
                const QJsonArray legs = market.value(u"mve_selected_legs").toArray();
                QVERIFY2(legs.size() >= 2, where.constData());
                for (const QJsonValue leg : legs) {
                    const int legMarket = generator.marketIndex(leg[u"market_ticker"].toString());
                    QVERIFY(legMarket >= 0);
                    QCOMPARE(
                        leg[u"event_ticker"].toString(), generator.eventTicker(generator.eventOf(legMarket)));
                    QVERIFY(leg[u"side"].toString() == u"yes" || leg[u"side"].toString() == u"no");
                }
            } else {
                QVERIFY(!market.contains(u"mve_collection_ticker"));
                QVERIFY(!market.contains(u"mve_selected_legs"));
                QVERIFY(!market.value(u"event_ticker").toString().startsWith(u"KXMVE"));
            }

            if (generator.isLegacy(i)) {
                for (const QString &field : legacyFields)
                    QVERIFY2(market.value(field).isDouble(),
                        QByteArray(where + ' ' + field.toLatin1()).constData());
                for (auto it = market.constBegin(); it != market.constEnd(); ++it)
                    QVERIFY2(!it.key().endsWith(u"_dollars") && !it.key().endsWith(u"_fp"),
                        QByteArray(where + ' ' + it.key().toLatin1()).constData());
                if (generator.isSettled(i)) {
                    const int value = market.value(u"settlement_value").toInt(-1);
                    QVERIFY(value == 0 || value == 100);
                }
                negativeLegacyLiquidity += market.value(u"liquidity").toInt() < 0;
            } else {
                for (const QString &field : modernPrices)
                    QVERIFY2(dollars.match(market.value(field).toString()).hasMatch(),
                        QByteArray(where + ' ' + field.toLatin1()).constData());
                for (const QString &field : modernCounts)
                    QVERIFY2(counts.match(market.value(field).toString()).hasMatch(),
                        QByteArray(where + ' ' + field.toLatin1()).constData());
                for (const QString &field : legacyFields)
                    QVERIFY2(!market.contains(field), QByteArray(where + ' ' + field.toLatin1()).constData());
                if (generator.isSettled(i)) {
                    const QString value = market.value(u"settlement_value_dollars").toString();
                    QVERIFY2(value == u"1.0000" || value == u"0.0000", where.constData());
                    QCOMPARE(value == u"1.0000", market.value(u"result").toString() == u"yes");
                } else {
                    QVERIFY(!market.contains(u"settlement_value_dollars"));
                }
                const qint64 bid = pips(market.value(u"yes_bid_dollars"));
                subPenny += bid > 0 && bid < 100 && bid % 100 != 0;
                fractional += !market.value(u"volume_fp").toString().endsWith(u".00");
                emptyBooks += generator.status(i) == MarketGenerator::Status::Active
                    && market.value(u"yes_bid_dollars").toString() == u"0.0000"
                    && market.value(u"yes_ask_dollars").toString() == u"1.0000";
            }
        }
        QVERIFY2(subPenny >= 5, qPrintable(QString::number(subPenny)));
        QVERIFY2(fractional >= 100, qPrintable(QString::number(fractional)));
        QVERIFY2(emptyBooks >= 10 && emptyBooks <= 100, qPrintable(QString::number(emptyBooks)));
        QVERIFY(negativeLegacyLiquidity >= 1);
    }

    void subPennyLooksLikeTheApi()
    {
        const MarketGenerator generator({});
        const qint64 bucket = generator.bucketAt(kTestTime);
        bool found = false;
        for (int i = 0; i < generator.marketCount() && !found; ++i) {
            if (!generator.isLegacy(i))
                found = parseMarket(generator, i, bucket).value(u"yes_bid_dollars").toString() == u"0.0010";
        }
        QVERIFY(found);
    }

    void eventShapes()
    {
        const MarketGenerator generator({});
        const QStringList categories = {QStringLiteral("Politics"), QStringLiteral("Economics"),
            QStringLiteral("Climate"), QStringLiteral("Sports"), QStringLiteral("Financials")};
        for (int e = 0; e < generator.eventCount(); ++e) {
            QByteArray json;
            generator.appendEventJson(json, e, 0, e % 2 == 0);
            const QJsonObject event = QJsonDocument::fromJson(json).object();
            QCOMPARE(event.value(u"event_ticker").toString(), generator.eventTicker(e));
            QCOMPARE(event.value(u"series_ticker").toString(), generator.seriesTicker(generator.seriesOf(e)));
            QVERIFY(!event.value(u"title").toString().isEmpty());
            QVERIFY(event.value(u"sub_title").isString());
            QVERIFY(categories.contains(event.value(u"category").toString()));
            QVERIFY(event.value(u"mutually_exclusive").isBool());
            QVERIFY(event.value(u"collateral_return_type").isString());
            QVERIFY(event.value(u"strike_period").isString());
            if (e % 2 == 0) {
                const QJsonArray markets = event.value(u"markets").toArray();
                QCOMPARE(markets.size(), qsizetype(generator.marketsOfEvent(e).size()));
                for (const QJsonValue market : markets)
                    QCOMPARE(market[u"event_ticker"].toString(), generator.eventTicker(e));
            } else {
                QVERIFY(!event.contains(u"markets"));
            }
        }
    }

    void priceInvariants()
    {
        const MarketGenerator generator({});
        const qint64 first = generator.bucketAt(kTestTime);
        for (qint64 bucket = first; bucket < first + 2000; bucket += 97) {
            for (int i = 0; i < generator.marketCount(); ++i) {
                const MarketGenerator::Quote q = generator.quote(i, bucket);
                QVERIFY(q.yesBid >= 0 && q.yesBid <= q.yesAsk && q.yesAsk <= 10000);
                QCOMPARE(q.noBid, 10000 - q.yesAsk);
                QCOMPARE(q.noAsk, 10000 - q.yesBid);
                QVERIFY(q.lastPrice >= 0 && q.lastPrice <= 10000);
                QVERIFY(q.volume >= 0 && q.volume24h >= 0 && q.volume24h <= q.volume);
                QVERIFY(q.openInterest >= 0 && q.openInterest <= q.volume);
                if (generator.isLegacy(i)) {
                    QCOMPARE(q.yesBid % 100, 0);
                    QCOMPARE(q.yesAsk % 100, 0);
                    QCOMPARE(q.volume % 100, 0);
                }
            }
        }
        // The JSON carries exactly the quote of its bucket.
        for (int i = 0; i < generator.marketCount(); i += 13) {
            const MarketGenerator::Quote q = generator.quote(i, first);
            const QJsonObject market = parseMarket(generator, i, first);
            if (generator.isLegacy(i)) {
                QCOMPARE(market.value(u"yes_bid").toInt() * 100, q.yesBid);
                QCOMPARE(market.value(u"no_ask").toInt() * 100, q.noAsk);
                QCOMPARE(qint64(market.value(u"volume").toInteger()) * 100, q.volume);
            } else {
                QCOMPARE(pips(market.value(u"yes_bid_dollars")), qint64(q.yesBid));
                QCOMPARE(pips(market.value(u"yes_ask_dollars")), qint64(q.yesAsk));
                QCOMPARE(pips(market.value(u"no_bid_dollars")), qint64(q.noBid));
                QCOMPARE(pips(market.value(u"last_price_dollars")), qint64(q.lastPrice));
                QCOMPARE(FixedPoint::contractsToCenti(market.value(u"volume_fp").toString()).value_or(-1),
                    q.volume);
            }
        }
    }

    void pricesMoveByBucket()
    {
        MarketGenerator::Options options;
        options.tickSeconds = 5;
        const MarketGenerator generator(options);
        const qint64 bucket = generator.bucketAt(kTestTime);
        QCOMPARE(generator.bucketAt(bucket * 5), bucket);
        QCOMPARE(generator.bucketAt(bucket * 5 + 4), bucket);
        QCOMPARE(generator.bucketAt(bucket * 5 + 5), bucket + 1);

        int active = 0;
        int moved = 0;
        int frozenMoved = 0;
        for (int i = 0; i < generator.marketCount(); ++i) {
            const MarketGenerator::Quote now = generator.quote(i, bucket);
            const MarketGenerator::Quote later = generator.quote(i, bucket + 60);
            const bool changed = now.yesBid != later.yesBid || now.yesAsk != later.yesAsk
                || now.lastPrice != later.lastPrice || now.volume != later.volume;
            if (generator.status(i) == MarketGenerator::Status::Active) {
                ++active;
                moved += changed;
            } else if (generator.isSettled(i)) {
                frozenMoved += changed;
            }
            // Same bucket, same answer.
            const MarketGenerator::Quote again = generator.quote(i, bucket);
            QCOMPARE(again.yesBid, now.yesBid);
            QCOMPARE(again.volume, now.volume);
        }
        QVERIFY2(moved > active * 8 / 10, qPrintable(QStringLiteral("%1 of %2").arg(moved).arg(active)));
        QCOMPARE(frozenMoved, 0);
    }

    void volumeNeverDecreases()
    {
        const MarketGenerator generator({});
        const qint64 first = generator.bucketAt(kTestTime) - 20000;
        int grew = 0;
        for (int i = 0; i < generator.marketCount(); i += 7) {
            qint64 previous = generator.quote(i, first).volume;
            const qint64 start = previous;
            for (qint64 bucket = first + 1; bucket < first + 400; ++bucket) {
                const qint64 volume = generator.quote(i, bucket).volume;
                QVERIFY2(volume >= previous, qPrintable(generator.marketTicker(i)));
                previous = volume;
            }
            for (qint64 bucket = first + 400; bucket < first + 40000; bucket += 1111) {
                const qint64 volume = generator.quote(i, bucket).volume;
                QVERIFY2(volume >= previous, qPrintable(generator.marketTicker(i)));
                previous = volume;
            }
            grew += previous > start;
        }
        QVERIFY(grew > 100);
    }

    void malformedMarkets()
    {
        MarketGenerator::Options options;
        options.markets = 300;
        options.malformedEvery = 7;
        const MarketGenerator generator(options);
        int broken = 0;
        for (int i = 0; i < generator.marketCount(); ++i) {
            const QJsonObject market = parseMarket(generator, i, 0);
            const QString bidField
                = generator.isLegacy(i) ? QStringLiteral("yes_bid") : QStringLiteral("yes_bid_dollars");
            if ((i + 1) % 7 != 0) {
                QCOMPARE(generator.malformation(i), MarketGenerator::Malformation::None);
                QVERIFY(market.contains(u"ticker") && market.contains(u"status"));
                QVERIFY(market.value(bidField).toString() != u"abc");
                continue;
            }
            ++broken;
            switch ((i + 1) / 7 % 3) {
            case 1:
                QVERIFY(!market.contains(u"ticker"));
                QVERIFY(market.contains(u"status"));
                break;
            case 2:
                QCOMPARE(market.value(bidField).toString(), QStringLiteral("abc"));
                break;
            default:
                QVERIFY(!market.contains(u"status"));
                QVERIFY(market.contains(u"ticker"));
                break;
            }
        }
        QCOMPARE(broken, 300 / 7);
    }
};

KM_TEST_GUILESS_MAIN(TstMarketGenerator)
#include "tst_marketgenerator.moc"
