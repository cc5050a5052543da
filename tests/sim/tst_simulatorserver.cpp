#include "marketgenerator.h"
#include "network/candleparser.h"
#include "simulatorserver.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <memory>

namespace {

constexpr int kReplyTimeoutMs = 10000;

// A generator and the server on top of it, listening on a free port of 127.0.0.1.
struct Simulator
{
    Simulator(const MarketGenerator::Options &options, const SimulatorServer::Faults &faults)
        : generator(options)
        , server(generator, faults)
    {
        server.listen();
    }

    QUrl url(const QString &path, const QString &query = QString()) const
    {
        QUrl result = server.baseUrl();
        result.setPath(result.path() + path);
        if (!query.isEmpty())
            result.setQuery(query);
        return result;
    }

    MarketGenerator generator;
    SimulatorServer server;
};

MarketGenerator::Options smallUniverse()
{
    MarketGenerator::Options options;
    options.markets = 1200;
    options.events = 60;
    options.settled = 150;
    options.seed = 3;
    return options;
}

struct Response
{
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    QJsonObject json;
    bool validJson = false;
    qint64 finishedAtMs = 0;
};

} // namespace

class TstSimulatorServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QNetworkAccessManager> m_network;
    QElapsedTimer m_clock;

    QNetworkReply *startGet(const QUrl &url)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        return m_network->get(request);
    }

    QNetworkReply *startPost(const QUrl &url) { return m_network->post(QNetworkRequest(url), QByteArray()); }

    Response finish(QNetworkReply *reply)
    {
        Response response;
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            if (!finished.wait(kReplyTimeoutMs))
                qWarning("no reply from %s", qPrintable(reply->url().toString()));
        }
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.body = reply->readAll();
        response.retryAfter = reply->rawHeader("Retry-After");
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
        response.validJson = error.error == QJsonParseError::NoError && document.isObject();
        response.json = document.object();
        reply->deleteLater();
        return response;
    }

    Response get(const QUrl &url) { return finish(startGet(url)); }

    // Pages a listing to its end and returns the tickers in order; an empty list on any failure.
    QStringList collectTickers(const Simulator &sim, const QString &path, const QString &query,
        const QString &items, const QString &tickerField, int *pages = nullptr)
    {
        QStringList tickers;
        QString cursor;
        int count = 0;
        do {
            QUrlQuery pageQuery(query);
            if (!cursor.isEmpty())
                pageQuery.addQueryItem(QStringLiteral("cursor"), cursor);
            const Response response = get(sim.url(path, pageQuery.toString(QUrl::FullyEncoded)));
            if (response.status != 200 || !response.validJson || ++count > 5000) {
                qWarning(
                    "page %d failed: %d %s", count, response.status, response.body.left(200).constData());
                return {};
            }
            for (const QJsonValue item : response.json.value(items).toArray())
                tickers.append(item[tickerField].toString());
            cursor = response.json.value(u"cursor").toString();
        } while (!cursor.isEmpty());
        if (pages)
            *pages = count;
        return tickers;
    }

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void init()
    {
        KmTest::failOnForbiddenWarnings();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_network->setProxy(QNetworkProxy::NoProxy);
        m_clock.start();
    }

    void cleanup() { m_network.reset(); }

    void pagingReturnsEveryMarketOnce_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("limit");
        QTest::newRow("all, 1000 a page") << QString() << 1000;
        QTest::newRow("all, default limit") << QString() << 0;
        QTest::newRow("open") << QStringLiteral("status=open") << 100;
        QTest::newRow("settled") << QStringLiteral("status=settled") << 37;
        QTest::newRow("closed and paused") << QStringLiteral("status=closed,paused") << 9;
        QTest::newRow("no multivariate") << QStringLiteral("mve_filter=exclude") << 250;
        QTest::newRow("open multivariate") << QStringLiteral("status=open&mve_filter=only") << 13;
    }

    void pagingReturnsEveryMarketOnce()
    {
        QFETCH(QString, query);
        QFETCH(int, limit);
        const Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        QUrlQuery parsed(query);
        if (limit > 0)
            parsed.addQueryItem(QStringLiteral("limit"), QString::number(limit));

        quint8 mask = 0;
        for (const QString &status :
            parsed.queryItemValue(QStringLiteral("status")).split(u',', Qt::SkipEmptyParts))
            mask |= MarketGenerator::parseStatusFilter(status);
        const QString mve = parsed.queryItemValue(QStringLiteral("mve_filter"));
        QStringList expected;
        for (int i = 0; i < g.marketCount(); ++i) {
            if (mask != 0 && !(MarketGenerator::statusFilterBit(g.status(i)) & mask))
                continue;
            if ((mve == u"only" && !g.isMultivariate(i)) || (mve == u"exclude" && g.isMultivariate(i)))
                continue;
            expected.append(g.marketTicker(i));
        }
        QVERIFY(!expected.isEmpty());

        int pages = 0;
        const QStringList got = collectTickers(sim, QStringLiteral("/markets"), parsed.toString(),
            QStringLiteral("markets"), QStringLiteral("ticker"), &pages);
        QCOMPARE(got.size(), expected.size());
        QCOMPARE(got, expected);
        const int pageSize = limit > 0 ? limit : 100;
        QCOMPARE(pages, int((expected.size() + pageSize - 1) / pageSize));
    }

    void eventsListing()
    {
        const Simulator sim(smallUniverse(), {});
        QStringList expected;
        for (const int event : sim.generator.listedEvents())
            expected.append(sim.generator.eventTicker(event));
        QCOMPARE(collectTickers(sim, QStringLiteral("/events"), QStringLiteral("limit=7"),
                     QStringLiteral("events"), QStringLiteral("event_ticker")),
            expected);

        // Orphan markets point at events that no listing returns.
        int orphans = 0;
        for (int i = 0; i < sim.generator.marketCount(); ++i) {
            if (sim.generator.isOrphan(i)) {
                ++orphans;
                QVERIFY(!expected.contains(sim.generator.eventTicker(sim.generator.eventOf(i))));
            }
        }
        QVERIFY(orphans > 0);

        const Response nested
            = get(sim.url(QStringLiteral("/events"), QStringLiteral("limit=2&with_nested_markets=true")));
        QCOMPARE(nested.status, 200);
        const QJsonObject event = nested.json.value(u"events").toArray().first().toObject();
        const QJsonArray markets = event.value(u"markets").toArray();
        QVERIFY(!markets.isEmpty());
        for (const QJsonValue market : markets)
            QCOMPARE(market[u"event_ticker"].toString(), event.value(u"event_ticker").toString());
    }

    void filters()
    {
        const Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        const int event = g.eventOf(5);
        const QString eventTicker = g.eventTicker(event);
        const QStringList byEvent = collectTickers(sim, QStringLiteral("/markets"),
            u"event_ticker=" + eventTicker, QStringLiteral("markets"), QStringLiteral("ticker"));
        QCOMPARE(byEvent.size(), qsizetype(g.marketsOfEvent(event).size()));
        QVERIFY(byEvent.contains(g.marketTicker(5)));

        const QString series = g.seriesTicker(g.seriesOf(event));
        const QStringList bySeries = collectTickers(sim, QStringLiteral("/markets"),
            u"series_ticker=" + series + u"&limit=3", QStringLiteral("markets"), QStringLiteral("ticker"));
        QVERIFY(bySeries.size() > byEvent.size());
        for (const QString &ticker : bySeries)
            QVERIFY(ticker.startsWith(series + u'-'));

        const QString tickers = g.marketTicker(900) + u',' + g.marketTicker(4) + u",NOPE";
        QCOMPARE(collectTickers(sim, QStringLiteral("/markets"), u"tickers=" + tickers,
                     QStringLiteral("markets"), QStringLiteral("ticker")),
            QStringList({g.marketTicker(4), g.marketTicker(900)}));
    }

    // Close-time windows as a partitioned listing sends them: (t - 1, t'] pieces of the whole.
    void closeTimeWindowsOverHttp()
    {
        const Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        const qint64 split = g.closeTime(7);
        const QStringList all = collectTickers(sim, QStringLiteral("/markets"), QStringLiteral("limit=1000"),
            QStringLiteral("markets"), QStringLiteral("ticker"));
        QCOMPARE(all.size(), g.marketCount());
        const QStringList upTo = collectTickers(sim, QStringLiteral("/markets"),
            u"limit=50&max_close_ts=" + QString::number(split), QStringLiteral("markets"),
            QStringLiteral("ticker"));
        const QStringList from = collectTickers(sim, QStringLiteral("/markets"),
            u"limit=50&min_close_ts=" + QString::number(split), QStringLiteral("markets"),
            QStringLiteral("ticker"));
        QVERIFY(upTo.contains(g.marketTicker(7)));
        QVERIFY(from.contains(g.marketTicker(7)));
        qsizetype atSplit = 0;
        for (int i = 0; i < g.marketCount(); ++i) {
            const qint64 close = g.closeTime(i);
            QCOMPARE(upTo.contains(g.marketTicker(i)), close <= split);
            QCOMPARE(from.contains(g.marketTicker(i)), close >= split);
            atSplit += close == split;
        }
        QCOMPARE(upTo.size() + from.size(), all.size() + atSplit);
    }

    void badRequests_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("query");
        QTest::newRow("limit 0") << QStringLiteral("/markets") << QStringLiteral("limit=0");
        QTest::newRow("limit 1001") << QStringLiteral("/markets") << QStringLiteral("limit=1001");
        QTest::newRow("events limit 201") << QStringLiteral("/events") << QStringLiteral("limit=201");
        QTest::newRow("bad status") << QStringLiteral("/markets") << QStringLiteral("status=live");
        QTest::newRow("bad event status") << QStringLiteral("/events") << QStringLiteral("status=live");
        QTest::newRow("bad mve_filter") << QStringLiteral("/markets") << QStringLiteral("mve_filter=yes");
        QTest::newRow("garbage cursor") << QStringLiteral("/markets") << QStringLiteral("cursor=xyz");
        QTest::newRow("min_close_ts text")
            << QStringLiteral("/markets") << QStringLiteral("min_close_ts=soon");
        QTest::newRow("max_close_ts fraction")
            << QStringLiteral("/markets") << QStringLiteral("max_close_ts=1796083200.5");
        QTest::newRow("other filter's cursor")
            << QStringLiteral("/markets") << QStringLiteral("status=settled&cursor=");
    }

    void badRequests()
    {
        QFETCH(QString, path);
        QFETCH(QString, query);
        const Simulator sim(smallUniverse(), {});
        if (query.endsWith(u"cursor=")) {
            const Response first = get(sim.url(QStringLiteral("/markets"), QStringLiteral("status=open")));
            const QString cursor = first.json.value(u"cursor").toString();
            QVERIFY(!cursor.isEmpty());
            query += cursor;
            // The same cursor is fine with the filters it came from.
            QCOMPARE(get(sim.url(QStringLiteral("/markets"), u"status=open&cursor=" + cursor)).status, 200);
        }
        const Response response = get(sim.url(path, query));
        QCOMPARE(response.status, 400);
        QVERIFY(response.validJson);
        const QJsonObject error = response.json.value(u"error").toObject();
        QCOMPARE(error.value(u"code").toString(), QStringLiteral("invalid_parameters"));
        QVERIFY(!error.value(u"message").toString().isEmpty());
    }

    void singleMarketAndExchangeStatus()
    {
        const Simulator sim(smallUniverse(), {});
        const QString ticker = sim.generator.marketTicker(77);
        const Response found = get(sim.url(u"/markets/" + ticker));
        QCOMPARE(found.status, 200);
        QCOMPARE(found.json.value(u"market").toObject().value(u"ticker").toString(), ticker);

        const Response missing = get(sim.url(QStringLiteral("/markets/KXNOPE-26DEC01-M1")));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body, QByteArray(R"({"error":{"code":"not_found","message":"market not found"}})"));

        const Response status = get(sim.url(QStringLiteral("/exchange/status")));
        QCOMPARE(status.status, 200);
        QCOMPARE(status.json.value(u"exchange_active").toBool(), true);
        QCOMPARE(status.json.value(u"trading_active").toBool(), true);
        QVERIFY(status.json.contains(u"exchange_estimated_resume_time"));
        QVERIFY(status.json.value(u"exchange_estimated_resume_time").isNull());

        QCOMPARE(get(sim.url(QStringLiteral("/nothing/here"))).status, 404);
    }

    void pricesFollowTheClock()
    {
        Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        int market = 0;
        while (g.status(market) != MarketGenerator::Status::Active || g.isLegacy(market)
            || g.quote(market, 359000000).yesBid == g.quote(market, 359000000 + 100).yesBid)
            ++market;
        qint64 now = 359000000LL * 5;
        sim.server.setClock([&now] { return now; });
        const QUrl url = sim.url(u"/markets/" + g.marketTicker(market));
        const QString before = get(url).json.value(u"market")[u"yes_bid_dollars"].toString();
        now += 4; // same bucket
        QCOMPARE(get(url).json.value(u"market")[u"yes_bid_dollars"].toString(), before);
        now = (359000000LL + 100) * 5;
        const QString after = get(url).json.value(u"market")[u"yes_bid_dollars"].toString();
        QVERIFY(after != before);
        QCOMPARE(after,
            QStringLiteral("%1.%2")
                .arg(g.quote(market, 359000100).yesBid / 10000)
                .arg(g.quote(market, 359000100).yesBid % 10000, 4, 10, QLatin1Char('0')));
    }

    // Candles agree with the quotes /markets shows: each close is the quote at the period's end,
    // each volume the growth over the period; a period without that growth has the no-trade shape.
    void candlesticksFollowThePricePath()
    {
        Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        int market = 0;
        while (g.status(market) != MarketGenerator::Status::Active || g.isMultivariate(market)
            || g.quote(market, g.bucketAt(g.openTime(market) + 86400)).volume
                == g.quote(market, g.bucketAt(g.openTime(market) + 2 * 86400)).volume)
            ++market;
        const qint64 now = g.openTime(market) + 3 * 86400 + 1234;
        sim.server.setClock([now] { return now; });
        const QString ticker = g.marketTicker(market);
        const QString series = g.seriesTicker(g.seriesOf(g.eventOf(market)));
        const QUrl url = sim.url(u"/series/" + series + u"/markets/" + ticker + u"/candlesticks",
            QStringLiteral("start_ts=%1&end_ts=%2&period_interval=60").arg(now - 2 * 86400).arg(now));
        const Response response = get(url);
        QCOMPARE(response.status, 200);
        const CandleParser::ParsedCandles parsed = CandleParser::parseResponse(response.body, ticker, 60);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.skipped.size(), 0);
        QCOMPARE(parsed.candles.size(), 48); // every hour of the two days, none in progress
        int traded = 0;
        for (const CandleRecord &candle : parsed.candles) {
            QCOMPARE(candle.periodEnd % 3600, 0);
            QVERIFY(candle.periodEnd <= now + 3600);
            const MarketGenerator::Quote atEnd = g.quote(market, g.bucketAt(candle.periodEnd));
            const MarketGenerator::Quote atBegin = g.quote(market, g.bucketAt(candle.periodEnd - 3600));
            QCOMPARE(candle.yesBidClose, qint64(atEnd.yesBid) * 100);
            QCOMPARE(candle.yesAskClose, qint64(atEnd.yesAsk) * 100);
            QVERIFY(*candle.yesBidLow <= *candle.yesBidClose && *candle.yesBidClose <= *candle.yesBidHigh);
            QCOMPARE(candle.volume, atEnd.volume - atBegin.volume);
            QCOMPARE(candle.openInterest, atEnd.openInterest);
            QCOMPARE(candle.priceClose.has_value(), atEnd.volume > atBegin.volume);
            if (candle.priceClose) {
                ++traded;
                QVERIFY(*candle.priceLow <= *candle.priceClose && *candle.priceClose <= *candle.priceHigh);
            }
            QCOMPARE(candle.pricePrevious, qint64(atBegin.lastPrice) * 100);
        }
        QVERIFY(traded > 0);
        // The same hours from the 1-minute series: each hour's close is the close of its last minute.
        const Response minutes = get(sim.url(u"/series/" + series + u"/markets/" + ticker + u"/candlesticks",
            QStringLiteral("start_ts=%1&end_ts=%2&period_interval=1").arg(now - 2 * 86400).arg(now)));
        QCOMPARE(minutes.status, 200);
        const CandleParser::ParsedCandles perMinute = CandleParser::parseResponse(minutes.body, ticker, 1);
        QVERIFY(perMinute.ok());
        QHash<qint64, qint64> minuteClose;
        for (const CandleRecord &candle : perMinute.candles)
            minuteClose.insert(candle.periodEnd, *candle.yesBidClose);
        for (const CandleRecord &candle : parsed.candles) {
            if (minuteClose.contains(candle.periodEnd))
                QCOMPARE(minuteClose.value(candle.periodEnd), *candle.yesBidClose);
        }
    }

    // A paused market stops moving: its 1-minute series has no candle after that (minutes without
    // change are left out), while its hourly series goes on with periods without a trade.
    void pausedMarketHasSparseMinutesAndNoTradePeriods()
    {
        Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        const qint64 frozenFrom = 1793491200 + 11 * 86400; // 2026-11-12: every paused market froze before
        int market = 0;
        while (g.status(market) != MarketGenerator::Status::Inactive || g.isMultivariate(market))
            ++market;
        QCOMPARE(g.quote(market, g.bucketAt(frozenFrom)).yesBid,
            g.quote(market, g.bucketAt(frozenFrom + 86400)).yesBid);
        const qint64 now = frozenFrom + 2 * 86400;
        sim.server.setClock([now] { return now; });
        const QString ticker = g.marketTicker(market);
        const QString path = u"/series/" + g.seriesTicker(g.seriesOf(g.eventOf(market))) + u"/markets/"
            + ticker + u"/candlesticks";
        const QString range
            = QStringLiteral("start_ts=%1&end_ts=%2&period_interval=").arg(frozenFrom + 3600).arg(now);
        const Response minutes = get(sim.url(path, range + u"1"));
        QCOMPARE(minutes.status, 200);
        QCOMPARE(minutes.json.value(u"candlesticks").toArray().size(), 0);
        const Response hours = get(sim.url(path, range + u"60"));
        QCOMPARE(hours.status, 200);
        const QJsonArray hourly = hours.json.value(u"candlesticks").toArray();
        QCOMPARE(hourly.size(), 48);
        for (const QJsonValue candle : hourly) {
            const QJsonObject price = candle[u"price"].toObject();
            QVERIFY2(!price.contains(u"close_dollars") && !price.contains(u"open_dollars"),
                QJsonDocument(price).toJson(QJsonDocument::Compact).constData());
            QCOMPARE(candle[u"volume_fp"].toString(), QStringLiteral("0.00"));
        }
    }

    void candlestickLimitAndParameters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        // 5,000 period ends fit, 5,001 do not (Kalshi answers 400).
        QTest::newRow("5000 hours")
            << QStringLiteral("start_ts=%1&end_ts=%2&period_interval=60").arg(3600).arg(5000 * 3600) << 200;
        QTest::newRow("5001 hours")
            << QStringLiteral("start_ts=%1&end_ts=%2&period_interval=60").arg(0).arg(5000 * 3600) << 400;
        QTest::newRow("5001 minutes")
            << QStringLiteral("start_ts=60&end_ts=%1&period_interval=1").arg(5001 * 60) << 400;
        QTest::newRow("5000 days")
            << QStringLiteral("start_ts=1&end_ts=%1&period_interval=1440").arg(5000LL * 86400) << 200;
        QTest::newRow("period 5") << QStringLiteral("start_ts=0&end_ts=600&period_interval=5") << 400;
        QTest::newRow("no start") << QStringLiteral("end_ts=600&period_interval=1") << 400;
        QTest::newRow("end before start") << QStringLiteral("start_ts=600&end_ts=0&period_interval=1") << 400;
    }

    void candlestickLimitAndParameters()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        const QString path = u"/series/" + g.seriesTicker(g.seriesOf(g.eventOf(0))) + u"/markets/"
            + g.marketTicker(0) + u"/candlesticks";
        const Response response = get(sim.url(path, query));
        QCOMPARE(response.status, status);
        if (status == 400)
            QCOMPARE(response.json.value(u"error")[u"code"].toString(), QStringLiteral("invalid_parameters"));
        // A wrong series is no such market.
        QCOMPARE(
            get(sim.url(u"/series/KXNOPE/markets/" + g.marketTicker(0) + u"/candlesticks", query)).status,
            404);
    }

    // With a cutoff, markets settled before it move to /historical/... and nowhere else.
    void historicalTierWithCutoff()
    {
        Simulator sim(smallUniverse(), {});
        const MarketGenerator &g = sim.generator;
        const qint64 cutoff = 1793491200 - 20 * 86400;
        sim.server.setHistoricalCutoff(cutoff);
        QStringList historical;
        QStringList liveSettled;
        for (int m = 0; m < g.marketCount(); ++m) {
            if (!g.isSettled(m) || g.malformation(m) != MarketGenerator::Malformation::None
                || g.isMultivariate(m))
                continue;
            (*g.settlementTime(m) < cutoff ? historical : liveSettled).append(g.marketTicker(m));
        }
        QVERIFY(!historical.isEmpty() && !liveSettled.isEmpty());

        const Response cutoffResponse = get(sim.url(QStringLiteral("/historical/cutoff")));
        QCOMPARE(cutoffResponse.status, 200);
        QCOMPARE(cutoffResponse.json.value(u"market_settled_ts").toString(),
            QDateTime::fromSecsSinceEpoch(cutoff, Qt::UTC).toString(Qt::ISODate));

        QStringList listedHistorical = collectTickers(sim, QStringLiteral("/historical/markets"),
            QStringLiteral("mve_filter=exclude&limit=50"), QStringLiteral("markets"),
            QStringLiteral("ticker"));
        QStringList listedLive = collectTickers(sim, QStringLiteral("/markets"),
            QStringLiteral("status=settled&mve_filter=exclude&limit=50"), QStringLiteral("markets"),
            QStringLiteral("ticker"));
        listedHistorical.removeAll(QString());
        listedLive.removeAll(QString());
        std::sort(listedHistorical.begin(), listedHistorical.end());
        std::sort(listedLive.begin(), listedLive.end());
        std::sort(historical.begin(), historical.end());
        std::sort(liveSettled.begin(), liveSettled.end());
        QCOMPARE(listedHistorical, historical);
        QCOMPARE(listedLive, liveSettled);

        const int old = g.marketIndex(historical.first());
        const QString range = QStringLiteral("start_ts=%1&end_ts=%2&period_interval=60")
                                  .arg(g.openTime(old))
                                  .arg(g.closeTime(old) + 7200);
        QCOMPARE(get(sim.url(u"/markets/" + historical.first())).status, 404);
        QCOMPARE(get(sim.url(u"/historical/markets/" + historical.first())).status, 200);
        QCOMPARE(get(sim.url(u"/historical/markets/" + liveSettled.first())).status, 404);
        QCOMPARE(get(sim.url(u"/series/" + g.seriesTicker(g.seriesOf(g.eventOf(old))) + u"/markets/"
                             + historical.first() + u"/candlesticks",
                         range))
                     .status,
            404);
        const Response candles
            = get(sim.url(u"/historical/markets/" + historical.first() + u"/candlesticks", range));
        QCOMPARE(candles.status, 200);
        const CandleParser::ParsedCandles parsed
            = CandleParser::parseResponse(candles.body, historical.first(), 60);
        QVERIFY(parsed.ok());
        // The market's whole life, hour by hour, up to the period of its close and none after it.
        QCOMPARE(parsed.candles.size(), (g.closeTime(old) + 3599) / 3600 - g.openTime(old) / 3600);
        QVERIFY(parsed.candles.last().periodEnd < g.closeTime(old) + 3600);
    }

    void tooManyRequests_data()
    {
        QTest::addColumn<int>("retryAfter");
        QTest::addColumn<bool>("asDate");
        QTest::newRow("no header") << 0 << false;
        QTest::newRow("seconds") << 7 << false;
        QTest::newRow("http-date") << 7 << true;
    }

    void tooManyRequests()
    {
        QFETCH(int, retryAfter);
        QFETCH(bool, asDate);
        SimulatorServer::Faults faults;
        faults.fail429Every = 3;
        faults.retryAfterSeconds = retryAfter;
        faults.retryAfterAsDate = asDate;
        const Simulator sim(smallUniverse(), faults);

        QList<int> statuses;
        for (int i = 0; i < 7; ++i) {
            // Single-market and status requests are not list requests: they never count or fail.
            QCOMPARE(get(sim.url(QStringLiteral("/exchange/status"))).status, 200);
            const Response response
                = get(sim.url(i % 2 ? QStringLiteral("/events") : QStringLiteral("/markets")));
            statuses.append(response.status);
            if (response.status != 429)
                continue;
            QCOMPARE(response.body, QByteArray(R"({"error":"too many requests"})"));
            if (retryAfter == 0) {
                QVERIFY(response.retryAfter.isEmpty());
            } else if (!asDate) {
                QCOMPARE(response.retryAfter, QByteArray("7"));
            } else {
                QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(response.retryAfter),
                    QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
                when.setTimeSpec(Qt::UTC);
                QVERIFY2(when.isValid(), response.retryAfter.constData());
                const qint64 wait = when.toSecsSinceEpoch() - QDateTime::currentSecsSinceEpoch();
                QVERIFY2(wait >= 5 && wait <= 8, qPrintable(QString::number(wait)));
            }
        }
        QCOMPARE(statuses, QList<int>({200, 200, 429, 200, 200, 429, 200}));
    }

    void serverErrors()
    {
        SimulatorServer::Faults faults;
        faults.fail500Every = 2;
        const Simulator sim(smallUniverse(), faults);
        QList<int> statuses;
        for (int i = 0; i < 8; ++i) {
            const Response response = get(sim.url(QStringLiteral("/markets"), QStringLiteral("limit=5")));
            statuses.append(response.status);
            if (response.status >= 500) {
                QVERIFY(response.validJson);
                QCOMPARE(response.json.value(u"error")[u"message"].toString(),
                    QStringLiteral("simulated failure"));
                if (response.status == 500)
                    QCOMPARE(response.json.value(u"error")[u"code"].toString(),
                        QStringLiteral("internal_server_error"));
            } else {
                QCOMPARE(response.json.value(u"markets").toArray().size(), 5);
            }
        }
        QCOMPARE(statuses, QList<int>({200, 500, 200, 502, 200, 503, 200, 500}));
    }

    void truncatedPage_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("items");
        QTest::newRow("markets") << QStringLiteral("/markets") << QStringLiteral("markets");
        QTest::newRow("events") << QStringLiteral("/events") << QStringLiteral("events");
    }

    void truncatedPage()
    {
        QFETCH(QString, path);
        QFETCH(QString, items);
        SimulatorServer::Faults faults;
        faults.truncatePage = 2;
        const Simulator sim(smallUniverse(), faults);
        for (int round = 0; round < 2; ++round) { // every listing, not just the first
            const Response first = get(sim.url(path, QStringLiteral("limit=10")));
            QCOMPARE(first.status, 200);
            QVERIFY(first.validJson);
            QCOMPARE(first.json.value(items).toArray().size(), 10);
            const Response second
                = get(sim.url(path, u"limit=10&cursor=" + first.json.value(u"cursor").toString()));
            QCOMPARE(second.status, 200);
            QVERIFY(!second.validJson);
            QVERIFY(second.body.size() > 100);
            QVERIFY(second.body.startsWith(QByteArray("{\"" + items.toLatin1() + "\":[")));
        }
    }

    void repeatedCursor_data()
    {
        QTest::addColumn<int>("page");
        QTest::newRow("first page") << 1;
        QTest::newRow("second page") << 2;
    }

    void repeatedCursor()
    {
        QFETCH(int, page);
        SimulatorServer::Faults faults;
        faults.repeatCursorPage = page;
        const Simulator sim(smallUniverse(), faults);
        QString cursor;
        Response response;
        for (int i = 1; i <= page; ++i) {
            const QString usedCursor = cursor;
            response = get(sim.url(QStringLiteral("/markets"),
                QStringLiteral("limit=10") + (cursor.isEmpty() ? QString() : u"&cursor=" + cursor)));
            QCOMPARE(response.status, 200);
            cursor = response.json.value(u"cursor").toString();
            if (i == page && page > 1)
                QCOMPARE(cursor, usedCursor);
        }
        const QJsonArray items = response.json.value(u"markets").toArray();
        // Following the cursor gives the same page again, however often.
        for (int again = 0; again < 3; ++again) {
            const Response repeated = get(sim.url(QStringLiteral("/markets"), u"limit=10&cursor=" + cursor));
            QCOMPARE(repeated.json.value(u"markets").toArray().first()[u"ticker"], items.first()[u"ticker"]);
            QCOMPARE(repeated.json.value(u"cursor").toString(), cursor);
        }
    }

    void stalledPageDoesNotBlockOthers()
    {
        SimulatorServer::Faults faults;
        faults.stallPage = 2;
        faults.stallMs = 600;
        const Simulator sim(smallUniverse(), faults);
        const Response first = get(sim.url(QStringLiteral("/markets"), QStringLiteral("limit=10")));
        QCOMPARE(first.status, 200);

        const qint64 start = m_clock.elapsed();
        QNetworkReply *stalled = startGet(sim.url(
            QStringLiteral("/markets"), u"limit=10&cursor=" + first.json.value(u"cursor").toString()));
        QNetworkReply *other = startGet(sim.url(QStringLiteral("/events"), QStringLiteral("limit=10")));
        const Response otherResponse = finish(other);
        // What the test is about: the other request was answered while the stalled one still waited
        // (an order of events, not a wall-clock bound that a loaded machine can miss).
        const bool stalledStillWaiting = !stalled->isFinished();
        const Response stalledResponse = finish(stalled);
        const qint64 stalledMs = m_clock.elapsed() - start;
        QCOMPARE(otherResponse.status, 200);
        QCOMPARE(stalledResponse.status, 200);
        QVERIFY(stalledResponse.validJson);
        QVERIFY2(stalledMs >= 590, qPrintable(QString::number(stalledMs)));
        QVERIFY(stalledStillWaiting);
    }

    void latencyIsConcurrent()
    {
        SimulatorServer::Faults faults;
        faults.latencyMs = 300;
        const Simulator sim(smallUniverse(), faults);
        const qint64 start = m_clock.elapsed();
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 10; ++i)
            replies.append(
                startGet(sim.url(QStringLiteral("/markets"), QStringLiteral("limit=100&status=open"))));
        for (QNetworkReply *reply : replies)
            QCOMPARE(finish(reply).status, 200);
        const qint64 totalMs = m_clock.elapsed() - start;
        qInfo("10 requests with 300 ms latency took %lld ms", totalMs);
        QVERIFY2(totalMs >= 295, qPrintable(QString::number(totalMs)));
        // Served one after another they would need 10 x 300 ms at the least.
        QVERIFY2(totalMs < 10 * 300, qPrintable(QString::number(totalMs)));
    }

    void pacedClientKeepsItsPace()
    {
        // A client sending 15 requests a second against 100 ms latency gets 15 pages a second.
        SimulatorServer::Faults faults;
        faults.latencyMs = 100;
        const Simulator sim(smallUniverse(), faults);
        QList<QNetworkReply *> replies;
        int finished = 0;
        const qint64 start = m_clock.elapsed();
        for (int i = 0; i < 30; ++i) {
            while (m_clock.elapsed() - start < i * 1000 / 15)
                QTest::qWait(2);
            QNetworkReply *reply = startGet(sim.url(QStringLiteral("/markets"), QStringLiteral("limit=200")));
            connect(reply, &QNetworkReply::finished, this, [&finished] { ++finished; });
            replies.append(reply);
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, 30, kReplyTimeoutMs);
        const double seconds = double(m_clock.elapsed() - start) / 1000.0;
        const double rate = 30 / seconds;
        qInfo("30 paced pages in %.2f s: %.1f pages/s", seconds, rate);
        for (QNetworkReply *reply : replies)
            QCOMPARE(finish(reply).status, 200);
        QVERIFY2(rate > 12.5, qPrintable(QString::number(rate)));
    }

    void keepAliveAndPipelinedOrder()
    {
        SimulatorServer::Faults faults;
        faults.stallPage = 1;
        faults.stallMs = 300;
        const Simulator sim(smallUniverse(), faults);
        QTcpSocket socket;
        QByteArray received;
        connect(
            &socket, &QTcpSocket::readyRead, this, [&socket, &received] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, sim.server.port());
        QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);

        // Two requests in one write: the first is stalled, yet its answer must come first.
        socket.write("GET /trade-api/v2/markets?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                     "GET /trade-api/v2/exchange/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(received.count("HTTP/1.1 200"), 2, kReplyTimeoutMs);
        QTRY_VERIFY(received.contains("exchange_estimated_resume_time\":null}"));
        const qsizetype markets = received.indexOf("{\"markets\":");
        const qsizetype status = received.indexOf("{\"exchange_active\"");
        QVERIFY(markets > 0 && status > markets);

        // The connection stays open for another request.
        received.clear();
        socket.write("GET /trade-api/v2/exchange/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            received.contains("exchange_estimated_resume_time\":null}"), kReplyTimeoutMs);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void stats()
    {
        const Simulator sim(smallUniverse(), {});
        QUrl statsUrl = sim.url(QStringLiteral("/sim/stats"));
        statsUrl.setPath(QStringLiteral("/sim/stats"));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(get(sim.url(QStringLiteral("/markets"), QStringLiteral("limit=1"))).status, 200);
        QCOMPARE(get(sim.url(QStringLiteral("/events"))).status, 200);
        QCOMPARE(get(sim.url(u"/markets/" + sim.generator.marketTicker(1))).status, 200);

        Response stats = get(statsUrl);
        QCOMPARE(stats.status, 200);
        QCOMPARE(stats.json.value(u"requests").toInt(), 5);
        QCOMPARE(stats.json.value(u"list_requests").toInt(), 4);
        const QJsonObject byPath = stats.json.value(u"by_path").toObject();
        QCOMPARE(byPath.value(u"/trade-api/v2/markets").toInt(), 3);
        QCOMPARE(byPath.value(u"/trade-api/v2/events").toInt(), 1);
        const QJsonArray times = stats.json.value(u"request_times_ms").toArray();
        QCOMPARE(times.size(), 4);
        for (qsizetype i = 1; i < times.size(); ++i)
            QVERIFY(times[i].toInteger() >= times[i - 1].toInteger());

        // The same under the base URL; reading stats is not counted.
        QCOMPARE(get(sim.url(QStringLiteral("/sim/stats"))).json.value(u"requests").toInt(), 5);

        QUrl resetUrl = statsUrl;
        resetUrl.setPath(QStringLiteral("/sim/reset-stats"));
        QCOMPARE(finish(startPost(resetUrl)).status, 200);
        stats = get(statsUrl);
        QCOMPARE(stats.json.value(u"requests").toInt(), 0);
        QCOMPARE(stats.json.value(u"list_requests").toInt(), 0);
        QVERIFY(stats.json.value(u"by_path").toObject().isEmpty());
        QVERIFY(stats.json.value(u"request_times_ms").toArray().isEmpty());
    }

    void postMovesAMarket()
    {
        Simulator sim(smallUniverse(), {});
        const QString ticker = sim.generator.marketTicker(sim.generator.listedEvents().empty()
                ? 0
                : sim.generator.marketsOfEvent(sim.generator.listedEvents().front()).front());
        QUrl moveUrl = sim.server.baseUrl();
        moveUrl.setPath(QStringLiteral("/sim/markets/") + ticker);
        QNetworkRequest request(moveUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        const Response moved = finish(m_network->post(request,
            QByteArray(
                R"({"yes_bid_dollars": "0.7100", "yes_ask_dollars": 0.73, "volume_24h_fp": "1234.50"})")));
        QCOMPARE(moved.status, 200);
        // The API's own GET and listing show the new values, the no side following.
        for (const QJsonObject &market :
            {get(sim.url(QStringLiteral("/markets/") + ticker)).json.value(u"market").toObject(),
                get(sim.url(QStringLiteral("/markets"), QStringLiteral("tickers=") + ticker))
                    .json.value(u"markets")
                    .toArray()
                    .at(0)
                    .toObject()}) {
            QCOMPARE(market.value(u"ticker").toString(), ticker);
            QCOMPARE(market.value(u"yes_bid_dollars").toString(), QStringLiteral("0.7100"));
            QCOMPARE(market.value(u"yes_ask_dollars").toString(), QStringLiteral("0.7300"));
            QCOMPARE(market.value(u"no_bid_dollars").toString(), QStringLiteral("0.2700"));
            QCOMPARE(market.value(u"no_ask_dollars").toString(), QStringLiteral("0.2900"));
            QCOMPARE(market.value(u"volume_24h_fp").toString(), QStringLiteral("1234.50"));
        }
        QCOMPARE(finish(m_network->post(request, QByteArray(R"({"yes_bid_dollars": "1.5"})"))).status, 400);
        request.setUrl(sim.url(QStringLiteral("/sim/markets/NO-SUCH-MARKET")));
        QCOMPARE(finish(m_network->post(request, QByteArray("{}"))).status, 404);
    }

    void executableContract()
    {
        const QString program = KmTest::builtExecutable(QStringLiteral("kalshi-sim"));
        QVERIFY2(!program.isEmpty(), "kalshi-sim is not built");

        for (const bool viaStdin : {true, false}) {
            QProcess process;
            process.setProcessChannelMode(QProcess::SeparateChannels);
            QStringList arguments = {QStringLiteral("--markets"), QStringLiteral("300"),
                QStringLiteral("--seed"), QStringLiteral("9")};
            if (viaStdin)
                arguments.append(QStringLiteral("--exit-on-stdin-close"));
            process.start(program, arguments);
            QVERIFY(process.waitForStarted(5000));
            QVERIFY(process.waitForReadyRead(5000));
            QTRY_VERIFY(process.canReadLine());
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            static const QRegularExpression contract(
                QStringLiteral(R"(^kalshi-sim listening on (http://127\.0\.0\.1:(\d+)/trade-api/v2)$)"));
            const QRegularExpressionMatch match = contract.match(line);
            QVERIFY2(match.hasMatch(), qPrintable(line));
            QVERIFY(match.captured(2).toInt() > 0);

            const Response markets = get(QUrl(QString(match.captured(1) + u"/markets?limit=1000")));
            QCOMPARE(markets.status, 200);
            QCOMPARE(markets.json.value(u"markets").toArray().size(), 300);
            MarketGenerator::Options options;
            options.markets = 300;
            options.seed = 9;
            QCOMPARE(markets.json.value(u"markets").toArray().at(42)[u"ticker"].toString(),
                MarketGenerator(options).marketTicker(42));

            if (viaStdin)
                process.closeWriteChannel();
            else
                process.terminate(); // SIGTERM
            QVERIFY(process.waitForFinished(5000));
            QCOMPARE(process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(process.exitCode(), 0);
        }
    }
};

KM_TEST_GUILESS_MAIN(TstSimulatorServer)
#include "tst_simulatorserver.moc"
