#include "fakehttpserver.h"
#include "network/kalshiclient.h"
#include "network/partitionedlisting.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

using Response = FakeHttpServer::Response;
using Status = PageFetcher::Status;
using Window = PartitionedListing::Window;

namespace {

constexpr int waitMs = 15000;

// How the fake server reads min_close_ts / max_close_ts: the API does not document it.
enum class Bounds { Inclusive, Exclusive, MinInclusiveMaxExclusive };

struct Market
{
    QString ticker;
    std::optional<qint64> closeTime;
};

// GET /markets over `markets` in their order, `limit` a page (cursor "o<position>"), filtered by
// close time as `bounds` says. Items without a close time match only a request without bounds,
// unless `unboundedMissing` lets them through every filter. `field` names the time (Market's
// closeTime holds it): "close" (close_time, min_close_ts), "created" or "settled"; like Kalshi,
// a time pair beside a status filter it does not go with is refused with HTTP 400.
FakeHttpServer::Handler marketsServer(const QList<Market> &markets, Bounds bounds,
    bool unboundedMissing = false,
    std::function<std::optional<Response>(const FakeHttpServer::Request &, int)> fault = {},
    const QString &field = QStringLiteral("close"))
{
    return [=](const FakeHttpServer::Request &request) {
        const int limit = request.queryValue(QStringLiteral("limit")).toInt();
        const QString status = request.queryValue(QStringLiteral("status"));
        const QHash<QString, QStringList> allowed{{QStringLiteral("close"), {QStringLiteral("closed")}},
            {QStringLiteral("created"), {QStringLiteral("unopened"), QStringLiteral("open")}},
            {QStringLiteral("settled"), {QStringLiteral("settled")}}};
        for (auto it = allowed.cbegin(); it != allowed.cend(); ++it) {
            const bool used = !request.queryValue(QStringLiteral("min_%1_ts").arg(it.key())).isEmpty()
                || !request.queryValue(QStringLiteral("max_%1_ts").arg(it.key())).isEmpty();
            if (used && ((!status.isEmpty() && !it.value().contains(status)) || it.key() != field)) {
                Response refused = Response::json(QByteArrayLiteral(
                    R"({"error":{"code":"invalid_parameters","message":"incompatible filters"}})"));
                refused.status = 400;
                return refused;
            }
        }
        const QString minText = request.queryValue(QStringLiteral("min_%1_ts").arg(field));
        const QString maxText = request.queryValue(QStringLiteral("max_%1_ts").arg(field));
        const auto matches = [&](const Market &market) {
            if (!market.closeTime)
                return unboundedMissing || (minText.isEmpty() && maxText.isEmpty());
            const qint64 close = *market.closeTime;
            if (!minText.isEmpty()) {
                const qint64 min = minText.toLongLong();
                if (bounds == Bounds::Exclusive ? close <= min : close < min)
                    return false;
            }
            if (!maxText.isEmpty()) {
                const qint64 max = maxText.toLongLong();
                if (bounds == Bounds::Inclusive ? close > max : close >= max)
                    return false;
            }
            return true;
        };
        const QString cursor = request.queryValue(QStringLiteral("cursor"));
        const int start = cursor.isEmpty() ? 0 : cursor.mid(1).toInt();
        if (fault) {
            if (const std::optional<Response> response = fault(request, start))
                return *response;
        }
        QJsonArray items;
        int position = start;
        for (; position < markets.size() && items.size() < limit; ++position) {
            const Market &market = markets.at(position);
            if (!matches(market))
                continue;
            QJsonObject item{{QStringLiteral("ticker"), market.ticker}};
            if (market.closeTime)
                item.insert(field == u"close" ? QStringLiteral("close_time")
                        : field == u"created" ? QStringLiteral("created_time")
                                              : QStringLiteral("settlement_ts"),
                    QDateTime::fromSecsSinceEpoch(*market.closeTime, Qt::UTC).toString(Qt::ISODate));
            items.append(item);
        }
        while (position < markets.size() && !matches(markets.at(position)))
            ++position;
        const QString next = position < markets.size() ? QStringLiteral("o%1").arg(position) : QString();
        return Response::json(
            QJsonDocument(QJsonObject{{QStringLiteral("markets"), items}, {QStringLiteral("cursor"), next}})
                .toJson(QJsonDocument::Compact));
    };
}

constexpr qint64 base = 1796083200; // 2026-12-01T00:00:00Z

// Boundaries base, base + 100, base + 200; markets on, just before and just after each of them,
// and far away on both sides.
QList<qint64> testBoundaries()
{
    return {base + 200, base, base + 100, base};
}

QList<Market> boundaryMarkets()
{
    QList<Market> markets;
    int n = 0;
    for (const qint64 boundary : {base, base + 100, base + 200}) {
        for (const qint64 delta : {-1, 0, 1, 0, 2})
            markets.append({QStringLiteral("M%1").arg(++n), boundary + delta});
    }
    for (const qint64 far : {base - 86400 * 400, base - 50, base + 150, base + 86400 * 900, base + 42})
        markets.append({QStringLiteral("M%1").arg(++n), far});
    return markets;
}

} // namespace

