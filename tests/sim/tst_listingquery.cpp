#include "listingquery.h"
#include "marketgenerator.h"
#include "testsupport.h"

#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <functional>

namespace {

MarketGenerator::Options smallUniverse()
{
    MarketGenerator::Options options;
    options.markets = 700;
    options.events = 40;
    options.settled = 90;
    options.seed = 7;
    return options;
}

QUrlQuery withCursor(const QString &query, const QByteArray &cursor)
{
    QUrlQuery result(query);
    if (!cursor.isEmpty())
        result.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(cursor));
    return result;
}

// Pages through a listing to its end; fails the test on an error or a runaway listing.
std::vector<int> collect(
    const MarketGenerator &generator, ListingQuery::Kind kind, const QString &query, int *pages = nullptr)
{
    std::vector<int> items;
    QByteArray cursor;
    int count = 0;
    do {
        ListingQuery listing(kind, generator);
        QString error;
        if (!listing.parse(withCursor(query, cursor), &error)) {
            qWarning("listing failed: %s", qPrintable(error));
            return {};
        }
        if (listing.pageNumber() != count + 1) {
            qWarning("page number %d, expected %d", listing.pageNumber(), count + 1);
            return {};
        }
        const ListingQuery::Page page = listing.run();
        items.insert(items.end(), page.items.begin(), page.items.end());
        cursor = page.cursor;
        if (++count > 10000)
            return {};
    } while (!cursor.isEmpty());
    if (pages)
        *pages = count;
    return items;
}

quint8 statusBit(const MarketGenerator &generator, int market)
{
    return MarketGenerator::statusFilterBit(generator.status(market));
}

using Predicate = std::function<bool(const MarketGenerator &, int)>;

} // namespace

Q_DECLARE_METATYPE(Predicate)

class TstListingQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void marketListings_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<Predicate>("expected");

        QTest::newRow("all, default limit")
            << QString() << Predicate([](const MarketGenerator &, int) { return true; });
        QTest::newRow("all, limit 1000")
            << QStringLiteral("limit=1000") << Predicate([](const MarketGenerator &, int) { return true; });
        QTest::newRow("open, limit 33")
            << QStringLiteral("limit=33&status=open") << Predicate([](const MarketGenerator &g, int i) {
                   return statusBit(g, i) == MarketGenerator::FilterOpen;
               });
        QTest::newRow("settled") << QStringLiteral("status=settled&limit=7")
                                 << Predicate([](const MarketGenerator &g, int i) { return g.isSettled(i); });
        // 90 settled markets fill the last page exactly: no empty page may follow it.
        QTest::newRow("settled, last page full")
            << QStringLiteral("status=settled&limit=10")
            << Predicate([](const MarketGenerator &g, int i) { return g.isSettled(i); });
        QTest::newRow("settled, one full page")
            << QStringLiteral("status=settled&limit=90")
            << Predicate([](const MarketGenerator &g, int i) { return g.isSettled(i); });
        QTest::newRow("closed,paused,unopened")
            << QStringLiteral("status=closed,paused,unopened&limit=5")
            << Predicate([](const MarketGenerator &g, int i) {
                   return statusBit(g, i)
                       & (MarketGenerator::FilterClosed | MarketGenerator::FilterPaused
                           | MarketGenerator::FilterUnopened);
               });
        QTest::newRow("mve only") << QStringLiteral("mve_filter=only&limit=11")
                                  << Predicate(
                                         [](const MarketGenerator &g, int i) { return g.isMultivariate(i); });
        QTest::newRow("mve excluded, open")
            << QStringLiteral("mve_filter=exclude&status=open&limit=250")
            << Predicate([](const MarketGenerator &g, int i) {
                   return !g.isMultivariate(i) && statusBit(g, i) == MarketGenerator::FilterOpen;
               });
        // %1 becomes the ticker of the first event of the second series.
        QTest::newRow("event") << QStringLiteral("event_ticker=%1&limit=3")
                               << Predicate([](const MarketGenerator &g, int i) {
                                      return g.eventOf(i) == g.eventsOfSeries(1).front();
                                  });
        QTest::newRow("series") << QStringLiteral("series_ticker=KXSIM3&limit=4")
                                << Predicate([](const MarketGenerator &g, int i) {
                                       return g.seriesOf(g.eventOf(i)) == g.seriesIndex(u"KXSIM3");
                                   });
        QTest::newRow("unknown series") << QStringLiteral("series_ticker=NOPE")
                                        << Predicate([](const MarketGenerator &, int) { return false; });
    }

    void marketListings()
    {
        QFETCH(QString, query);
        QFETCH(Predicate, expected);
        const MarketGenerator generator(smallUniverse());
        if (query.contains(u"%1"))
            query = query.arg(generator.eventTicker(generator.eventsOfSeries(1).front()));

        std::vector<int> wanted;
        for (int i = 0; i < generator.marketCount(); ++i) {
            if (expected(generator, i))
                wanted.push_back(i);
        }
        int pages = 0;
        const std::vector<int> got = collect(generator, ListingQuery::Kind::Markets, query, &pages);
        QCOMPARE(got, wanted);
        const QUrlQuery parsed(query);
        const int limit = parsed.hasQueryItem(QStringLiteral("limit"))
            ? parsed.queryItemValue(QStringLiteral("limit")).toInt()
            : 100;
        QCOMPARE(pages, qMax(1, int((wanted.size() + size_t(limit) - 1) / size_t(limit))));
        if (query.contains(u"series_ticker=KXSIM3") || query.startsWith(u"event_ticker"))
            QVERIFY(!wanted.empty());
    }

    void tickersFilter()
    {
        const MarketGenerator generator(smallUniverse());
        const QString query = QStringLiteral("tickers=%1,%2,NOPE-M3,%1&limit=1")
                                  .arg(generator.marketTicker(512), generator.marketTicker(17));
        QCOMPARE(collect(generator, ListingQuery::Kind::Markets, query), std::vector<int>({17, 512}));
    }

    void eventListings()
    {
        const MarketGenerator generator(smallUniverse());
        const std::vector<int> all
            = collect(generator, ListingQuery::Kind::Events, QStringLiteral("limit=7"));
        QCOMPARE(all, generator.listedEvents());
        QCOMPARE(int(all.size()), 40);
        for (const int event : all)
            QVERIFY(generator.eventKind(event) != MarketGenerator::EventKind::Orphan);

        std::vector<int> open;
        for (const int event : generator.listedEvents()) {
            if (generator.eventStatusFilterBit(event) == MarketGenerator::FilterOpen)
                open.push_back(event);
        }
        QVERIFY(!open.empty());
        QCOMPARE(collect(generator, ListingQuery::Kind::Events, QStringLiteral("status=open")), open);

        const std::vector<int> series
            = collect(generator, ListingQuery::Kind::Events, QStringLiteral("series_ticker=KXSIM1"));
        QVERIFY(!series.empty());
        for (const int event : series)
            QCOMPARE(generator.seriesTicker(generator.seriesOf(event)), QStringLiteral("KXSIM1"));
    }

    // Every timestamp pair: both bounds inclusive, alone, together and with the statuses Kalshi
    // allows beside it; paging as without them.
    void timeBounds_data()
    {
        QTest::addColumn<QString>("field"); // created, close or settled
        QTest::addColumn<QString>("filters");
        QTest::addColumn<int>("lowIndex"); // index into the sorted distinct times; -1: no bound
        QTest::addColumn<int>("highIndex");
        const QString close = QStringLiteral("close");
        QTest::newRow("close: min only") << close << QStringLiteral("limit=9") << 5 << -1;
        QTest::newRow("close: max only") << close << QStringLiteral("limit=9") << -1 << 5;
        QTest::newRow("close: range") << close << QStringLiteral("limit=4") << 3 << 12;
        QTest::newRow("close: one instant") << close << QStringLiteral("limit=2") << 8 << 8;
        QTest::newRow("close: empty, min above max") << close << QStringLiteral("limit=5") << 9 << 8;
        QTest::newRow("close: with closed and mve")
            << close << QStringLiteral("limit=3&status=closed&mve_filter=exclude") << -1 << 20;
        QTest::newRow("created: range") << QStringLiteral("created") << QStringLiteral("limit=4") << 3 << 30;
        QTest::newRow("created: with open and mve")
            << QStringLiteral("created") << QStringLiteral("limit=3&status=open&mve_filter=exclude") << 2
            << 40;
        QTest::newRow("created: with unopened")
            << QStringLiteral("created") << QStringLiteral("limit=2&status=unopened") << -1 << 60;
        QTest::newRow("settled: range, no status")
            << QStringLiteral("settled") << QStringLiteral("limit=4") << 2 << 10;
        QTest::newRow("settled: with settled")
            << QStringLiteral("settled") << QStringLiteral("limit=5&status=settled") << 4 << -1;
    }

    void timeBounds()
    {
        QFETCH(QString, field);
        QFETCH(QString, filters);
        QFETCH(int, lowIndex);
        QFETCH(int, highIndex);
        const MarketGenerator generator(smallUniverse());
        const auto timeOf = [&](int market) -> std::optional<qint64> {
            if (field == u"created")
                return generator.createdTime(market);
            if (field == u"settled")
                return generator.settlementTime(market);
            return generator.closeTime(market);
        };
        std::vector<qint64> times;
        for (int i = 0; i < generator.marketCount(); ++i) {
            if (const std::optional<qint64> time = timeOf(i))
                times.push_back(*time);
        }
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        QVERIFY(times.size() > 20);

        std::vector<int> base = collect(generator, ListingQuery::Kind::Markets, filters);
        QVERIFY(!base.empty());
        QString query = filters;
        if (lowIndex >= 0)
            query += QStringLiteral("&min_%1_ts=%2").arg(field).arg(times[size_t(lowIndex)]);
        if (highIndex >= 0)
            query += QStringLiteral("&max_%1_ts=%2").arg(field).arg(times[size_t(highIndex)]);
        std::vector<int> wanted;
        for (const int market : base) {
            const std::optional<qint64> time = timeOf(market);
            if (time && (lowIndex < 0 || *time >= times[size_t(lowIndex)])
                && (highIndex < 0 || *time <= times[size_t(highIndex)]))
                wanted.push_back(market);
        }
        if (lowIndex >= 0 && highIndex >= lowIndex && !filters.contains(u"status"))
            QVERIFY(!wanted.empty()); // the bounds are times of markets: inclusive means present
        QVERIFY(lowIndex < 0 || highIndex < lowIndex || wanted.size() < base.size() || field == u"settled");
        int pages = 0;
        QCOMPARE(collect(generator, ListingQuery::Kind::Markets, query, &pages), wanted);
        const int limit = QUrlQuery(filters).queryItemValue(QStringLiteral("limit")).toInt();
        QCOMPARE(pages, qMax(1, int((wanted.size() + size_t(limit) - 1) / size_t(limit))));
    }

    void invalidQueries_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("messagePart");
        const int markets = int(ListingQuery::Kind::Markets);
        const int events = int(ListingQuery::Kind::Events);
        QTest::newRow("limit 0") << markets << QStringLiteral("limit=0") << QStringLiteral("limit");
        QTest::newRow("limit 1001") << markets << QStringLiteral("limit=1001") << QStringLiteral("limit");
        QTest::newRow("limit text") << markets << QStringLiteral("limit=ten") << QStringLiteral("limit");
        QTest::newRow("events limit 201") << events << QStringLiteral("limit=201") << QStringLiteral("limit");
        QTest::newRow("bad status") << markets << QStringLiteral("status=active") << QStringLiteral("status");
        QTest::newRow("one bad status of two")
            << markets << QStringLiteral("status=open,bogus") << QStringLiteral("bogus");
        QTest::newRow("events bad status")
            << events << QStringLiteral("status=finalized") << QStringLiteral("status");
        QTest::newRow("bad mve filter")
            << markets << QStringLiteral("mve_filter=all") << QStringLiteral("mve_filter");
        QTest::newRow("min_close_ts text")
            << markets << QStringLiteral("min_close_ts=tomorrow") << QStringLiteral("min_close_ts");
        QTest::newRow("max_close_ts fraction")
            << markets << QStringLiteral("max_close_ts=12.5") << QStringLiteral("max_close_ts");
        // Kalshi's compatibility table: one timestamp pair at a time, each with its own statuses.
        QTest::newRow("close with open")
            << markets << QStringLiteral("status=open&min_close_ts=1") << QStringLiteral("status closed");
        QTest::newRow("created with closed") << markets << QStringLiteral("status=closed&max_created_ts=1")
                                             << QStringLiteral("unopened or open");
        QTest::newRow("settled with open and settled")
            << markets << QStringLiteral("status=open,settled&min_settled_ts=1")
            << QStringLiteral("status settled");
        QTest::newRow("two pairs") << markets << QStringLiteral("min_close_ts=1&max_settled_ts=2")
                                   << QStringLiteral("mutually exclusive");
        QTest::newRow("min_created_ts text")
            << markets << QStringLiteral("min_created_ts=now") << QStringLiteral("min_created_ts");
        QTest::newRow("garbage cursor")
            << markets << QStringLiteral("cursor=%%%") << QStringLiteral("cursor");
        QTest::newRow("not base64 of ours")
            << markets << QStringLiteral("cursor=aGVsbG8") << QStringLiteral("cursor");
    }

    void invalidQueries()
    {
        QFETCH(int, kind);
        QFETCH(QString, query);
        QFETCH(QString, messagePart);
        const MarketGenerator generator(smallUniverse());
        ListingQuery listing(ListingQuery::Kind(kind), generator);
        QString error;
        QVERIFY(!listing.parse(QUrlQuery(query), &error));
        QVERIFY2(error.contains(messagePart), qPrintable(error));
    }

    void cursorBelongsToItsFilters()
    {
        const MarketGenerator generator(smallUniverse());
        ListingQuery first(ListingQuery::Kind::Markets, generator);
        QString error;
        QVERIFY(first.parse(QUrlQuery(QStringLiteral("status=open&limit=10")), &error));
        const QByteArray cursor = first.run().cursor;
        QVERIFY(!cursor.isEmpty());

        // Another limit is fine; other filters or another endpoint are not.
        ListingQuery sameFilters(ListingQuery::Kind::Markets, generator);
        QVERIFY(sameFilters.parse(withCursor(QStringLiteral("limit=50&status=open"), cursor), &error));
        QCOMPARE(sameFilters.pageNumber(), 2);
        QCOMPARE(sameFilters.requestCursor(), cursor);
        for (const QString &other :
            {QStringLiteral("status=settled"), QStringLiteral("status=open&mve_filter=only"), QString(),
                QStringLiteral("status=open&min_created_ts=0"),
                QStringLiteral("status=open&max_created_ts=1")}) {
            ListingQuery changed(ListingQuery::Kind::Markets, generator);
            QVERIFY2(!changed.parse(withCursor(other, cursor), &error), qPrintable(other));
            QVERIFY(error.contains(u"cursor"));
        }
        ListingQuery events(ListingQuery::Kind::Events, generator);
        QVERIFY(!events.parse(withCursor(QStringLiteral("status=open"), cursor), &error));
    }
};

KM_TEST_GUILESS_MAIN(TstListingQuery)
#include "tst_listingquery.moc"