class TstPartitionedListing : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<KalshiClient> m_client;

    void makeClient(double rate = 0)
    {
        KalshiClient::Options options;
        options.baseUrl = m_server->baseUrl();
        options.requestsPerSecond = rate;
        options.backoffBaseMs = 20;
        options.backoffJitter = 0;
        options.maxAttempts = 1;
        m_client = std::make_unique<KalshiClient>(options);
    }

    struct Run
    {
        PageFetcher::Outcome outcome;
        QStringList tickers;
        QList<int> pages;
        bool finished = false;
    };

    // Starts `listing`, acknowledges every page at once, collects what it hands out.
    static Run run(PartitionedListing *listing, bool acknowledge = true)
    {
        Run result;
        const QMetaObject::Connection connection
            = QObject::connect(listing, &PartitionedListing::listPageReady, listing,
                [&result, listing, acknowledge](int page, const ListPage &items) {
                    result.pages.append(page);
                    for (qsizetype i = 0; i < items.size(); ++i) {
                        const QJsonObject object = items.scanned
                            ? QJsonDocument::fromJson(items.elementText(i).toByteArray()).object()
                            : items.parsedItems.at(i).toObject();
                        result.tickers.append(object.value(QStringLiteral("ticker")).toString());
                    }
                    if (acknowledge)
                        QMetaObject::invokeMethod(
                            listing, [listing, page] { listing->acknowledge(page); }, Qt::QueuedConnection);
                });
        QSignalSpy finished(listing, &PartitionedListing::finished);
        listing->start();
        if (finished.isEmpty())
            finished.wait(waitMs);
        QObject::disconnect(connection);
        if (finished.isEmpty())
            return result;
        result.finished = finished.size() == 1;
        result.outcome = finished.first().first().value<PageFetcher::Outcome>();
        return result;
    }

    std::unique_ptr<PartitionedListing> listing(PartitionedListing::Split split, int limit,
        const QList<qint64> &boundaries = testBoundaries(), const QString &filters = QString())
    {
        QUrlQuery query(filters);
        query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
        auto result
            = std::make_unique<PartitionedListing>(m_client.get(), PageFetcher::Endpoint::markets(), query);
        result->setBoundaries(boundaries);
        result->setSplit(split);
        result->setMaxPagesAhead(-1);
        return result;
    }

    static void checkContiguous(const QList<int> &pages)
    {
        for (int i = 0; i < pages.size(); ++i)
            QCOMPARE(pages.at(i), i + 1);
    }

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void init()
    {
        KmTest::failOnForbiddenWarnings();
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        makeClient();
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void windowsOwnDisjointRanges()
    {
        const QList<Window> windows = PartitionedListing::windowsFor(testBoundaries());
        QCOMPARE(windows.size(), 4);
        QVERIFY(!windows.first().from);
        QCOMPARE(*windows.first().to, base);
        QCOMPARE(*windows.at(1).from, base);
        QCOMPARE(*windows.at(1).to, base + 100);
        QVERIFY(!windows.last().to);
        for (const qint64 t :
            {base - 999999, base - 1, base, base + 99, base + 100, base + 200, base + 999999}) {
            int owners = 0;
            for (const Window &window : windows)
                owners += window.owns(t);
            QCOMPARE(owners, 1);
        }
        QVERIFY(windows.at(1).owns(base) && !windows.at(1).owns(base + 100) && !windows.at(0).owns(base));

        const QUrlQuery query = windows.at(1).query(QUrlQuery(QStringLiteral("status=open&min_close_ts=5")));
        QCOMPARE(query.queryItemValue(QStringLiteral("min_close_ts")), QString::number(base - 1));
        QCOMPARE(query.queryItemValue(QStringLiteral("max_close_ts")), QString::number(base + 100));
        QCOMPARE(query.allQueryItemValues(QStringLiteral("min_close_ts")).size(), 1);
        QCOMPARE(query.queryItemValue(QStringLiteral("status")), QStringLiteral("open"));
        QVERIFY(!windows.first().query(QUrlQuery()).hasQueryItem(QStringLiteral("min_close_ts")));
        QVERIFY(!windows.last().query(QUrlQuery()).hasQueryItem(QStringLiteral("max_close_ts")));
        QCOMPARE(windows.first().label(), QStringLiteral("(-inf, %1)").arg(base));
        QVERIFY(PartitionedListing::windowsFor({}).isEmpty());

        const QList<qint64> defaults = PartitionedListing::defaultBoundaries(base);
        QVERIFY(defaults.contains(base));
        QVERIFY(std::is_sorted(defaults.begin(), defaults.end()));
        const qsizetype count = PartitionedListing::windowsFor(defaults).size();
        QVERIFY2(count >= 16 && count <= 24, qPrintable(QString::number(count)));
    }

    void everyItemOnceUnderEitherBoundSemantics_data()
    {
        QTest::addColumn<int>("bounds");
        QTest::addColumn<int>("limit");
        QTest::newRow("inclusive, 2 a page") << int(Bounds::Inclusive) << 2;
        QTest::newRow("exclusive, 2 a page") << int(Bounds::Exclusive) << 2;
        QTest::newRow("min inclusive, max exclusive, 3 a page") << int(Bounds::MinInclusiveMaxExclusive) << 3;
        QTest::newRow("inclusive, 1000 a page") << int(Bounds::Inclusive) << 1000;
    }

    void everyItemOnceUnderEitherBoundSemantics()
    {
        QFETCH(int, bounds);
        QFETCH(int, limit);
        const QList<Market> markets = boundaryMarkets();
        m_server->setHandler(marketsServer(markets, Bounds(bounds)));
        auto partitioned = listing(PartitionedListing::Split::Always, limit);
        const Run result = run(partitioned.get());
        QVERIFY(result.finished);
        QCOMPARE(result.outcome.status, Status::Ok);
        QStringList expected;
        for (const Market &market : markets)
            expected.append(market.ticker);
        QStringList got = result.tickers;
        got.sort();
        expected.sort();
        QCOMPARE(got, expected); // each once: boundary records are kept by their owner only
        checkContiguous(result.pages);
        QCOMPARE(result.outcome.pages, result.pages.size());
        QCOMPARE(result.outcome.items, qint64(markets.size()));
        QCOMPARE(partitioned->stats().windows, 4);
        QVERIFY(partitioned->stats().split);
        // Every request carried its window's bounds.
        for (const FakeHttpServer::Request &request : m_server->requests())
            QVERIFY(request.query.hasQueryItem(QStringLiteral("min_close_ts"))
                || request.query.hasQueryItem(QStringLiteral("max_close_ts")));
    }

    void itemsWithoutCloseTime()
    {
        QList<Market> markets = boundaryMarkets();
        markets.insert(3, {QStringLiteral("NOCLOSE1"), std::nullopt});
        markets.append({QStringLiteral("NOCLOSE2"), std::nullopt});
        // A server that lets them through every window: only the first window keeps them.
        m_server->setHandler(marketsServer(markets, Bounds::Inclusive, true));
        auto partitioned = listing(PartitionedListing::Split::Always, 4);
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QCOMPARE(result.tickers.size(), markets.size());
        QCOMPARE(result.tickers.count(QStringLiteral("NOCLOSE1")), 1);
        QCOMPARE(result.tickers.count(QStringLiteral("NOCLOSE2")), 1);

        // A server that filters them out of every bounded window: they are not listed (documented).
        m_server->setHandler(marketsServer(markets, Bounds::Inclusive, false));
        auto strict = listing(PartitionedListing::Split::Always, 4);
        const Run strictResult = run(strict.get());
        QCOMPARE(strictResult.outcome.status, Status::Ok);
        QCOMPARE(strictResult.tickers.size(), markets.size() - 2);
        QVERIFY(!strictResult.tickers.contains(QStringLiteral("NOCLOSE1")));
    }

    void emptyWindowsCostOnePageEach()
    {
        QList<Market> markets;
        for (int i = 0; i < 7; ++i)
            markets.append({QStringLiteral("X%1").arg(i), base + 10 + i}); // all in [base, base + 100)
        m_server->setHandler(marketsServer(markets, Bounds::Inclusive));
        auto partitioned = listing(PartitionedListing::Split::Always, 3);
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QCOMPARE(result.tickers.size(), 7);
        QCOMPARE(partitioned->stats().windows, 4);
        QCOMPARE(partitioned->stats().emptyWindows, 3);
        QCOMPARE(partitioned->stats().emptyPages, 3);
        QCOMPARE(result.pages.size(), 3 + 3); // 7 items at 3 a page, and one empty page per empty window
        QCOMPARE(m_server->requests().size(), 6);
    }

    void leadStaysAloneWhenRateBound()
    {
        // No latency, 20 requests/s: the limiter paces the lead, so it lists alone, as PageFetcher would.
        makeClient(20);
        QList<Market> markets;
        for (int i = 0; i < 12; ++i)
            markets.append({QStringLiteral("R%1").arg(i), base + (i % 4) * 100 - 50});
        m_server->setHandler(marketsServer(markets, Bounds::Inclusive));
        auto partitioned = listing(PartitionedListing::Split::WhenLatencyBound, 2);
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QCOMPARE(result.tickers.size(), 12);
        QStringList times;
        for (const FakeHttpServer::Request &request : m_server->requests())
            times << QString::number(request.receivedMs) + u' ' + request.query.toString();
        QVERIFY2(!partitioned->stats().split, qPrintable(times.join(u'\n')));
        QCOMPARE(m_server->requests().size(), 6);
        for (const FakeHttpServer::Request &request : m_server->requests())
            QVERIFY(!request.query.hasQueryItem(QStringLiteral("max_close_ts")));
    }

    // Kalshi combines each time pair with some status filters only: the listing picks the pair its
    // status filter allows, or does not split at all.
    void timeFieldFollowsTheStatusFilter_data()
    {
        QTest::addColumn<QString>("filters");
        QTest::addColumn<QString>("field"); // empty: never split
        QTest::newRow("no status") << QStringLiteral("mve_filter=exclude") << QStringLiteral("close");
        QTest::newRow("closed") << QStringLiteral("status=closed") << QStringLiteral("close");
        QTest::newRow("open") << QStringLiteral("status=open&mve_filter=exclude")
                              << QStringLiteral("created");
        QTest::newRow("unopened and open")
            << QStringLiteral("status=unopened,open") << QStringLiteral("created");
        QTest::newRow("settled (settlement_ts is not in older markets)")
            << QStringLiteral("status=settled") << QString();
        QTest::newRow("paused") << QStringLiteral("status=paused") << QString();
        QTest::newRow("open and closed") << QStringLiteral("status=open,closed") << QString();
        QTest::newRow("a time filter already") << QStringLiteral("status=closed&min_close_ts=5") << QString();
    }

    void timeFieldFollowsTheStatusFilter()
    {
        QFETCH(QString, filters);
        QFETCH(QString, field);
        const std::optional<PartitionedListing::TimeField> time
            = PartitionedListing::timeFieldFor(QUrlQuery(filters));
        QCOMPARE(time ? PartitionedListing::queryName(*time) : QString(), field);
        if (time) {
            const PartitionedListing::Window window{base, base + 100};
            const QUrlQuery query = window.query(QUrlQuery(filters), *time);
            QCOMPARE(query.queryItemValue(QStringLiteral("min_%1_ts").arg(field)), QString::number(base - 1));
            QCOMPARE(
                query.queryItemValue(QStringLiteral("max_%1_ts").arg(field)), QString::number(base + 100));
        }
    }

    // An open-markets listing splits on created time (close_ts beside status=open is refused by
    // Kalshi and by this server) and lists every market exactly once.
    void openListingSplitsOnCreatedTime()
    {
        makeClient();
        m_server->setHandler(
            marketsServer(boundaryMarkets(), Bounds::Inclusive, false, {}, QStringLiteral("created")));
        auto partitioned
            = listing(PartitionedListing::Split::Always, 2, testBoundaries(), QStringLiteral("status=open"));
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QStringList got = result.tickers;
        got.sort();
        QStringList wanted;
        for (const Market &market : boundaryMarkets())
            wanted.append(market.ticker);
        wanted.sort();
        QCOMPARE(got, wanted);
        bool bounded = false;
        for (const FakeHttpServer::Request &request : m_server->requests()) {
            QVERIFY(!request.query.hasQueryItem(QStringLiteral("min_close_ts")));
            bounded = bounded || request.query.hasQueryItem(QStringLiteral("max_created_ts"));
        }
        QVERIFY(bounded);
    }

    // A listing no time pair goes with stays one chain even when asked to split.
    void pausedListingNeverSplits()
    {
        makeClient();
        m_server->setHandler(marketsServer(boundaryMarkets(), Bounds::Inclusive));
        auto partitioned = listing(
            PartitionedListing::Split::Always, 4, testBoundaries(), QStringLiteral("status=paused"));
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QCOMPARE(result.tickers.size(), boundaryMarkets().size());
        QVERIFY(!partitioned->stats().split);
        QCOMPARE(m_server->requests().size(), (boundaryMarkets().size() + 3) / 4);
    }

    void leadSplitsWhenLatencyBound()
    {
        // 150 ms a response against 20 requests/s: one chain reaches a third of the limit.
        makeClient(20);
        QList<Market> markets;
        for (int i = 0; i < 30; ++i)
            markets.append({QStringLiteral("L%1").arg(i), base + (i % 5) * 70 - 60});
        auto handler = marketsServer(markets, Bounds::Exclusive);
        m_server->setHandler([handler](const FakeHttpServer::Request &request) {
            Response response = handler(request);
            response.delayMs = 150;
            return response;
        });
        auto partitioned = listing(PartitionedListing::Split::WhenLatencyBound, 3);
        partitioned->setLeadPages(2);
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QVERIFY(partitioned->stats().split);
        QStringList got = result.tickers;
        got.removeDuplicates();
        QCOMPARE(got.size(), result.tickers.size()); // the lead's items are not listed again
        QCOMPARE(got.size(), 30);
        QVERIFY(partitioned->stats().droppedItems >= 6);
        checkContiguous(result.pages);
    }

    void sampleBoundariesBalanceWindows_data()
    {
        QTest::addColumn<int>("windows");
        QTest::newRow("2") << 2;
        QTest::newRow("3") << 3;
        QTest::newRow("6") << 6;
    }

    void sampleBoundariesBalanceWindows()
    {
        QFETCH(int, windows);
        // 600 distinct close times 100 s apart, in a shuffled (unordered) listing order.
        QList<qint64> sample;
        for (int i = 0; i < 600; ++i)
            sample.append(base + qint64((i * 337) % 600) * 100);
        PartitionedListing::WindowSource source = PartitionedListing::WindowSource::Fixed;
        const QList<qint64> boundaries = PartitionedListing::sampleBoundaries(sample, windows, &source);
        QCOMPARE(source, PartitionedListing::WindowSource::LeadSample);
        QCOMPARE(boundaries.size(), windows - 1);
        const QList<Window> owned = PartitionedListing::windowsFor(boundaries);
        QVERIFY(!owned.first().from && !owned.last().to);
        for (const Window &window : owned) {
            const auto count
                = std::count_if(sample.cbegin(), sample.cend(), [&](qint64 t) { return window.owns(t); });
            QCOMPARE(int(count), 600 / windows);
        }
        // Midway between sampled close times: neither bound of a window's query hits a sampled one.
        for (const qint64 boundary : boundaries) {
            QVERIFY(!sample.contains(boundary));
            QVERIFY(!sample.contains(boundary - 1));
        }
    }

    void sampleBoundariesKeepLumpsWhole()
    {
        // Lumps of equal close times one day apart: 4 equal windows cannot be had; each boundary
        // goes to the lump edge nearer its quantile, midway into the gap, and no lump is split.
        const auto lumps = [](const QList<int> &sizes) {
            QList<qint64> sample;
            for (int lump = 0; lump < sizes.size(); ++lump) {
                for (int i = 0; i < sizes.at(lump); ++i)
                    sample.append(base + lump * 86400);
            }
            std::rotate(sample.begin(), sample.begin() + 250, sample.end()); // not in close-time order
            return sample;
        };
        const QList<qint64> sample = lumps({100, 300, 60, 140});
        PartitionedListing::WindowSource source = PartitionedListing::WindowSource::Fixed;
        const QList<qint64> boundaries = PartitionedListing::sampleBoundaries(sample, 4, &source);
        QCOMPARE(source, PartitionedListing::WindowSource::LeadSample);
        // Quantiles at 150, 300, 450 of the sorted 600: lump edges 100, 400 and 460.
        const qint64 gap = 86400 / 2 + 1;
        QCOMPARE(boundaries, (QList<qint64>{base + gap, base + 86400 + gap, base + 2 * 86400 + gap}));
        QList<int> counts;
        for (const Window &window : PartitionedListing::windowsFor(boundaries))
            counts.append(
                int(std::count_if(sample.cbegin(), sample.cend(), [&](qint64 t) { return window.owns(t); })));
        QCOMPARE(counts, (QList<int>{100, 300, 60, 140}));
        // Two quantiles nearest the same edge (150 -> 100; 450 of 100, 300, 100, 100 ties -> 400,
        // as 300 -> 400): one boundary for both, so fewer windows.
        QCOMPARE(PartitionedListing::sampleBoundaries(lumps({100, 300, 100, 100}), 4),
            (QList<qint64>{base + gap, base + 86400 + gap}));
        // Close times 1 s apart leave no room midway: the boundary is the upper one.
        QList<qint64> adjacent;
        for (int i = 0; i < 200; ++i)
            adjacent.append(base + i % 2);
        QCOMPARE(PartitionedListing::sampleBoundaries(adjacent, 2), QList<qint64>{base + 1});
    }

    void sampleBoundariesFallBack_data()
    {
        QTest::addColumn<QList<qint64>>("sample");
        QTest::addColumn<int>("windows");
        QTest::addColumn<int>("source");
        QTest::addColumn<int>("boundaries");
        QList<qint64> shuffled;
        for (int i = 0; i < 300; ++i)
            shuffled.append(base + qint64((i * 7) % 300));
        QList<qint64> ascending;
        for (int i = 0; i < 300; ++i)
            ascending.append(base + i * 60);
        QList<qint64> descending = ascending;
        std::reverse(descending.begin(), descending.end());
        using Source = PartitionedListing::WindowSource;
        QTest::newRow("empty") << QList<qint64>() << 6 << int(Source::FewSamples) << 0;
        QTest::newRow("99 samples: 1 window") << shuffled.mid(0, 99) << 6 << int(Source::FewSamples) << 0;
        QTest::newRow("100 samples: 2 windows") << shuffled.mid(0, 100) << 6 << int(Source::LeadSample) << 1;
        QTest::newRow("300 samples: 6 windows") << shuffled << 6 << int(Source::LeadSample) << 5;
        QTest::newRow("one close time") << QList<qint64>(500, base) << 6 << int(Source::OneTime) << 0;
        QTest::newRow("ascending listing") << ascending << 6 << int(Source::OrderedSample) << 0;
        QTest::newRow("descending listing") << descending << 6 << int(Source::OrderedSample) << 0;
        QTest::newRow("one window asked") << shuffled << 1 << int(Source::FewSamples) << 0;
    }

    void sampleBoundariesFallBack()
    {
        QFETCH(QList<qint64>, sample);
        QFETCH(int, windows);
        QFETCH(int, source);
        QFETCH(int, boundaries);
        PartitionedListing::WindowSource why = PartitionedListing::WindowSource::Fixed;
        QCOMPARE(PartitionedListing::sampleBoundaries(sample, windows, &why).size(), boundaries);
        QCOMPARE(int(why), source);
    }

    void listingOrderCorrelation()
    {
        QCOMPARE(PartitionedListing::listingOrderCorrelation({}), 0.0);
        QCOMPARE(PartitionedListing::listingOrderCorrelation({base, base}), 0.0);
        QVERIFY(qFuzzyCompare(PartitionedListing::listingOrderCorrelation({1, 5, 9, 20}), 1.0));
        QVERIFY(qFuzzyCompare(PartitionedListing::listingOrderCorrelation({20, 9, 5, 1}), -1.0));
        // Ties share their rank: alternating lumps are not "ordered".
        QVERIFY(std::abs(PartitionedListing::listingOrderCorrelation({1, 2, 1, 2, 1, 2, 1, 2})) < 0.5);
    }

    void sampledWindowsListEveryItemOnce_data()
    {
        QTest::addColumn<int>("bounds");
        QTest::addColumn<bool>("skewed");
        QTest::newRow("inclusive, unbiased") << int(Bounds::Inclusive) << false;
        QTest::newRow("exclusive, unbiased") << int(Bounds::Exclusive) << false;
        QTest::newRow("min inclusive, max exclusive, unbiased")
            << int(Bounds::MinInclusiveMaxExclusive) << false;
        QTest::newRow("inclusive, skewed") << int(Bounds::Inclusive) << true;
        QTest::newRow("exclusive, skewed") << int(Bounds::Exclusive) << true;
        QTest::newRow("min inclusive, max exclusive, skewed")
            << int(Bounds::MinInclusiveMaxExclusive) << true;
    }

    void sampledWindowsListEveryItemOnce()
    {
        QFETCH(int, bounds);
        QFETCH(bool, skewed);
        // 400 markets in lumps of 20 on 20 close times; the lead's 2 pages of 50 see them all
        // (unbiased) or only the earliest 6 close times (skewed: the listing starts with them,
        // shuffled among themselves so that the order test does not catch it).
        QList<Market> markets;
        for (int i = 0; i < 400; ++i)
            markets.append({QStringLiteral("S%1").arg(i), base + qint64((i * 7) % 20) * 3600});
        if (skewed) {
            std::stable_sort(markets.begin(), markets.end(), [](const Market &a, const Market &b) {
                return (*a.closeTime < base + 6 * 3600) > (*b.closeTime < base + 6 * 3600);
            });
        }
        makeClient(20);
        auto handler = marketsServer(markets, Bounds(bounds));
        m_server->setHandler([handler](const FakeHttpServer::Request &request) {
            Response response = handler(request);
            response.delayMs = 120; // latency-bound against 20 requests/s
            return response;
        });
        auto partitioned = listing(PartitionedListing::Split::WhenLatencyBound, 50);
        partitioned->setLeadPages(2);
        const Run result = run(partitioned.get());
        QVERIFY(result.finished);
        QCOMPARE(result.outcome.status, Status::Ok);
        QVERIFY(partitioned->stats().split);
        QCOMPARE(partitioned->stats().source, PartitionedListing::WindowSource::LeadSample);
        QCOMPARE(partitioned->stats().sampled, 100);
        QCOMPARE(partitioned->stats().windows, 2); // 100 samples: 2 windows of at least 50
        QCOMPARE(partitioned->windows().size(), 2);
        QStringList got = result.tickers;
        got.sort();
        QStringList expected;
        for (const Market &market : std::as_const(markets))
            expected.append(market.ticker);
        expected.sort();
        QCOMPARE(got, expected); // every market exactly once, the boundary lumps included
        checkContiguous(result.pages);
        // The boundary lies in a gap, so no window's query reaches into a lump it does not own.
        const qint64 boundary = *partitioned->windows().at(1).from;
        QVERIFY((boundary - base) % 3600 != 0 && (boundary - 1 - base) % 3600 != 0);
        if (!skewed) {
            // Unbiased: the two windows are within one lump (20) of 200 markets each.
            qint64 first = 0;
            for (const Market &market : std::as_const(markets))
                first += partitioned->windows().first().owns(*market.closeTime);
            QVERIFY2(qAbs(first - 200) <= 20, qPrintable(QString::number(first)));
        }
    }

    void sampledWindowsOffKeepsFixedBoundaries()
    {
        makeClient(20);
        QList<Market> markets;
        for (int i = 0; i < 300; ++i)
            markets.append({QStringLiteral("O%1").arg(i), base - 150 + qint64((i * 7) % 4) * 100});
        auto handler = marketsServer(markets, Bounds::Inclusive);
        m_server->setHandler([handler](const FakeHttpServer::Request &request) {
            Response response = handler(request);
            response.delayMs = 120;
            return response;
        });
        auto partitioned = listing(PartitionedListing::Split::WhenLatencyBound, 50);
        partitioned->setLeadPages(2);
        partitioned->setSampledWindows(0);
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Ok);
        QVERIFY(partitioned->stats().split);
        QCOMPARE(partitioned->stats().source, PartitionedListing::WindowSource::Fixed);
        QCOMPARE(partitioned->windows().size(), 4); // testBoundaries()
        QCOMPARE(result.tickers.size(), 300);
    }

    // Issue 12: fresh cursors for ever; the ceiling counts the listing's pages over all chains.
    void endlessListingHitsTheCeiling_data()
    {
        QTest::addColumn<bool>("split");
        QTest::newRow("one chain") << false;
        QTest::newRow("windows") << true;
    }

    void endlessListingHitsTheCeiling()
    {
        QFETCH(bool, split);
        m_server->setHandler([](const FakeHttpServer::Request &request) {
            const int next = request.queryValue(QStringLiteral("cursor")).mid(1).toInt() + 1;
            const QByteArray ticker = QByteArray::number(request.connection) + '-' + QByteArray::number(next);
            return Response::json(R"({"markets":[{"ticker":"E)" + ticker + R"("}],"cursor":"c)"
                + QByteArray::number(next) + R"("})");
        });
        auto partitioned
            = listing(split ? PartitionedListing::Split::Always : PartitionedListing::Split::Never, 1);
        partitioned->setPageCeiling(7);
        const Run result = run(partitioned.get());
        QVERIFY(result.finished);
        QCOMPARE(result.outcome.status, Status::Failed);
        QCOMPARE(result.outcome.error.kind, RequestError::Kind::PageCeiling);
        QCOMPARE(result.outcome.error.text(),
            QStringLiteral("GET /markets page 8: more pages after 7, the ceiling "
                           "for one listing (endless listing refused)"));
        QCOMPARE(result.pages.size(), 7);
    }

    void failureInOneChainStopsAll()
    {
        QList<Market> markets;
        for (int i = 0; i < 40; ++i)
            markets.append({QStringLiteral("F%1").arg(i), base - 200 + (i % 4) * 100});
        // Window [base, base + 100)'s second page is refused; every response takes 50 ms.
        auto handler = marketsServer(markets, Bounds::Inclusive, false,
            [](const FakeHttpServer::Request &request, int start) -> std::optional<Response> {
                if (request.queryValue(QStringLiteral("min_close_ts")) == QString::number(base - 1)
                    && start > 0)
                    return Response::json(R"({"error":{"code":"bad","message":"refused"}})", 400);
                return std::nullopt;
            });
        m_server->setHandler([handler](const FakeHttpServer::Request &request) {
            Response response = handler(request);
            response.delayMs = 50;
            return response;
        });
        auto partitioned = listing(PartitionedListing::Split::Always, 2);
        int handedOut = 0;
        connect(
            partitioned.get(), &PartitionedListing::listPageReady, this, [&handedOut](int) { ++handedOut; });
        const Run result = run(partitioned.get());
        QVERIFY(result.finished);
        QCOMPARE(result.outcome.status, Status::Failed);
        QVERIFY2(result.outcome.error.text().startsWith(
                     QStringLiteral("GET /markets page %1: ").arg(result.pages.size() + 1)),
            qPrintable(result.outcome.error.text()));
        QVERIFY2(result.outcome.error.text().contains(QStringLiteral("refused")),
            qPrintable(result.outcome.error.text()));
        QVERIFY2(result.outcome.error.text().contains(
                     QStringLiteral("window [%1, %2), its page 2").arg(base).arg(base + 100)),
            qPrintable(result.outcome.error.text()));
        QCOMPARE(result.outcome.error.kind, RequestError::Kind::Http);
        QCOMPARE(result.outcome.error.httpStatus, 400);
        QCOMPARE(result.outcome.error.page, int(result.pages.size()) + 1);
        QCOMPARE(result.outcome.error.window,
            QStringLiteral("close-time window [%1, %2), its page 2").arg(base).arg(base + 100));
        QVERIFY(result.tickers.size() < 40);
        // Every other chain's request is cancelled at once (one already on the wire may still reach
        // the server), and nothing more is asked or handed out afterwards.
        QCOMPARE(m_client->pendingCount(), 0);
        const qsizetype requests = m_server->requests().size();
        QCOMPARE(handedOut, result.pages.size());
        QTest::qWait(300);
        QVERIFY(m_server->requests().size() <= requests + 2);
        QCOMPARE(m_client->pendingCount(), 0);
        QCOMPARE(handedOut, result.pages.size());
    }

    void maxPagesCountsAllChains_data()
    {
        QTest::addColumn<int>("maxPages");
        QTest::addColumn<int>("status");
        QTest::newRow("cap of 5") << 5 << int(Status::Truncated);
        QTest::newRow("cap of 1") << 1 << int(Status::Truncated);
        QTest::newRow("cap at the exact total") << 12 << int(Status::Ok);
        QTest::newRow("no cap") << 0 << int(Status::Ok);
    }

    void maxPagesCountsAllChains()
    {
        QFETCH(int, maxPages);
        QFETCH(int, status);
        // 10 items in (-inf, base), 5 in [base, base + 100), 5 in [base + 100, base + 200), none after:
        // 2 a page gives 5 + 3 + 3 + 1 (empty) = 12 pages.
        QList<Market> markets;
        for (int i = 0; i < 20; ++i)
            markets.append({QStringLiteral("C%1").arg(i), base - 150 + (i % 4) * 100});
        m_server->setHandler(marketsServer(markets, Bounds::Inclusive));
        auto partitioned = listing(PartitionedListing::Split::Always, 2);
        partitioned->setMaxPages(maxPages);
        const Run result = run(partitioned.get());
        QCOMPARE(int(result.outcome.status), status);
        QCOMPARE(result.pages.size(), maxPages > 0 ? maxPages : 12);
        QCOMPARE(result.outcome.pages, result.pages.size());
        checkContiguous(result.pages);
        if (status == int(Status::Ok))
            QCOMPARE(result.tickers.size(), 20);
        QCOMPARE(m_client->pendingCount(), 0);
    }

    void cancelStopsEveryChain()
    {
        QList<Market> markets;
        for (int i = 0; i < 40; ++i)
            markets.append({QStringLiteral("K%1").arg(i), base - 150 + (i % 4) * 100});
        auto handler = marketsServer(markets, Bounds::Inclusive);
        m_server->setHandler([handler](const FakeHttpServer::Request &request) {
            Response response = handler(request);
            response.delayMs = 40;
            return response;
        });
        auto partitioned = listing(PartitionedListing::Split::Always, 2);
        int pagesSeen = 0;
        connect(partitioned.get(), &PartitionedListing::listPageReady, this, [&](int) {
            if (++pagesSeen == 2)
                partitioned->cancel();
        });
        const Run result = run(partitioned.get());
        QCOMPARE(result.outcome.status, Status::Cancelled);
        QVERIFY(result.outcome.error.text().contains(QStringLiteral("cancelled")));
        QCOMPARE(result.pages.size(), 2);
        QCOMPARE(m_client->pendingCount(), 0);
        QTest::qWait(200);
        QCOMPARE(pagesSeen, 2);
    }

    void flowControlCountsEveryChain()
    {
        QList<Market> markets;
        for (int i = 0; i < 80; ++i)
            markets.append({QStringLiteral("B%1").arg(i), base - 150 + (i % 4) * 100});
        m_server->setHandler(marketsServer(markets, Bounds::Inclusive));
        auto partitioned = listing(PartitionedListing::Split::Always, 2);
        partitioned->setMaxPagesAhead(3);
        int handedOut = 0;
        connect(partitioned.get(), &PartitionedListing::listPageReady, this, [&](int) { ++handedOut; });
        QSignalSpy finished(partitioned.get(), &PartitionedListing::finished);
        partitioned->start();
        QTest::qWait(400);
        // 3 chains, each at most its share (1) ahead plus the page in flight: 2 unacknowledged each.
        QVERIFY2(handedOut > 0 && handedOut <= 6, qPrintable(QString::number(handedOut)));
        QVERIFY(finished.isEmpty());
        // Acknowledging lets it run to the end.
        connect(partitioned.get(), &PartitionedListing::listPageReady, this, [&](int page) {
            QMetaObject::invokeMethod(
                partitioned.get(), [&, page] { partitioned->acknowledge(page); }, Qt::QueuedConnection);
        });
        partitioned->acknowledge(handedOut);
        QVERIFY(finished.wait(waitMs));
        QCOMPARE(finished.first().first().value<PageFetcher::Outcome>().status, Status::Ok);
        QCOMPARE(finished.first().first().value<PageFetcher::Outcome>().items, 80);
    }
};

KM_TEST_GUILESS_MAIN(TstPartitionedListing)
#include "tst_partitionedlisting.moc"
